package promise_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// A promise to replace a parcel's skillet and candle, kept after the
// candle alone was made good (the customer took a refund of it now): as
// stated it would make the candle good twice, and the skillet alone is not
// what was stated, so a person decides and nothing is replaced. Without
// the part, the promise replaces as stated. (A promise made after the part
// covers the rest alone: agent's TestLateParcelMadeGoodInPartKeepsTheRest.)
func TestPromiseAfterAPartMadeGood(t *testing.T) {
	now := time.Date(2026, 12, 8, 20, 0, 0, 0, time.UTC)
	for _, part := range []bool{false, true} {
		ctx := context.Background()
		st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		clk := clock.NewFixed(now)
		shipped := now.Add(-72 * time.Hour)
		o := order.Order{Shop: "s", ID: "1", Name: "#1003", Email: "d@example.com", Currency: "USD", TotalPrice: 7400, FinancialStatus: "paid",
			LineItems: []order.LineItem{{ID: "l1", Title: "Skillet", Quantity: 1, Price: 5200}, {ID: "l2", Title: "Candle", Quantity: 1, Price: 2200}},
			CreatedAt: shipped, UpdatedAt: shipped}
		sh := order.Shipment{Shop: "s", OrderID: "1", ID: "f1", State: "success", Status: order.StatusInTransit, Carrier: "UPS",
			CreatedAt: shipped, UpdatedAt: shipped, ShippedAt: &shipped, LastEventAt: shipped}
		if _, err := st.Apply(ctx, store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
			t.Fatal(err)
		}
		conv := conversation.Conversation{Shop: "s", ID: "c1", Channel: conversation.ChannelChat, Status: conversation.StatusOpen,
			CustomerEmail: "d@example.com", CreatedAt: now, UpdatedAt: now}
		if err := st.CreateConversation(ctx, conv); err != nil {
			t.Fatal(err)
		}
		res, esc := &resolver{keys: map[string]bool{}}, &escalator{}
		s := &promise.Service{Store: st, Scheduler: &scheduler{}, Messenger: &escalation.Messenger{Store: st, Clock: clk}, Resolver: res,
			Escalations: esc, Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy(), Clock: clk}
		due := now.Add(24 * time.Hour)
		p, err := s.Make(ctx, conv, conversation.Proposal{ID: "c1-0-0", Tool: toolname.FollowUp, Order: "#1003", OrderID: "1", ShipmentID: "f1",
			DueAt: &due, Resolution: promise.ActionReplace, Currency: "USD", Statement: "If ...",
			Lines: []conversation.ProposalLine{{LineItemID: "l1", Title: "Skillet", Quantity: 1, Price: 5200}, {LineItemID: "l2", Title: "Candle", Quantity: 1, Price: 2200}}})
		if err != nil {
			t.Fatal(err)
		}
		if part {
			if err := watch.RecordMadeGood(ctx, st, now, resolution.MadeGood{Shop: "s", OrderID: "1", OrderName: "#1003", ShipmentID: "f1",
				Action: resolution.ActionRefund, RefundID: "rf-9", Refunded: 2200, Currency: "USD", Detail: "We refunded $22.00.",
				Lines: []resolution.MadeGoodLine{{LineItemID: "l2", Title: "Candle", Quantity: 1}}}); err != nil {
				t.Fatal(err)
			}
		}
		clk.Advance(25 * time.Hour)
		if _, err := s.Keep(ctx, p); err != nil {
			t.Fatalf("part %v: keep: %v", part, err)
		}
		if want := map[bool]int{false: 1, true: 0}[part]; res.replaces != want || (len(esc.opened) == 1) != part {
			t.Errorf("part %v: %d replacements, %d handoffs; want %d replacements and a handoff only after a part", part, res.replaces, len(esc.opened), want)
		}
	}
}
