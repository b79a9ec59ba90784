package event_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

func newBus(t *testing.T) (*event.Bus, *bolt.Store) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &event.Bus{Claims: st, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) }}, st
}

// Redelivered events run each reaction once it has succeeded; a reaction
// that failed runs again, and only it.
func TestDispatchClaimsEachReaction(t *testing.T) {
	bus, _ := newBus(t)
	runs := map[string]int{}
	failB := true
	bus.On("k", "a", func(context.Context, event.Event) error { runs["a"]++; return nil })
	bus.On("k", "b", func(context.Context, event.Event) error {
		runs["b"]++
		if failB {
			return errors.New("down")
		}
		return nil
	})
	bus.On("other", "c", func(context.Context, event.Event) error { runs["c"]++; return nil })
	e := event.Must("k", "shop", "x", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), map[string]int{"n": 1})
	if err := bus.Dispatch(t.Context(), e); err == nil {
		t.Fatal("a failing reaction was not reported")
	}
	failB = false
	for i := 0; i < 3; i++ {
		if err := bus.Dispatch(t.Context(), e); err != nil {
			t.Fatalf("redelivery %d: %v", i, err)
		}
	}
	if d := cmp.Diff(map[string]int{"a": 1, "b": 2}, runs); d != "" {
		t.Errorf("runs (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"k: a", "k: b", "other: c"}, bus.Reactions()); d != "" {
		t.Errorf("reactions (-want +got):\n%s", d)
	}
}

// The relay dispatches committed events and acks them; what failed stays
// pending until Drain succeeds.
func TestRelay(t *testing.T) {
	bus, st := newBus(t)
	fail := true
	got := 0
	bus.On("k", "r", event.Typed(func(_ context.Context, _ event.Event, v struct{ N int }) error {
		if fail {
			return errors.New("down")
		}
		got += v.N
		return nil
	}))
	relay := &event.Relay{Bus: bus, Outbox: st}
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	e := event.Must("k", "shop", "", at, struct{ N int }{2})
	c := testConversation()
	if err := st.CreateConversation(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	c.Messages = 0
	if err := st.CommitTurn(t.Context(), store.Turn{Conversation: c, Version: 0, Events: []event.Event{e}}); err != nil {
		t.Fatal(err)
	}
	relay.After(t.Context(), []event.Event{e})
	if p, _ := st.PendingEvents(t.Context(), 10); len(p) != 1 || got != 0 {
		t.Fatalf("after a failed dispatch: %d pending, got %d", len(p), got)
	}
	fail = false
	if err := relay.Drain(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := relay.Drain(t.Context()); err != nil {
		t.Fatal(err)
	}
	if p, _ := st.PendingEvents(t.Context(), 10); len(p) != 0 || got != 2 {
		t.Errorf("after drains: %d pending, got %d", len(p), got)
	}
}

// A failure is permanent only when no part of it could mend on a retry.
func TestIsPermanent(t *testing.T) {
	known := errors.New("rejected")
	down := errors.New("down")
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"transient", down, false},
		{"marked", event.Permanent(down), true},
		{"marked, wrapped", fmt.Errorf("send: %w", event.Permanent(down)), true},
		{"known sentinel, wrapped", fmt.Errorf("send: %w", known), true},
		{"joined, all permanent", errors.Join(event.Permanent(down), fmt.Errorf("x: %w", known)), true},
		{"joined, one transient", errors.Join(event.Permanent(down), down), false},
		{"joined inside wrap, one transient", fmt.Errorf("reaction: %w", errors.Join(known, down)), false},
	}
	for _, tc := range cases {
		if got := event.IsPermanent(tc.err, known); got != tc.want {
			t.Errorf("%s: IsPermanent = %v, want %v", tc.name, got, tc.want)
		}
	}
	if event.Permanent(nil) != nil {
		t.Error("Permanent(nil) is not nil")
	}
}

// A reaction that fails for good is run once and not retried; the event
// is done. A payload that does not decode is such a failure.
func TestDispatchDoesNotRetryPermanentFailures(t *testing.T) {
	bus, _ := newBus(t)
	runs := 0
	bus.On("k", "bad", func(context.Context, event.Event) error { runs++; return event.Permanent(errors.New("bad data")) })
	typed := 0
	bus.On("k", "typed", event.Typed(func(context.Context, event.Event, struct{ N int }) error { typed++; return nil }))
	e := event.Must("k", "shop", "x", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "not an object")
	for i := 0; i < 2; i++ {
		if err := bus.Dispatch(t.Context(), e); err != nil {
			t.Fatalf("dispatch %d: %v", i, err)
		}
	}
	if runs != 1 || typed != 0 {
		t.Errorf("runs %d (want 1), typed %d (want 0)", runs, typed)
	}
}

