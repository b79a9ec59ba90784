// Package turn is the one turn loop every channel uses (the storefront chat,
// email, any later one): load the conversation, let the channel decide the
// turn (the agent answers, or outreach does), save it with a conditional
// write together with the events it causes, and when another turn won the
// race, back off (honouring the context) and run again on what is stored
// now. Each saved turn carries a conversation.KindTurn event, so what other
// capabilities do about a turn (metrics, escalation) follows it durably.
package turn

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Store is what the loop reads and writes.
type Store interface {
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
	CommitTurn(ctx context.Context, t store.Turn) error
	// Apply writes records a turn could not commit (see Run).
	Apply(ctx context.Context, c store.Change) (store.Result, error)
}

// Loop runs turns.
type Loop struct {
	Store Store
	Clock clock.Clock
	// MaxAttempts bounds the runs of one turn that lose a save race
	// (default 20).
	MaxAttempts int

	locks sync.Map // conversation id → *sync.Mutex
}

// Draft is what one run of a turn decided.
type Draft struct {
	// Messages are the new messages: the customer's, then the reply (if
	// any), with Seq from the loaded conversation's Messages on.
	Messages []conversation.Message
	// Events are events besides the turn's own (an outreach answer, say).
	Events []event.Event
	// Records are what this run's writes to the shop recorded (a return
	// the shop created, say): committed with the turn, their events with
	// the turn's. A write to the shop is not undone by a lost race, so the
	// runs after one commit its records too (see Run).
	Records []store.Change
	// Skip saves nothing (the message was saved before).
	Skip bool
	// Notice saves the messages without a turn event: what the shop adds
	// outside a customer's turn (a person's reply, a workflow's notice),
	// which no capability reacts to as a turn.
	Notice bool
}

// Decide runs one attempt of a turn: c is the conversation as loaded,
// which it may change (verification, status, pending proposal), and msgs
// its messages. It may be called again after a lost race, on fresh data,
// so it must not have side effects outside c and its Draft, except a write
// to the shop claimed once by its idempotency key (a confirmed proposal),
// whose records it returns in Draft.Records.
type Decide func(ctx context.Context, c *conversation.Conversation, msgs []conversation.Message) (Draft, error)

// Saved is what a turn saved.
type Saved struct {
	Before, After conversation.Conversation
	Messages      []conversation.Message
	// Skipped is set when Decide asked to save nothing.
	Skipped bool
}

// ErrNotFound is returned (wrapped) for a conversation that does not exist.
var ErrNotFound = store.ErrNotFound

