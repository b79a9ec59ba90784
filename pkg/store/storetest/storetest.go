// Package storetest is the conformance suite every store adapter must pass.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Run runs the suite. newStore returns an empty store; the suite closes it.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"OrderRoundTrip", testOrderRoundTrip},
		{"NotFound", testNotFound},
		{"OrderByName", testOrderByName},
		{"OrdersByEmail", testOrdersByEmail},
		{"NewerWinsOlderIgnored", testNewerWins},
		{"DuplicateEventHasNoEffect", testDuplicateEvent},
		{"ConcurrentDuplicatesApplyOnce", testConcurrentDuplicates},
		{"ShipmentUpdates", testShipmentUpdates},
		{"RefundsWrittenOnce", testRefundsOnce},
		{"ShipmentsByTracking", testByTracking},
		{"DueShipments", testDueShipments},
		{"Claim", testClaim},
		{"ShopsAreSeparate", testShopsSeparate},
		{"ReturnsWrittenOnce", testReturnsWrittenOnce},
		{"ConversationRoundTrip", testConversationRoundTrip},
		{"ConcurrentTurnsAllLandInOrder", testConcurrentTurns},
		{"ConversationsByEmail", testConversationsByEmail},
		{"HitAndRelease", testHitAndRelease},
		{"Docs", testDocs},
		{"ListConversations", testListConversations},
		{"Counters", testCounters},
		{"DeleteConversation", testDeleteConversation},
		{"EraseShop", testEraseShop},
		{"ListDocs", testListDocs},
		{"OutboxWithChanges", testOutboxWithChanges},
		{"OutboxWithTurns", testOutboxWithTurns},
		{"OutboxAddAndErase", testOutboxAddAndErase},
		{"TurnRecords", testTurnRecords},
		{"ConversationContext", testConversationContext},
		{"Guards", testGuards},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() { _ = s.Close() })
			tt.fn(t, s)
		})
	}
}

var base = time.Date(2026, 11, 2, 15, 4, 5, 0, time.UTC)

// Order returns a test order; exported for adapter benchmarks.
func Order(shop, id, name, email string, updated time.Time) order.Order {
	return order.Order{
		Shop: shop, ID: id, Name: name, Email: email,
		Customer:        order.Customer{ID: "c-" + id, Email: email, FirstName: "Ada", LastName: "Lovelace"},
		Currency:        "USD",
		TotalPrice:      4999,
		FinancialStatus: "paid",
		LineItems: []order.LineItem{
			{ID: id + "-1", ProductID: "p1", VariantID: "v1", SKU: "MUG-BLUE", Title: "Blue mug", Quantity: 2, Price: 1999},
			{ID: id + "-2", ProductID: "p2", Title: "Gift wrap", Quantity: 1, Price: 1001},
		},
		ShippingAddress: &order.Address{Name: "Ada Lovelace", Address1: "1 Main St", City: "Springfield", Zip: "12345", Country: "United States", CountryCode: "US"},
		CreatedAt:       updated.Add(-time.Hour),
		UpdatedAt:       updated,
		Tags:            []string{"vip"},
	}
}

// Shipment returns a test shipment.
func Shipment(shop, orderID, id, tracking string, updated time.Time, status order.ShipmentStatus) order.Shipment {
	return order.Shipment{
		Shop: shop, OrderID: orderID, ID: id, State: "success", Status: status,
		Carrier: "UPS", Service: "Ground", TrackingNumber: tracking,
		TrackingURL: "https://www.ups.com/track?tracknum=" + tracking,
		LineItemIDs: []string{orderID + "-1"},
		CreatedAt:   updated.Add(-time.Hour), UpdatedAt: updated, LastEventAt: updated,
	}
}

func ctx() context.Context { return context.Background() }

func apply(t *testing.T, s store.Store, c store.Change) store.Result {
	t.Helper()
	r, err := s.Apply(ctx(), c)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return r
}

func get(t *testing.T, s store.Store, shop, id string) order.Order {
	t.Helper()
	o, err := s.GetOrder(ctx(), shop, id)
	if err != nil {
		t.Fatalf("GetOrder(%s, %s): %v", shop, id, err)
	}
	return o
}

func ptr(t time.Time) *time.Time { return &t }

