package promise_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// A promise kept on a parcel the carrier never picked up cancels its
// shipment first (the demo shop, as Shopify's fulfillmentCancel): a refund
// then refunds, a replacement sends the reopened items again rather than a
// second order. Once the carrier scanned it, nothing is cancelled. Each
// runs once, whatever the retries, and the statement says so beforehand.
func TestKeepCancelsAShipmentNeverPickedUp(t *testing.T) {
	now := time.Date(2026, 12, 8, 20, 0, 0, 0, time.UTC)
	label := now.Add(-72 * time.Hour)
	for _, tc := range []struct {
		name      string
		action    string
		scanAt    *time.Time // a carrier scan before the due time
		wantTypes string     // the demo shop's actions, in order
		wantState string     // the shipment's state after
		wantTold  string
	}{
		{"refund, never picked up", promise.ActionRefund, nil, "cancel_shipment,refund", "cancelled",
			"we've cancelled the shipment the carrier never picked up, so it won't be sent, and refunded $52.00"},
		{"replacement, never picked up", promise.ActionReplace, nil, "cancel_shipment", "cancelled",
			"its items are being sent again at no cost"},
		{"refund, scanned since", promise.ActionRefund, &now, "refund", "success", "we've refunded $52.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			clk := clock.NewFixed(now)
			o := order.Order{Shop: "s", ID: "1", Name: "#1002", Email: "p@example.com", Currency: "USD", TotalPrice: 8800, FinancialStatus: "paid",
				FulfillmentStatus: "fulfilled", LineItems: []order.LineItem{{ID: "l1", Title: "Throw", Quantity: 1, Price: 5200}}, CreatedAt: label, UpdatedAt: label}
			sh := order.Shipment{Shop: "s", OrderID: "1", ID: "f1", State: "success", Status: order.StatusLabelPrinted, Carrier: "USPS",
				LineItemIDs: []string{"l1"}, CreatedAt: label, UpdatedAt: label, LastEventAt: label}
			if _, err := st.Apply(ctx, store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			conv := conversation.Conversation{Shop: "s", ID: "c1", Channel: conversation.ChannelChat, Status: conversation.StatusOpen,
				CustomerEmail: "p@example.com", CreatedAt: now, UpdatedAt: now}
			if err := st.CreateConversation(ctx, conv); err != nil {
				t.Fatal(err)
			}
			shop := &demoshop.Shop{Store: st, Clock: clk}
			s := &promise.Service{Store: st, Scheduler: &scheduler{}, Messenger: &escalation.Messenger{Store: st, Clock: clk}, Resolver: shop,
				Escalations: &escalator{}, Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy(), Clock: clk}
			due := now.Add(24 * time.Hour)
			p, err := s.Make(ctx, conv, conversation.Proposal{ID: "c1-0-0", Tool: toolname.FollowUp, Order: "#1002", OrderID: "1", ShipmentID: "f1",
				DueAt: &due, Resolution: tc.action, Amount: 5200, Currency: "USD",
				Lines: []conversation.ProposalLine{{LineItemID: "l1", Title: "Throw", Quantity: 1, Price: 5200}}, Statement: "If ..."})
			if err != nil {
				t.Fatal(err)
			}
			if tc.scanAt != nil {
				scanned := sh
				scanned.Status, scanned.ShippedAt, scanned.UpdatedAt, scanned.LastEventAt = order.StatusInTransit, tc.scanAt, *tc.scanAt, *tc.scanAt
				if _, err := st.Apply(ctx, store.Change{Shop: "s", Shipments: []order.Shipment{scanned}}); err != nil {
					t.Fatal(err)
				}
			}
			clk.Advance(25 * time.Hour)
			for i := 0; i < 3; i++ { // the step and two retries
				cur, err := s.Get(ctx, p.Key())
				if err != nil {
					t.Fatal(err)
				}
				if i == 2 {
					cur = p // a run that read it before the first saved
				}
				if _, err := s.Keep(ctx, cur); err != nil {
					t.Fatalf("keep %d: %v", i, err)
				}
			}
			acts, err := demoshop.Actions(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, a := range acts {
				types = append(types, a.Type)
			}
			if got := strings.Join(types, ","); got != tc.wantTypes {
				t.Errorf("shop actions %s, want %s", got, tc.wantTypes)
			}
			got, err := st.GetOrder(ctx, "s", "1")
			if err != nil || len(got.Shipments) != 1 || got.Shipments[0].State != tc.wantState {
				t.Errorf("shipments %+v, %v; want state %s", got.Shipments, err, tc.wantState)
			}
			_, msgs, err := st.GetConversation(ctx, "s", "c1")
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 1 || !strings.Contains(msgs[0].Text, tc.wantTold) {
				t.Errorf("told %+v, want one message saying %q", msgs, tc.wantTold)
			}
		})
	}
}

// The promise's statement, made while the carrier has not picked the
// parcel up, says the shipment is cancelled if it still has not been.
func TestStatementSaysTheShipmentIsCancelled(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 8, 20, 0, 0, 0, time.UTC)
	label := now.Add(-24 * time.Hour)
	for _, tc := range []struct {
		name    string
		status  order.ShipmentStatus
		shipped *time.Time
		want    bool
	}{
		{"label printed", order.StatusLabelPrinted, nil, true},
		{"in transit", order.StatusInTransit, &label, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			o := order.Order{Shop: "s", ID: "1", Name: "#1002", Currency: "USD", TotalPrice: 8800, FinancialStatus: "paid",
				LineItems: []order.LineItem{{ID: "l1", Title: "Throw", Quantity: 1, Price: 5200}}, CreatedAt: label, UpdatedAt: label,
				Shipments: []order.Shipment{{Shop: "s", OrderID: "1", ID: "f1", State: "success", Status: tc.status, ShippedAt: tc.shipped, Carrier: "USPS",
					CreatedAt: label, UpdatedAt: label, LastEventAt: label}}}
			s := &promise.Service{Store: st, Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy(), Clock: clock.NewFixed(now), Resolver: &resolver{keys: map[string]bool{}}}
			p, none, err := s.FollowUp(ctx, o, now)
			if err != nil || none != "" {
				t.Fatalf("FollowUp: %q, %v", none, err)
			}
			if got := strings.Contains(p.Statement, "still hasn't picked up the parcel by then, I'll cancel its shipment"); got != tc.want {
				t.Errorf("statement %q: says the cancel %v, want %v", p.Statement, got, tc.want)
			}
		})
	}
}
