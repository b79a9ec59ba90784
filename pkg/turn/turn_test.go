package turn_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/turn"
)

var at = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func newStore(t *testing.T) *bolt.Store {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.CreateConversation(t.Context(), conversation.Conversation{Shop: "s", ID: "c", Status: conversation.StatusOpen, CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	return st
}

func say(text string) turn.Decide {
	return func(_ context.Context, c *conversation.Conversation, _ []conversation.Message) (turn.Draft, error) {
		seq := c.Messages
		if text == "handover" {
			c.Status = conversation.StatusHandover
		}
		return turn.Draft{Messages: []conversation.Message{
			{Seq: seq, Role: conversation.RoleCustomer, Text: text, At: at},
			{Seq: seq + 1, Role: conversation.RoleAgent, Text: "re: " + text, At: at, Actions: []conversation.Action{{Tool: "t", Status: "done"}}},
		}}, nil
	}
}

// racer loses the first n saves: another writer saves in between.
type racer struct {
	*bolt.Store
	mu   sync.Mutex
	lose int
}

func (r *racer) CommitTurn(ctx context.Context, t store.Turn) error {
	r.mu.Lock()
	lose := r.lose > 0
	r.lose--
	r.mu.Unlock()
	if lose {
		c, _, err := r.Store.GetConversation(ctx, "s", "c")
		if err != nil {
			return err
		}
		seq := c.Messages
		c.Messages++
		if err := r.Store.SaveTurn(ctx, c, c.Version, []conversation.Message{{Seq: seq, Role: conversation.RoleStaff, Text: "racing", At: at}}); err != nil {
			return err
		}
	}
	return r.Store.CommitTurn(ctx, t)
}

func TestRunRetriesLostRacesOnFreshData(t *testing.T) {
	st := &racer{Store: newStore(t), lose: 2}
	loop := &turn.Loop{Store: st, Clock: clock.NewFixed(at)}
	saved, err := loop.Run(t.Context(), "s", "c", say("handover"))
	if err != nil {
		t.Fatal(err)
	}
	c, msgs, _ := st.GetConversation(t.Context(), "s", "c")
	if c.Version != 3 || len(msgs) != 4 || msgs[2].Text != "handover" || msgs[2].Seq != 2 || saved.After.Version != 3 {
		t.Errorf("after two lost races: version %d, messages %+v", c.Version, msgs)
	}
	// The turn's event says what it did.
	es, _ := st.PendingEvents(t.Context(), 10)
	if len(es) != 1 || es[0].Kind != conversation.KindTurn {
		t.Fatalf("events = %+v", es)
	}
	var ts conversation.TurnSaved
	if err := es[0].Decode(&ts); err != nil || !ts.HandedOver() || ts.Seq != 2 || !ts.Replied || len(ts.Actions) != 1 || ts.Before.Messages != 2 {
		t.Errorf("turn event = %+v, %v", ts, err)
	}
}

func TestRunGivesUpWhenTheContextEnds(t *testing.T) {
	st := &racer{Store: newStore(t), lose: 1 << 30}
	loop := &turn.Loop{Store: st, Clock: clock.NewFixed(at), MaxAttempts: 1 << 30}
	ctx, cancel := context.WithCancel(t.Context())
	n := 0
	_, err := loop.Run(ctx, "s", "c", func(ctx context.Context, c *conversation.Conversation, m []conversation.Message) (turn.Draft, error) {
		if n++; n == 3 {
			cancel()
		}
		return say("hi")(ctx, c, m)
	})
	if !errors.Is(err, context.Canceled) || n != 3 {
		t.Errorf("err = %v after %d runs, want context.Canceled after 3", err, n)
	}
}

func TestSkipAndNotFound(t *testing.T) {
	st := newStore(t)
	loop := &turn.Loop{Store: st, Clock: clock.NewFixed(at)}
	saved, err := loop.Run(t.Context(), "s", "c", func(context.Context, *conversation.Conversation, []conversation.Message) (turn.Draft, error) {
		return turn.Draft{Skip: true}, nil
	})
	if err != nil || !saved.Skipped {
		t.Errorf("skip: %+v, %v", saved, err)
	}
	if es, _ := st.PendingEvents(t.Context(), 10); len(es) != 0 {
		t.Errorf("a skipped turn wrote events: %v", es)
	}
	if _, err := loop.Run(t.Context(), "s", "nope", say("hi")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing conversation: %v", err)
	}
}

// A run that wrote to the shop and lost its race: the shop's write is
// done (its claim keeps the next run from doing it again), so the run that
// wins commits its records, marks the context it read stale, and carries
// the records' events; when no run commits, the records are written on
// their own.
func TestRecordsOfALostRunAreKept(t *testing.T) {
	ret := order.Return{Shop: "s", OrderID: "1", ID: "r1", Status: "requested", CreatedAt: at}
	o := order.Order{Shop: "s", ID: "1", Name: "#1001", Email: "ada@example.com", CreatedAt: at, UpdatedAt: at}
	applied, err := event.New("return.requested", "s", "r1", at, map[string]string{"return": "r1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		lose      int
		cancelRun int // the run that cancels the turn's context (0: none)
		wantErr   error
		wantStale bool
	}{
		{name: "won at once", lose: 0},
		{name: "won after a lost race", lose: 2, wantStale: true},
		{name: "given up", lose: 1 << 30, cancelRun: 2, wantErr: context.Canceled},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := &racer{Store: newStore(t), lose: tt.lose}
			if _, err := st.Apply(t.Context(), store.Change{Shop: "s", Order: &o}); err != nil {
				t.Fatal(err)
			}
			c, _, _ := st.GetConversation(t.Context(), "s", "c")
			c.Context = &conversation.Context{Email: "ada@example.com", BuiltAt: at}
			if err := st.SaveTurn(t.Context(), c, c.Version, nil); err != nil {
				t.Fatal(err)
			}
			cc := *c.Context
			if err := st.PutContext(t.Context(), "s", "c", cc); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			runs := 0
			loop := &turn.Loop{Store: st, Clock: clock.NewFixed(at), MaxAttempts: 1 << 30}
			_, err := loop.Run(ctx, "s", "c", func(ctx context.Context, c *conversation.Conversation, m []conversation.Message) (turn.Draft, error) {
				runs++
				if runs == tt.cancelRun {
					cancel()
				}
				d, err := say("yes")(ctx, c, m)
				if runs == 1 { // only the first run writes to the shop
					d.Records = []store.Change{{Shop: "s", Returns: []order.Return{ret}, Events: []event.Event{applied}}}
				}
				return d, err
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			got, err := st.GetOrder(t.Context(), "s", "1")
			if err != nil || len(got.Returns) != 1 || got.Returns[0].ID != "r1" {
				t.Errorf("returns = %+v, %v; want r1 recorded once", got.Returns, err)
			}
			conv, _, _ := st.GetConversation(t.Context(), "s", "c")
			if tt.wantErr == nil && (conv.Context == nil || conv.Context.Stale != tt.wantStale) {
				t.Errorf("context after the turn = %+v, want stale %v", conv.Context, tt.wantStale)
			}
			es, _ := st.PendingEvents(t.Context(), 10)
			var kinds []string
			for _, e := range es {
				kinds = append(kinds, e.Kind)
			}
			if !slices.Contains(kinds, "return.requested") {
				t.Errorf("events = %v, want the record's event", kinds)
			}
		})
	}
}

// A notice (a person's reply, a workflow's message) is saved like a turn
// but causes no turn event: no capability reacts to it as a customer's
// turn (no handoff opened, no turn counted).
func TestNoticeSavesWithoutTurnEvent(t *testing.T) {
	st := newStore(t)
	l := &turn.Loop{Store: st, Clock: clock.NewFixed(at)}
	got, err := l.Run(t.Context(), "s", "c", func(_ context.Context, c *conversation.Conversation, _ []conversation.Message) (turn.Draft, error) {
		c.Status = conversation.StatusHandover
		return turn.Draft{Notice: true, Messages: []conversation.Message{{Seq: c.Messages, Role: conversation.RoleStaff, Text: "Hi, Alex here.", At: at}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.After.Messages != 1 || got.After.Status != conversation.StatusHandover {
		t.Errorf("saved %+v, want the message and the status", got.After)
	}
	if es, _ := st.PendingEvents(t.Context(), 10); len(es) != 0 {
		t.Errorf("a notice emitted %d events, want none", len(es))
	}
}