func testOrderRoundTrip(t *testing.T, s store.Store) {
	o := Order("a.myshopify.com", "1", "#1001", "ada@example.com", base)
	o.CancelledAt = ptr(base.Add(time.Minute))
	sh := Shipment("a.myshopify.com", "1", "f1", "1Z1", base, order.StatusInTransit)
	sh.EstimatedDelivery = ptr(base.Add(72 * time.Hour))
	sh.NextCheckAt = ptr(base.Add(24 * time.Hour))
	rf := order.Refund{Shop: "a.myshopify.com", OrderID: "1", ID: "r1", Amount: 1000, Note: "sorry", CreatedAt: base}
	r := apply(t, s, store.Change{Shop: o.Shop, EventKey: "e1", EventExpires: base.Add(time.Hour), Order: &o, Shipments: []order.Shipment{sh}, Refunds: []order.Refund{rf}})
	if r.Duplicate || r.Written != 3 {
		t.Fatalf("Apply result = %+v, want 3 written", r)
	}
	want := o
	want.Shipments = []order.Shipment{sh}
	want.Refunds = []order.Refund{rf}
	if d := cmp.Diff(want, get(t, s, o.Shop, "1")); d != "" {
		t.Errorf("GetOrder mismatch (-want +got):\n%s", d)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	if _, err := s.GetOrder(ctx(), "a", "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetOrder err = %v, want ErrNotFound", err)
	}
	if _, err := s.GetOrderByName(ctx(), "a", "#9"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetOrderByName err = %v, want ErrNotFound", err)
	}
	got, err := s.OrdersByEmail(ctx(), "a", "x@example.com", 10)
	if err != nil || len(got) != 0 {
		t.Errorf("OrdersByEmail = %v, %v; want none", got, err)
	}
	if err := s.SetNextCheck(ctx(), "a", "1", "f1", nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetNextCheck err = %v, want ErrNotFound", err)
	}
}

func testOrderByName(t *testing.T, s store.Store) {
	for i, name := range []string{"#1001", "#1002"} {
		o := Order("a", fmt.Sprint(i+1), name, "ada@example.com", base)
		apply(t, s, store.Change{Shop: "a", Order: &o})
	}
	o, err := s.GetOrderByName(ctx(), "a", "#1002")
	if err != nil {
		t.Fatalf("GetOrderByName: %v", err)
	}
	if o.ID != "2" {
		t.Errorf("GetOrderByName(#1002).ID = %q, want 2", o.ID)
	}
}

func testOrdersByEmail(t *testing.T, s store.Store) {
	for i := 1; i <= 3; i++ {
		o := Order("a", fmt.Sprint(i), fmt.Sprintf("#100%d", i), "Ada@Example.com", base.Add(time.Duration(i)*time.Hour))
		apply(t, s, store.Change{Shop: "a", Order: &o})
	}
	other := Order("a", "9", "#1009", "bob@example.com", base)
	apply(t, s, store.Change{Shop: "a", Order: &other})

	got, err := s.OrdersByEmail(ctx(), "a", "ADA@example.com", 10)
	if err != nil {
		t.Fatalf("OrdersByEmail: %v", err)
	}
	var ids []string
	for _, o := range got {
		ids = append(ids, o.ID)
	}
	if d := cmp.Diff([]string{"3", "2", "1"}, ids); d != "" {
		t.Errorf("OrdersByEmail ids (-want +got):\n%s", d)
	}
	got, err = s.OrdersByEmail(ctx(), "a", "ada@example.com", 2)
	if err != nil || len(got) != 2 {
		t.Errorf("OrdersByEmail limit 2 = %d orders, %v", len(got), err)
	}
	// A changed email moves the order from one customer to the other.
	moved := Order("a", "1", "#1001", "bob@example.com", base.Add(10*time.Hour))
	apply(t, s, store.Change{Shop: "a", Order: &moved})
	got, _ = s.OrdersByEmail(ctx(), "a", "bob@example.com", 10)
	if len(got) != 2 {
		t.Errorf("after email change, bob has %d orders, want 2", len(got))
	}
	got, _ = s.OrdersByEmail(ctx(), "a", "ada@example.com", 10)
	if len(got) != 2 {
		t.Errorf("after email change, ada has %d orders, want 2", len(got))
	}
}

func testNewerWins(t *testing.T, s store.Store) {
	newer := Order("a", "1", "#1001", "ada@example.com", base.Add(time.Hour))
	newer.FinancialStatus = "refunded"
	older := Order("a", "1", "#1001", "ada@example.com", base)
	older.FinancialStatus = "paid"

	if r := apply(t, s, store.Change{Shop: "a", EventKey: "new", Order: &newer}); r.Written != 1 {
		t.Fatalf("newer: %+v", r)
	}
	r := apply(t, s, store.Change{Shop: "a", EventKey: "old", Order: &older})
	if r.Duplicate || r.Written != 0 || r.Stale != 1 {
		t.Errorf("older after newer: %+v, want 1 stale", r)
	}
	if got := get(t, s, "a", "1").FinancialStatus; got != "refunded" {
		t.Errorf("FinancialStatus = %q, want the newer refunded", got)
	}
	// The same updated_at again is not newer either.
	same := newer
	same.FinancialStatus = "paid"
	if r := apply(t, s, store.Change{Shop: "a", EventKey: "same", Order: &same}); r.Stale != 1 {
		t.Errorf("same updated_at: %+v, want stale", r)
	}
	// A stale event is still remembered as seen.
	if r := apply(t, s, store.Change{Shop: "a", EventKey: "old", Order: &older}); !r.Duplicate {
		t.Errorf("stale event replayed: %+v, want duplicate", r)
	}
}