// Replay dispatches again the pending events older than its cutoff, and
// only them: reactions that ran before are not run again, events whose
// reactions all ran leave the outbox, and what still fails is reported
// and stays.
func TestReplay(t *testing.T) {
	bus, st := newBus(t)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	down := true
	runs := map[string]int{}
	bus.On("k", "ok", func(_ context.Context, e event.Event) error { runs["ok "+e.Shop]++; return nil })
	bus.On("k", "flaky", func(_ context.Context, e event.Event) error {
		runs["flaky "+e.Shop]++
		if down {
			return errors.New("down")
		}
		return nil
	})
	var evs []event.Event
	for i, age := range []time.Duration{3 * time.Hour, 2 * time.Hour, 10 * time.Minute} {
		evs = append(evs, event.Must("k", fmt.Sprintf("e%d", i), "", now.Add(-age), map[string]int{"n": i}))
	}
	c := testConversation()
	if err := st.CreateConversation(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	if err := st.CommitTurn(t.Context(), store.Turn{Conversation: c, Version: 0, Events: evs}); err != nil {
		t.Fatal(err)
	}
	relay := &event.Relay{Bus: bus, Outbox: st}
	cutoff := now.Add(-time.Hour)
	ids := func(fs []event.Failure) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	pendingIDs := func() []string {
		p, err := st.PendingEvents(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range p {
			out = append(out, e.ID)
		}
		return out
	}

	rep, err := relay.Replay(t.Context(), cutoff, 1)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Found != 1 || rep.Done != 0 || !rep.More || !cmp.Equal(ids(rep.Failed), []string{evs[0].ID}) {
		t.Errorf("limited replay while down: %+v", rep)
	}
	rep, err = relay.Replay(t.Context(), cutoff, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Found != 2 || rep.Done != 0 || rep.More || !cmp.Equal(ids(rep.Failed), []string{evs[0].ID, evs[1].ID}) {
		t.Errorf("replay while down: %+v", rep)
	}
	down = false
	if rep, err = relay.Replay(t.Context(), cutoff, 0); err != nil || rep.Found != 2 || rep.Done != 2 || len(rep.Failed) != 0 {
		t.Errorf("replay when up: %+v, %v", rep, err)
	}
	if d := cmp.Diff([]string{evs[2].ID}, pendingIDs()); d != "" {
		t.Errorf("pending after replay (-want +got):\n%s", d)
	}
	if rep, err = relay.Replay(t.Context(), cutoff, 0); err != nil || rep.Found != 0 {
		t.Errorf("replay with nothing left: %+v, %v", rep, err)
	}
	// Out of time: it stops between events and says there is more.
	done, cancel := context.WithCancel(t.Context())
	cancel()
	if rep, err = relay.Replay(done, now, 0); err != nil || rep.Found != 0 || !rep.More {
		t.Errorf("replay out of time: %+v, %v", rep, err)
	}
	want := map[string]int{"ok e0": 1, "flaky e0": 3, "ok e1": 1, "flaky e1": 2}
	if d := cmp.Diff(want, runs); d != "" {
		t.Errorf("reaction runs (-want +got):\n%s", d)
	}
}

// Skip decides before any reaction runs: a skipped event runs none and is
// done; a Skip that fails fails the dispatch (retried) and runs none, and
// the retry runs them once Skip answers.
func TestDispatchSkip(t *testing.T) {
	for _, tt := range []struct {
		name     string
		skip     bool
		err      error
		wantErr  bool
		wantRuns int
	}{
		{"kept", false, nil, false, 1},
		{"skipped", true, nil, false, 0},
		{"skip fails", false, errors.New("markers unreadable"), true, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bus, _ := newBus(t)
			runs := 0
			bus.On("k", "a", func(context.Context, event.Event) error { runs++; return nil })
			bus.Skip = func(context.Context, event.Event) (bool, error) { return tt.skip, tt.err }
			e := event.Must("k", "shop", "", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), map[string]int{"n": 1})
			if err := bus.Dispatch(t.Context(), e); (err != nil) != tt.wantErr || runs != tt.wantRuns {
				t.Fatalf("dispatch: err %v, %d runs; want error %v, %d runs", err, runs, tt.wantErr, tt.wantRuns)
			}
			if tt.err != nil {
				bus.Skip = func(context.Context, event.Event) (bool, error) { return false, nil }
				if err := bus.Dispatch(t.Context(), e); err != nil || runs != 1 {
					t.Errorf("retry: err %v, %d runs; want 1", err, runs)
				}
			}
		})
	}
}

// The in-process relay's After (the request that committed the events)
// does not ask Skip, so a turn costs no read for it; Drain asks.
func TestRelayAfterDoesNotAskSkip(t *testing.T) {
	bus, st := newBus(t)
	asked := 0
	bus.Skip = func(context.Context, event.Event) (bool, error) { asked++; return false, nil }
	bus.On("k", "a", func(context.Context, event.Event) error { return nil })
	r := &event.Relay{Bus: bus, Outbox: st}
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r.After(t.Context(), []event.Event{event.Must("k", "shop", "", at, map[string]int{"n": 1})})
	if asked != 0 {
		t.Errorf("After asked Skip %d times, want 0", asked)
	}
	if err := st.AddEvents(t.Context(), []event.Event{event.Must("k", "shop", "", at, map[string]int{"n": 2})}); err != nil {
		t.Fatal(err)
	}
	if err := r.Drain(t.Context()); err != nil || asked != 1 {
		t.Errorf("Drain: %v, asked Skip %d times, want 1", err, asked)
	}
}
