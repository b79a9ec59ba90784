package turn_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/turn"
)

// TestRunRebuildsSupersededPolicy: a turn whose customer context copied
// the policy from a settings document is guarded by that document; when
// the merchant saved settings since (the turn's commit, or a write's
// claim, finds it changed), the next run gets the context marked stale,
// so it rebuilds it and the copy, and commits under the policy as saved.
func TestRunRebuildsSupersededPolicy(t *testing.T) {
	for _, tt := range []struct {
		name string
		// claim is set when the first run's write claim (not the commit)
		// finds the copy superseded.
		claim bool
	}{{"commit superseded", false}, {"claim superseded", true}} {
		t.Run(tt.name, func(t *testing.T) {
			st := newStore(t)
			copyOf := func(doc string) *conversation.PolicyCopy {
				return &conversation.PolicyCopy{Coll: "settings", ID: "s", Doc: []byte(doc)}
			}
			if err := st.PutDoc(t.Context(), "settings", "s", []byte("v1"), time.Time{}); err != nil {
				t.Fatal(err)
			}
			if err := st.PutContext(t.Context(), "s", "c", conversation.Context{Email: "a@example.com", BuiltAt: at, Policy: copyOf("v1")}); err != nil {
				t.Fatal(err)
			}
			// The merchant saves: the stored context's copy is superseded.
			if err := st.PutDoc(t.Context(), "settings", "s", []byte("v2"), time.Time{}); err != nil {
				t.Fatal(err)
			}
			loop := &turn.Loop{Store: st, Clock: clock.NewFixed(at)}
			var runs []bool // each run: was the loaded context stale?
			_, err := loop.Run(t.Context(), "s", "c", func(ctx context.Context, c *conversation.Conversation, m []conversation.Message) (turn.Draft, error) {
				runs = append(runs, c.Context != nil && c.Context.Stale)
				if c.Context != nil && c.Context.Stale {
					// What agent.Prepare does: rebuild, copying the policy.
					c.Context = &conversation.Context{Email: "a@example.com", BuiltAt: at.Add(time.Minute), Policy: copyOf("v2")}
				} else if tt.claim {
					return turn.Draft{}, store.ErrSuperseded
				}
				return say("hi")(ctx, c, m)
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 2 || runs[0] || !runs[1] {
				t.Errorf("runs (context stale?) %v, want [false true]", runs)
			}
			c, msgs, err := st.GetConversation(t.Context(), "s", "c")
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 2 || c.Context == nil || c.Context.Policy == nil || string(c.Context.Policy.Doc) != "v2" {
				t.Errorf("saved: %d messages, context %+v; want the turn with the copy of v2", len(msgs), c.Context)
			}
		})
	}
}

// TestRunSupersededGivesUp: a policy superseded at every run ends with
// the error once the attempts are used up, not a loop for ever.
func TestRunSupersededGivesUp(t *testing.T) {
	st := newStore(t)
	loop := &turn.Loop{Store: st, Clock: clock.NewFixed(at), MaxAttempts: 3}
	n := 0
	_, err := loop.Run(t.Context(), "s", "c", func(context.Context, *conversation.Conversation, []conversation.Message) (turn.Draft, error) {
		n++
		return turn.Draft{}, store.ErrSuperseded
	})
	if !errors.Is(err, store.ErrSuperseded) || n != 3 {
		t.Errorf("err %v after %d runs, want ErrSuperseded after 3", err, n)
	}
}

// TestRunWithoutPolicyNotStopped: runs that act under no policy copy (a
// notice such as a person's reply, a customer's message the agent stays
// quiet on, leaving the context as given) save after the merchant saved
// settings, instead of failing at every run; a run that keeps the old copy
// without it being marked stale still fails.
func TestRunWithoutPolicyNotStopped(t *testing.T) {
	quiet := func(notice bool) turn.Decide {
		return func(_ context.Context, c *conversation.Conversation, _ []conversation.Message) (turn.Draft, error) {
			return turn.Draft{Notice: notice, Messages: []conversation.Message{{Seq: c.Messages, Role: conversation.RoleCustomer, Text: "x", At: at}}}, nil
		}
	}
	// keep acts under the loaded copy, stale or not, and unmarks it.
	keep := func(_ context.Context, c *conversation.Conversation, m []conversation.Message) (turn.Draft, error) {
		if c.Context != nil {
			cp := *c.Context
			cp.Stale = false
			c.Context = &cp
		}
		return say("hi")(context.Background(), c, m)
	}
	for _, tt := range []struct {
		name    string
		decide  turn.Decide
		wantErr error
	}{
		{"notice", quiet(true), nil},
		{"quiet customer turn", quiet(false), nil},
		{"turn keeping the old copy", keep, store.ErrSuperseded},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := newStore(t)
			if err := st.PutDoc(t.Context(), "settings", "s", []byte("v1"), time.Time{}); err != nil {
				t.Fatal(err)
			}
			cp := &conversation.PolicyCopy{Coll: "settings", ID: "s", Doc: []byte("v1")}
			if err := st.PutContext(t.Context(), "s", "c", conversation.Context{Email: "a@example.com", BuiltAt: at, Policy: cp}); err != nil {
				t.Fatal(err)
			}
			if err := st.PutDoc(t.Context(), "settings", "s", []byte("v2"), time.Time{}); err != nil {
				t.Fatal(err)
			}
			loop := &turn.Loop{Store: st, Clock: clock.NewFixed(at), MaxAttempts: 3}
			_, err := loop.Run(t.Context(), "s", "c", tt.decide)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			_, msgs, err := st.GetConversation(t.Context(), "s", "c")
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.wantErr == nil]; len(msgs) != want {
				t.Errorf("%d messages saved, want %d", len(msgs), want)
			}
		})
	}
}