func testDuplicateEvent(t *testing.T, s store.Store) {
	o := Order("a", "1", "#1001", "ada@example.com", base)
	for i := 0; i < 8; i++ {
		r := apply(t, s, store.Change{Shop: "a", EventKey: "evt-1", Order: &o})
		if (i == 0) == r.Duplicate {
			t.Fatalf("delivery %d: Duplicate = %v", i, r.Duplicate)
		}
	}
	// A different payload under a claimed key changes nothing.
	changed := Order("a", "1", "#1001", "ada@example.com", base.Add(time.Hour))
	changed.FinancialStatus = "refunded"
	if r := apply(t, s, store.Change{Shop: "a", EventKey: "evt-1", Order: &changed}); !r.Duplicate || r.Written != 0 {
		t.Errorf("changed payload, same key: %+v", r)
	}
	if got := get(t, s, "a", "1").FinancialStatus; got != "paid" {
		t.Errorf("FinancialStatus = %q, want paid", got)
	}
}

func testConcurrentDuplicates(t *testing.T, s store.Store) {
	o := Order("a", "1", "#1001", "ada@example.com", base)
	var wg sync.WaitGroup
	var mu sync.Mutex
	firsts := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.Apply(ctx(), store.Change{Shop: "a", EventKey: "evt-c", Order: &o})
			if err != nil {
				t.Errorf("Apply: %v", err)
				return
			}
			if !r.Duplicate {
				mu.Lock()
				firsts++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firsts != 1 {
		t.Errorf("%d deliveries took effect, want exactly 1", firsts)
	}
}

func testShipmentUpdates(t *testing.T, s store.Store) {
	o := Order("a", "1", "#1001", "ada@example.com", base)
	apply(t, s, store.Change{Shop: "a", Order: &o})
	transit := Shipment("a", "1", "f1", "1Z1", base.Add(time.Hour), order.StatusInTransit)
	delivered := Shipment("a", "1", "f1", "1Z1", base.Add(2*time.Hour), order.StatusDelivered)
	delivered.DeliveredAt = ptr(base.Add(2 * time.Hour))
	apply(t, s, store.Change{Shop: "a", EventKey: "s2", Shipments: []order.Shipment{delivered}})
	if r := apply(t, s, store.Change{Shop: "a", EventKey: "s1", Shipments: []order.Shipment{transit}}); r.Stale != 1 {
		t.Errorf("older shipment: %+v, want stale", r)
	}
	// An order payload carrying an old copy of the shipment leaves it too.
	o2 := Order("a", "1", "#1001", "ada@example.com", base.Add(time.Minute))
	r := apply(t, s, store.Change{Shop: "a", Order: &o2, Shipments: []order.Shipment{transit}})
	if r.Written != 1 || r.Stale != 1 {
		t.Errorf("order with old shipment: %+v, want 1 written 1 stale", r)
	}
	got := get(t, s, "a", "1")
	if len(got.Shipments) != 1 || got.Shipments[0].Status != order.StatusDelivered {
		t.Errorf("shipments = %+v, want one delivered", got.Shipments)
	}
	// A second shipment joins the first.
	second := Shipment("a", "1", "f2", "1Z2", base.Add(3*time.Hour), order.StatusLabelPrinted)
	apply(t, s, store.Change{Shop: "a", Shipments: []order.Shipment{second}})
	if n := len(get(t, s, "a", "1").Shipments); n != 2 {
		t.Errorf("%d shipments, want 2", n)
	}
}

func testRefundsOnce(t *testing.T, s store.Store) {
	o := Order("a", "1", "#1001", "ada@example.com", base)
	apply(t, s, store.Change{Shop: "a", Order: &o})
	rf := order.Refund{Shop: "a", OrderID: "1", ID: "r1", Amount: 500, CreatedAt: base}
	apply(t, s, store.Change{Shop: "a", EventKey: "r-a", Refunds: []order.Refund{rf}})
	rf.Amount = 9999
	if r := apply(t, s, store.Change{Shop: "a", EventKey: "r-b", Refunds: []order.Refund{rf}}); r.Written != 0 || r.Stale != 1 {
		t.Errorf("refund again under another event: %+v, want stale", r)
	}
	got := get(t, s, "a", "1")
	if len(got.Refunds) != 1 || got.Refunds[0].Amount != 500 {
		t.Errorf("refunds = %+v, want one of 500", got.Refunds)
	}
}

func testByTracking(t *testing.T, s store.Store) {
	sh := Shipment("a", "1", "f1", "1ZTRACK", base, order.StatusInTransit)
	apply(t, s, store.Change{Shop: "a", Shipments: []order.Shipment{sh}})
	got, err := s.ShipmentsByTracking(ctx(), "1ZTRACK")
	if err != nil {
		t.Fatalf("ShipmentsByTracking: %v", err)
	}
	if len(got) != 1 || got[0].ID != "f1" || got[0].OrderID != "1" {
		t.Errorf("ShipmentsByTracking = %+v", got)
	}
	got, err = s.ShipmentsByTracking(ctx(), "NOPE")
	if err != nil || len(got) != 0 {
		t.Errorf("unknown tracking = %v, %v", got, err)
	}
}

func testDueShipments(t *testing.T, s store.Store) {
	var all []order.Shipment
	for i := 0; i < 6; i++ {
		sh := Shipment("a", fmt.Sprint(i), "f", fmt.Sprint("T", i), base, order.StatusInTransit)
		sh.NextCheckAt = ptr(base.Add(time.Duration(i) * time.Hour))
		all = append(all, sh)
	}
	done := Shipment("a", "9", "f", "T9", base, order.StatusDelivered)
	all = append(all, done)
	apply(t, s, store.Change{Shop: "a", Shipments: all})

	ids := func(sh []order.Shipment) []string {
		var out []string
		for _, x := range sh {
			out = append(out, x.OrderID)
		}
		return out
	}
	got, err := s.DueShipments(ctx(), base.Add(2*time.Hour), 10)
	if err != nil {
		t.Fatalf("DueShipments: %v", err)
	}
	if d := cmp.Diff([]string{"0", "1", "2"}, ids(got)); d != "" {
		t.Errorf("due (-want +got):\n%s", d)
	}
	got, _ = s.DueShipments(ctx(), base.Add(10*time.Hour), 2)
	if d := cmp.Diff([]string{"0", "1"}, ids(got)); d != "" {
		t.Errorf("due with limit (-want +got):\n%s", d)
	}
	// Rescheduling moves a shipment out of the due set; nil takes it out.
	if err := s.SetNextCheck(ctx(), "a", "0", "f", ptr(base.Add(20*time.Hour))); err != nil {
		t.Fatalf("SetNextCheck: %v", err)
	}
	if err := s.SetNextCheck(ctx(), "a", "1", "f", nil); err != nil {
		t.Fatalf("SetNextCheck nil: %v", err)
	}
	got, _ = s.DueShipments(ctx(), base.Add(2*time.Hour), 10)
	if d := cmp.Diff([]string{"2"}, ids(got)); d != "" {
		t.Errorf("due after reschedule (-want +got):\n%s", d)
	}
}

func testClaim(t *testing.T, s store.Store) {
	if err := s.Claim(ctx(), "refund:1", base.Add(time.Hour)); err != nil {
		t.Fatalf("first Claim: %v", err)
	}
	if err := s.Claim(ctx(), "refund:1", base.Add(time.Hour)); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("second Claim err = %v, want ErrDuplicate", err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Claim(ctx(), "race", base.Add(time.Hour))
			switch {
			case err == nil:
				mu.Lock()
				wins++
				mu.Unlock()
			case !errors.Is(err, store.ErrDuplicate):
				t.Errorf("Claim: %v", err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d claims won, want 1", wins)
	}
}

func testShopsSeparate(t *testing.T, s store.Store) {
	a := Order("a", "1", "#1001", "ada@example.com", base)
	b := Order("b", "1", "#1001", "ada@example.com", base)
	b.FinancialStatus = "pending"
	apply(t, s, store.Change{Shop: "a", EventKey: "same-id", Order: &a})
	// Event ids are per shop: the same id from another shop is not a duplicate.
	if r := apply(t, s, store.Change{Shop: "b", EventKey: "same-id", Order: &b}); r.Duplicate {
		t.Errorf("other shop's event marked duplicate")
	}
	if got := get(t, s, "b", "1").FinancialStatus; got != "pending" {
		t.Errorf("shop b order = %q, want pending", got)
	}
	got, _ := s.OrdersByEmail(ctx(), "a", "ada@example.com", 10)
	if len(got) != 1 || got[0].Shop != "a" {
		t.Errorf("shop a by email = %+v", got)
	}
}
