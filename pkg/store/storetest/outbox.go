package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

func ev(t *testing.T, kind, id string, at time.Time) event.Event {
	t.Helper()
	e, err := event.New(kind, "a", id, at, map[string]string{"order": id})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func pendingIDs(t *testing.T, s store.Store) []string {
	t.Helper()
	es, err := s.PendingEvents(ctx(), 100)
	if err != nil {
		t.Fatalf("PendingEvents: %v", err)
	}
	ids := []string{}
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	return ids
}

// An applied change's events land in the outbox with it; a duplicate, a
// stale change, and a failed turn write none; acked events leave.
func testOutboxWithChanges(t *testing.T, s store.Store) {
	o := Order("a", "1", "#1001", "ada@example.com", base)
	e1 := ev(t, "order.applied", "evt-1", base)
	apply(t, s, store.Change{Shop: "a", EventKey: "evt-1", Order: &o, Events: []event.Event{e1}})
	// A redelivery (same key) with another event: a duplicate, no event.
	dup := ev(t, "order.applied", "evt-1-again", base.Add(time.Second))
	if r := apply(t, s, store.Change{Shop: "a", EventKey: "evt-1", Order: &o, Events: []event.Event{dup}}); !r.Duplicate {
		t.Errorf("redelivery: %+v", r)
	}
	// A stale change (older order, new key): nothing written, no event.
	old := Order("a", "1", "#1001", "ada@example.com", base.Add(-time.Hour))
	stale := ev(t, "order.applied", "evt-old", base.Add(2*time.Second))
	if r := apply(t, s, store.Change{Shop: "a", EventKey: "evt-old", Order: &old, Events: []event.Event{stale}}); r.Written != 0 {
		t.Errorf("stale change: %+v", r)
	}
	// A stale order with a new shipment: the shipment is written, so are
	// the events.
	sh := Shipment("a", "1", "f1", "1Z1", base, order.StatusInTransit)
	e2 := ev(t, "order.applied", "evt-2", base.Add(3*time.Second))
	e3 := ev(t, "order.other", "evt-2", base.Add(3*time.Second))
	if r := apply(t, s, store.Change{Shop: "a", EventKey: "evt-2", Order: &old, Shipments: []order.Shipment{sh}, Events: []event.Event{e2, e3}}); r.Written != 1 {
		t.Errorf("shipment with a stale order: %+v", r)
	}
	// Without an event key.
	o2 := Order("a", "2", "#1002", "ada@example.com", base)
	e4 := ev(t, "order.applied", "", base.Add(4*time.Second))
	apply(t, s, store.Change{Shop: "a", Order: &o2, Events: []event.Event{e4}})

	want := []string{e1.ID, e2.ID, e3.ID, e4.ID}
	if d := cmp.Diff(want, pendingIDs(t, s)); d != "" {
		t.Errorf("outbox (-want +got):\n%s", d)
	}
	es, _ := s.PendingEvents(ctx(), 1)
	if len(es) != 1 || es[0].ID != e1.ID || es[0].Kind != "order.applied" || es[0].Shop != "a" || !es[0].At.Equal(base) {
		t.Errorf("oldest event = %+v", es)
	}
	var data map[string]string
	if err := es[0].Decode(&data); err != nil || data["order"] != "evt-1" {
		t.Errorf("payload = %v, %v", data, err)
	}
	for _, id := range []string{e1.ID, e3.ID, "never-written"} {
		if err := s.AckEvent(ctx(), id); err != nil {
			t.Errorf("AckEvent(%s): %v", id, err)
		}
	}
	if d := cmp.Diff([]string{e2.ID, e4.ID}, pendingIDs(t, s)); d != "" {
		t.Errorf("outbox after acks (-want +got):\n%s", d)
	}
}

// Events added alone land in the outbox (an id added again stays as it
// was); EraseEvents removes exactly the ones its match accepts, past a
// page of the outbox.
func testOutboxAddAndErase(t *testing.T, s store.Store) {
	if err := s.AddEvents(ctx(), nil); err != nil {
		t.Errorf("AddEvents(none): %v", err)
	}
	var all, kept []string
	var batch []event.Event
	for i := range 110 {
		e := ev(t, "order.applied", fmt.Sprintf("evt-%03d", i), base.Add(time.Duration(i)*time.Second))
		if i%3 == 0 {
			e.Shop = "gone" // erased below
		} else {
			kept = append(kept, e.ID)
		}
		all = append(all, e.ID)
		batch = append(batch, e)
		if len(batch) == 10 || i == 109 {
			if err := s.AddEvents(ctx(), batch); err != nil {
				t.Fatalf("AddEvents: %v", err)
			}
			batch = nil
		}
	}
	one := ev(t, "privacy.shop_redact", "one", base.Add(time.Hour))
	if err := s.AddEvents(ctx(), []event.Event{one}); err != nil {
		t.Fatalf("AddEvents(one): %v", err)
	}
	all, kept = append(all, one.ID), append(kept, one.ID)
	es, err := s.PendingEvents(ctx(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.ID)
	}
	if d := cmp.Diff(all, got); d != "" {
		t.Fatalf("outbox after AddEvents (-want +got):\n%s", d)
	}
	n, err := s.EraseEvents(ctx(), func(e event.Event) bool { return e.Shop == "gone" })
	if err != nil || n != len(all)-len(kept) {
		t.Errorf("EraseEvents = %d, %v; want %d", n, err, len(all)-len(kept))
	}
	es, err = s.PendingEvents(ctx(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, e := range es {
		got = append(got, e.ID)
	}
	if d := cmp.Diff(kept, got); d != "" {
		t.Errorf("outbox after EraseEvents (-want +got):\n%s", d)
	}
}

// A turn's messages, counters and events are written together or not at
// all.
func testOutboxWithTurns(t *testing.T, s store.Store) {
	c := Conversation("a", "c1")
	if err := s.CreateConversation(ctx(), c); err != nil {
		t.Fatal(err)
	}
	msg := func(seq int) []conversation.Message {
		return []conversation.Message{{Seq: seq, Role: conversation.RoleCustomer, Text: "hi", At: base}}
	}
	e1 := ev(t, "conversation.turn", "", base)
	c.Messages = 1
	err := s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: 0, Messages: msg(0),
		Counters: map[string]int64{"turn:a": 1, "turn:b": 3, "turn:zero": 0}, CountersExpire: base.Add(time.Hour), Events: []event.Event{e1}})
	if err != nil {
		t.Fatalf("CommitTurn: %v", err)
	}
	// A turn against an old version: nothing of it is written.
	e2 := ev(t, "conversation.turn", "", base.Add(time.Second))
	err = s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: 0, Messages: msg(1),
		Counters: map[string]int64{"turn:a": 10}, Events: []event.Event{e2}})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale turn: %v, want ErrConflict", err)
	}
	got, msgs, err := s.GetConversation(ctx(), "a", "c1")
	if err != nil || got.Version != 1 || len(msgs) != 1 {
		t.Errorf("after the turns: version %d, %d messages, %v", got.Version, len(msgs), err)
	}
	n, err := s.Counters(ctx(), []string{"turn:a", "turn:b", "turn:zero"})
	if d := cmp.Diff(map[string]int64{"turn:a": 1, "turn:b": 3}, n); d != "" || err != nil {
		t.Errorf("counters (-want +got):\n%s %v", d, err)
	}
	if d := cmp.Diff([]string{e1.ID}, pendingIDs(t, s)); d != "" {
		t.Errorf("outbox (-want +got):\n%s", d)
	}
	// SaveTurn is a turn with nothing else.
	c.Messages = 2
	if err := s.SaveTurn(ctx(), c, 1, msg(1)); err != nil {
		t.Errorf("SaveTurn: %v", err)
	}
	if d := cmp.Diff([]string{e1.ID}, pendingIDs(t, s)); d != "" {
		t.Errorf("outbox after SaveTurn (-want +got):\n%s", d)
	}
}

