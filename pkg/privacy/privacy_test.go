package privacy_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
)

const shop = "demo.myshopify.com"

var now = time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)

func openStore(t *testing.T) *bolt.Store {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// pending are the outbox's event ids, oldest first.
func pending(t *testing.T, st store.Store) []string {
	t.Helper()
	es, err := st.PendingEvents(t.Context(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	return ids
}

// customers/redact erases the events still in the outbox (not dispatched,
// or given up on) that carry the customer's data, whichever way they name
// them, and no one else's.
func TestRedactCustomerErasesTheirPendingEvents(t *testing.T) {
	st := openStore(t)
	ctx := t.Context()
	theirs := storetest.Order(shop, "5500000001003", "#1003", "Daniel.Reyes@example.com", now)
	other := storetest.Order(shop, "5500000001001", "#1001", "maya@example.com", now)
	for _, o := range []order.Order{theirs, other} {
		if _, err := st.Apply(ctx, store.Change{Shop: shop, Order: &o}); err != nil {
			t.Fatal(err)
		}
	}
	conv := storetest.Conversation(shop, "conv-daniel")
	conv.CustomerEmail = "daniel.reyes@example.com"
	if err := st.CreateConversation(ctx, conv); err != nil {
		t.Fatal(err)
	}
	at := now
	mk := func(kind, s string, data any) event.Event {
		at = at.Add(time.Second)
		return event.Must(kind, s, "", at, data)
	}
	erased := []event.Event{
		mk("order.applied", shop, map[string]any{"order": theirs}),                                                    // their email, in a nested field
		mk("tracking.updated", shop, map[string]any{"shipments": []map[string]string{{"order_id": "5500000001003"}}}), // their order's id only
		mk("conversation.turn", shop, map[string]any{"after": map[string]string{"id": "conv-daniel"}}),                // their conversation
		mk("outreach.answered", shop, map[string]any{"message": map[string]string{"from": "DANIEL.REYES@example.com "}}),
		mk("order.applied", shop, map[string]any{"order": map[string]any{"customer": map[string]string{"id": "7700000000004"}}}), // their customer id
	}
	kept := []event.Event{
		mk("order.applied", shop, map[string]any{"order": other}),
		mk("order.applied", "other.myshopify.com", map[string]any{"order": theirs}), // another shop's
		mk("metrics.tick", shop, map[string]any{"n": 1003}),
	}
	if err := st.AddEvents(ctx, append(slices.Clone(erased), kept...)); err != nil {
		t.Fatal(err)
	}
	p := &privacy.Service{Store: st, Clock: clock.NewFixed(now)}
	err := p.Handle(ctx, shop, privacy.Request{Topic: privacy.TopicRedactCustomer, ShopDomain: shop, Email: "daniel.reyes@example.com",
		CustomerID: "7700000000004", OrderIDs: []string{"5500000001003"}})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range kept {
		want = append(want, e.ID)
	}
	if got := pending(t, st); !slices.Equal(got, want) {
		t.Errorf("outbox after customers/redact: %q, want %q", got, want)
	}
}

// eraseStore is a store whose EraseShop says what deadline it had and
// fails when its context is done (as DynamoDB calls would).
type eraseStore struct {
	store.Store
	deadlines []time.Time
}

func (s *eraseStore) EraseShop(ctx context.Context, shop string) (int, error) {
	d, _ := ctx.Deadline()
	s.deadlines = append(s.deadlines, d)
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return s.Store.EraseShop(ctx, shop)
}

// shop/redact only records the request (the webhook answers at once); the
// erase is the event's reaction. A run with less than EraseMargin left
// stops and fails, releasing its claim, so the retry erases: the shop's
// items and its events still in the outbox, not another shop's.
func TestShopRedactErasesOffTheRequest(t *testing.T) {
	st := &eraseStore{Store: openStore(t)}
	ctx := t.Context()
	for _, s := range []string{shop, "kept.myshopify.com"} {
		o := storetest.Order(s, "1", "#1001", "ada@example.com", now)
		if _, err := st.Apply(ctx, store.Change{Shop: s, Order: &o}); err != nil {
			t.Fatal(err)
		}
	}
	stray := []event.Event{event.Must("order.applied", shop, "a", now, map[string]string{"x": "y"}),
		event.Must("order.applied", "kept.myshopify.com", "b", now, map[string]string{"x": "y"})}
	if err := st.AddEvents(ctx, stray); err != nil {
		t.Fatal(err)
	}
	p := &privacy.Service{Store: st, Clock: clock.NewFixed(now)}
	var erasedFiles []string
	p.AddShopEraser("files", func(ctx context.Context, s string) error {
		erasedFiles = append(erasedFiles, s)
		return ctx.Err()
	})
	bus := &event.Bus{Claims: st, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) }, Now: func() time.Time { return now }}
	p.Reactions(bus)

	if err := p.Handle(ctx, shop, privacy.Request{Topic: privacy.TopicRedactShop, ShopDomain: shop}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetOrder(ctx, shop, "1"); err != nil {
		t.Fatalf("the webhook erased the shop itself (%v): it should only record the request", err)
	}
	es, err := st.PendingEvents(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var req event.Event
	for _, e := range es {
		if e.Kind == privacy.KindShopRedact {
			req = e
		}
	}
	if req.Shop != shop {
		t.Fatalf("no %s event for %s in the outbox: %+v", privacy.KindShopRedact, shop, es)
	}

	// The invocation's time is nearly up: the erase does not start.
	short, cancel := context.WithDeadline(ctx, time.Now().Add(time.Second))
	defer cancel()
	if err := bus.Dispatch(short, req); err == nil {
		t.Fatal("an erase with less than EraseMargin left succeeded")
	}
	if d, _ := short.Deadline(); len(st.deadlines) != 1 || !st.deadlines[0].Equal(d.Add(-privacy.EraseMargin)) {
		t.Errorf("EraseShop's deadlines %v, want the invocation's less %s", st.deadlines, privacy.EraseMargin)
	}
	if _, err := st.GetOrder(ctx, shop, "1"); err != nil {
		t.Fatalf("order gone after the failed run: %v", err)
	}
	// The retry (the claim was released).
	if err := bus.Dispatch(ctx, req); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetOrder(ctx, shop, "1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the shop's order after the erase: %v", err)
	}
	if _, err := st.GetOrder(ctx, "kept.myshopify.com", "1"); err != nil {
		t.Errorf("another shop's order after the erase: %v", err)
	}
	if !slices.Equal(erasedFiles, []string{shop}) {
		t.Errorf("shop erasers ran for %q, want once for %s (not in the run that stopped)", erasedFiles, shop)
	}
	if got, want := pending(t, st), []string{stray[1].ID, req.ID}; !slices.Equal(got, want) {
		t.Errorf("outbox after the erase: %q, want %q (the other shop's, and the request until it is acked)", got, want)
	}
}

// customers/redact erases the customer's data-request exports (matched by
// email or customer id), not another customer's; the merchant's list and
// download read what is left.
func TestRedactCustomerErasesTheirExports(t *testing.T) {
	st := openStore(t)
	ctx := t.Context()
	for _, o := range []order.Order{
		storetest.Order(shop, "5500000001003", "#1003", "daniel.reyes@example.com", now),
		storetest.Order(shop, "5500000001001", "#1001", "maya@example.com", now),
	} {
		if _, err := st.Apply(ctx, store.Change{Shop: shop, Order: &o}); err != nil {
			t.Fatal(err)
		}
	}
	p := &privacy.Service{Store: st, Clock: clock.NewFixed(now)}
	reqs := []privacy.Request{
		{Topic: privacy.TopicDataRequest, Email: "Daniel.Reyes@example.com", CustomerID: "77", RequestID: "r1"},
		{Topic: privacy.TopicDataRequest, Email: "", CustomerID: "77", RequestID: "r2"}, // by customer id only
		{Topic: privacy.TopicDataRequest, Email: "maya@example.com", CustomerID: "78", RequestID: "r3"},
	}
	for _, r := range reqs {
		if err := p.Handle(ctx, shop, r); err != nil {
			t.Fatal(err)
		}
	}
	list, err := p.Exports(ctx, shop)
	if err != nil || len(list) != 3 {
		t.Fatalf("exports before: %+v %v", list, err)
	}
	doc, err := p.ExportDoc(ctx, shop, "r1")
	if err != nil || !strings.Contains(string(doc), "#1003") {
		t.Fatalf("export r1: %.200s %v", doc, err)
	}
	if err := p.Handle(ctx, shop, privacy.Request{Topic: privacy.TopicRedactCustomer, Email: "daniel.reyes@example.com", CustomerID: "77"}); err != nil {
		t.Fatal(err)
	}
	list, err = p.Exports(ctx, shop)
	if err != nil || len(list) != 1 || list[0].RequestID != "r3" {
		t.Errorf("exports after redacting daniel: %+v %v, want only r3", list, err)
	}
	for _, id := range []string{"r1", "r2"} {
		if _, err := p.ExportDoc(ctx, shop, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("export %s after redact: %v, want not found", id, err)
		}
	}
}

// An event made before customers/redact that names the customer (already
// on its way from the outbox, so not erased with it) is skipped by the
// bus: its reactions do not run and write the customer's data again. An
// event of someone else, of another shop, or made after the erasure (a
// new order by the same address) runs; before the erasure every one runs.
func TestEventsOfAnErasedCustomerAreSkipped(t *testing.T) {
	st := openStore(t)
	ctx := t.Context()
	p := &privacy.Service{Store: st, Clock: clock.NewFixed(now)}
	ran := map[string]bool{}
	bus := &event.Bus{Claims: st, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) }, Skip: p.Erased}
	bus.On("test.thing", "rebuild", func(_ context.Context, e event.Event) error { ran[e.ID] = true; return nil })
	before, after := now.Add(-time.Minute), now.Add(time.Minute)
	cases := []struct {
		name      string
		shop      string
		at        time.Time
		data      any
		runsAfter bool // dispatched after the erasure
	}{
		{"their email, made before", shop, before, map[string]any{"c": map[string]string{"email": "DANIEL.Reyes@example.com "}}, false},
		{"their conversation, made before", shop, before, map[string]any{"ids": []string{"conv-daniel"}}, false},
		{"their customer id, made before", shop, before, map[string]string{"customer_id": "77"}, false},
		{"someone else, made before", shop, before, map[string]string{"email": "maya@example.com"}, true},
		{"their email in another shop", "other.myshopify.com", before, map[string]string{"email": "daniel.reyes@example.com"}, true},
		{"their email, made after", shop, after, map[string]string{"email": "daniel.reyes@example.com"}, true},
	}
	dispatch := func(phase string, erased bool) {
		for _, tt := range cases {
			t.Run(phase+"/"+tt.name, func(t *testing.T) {
				e := event.Must("test.thing", tt.shop, "", tt.at, tt.data)
				if err := bus.Dispatch(ctx, e); err != nil {
					t.Fatal(err)
				}
				if want := !erased || tt.runsAfter; ran[e.ID] != want {
					t.Errorf("ran = %v, want %v", ran[e.ID], want)
				}
			})
		}
	}
	dispatch("before the erasure", false)
	conv := storetest.Conversation(shop, "conv-daniel")
	conv.CustomerEmail = "daniel.reyes@example.com"
	if err := st.CreateConversation(ctx, conv); err != nil {
		t.Fatal(err)
	}
	if err := p.Handle(ctx, shop, privacy.Request{Topic: privacy.TopicRedactCustomer, Email: "daniel.reyes@example.com", CustomerID: "77"}); err != nil {
		t.Fatal(err)
	}
	markers, err := st.ListDocs(ctx, privacy.ErasedCollection(shop), "", "", 10)
	if err != nil || len(markers) != 1 || strings.Contains(strings.ToLower(string(markers[0].Value)), "daniel") {
		t.Fatalf("erasure markers: %d %v, want one naming no one in clear", len(markers), err)
	}
	dispatch("after the erasure", true)
}