// Run runs one turn of conversation id. Turns of one conversation in this
// process run one at a time; across processes, the conditional write
// decides and the loser runs again.
//
// Records of a run that lost its race (the shop did the write; its claim
// keeps the next run from doing it again) are committed by the run that
// wins, which saves the customer's context marked stale, since what it
// read may not show them. When no run commits (an error, the attempts
// used up), they are written on their own before Run returns.
//
// A turn is guarded by the settings document its customer context copied
// the policy from (store.GuardOf): when the merchant saved settings since,
// the commit, or a write's claim inside decide, fails with
// store.ErrSuperseded, nothing is written and nothing runs in the shop,
// and the next run gets the context marked stale, so it is rebuilt with
// the policy as saved. A run that acts under no policy copy commits
// unguarded: a notice (a person's reply, a workflow's message: nobody acts
// under the agent's policy), and a run that left a stale context as it
// was given (the agent stays quiet while a person owns the conversation;
// a turn acting under the policy rebuilds the context first), so a saved
// setting never stops those.
func (l *Loop) Run(ctx context.Context, shop, id string, decide Decide) (_ Saved, err error) {
	unlock := l.lock(id)
	defer unlock()
	attempts := l.MaxAttempts
	if attempts <= 0 {
		attempts = 20
	}
	var carried []store.Change // records of runs that did not commit
	superseded := false        // the last run's policy copy was superseded
	defer func() {
		if err != nil && len(carried) > 0 {
			err = errors.Join(err, l.keep(context.WithoutCancel(ctx), carried))
		}
	}()
	for attempt := 0; ; attempt++ {
		c, msgs, err := l.Store.GetConversation(ctx, shop, id)
		if err != nil {
			return Saved{}, fmt.Errorf("load conversation %s: %w", id, err)
		}
		if superseded && c.Context != nil {
			// The merchant saved settings since the context copied the
			// policy: this run rebuilds it (and so the copy).
			cp := *c.Context
			cp.Stale = true
			c.Context = &cp
		}
		before := snapshot(c)
		given := c.Context
		now := l.Clock.Now()
		d, err := decide(ctx, &c, msgs)
		carried = append(carried, d.Records...)
		if errors.Is(err, store.ErrSuperseded) && attempt+1 < attempts {
			// A write's claim found the policy copy superseded: nothing
			// ran; run again under the policy as saved.
			superseded = true
			continue
		}
		if err != nil {
			return Saved{}, err
		}
		if d.Skip {
			if len(carried) > 0 {
				if err := l.keep(ctx, carried); err != nil {
					return Saved{}, err
				}
				carried = nil
			}
			return Saved{Before: before, After: c, Skipped: true}, nil
		}
		guarded := !d.Notice && (c.Context != given || given == nil || !given.Stale)
		if len(carried) > len(d.Records) && c.Context != nil {
			// An earlier run's write is not in what this run read.
			cp := *c.Context
			cp.Stale = true
			c.Context = &cp
		}
		c.Messages = before.Messages + len(d.Messages)
		c.UpdatedAt = now
		c.Version = before.Version + 1 // as the store saves it
		t := store.Turn{Conversation: c, Version: before.Version, Messages: d.Messages, Events: slices.Clip(d.Events)}
		if !d.Notice {
			e, err := event.New(conversation.KindTurn, c.Shop, "", now, saved(before, c, d.Messages))
			if err != nil {
				return Saved{}, err
			}
			t.Events = append(t.Events, e)
		}
		for _, r := range carried {
			t.Events = append(t.Events, r.Events...)
			r.Events = nil
			t.Records = append(t.Records, r)
		}
		if c.Context != nil && c.Context != before.Context {
			// Decide built the customer's context: it is saved with the
			// turn, if the stored one is still the one read.
			t.Context = c.Context
			if before.Context != nil {
				t.ContextBase = before.Context.BuiltAt
			}
		}
		if guarded {
			t.Guard = store.GuardOf(c.Context)
		}
		err = l.Store.CommitTurn(ctx, t)
		superseded = errors.Is(err, store.ErrSuperseded)
		if (superseded || errors.Is(err, store.ErrConflict)) && attempt+1 < attempts {
			if err := backoff(ctx, attempt); err != nil {
				return Saved{}, fmt.Errorf("save turn of conversation %s: %w", id, err)
			}
			continue
		}
		if err != nil {
			return Saved{}, fmt.Errorf("save turn of conversation %s: %w", id, err)
		}
		carried = nil
		return Saved{Before: before, After: c, Messages: d.Messages}, nil
	}
}

// keep writes records no turn committed.
func (l *Loop) keep(ctx context.Context, records []store.Change) error {
	var errs []error
	for _, r := range records {
		if _, err := l.Store.Apply(ctx, r); err != nil {
			errs = append(errs, fmt.Errorf("record the shop's write for shop %s: %w", r.Shop, err))
		}
	}
	return errors.Join(errs...)
}

// saved is the payload of a turn's event.
func saved(before, after conversation.Conversation, msgs []conversation.Message) conversation.TurnSaved {
	t := conversation.TurnSaved{Before: before, After: after}
	for _, m := range msgs {
		switch m.Role {
		case conversation.RoleCustomer:
			t.Seq, t.CustomerAt = m.Seq, m.At
		case conversation.RoleAgent:
			t.Replied, t.RepliedAt, t.Actions = true, m.At, m.Actions
		}
	}
	return t
}

// snapshot copies c so that changes to the original's slices do not show.
func snapshot(c conversation.Conversation) conversation.Conversation {
	c.Topics = slices.Clone(c.Topics)
	c.Orders = slices.Clone(c.Orders)
	c.Photos = slices.Clone(c.Photos)
	return c
}

// Retry runs save, a conditional write of something other than a turn (a
// rating on the conversation, say), again while it loses a race
// (store.ErrConflict), at most attempts times, backing off between runs as
// Run does. It returns save's last error, or the context's when it ends
// while waiting.
func Retry(ctx context.Context, attempts int, save func() error) error {
	for attempt := 0; ; attempt++ {
		err := save()
		if !errors.Is(err, store.ErrConflict) || attempt+1 >= attempts {
			return err
		}
		if err := backoff(ctx, attempt); err != nil {
			return err
		}
	}
}

// backoff waits before attempt+1: a few milliseconds, growing, jittered,
// or until ctx is done.
func backoff(ctx context.Context, attempt int) error {
	d := time.Duration(5+rand.IntN(20)+attempt*5) * time.Millisecond
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (l *Loop) lock(id string) func() {
	m, _ := l.locks.LoadOrStore(id, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}
