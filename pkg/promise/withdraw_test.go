package promise_test

import (
	"context"
	"path/filepath"
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

// A promise the customer takes back (issue 18, rules16) is cancelled and
// its workflow stopped: when its time comes nothing is made and nobody is
// told. One withdrawn before it was recorded (the yes's turn event not
// handled yet) is recorded cancelled, and making it later starts nothing.
// One already kept is not withdrawn: what it made stays.
func TestWithdrawPromise(t *testing.T) {
	now := time.Date(2026, 12, 8, 20, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		// made: the promise is recorded before the withdrawal; keptFirst:
		// and kept.
		made, keptFirst bool
		wantState       string
		wantActions     int // the shop's writes once the time has passed
		wantStarted     int // workflows started
	}{
		{name: "pending", made: true, wantState: promise.StateCancelled, wantActions: 0, wantStarted: 1},
		{name: "not recorded yet", made: false, wantState: promise.StateCancelled, wantActions: 0, wantStarted: 0},
		{name: "kept already", made: true, keptFirst: true, wantState: promise.StateKept, wantActions: 1, wantStarted: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			clk := clock.NewFixed(now)
			label := now.Add(-72 * time.Hour)
			o := order.Order{Shop: "s", ID: "1", Name: "#1002", Email: "p@example.com", Currency: "USD", TotalPrice: 8800, FinancialStatus: "paid",
				FulfillmentStatus: "fulfilled", LineItems: []order.LineItem{{ID: "l1", Title: "Throw", Quantity: 1, Price: 5200}}, CreatedAt: label, UpdatedAt: label}
			sh := order.Shipment{Shop: "s", OrderID: "1", ID: "f1", State: "success", Status: order.StatusInTransit, Carrier: "USPS", ShippedAt: &label,
				LineItemIDs: []string{"l1"}, CreatedAt: label, UpdatedAt: label, LastEventAt: label}
			if _, err := st.Apply(ctx, store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			conv := conversation.Conversation{Shop: "s", ID: "c1", Channel: conversation.ChannelChat, Status: conversation.StatusOpen,
				CustomerEmail: "p@example.com", CreatedAt: now, UpdatedAt: now}
			if err := st.CreateConversation(ctx, conv); err != nil {
				t.Fatal(err)
			}
			sched := &scheduler{}
			s := &promise.Service{Store: st, Scheduler: sched, Messenger: &escalation.Messenger{Store: st, Clock: clk}, Resolver: &demoshop.Shop{Store: st, Clock: clk},
				Escalations: &escalator{}, Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy(), Clock: clk}
			due := now.Add(24 * time.Hour)
			prop := conversation.Proposal{ID: "c1-0-0", Tool: toolname.FollowUp, Order: "#1002", OrderID: "1", ShipmentID: "f1",
				DueAt: &due, Resolution: promise.ActionRefund, Amount: 5200, Currency: "USD",
				Lines: []conversation.ProposalLine{{LineItemID: "l1", Title: "Throw", Quantity: 1, Price: 5200}}, Statement: "If ..."}
			if tc.made {
				if _, err := s.Make(ctx, conv, prop); err != nil {
					t.Fatal(err)
				}
			}
			if tc.keptFirst {
				clk.Advance(25 * time.Hour)
				p, err := s.Get(ctx, "s|1|promise:c1-0-0")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.Keep(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			state, _, err := s.WithdrawPromise(ctx, conv, prop)
			if err != nil {
				t.Fatal(err)
			}
			if state != tc.wantState {
				t.Errorf("state %s, want %s", state, tc.wantState)
			}
			if !tc.made {
				// The yes's turn event, handled after the withdrawal.
				if _, err := s.Make(ctx, conv, prop); err != nil {
					t.Fatal(err)
				}
			}
			if !tc.keptFirst {
				clk.Advance(25 * time.Hour)
				p, err := s.Get(ctx, "s|1|promise:c1-0-0")
				if err != nil {
					t.Fatal(err)
				}
				_, _ = s.Keep(ctx, p) // a stopped workflow's late step: a StoppedError
			}
			acts, err := demoshop.Actions(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != tc.wantActions {
				t.Errorf("shop actions %+v, want %d", acts, tc.wantActions)
			}
			if len(sched.started) != tc.wantStarted {
				t.Errorf("workflows started %v, want %d", sched.started, tc.wantStarted)
			}
			if tc.wantState == promise.StateCancelled && tc.made && len(sched.stopped) != 1 {
				t.Errorf("workflows stopped %v, want the promise's", sched.stopped)
			}
			_, msgs, err := st.GetConversation(ctx, "s", "c1")
			if err != nil {
				t.Fatal(err)
			}
			if told := len(msgs) > 0; told != tc.keptFirst {
				t.Errorf("customer told %v (%+v), want %v", told, msgs, tc.keptFirst)
			}
		})
	}
}
