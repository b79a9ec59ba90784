// Package event is how one capability reacts to what another did, once,
// durably: an Event is written in the same store transaction as the change
// that caused it (the store's outbox: store.Change.Events, store.Turn.Events),
// then dispatched to the reactions that capabilities registered for its
// kind. In AWS a DynamoDB Stream on the table relays outbox items to the
// events function; locally the store dispatches them in process after the
// commit (Relay). A reaction may see an event more than once (a stream
// retry): the Bus claims each (event, reaction) pair, so a reaction that
// succeeded is not run again, and one that failed is.
package event

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"
)

// Event is one thing that happened, for other capabilities to react to.
type Event struct {
	// ID is unique; reactions are claimed by it.
	ID   string    `json:"id"`
	Kind string    `json:"kind"`
	Shop string    `json:"shop"`
	At   time.Time `json:"at"`
	// Data is the kind's payload, JSON (its type lives with the publisher).
	Data json.RawMessage `json:"data"`
}

// New makes an event of kind with data as its payload. id, when not
// empty, makes it deterministic (a redelivered webhook makes the same
// event); else it is random. Ids sort by time.
func New(kind, shop, id string, at time.Time, data any) (Event, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("event %s: encode: %w", kind, err)
	}
	if id == "" {
		var r [8]byte
		_, _ = rand.Read(r[:])
		id = hex.EncodeToString(r[:])
	}
	return Event{ID: at.UTC().Format("20060102T150405.000000000Z") + "-" + kind + "-" + id, Kind: kind, Shop: shop, At: at, Data: b}, nil
}

// Must is New for payloads that always encode (plain structs).
func Must(kind, shop, id string, at time.Time, data any) Event {
	e, err := New(kind, shop, id, at, data)
	if err != nil {
		panic(err)
	}
	return e
}

// Decode reads an event's payload into v.
func (e Event) Decode(v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("event %s (%s): decode: %w", e.ID, e.Kind, err)
	}
	return nil
}

// Handler reacts to one event. It returns an error when it did not do all
// it should: a transient failure (a dependency down, a throttle) is
// retried, so what it does must be safe to do again (claim each side
// effect, or name it so a second try is a no-op); a failure no retry can
// mend (bad data) is wrapped in Permanent, and is logged, not retried.
type Handler func(ctx context.Context, e Event) error

// permanent marks a failure that a retry would only repeat.
type permanent struct{ err error }