// A turn's records (what its writes to the shop recorded) are written with
// it, or not at all; a record the store holds already is left as stored
// and is no conflict; a turn carrying one changes the stored order only
// when newer.
func testTurnRecords(t *testing.T, s store.Store) {
	o := Order("a", "1", "#1001", "ada@example.com", base)
	apply(t, s, store.Change{Shop: "a", Order: &o})
	c := Conversation("a", "c1")
	if err := s.CreateConversation(ctx(), c); err != nil {
		t.Fatal(err)
	}
	ret := func(id, status string) order.Return {
		return order.Return{Shop: "a", OrderID: "1", ID: id, Status: status, Reason: "DEFECTIVE",
			Lines: []order.ReturnLine{{LineItemID: "1-1", Quantity: 1}}, CreatedAt: base}
	}
	msg := func(seq int) []conversation.Message {
		return []conversation.Message{{Seq: seq, Role: conversation.RoleCustomer, Text: "yes", At: base}}
	}
	// A turn that lost its race writes none of its records.
	lost := store.Turn{Conversation: c, Version: 5, Messages: msg(0), Records: []store.Change{{Shop: "a", Returns: []order.Return{ret("r0", "requested")}}}}
	if err := s.CommitTurn(ctx(), lost); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale turn with a record: %v, want ErrConflict", err)
	}
	if got := get(t, s, "a", "1"); len(got.Returns) != 0 {
		t.Errorf("returns after a lost turn = %+v, want none", got.Returns)
	}
	// Already stored: r1 (as the shop's webhook would have it), and an
	// older copy of the order.
	apply(t, s, store.Change{Shop: "a", Returns: []order.Return{ret("r1", "open")}})
	older := o
	older.UpdatedAt = base.Add(-time.Hour)
	older.FinancialStatus = "older"
	for i, tt := range []struct {
		name    string
		records []store.Change
	}{
		{"new return", []store.Change{{Shop: "a", Returns: []order.Return{ret("r2", "requested")}}}},
		{"stored return and a new one", []store.Change{{Shop: "a", Returns: []order.Return{ret("r1", "requested"), ret("r3", "requested")}}}},
		{"older order", []store.Change{{Shop: "a", Order: &older}}},
	} {
		c.Messages = i + 1
		if err := s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: int64(i), Messages: msg(i), Records: tt.records}); err != nil {
			t.Fatalf("%s: CommitTurn: %v", tt.name, err)
		}
	}
	got := get(t, s, "a", "1")
	status := map[string]string{}
	for _, r := range got.Returns {
		status[r.ID] = r.Status
	}
	if d := cmp.Diff(map[string]string{"r1": "open", "r2": "requested", "r3": "requested"}, status); d != "" {
		t.Errorf("returns after the turns (-want +got):\n%s", d)
	}
	if got.FinancialStatus == "older" {
		t.Errorf("an older order in a turn's records replaced the stored one")
	}
	if conv, msgs, err := s.GetConversation(ctx(), "a", "c1"); err != nil || conv.Version != 3 || len(msgs) != 3 {
		t.Errorf("conversation after the turns: version %d, %d messages, %v", conv.Version, len(msgs), err)
	}
	// A record with events of its own is refused: the turn's events carry them.
	bad := store.Change{Shop: "a", Returns: []order.Return{ret("r4", "requested")}, Events: []event.Event{ev(t, "order.applied", "", base)}}
	if err := s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: 3, Messages: msg(3), Records: []store.Change{bad}}); err == nil || errors.Is(err, store.ErrConflict) {
		t.Errorf("record with events: %v, want an error that is not a conflict", err)
	}
}