func (p permanent) Error() string { return "permanent: " + p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as one no retry can mend (a payload that does not
// decode, data a dependency rejects as invalid): the Bus logs it and
// counts the reaction as done, so the event is not retried for it. nil
// stays nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether no retry can mend err: it, or an error it
// wraps, was marked Permanent or is one of known (sentinels such as
// email.ErrRejected). Joined errors are permanent only when each is: a
// retry is still wanted for the transient ones.
func IsPermanent(err error, known ...error) bool {
	if err == nil {
		return false
	}
	if _, ok := err.(permanent); ok {
		return true
	}
	for _, k := range known {
		if err == k {
			return true
		}
	}
	switch x := err.(type) {
	case interface{ Unwrap() []error }:
		errs := x.Unwrap()
		for _, e := range errs {
			if e != nil && !IsPermanent(e, known...) {
				return false
			}
		}
		return len(errs) > 0
	case interface{ Unwrap() error }:
		return IsPermanent(x.Unwrap(), known...)
	}
	return false
}

// Registry is where a capability registers its reactions.
type Registry interface {
	// On registers reaction (a name unique for the kind, for claims and
	// logs) to events of kind.
	On(kind, reaction string, h Handler)
}

// Typed adapts a function of the payload type to a Handler.
func Typed[T any](fn func(ctx context.Context, e Event, v T) error) Handler {
	return func(ctx context.Context, e Event) error {
		var v T
		if err := e.Decode(&v); err != nil {
			// A payload that does not decode never will.
			return Permanent(err)
		}
		return fn(ctx, e, v)
	}
}

// Claimer records that a reaction ran (store.Store's Claim and Release).
type Claimer interface {
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
}

// errNoClaimer: a Bus must have somewhere to claim reactions.
var errNoClaimer = errors.New("event bus has no claimer")

// Bus holds the reactions and dispatches events to them.
type Bus struct {
	Claims Claimer
	// Duplicate reports whether a Claim error means "claimed before".
	Duplicate func(error) bool
	Log       *slog.Logger
	// Keep is how long claims are kept (default 14 days, past any stream
	// or outbox retry).
	Keep time.Duration
	// Now gives the time for claim expiry; nil uses time.Now.
	Now func() time.Time
	// Permanent are errors no retry can mend wherever a reaction returns
	// them (email.ErrRejected), besides those marked Permanent.
	Permanent []error
	// Skip, when set, is asked before an event's reactions run: true
	// drops the event unhandled (an event made before its customer was
	// erased, package privacy), an error fails the dispatch (retried).
	Skip func(ctx context.Context, e Event) (bool, error)

	reactions map[string][]reaction
}

type reaction struct {
	name string
	h    Handler
}

var _ Registry = (*Bus)(nil)

// On registers a reaction.
func (b *Bus) On(kind, name string, h Handler) {
	if b.reactions == nil {
		b.reactions = map[string][]reaction{}
	}
	for _, r := range b.reactions[kind] {
		if r.name == name {
			panic("event: reaction " + name + " to " + kind + " registered twice")
		}
	}
	b.reactions[kind] = append(b.reactions[kind], reaction{name, h})
}

// Reactions lists "kind: reaction" for every registered reaction, sorted
// (for tests and start-up logs).
func (b *Bus) Reactions() []string {
	var out []string
	for k, rs := range b.reactions {
		for _, r := range rs {
			out = append(out, k+": "+r.name)
		}
	}
	sort.Strings(out)
	return out
}

func (b *Bus) log() *slog.Logger {
	if b.Log != nil {
		return b.Log
	}
	return slog.Default()
}

func (b *Bus) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// Dispatch runs every reaction to e that has not run to success before,
// unless Skip drops it.
// Each is claimed first (key "ev|<event id>|<reaction>"); a reaction that
// fails releases its claim, and Dispatch returns the failures joined, so
// the caller retries the event and only the failed reactions run again.
// A Permanent failure is logged and keeps its claim: it is not retried.
func (b *Bus) Dispatch(ctx context.Context, e Event) error {
	return b.dispatch(ctx, e, true)
}

// dispatch is Dispatch, asking Skip when check is set.
func (b *Bus) dispatch(ctx context.Context, e Event, check bool) error {
	if check && b.Skip != nil && len(b.reactions[e.Kind]) > 0 {
		skip, err := b.Skip(ctx, e)
		if err != nil {
			return fmt.Errorf("event %s (%s): %w", e.ID, e.Kind, err)
		}
		if skip {
			b.log().InfoContext(ctx, "event skipped", "event", e.ID, "kind", e.Kind)
			return nil
		}
	}
	var errs []error
	for _, r := range b.reactions[e.Kind] {
		if err := b.run(ctx, e, r); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", r.name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("event %s (%s): %w", e.ID, e.Kind, err)
	}
	return nil
}

func (b *Bus) run(ctx context.Context, e Event, r reaction) (err error) {
	if b.Claims == nil {
		return errNoClaimer
	}
	key := "ev|" + e.ID + "|" + r.name
	keep := b.Keep
	if keep <= 0 {
		keep = 14 * 24 * time.Hour
	}
	if err := b.Claims.Claim(ctx, key, b.now().Add(keep)); err != nil {
		if b.Duplicate != nil && b.Duplicate(err) {
			return nil
		}
		return fmt.Errorf("claim: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
		if IsPermanent(err, b.Permanent...) {
			b.log().ErrorContext(ctx, "reaction failed for good, not retried", "event", e.ID, "kind", e.Kind, "reaction", r.name, "err", err)
			err = nil
			return
		}
		if err != nil {
			if rerr := b.Claims.Release(context.WithoutCancel(ctx), key); rerr != nil {
				err = errors.Join(err, fmt.Errorf("release claim: %w", rerr))
			}
			b.log().ErrorContext(ctx, "reaction failed", "event", e.ID, "kind", e.Kind, "reaction", r.name, "err", err)
		}
	}()
	return r.h(ctx, e)
}

// Outbox is the store's side of the in-process relay: events committed and
// not yet dispatched.
type Outbox interface {
	PendingEvents(ctx context.Context, limit int) ([]Event, error)
	AckEvent(ctx context.Context, id string) error
}

// Relay dispatches committed events in process (the local runner, where
// no stream runs): After is called by the store right after a commit with
// the events it wrote; Drain dispatches whatever is still pending (after a
// crash, or a reaction that failed), oldest first.
type Relay struct {
	Bus    *Bus
	Outbox Outbox
}

// After dispatches events just committed, acknowledging each that every
// reaction handled. A failure is logged and left pending for Drain. It
// does not ask the bus's Skip: an event dispatched by the request that
// committed it, at once, costs the turn no read (Drain, Replay and the
// stream relay ask).
func (r *Relay) After(ctx context.Context, events []Event) {
	for _, e := range events {
		if err := r.Bus.dispatch(ctx, e, false); err != nil {
			r.Bus.log().WarnContext(ctx, "event left pending", "event", e.ID, "err", err)
			continue
		}
		if err := r.Outbox.AckEvent(ctx, e.ID); err != nil {
			r.Bus.log().WarnContext(ctx, "ack event", "event", e.ID, "err", err)
		}
	}
}

// Drain dispatches pending events, oldest first, and returns the failures.
func (r *Relay) Drain(ctx context.Context) error {
	pending, err := r.Outbox.PendingEvents(ctx, 100)
	if err != nil {
		return fmt.Errorf("pending events: %w", err)
	}
	var errs []error
	for _, e := range pending {
		if err := r.Bus.Dispatch(ctx, e); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := r.Outbox.AckEvent(ctx, e.ID); err != nil {
			errs = append(errs, fmt.Errorf("ack event %s: %w", e.ID, err))
		}
	}
	return errors.Join(errs...)
}

// Failure is an event a replay could not finish: its reactions that
// failed are named in Error (which carries no payload).
type Failure struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Error string `json:"error"`
}

// Replayed is what Replay did.
type Replayed struct {
	// Found is the pending events older than the cutoff it looked at.
	Found int `json:"found"`
	// Done is those whose every reaction has now run, acknowledged (gone
	// from the outbox).
	Done int `json:"done"`
	// Failed are those a reaction still fails on: they stay pending.
	Failed []Failure `json:"failed,omitempty"`
	// More: the limit was reached; replay again for the rest.
	More bool `json:"more,omitempty"`
}

// Replay dispatches again the committed events still in the outbox that
// were written before cutoff, oldest first, at most limit of them: what
// the stream relay gave up on (its dead-letter queue holds only stream
// positions, and stream records expire after a day, while outbox items
// stay 14 days). Reactions that ran before are skipped by their claims;
// an event whose reactions all ran is acknowledged. Leave a cutoff well
// before now: an event the stream is still retrying would otherwise be
// acknowledged while its failed reaction waits for that retry. When ctx
// ends it stops between events and reports More.
func (r *Relay) Replay(ctx context.Context, cutoff time.Time, limit int) (Replayed, error) {
	var rep Replayed
	if limit <= 0 {
		limit = 100
	}
	pending, err := r.Outbox.PendingEvents(ctx, limit)
	if err != nil {
		return rep, fmt.Errorf("pending events: %w", err)
	}
	rep.More = len(pending) == limit
	for _, e := range pending {
		if !e.At.Before(cutoff) {
			rep.More = false
			break
		}
		if ctx.Err() != nil {
			// Out of time: what is left waits for the next replay.
			rep.More = true
			break
		}
		rep.Found++
		if err := r.Bus.Dispatch(ctx, e); err != nil {
			rep.Failed = append(rep.Failed, Failure{ID: e.ID, Kind: e.Kind, Error: err.Error()})
			continue
		}
		if err := r.Outbox.AckEvent(ctx, e.ID); err != nil {
			rep.Failed = append(rep.Failed, Failure{ID: e.ID, Kind: e.Kind, Error: "ack: " + err.Error()})
			continue
		}
		rep.Done++
	}
	return rep, nil
}
