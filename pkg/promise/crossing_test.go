package promise_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

type sent struct {
	mu   sync.Mutex
	subs []string
}

func (s *sent) Send(_ context.Context, o email.Outgoing) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs = append(s.subs, o.Subject)
	return "<m@test>", nil
}

type crossing struct {
	st    *bolt.Store
	clk   *clock.Manual
	box   *sent
	sched *scheduler
	svc   *promise.Service
	chk   *watch.Checker
	trk   *tracking.Service
	bus   *event.Bus
	p     promise.Promise
}

// newCrossing stores order #1003 (one UPS parcel shipped Mon Nov 16, no
// scan since, due by about Nov 23) and, with promised, a follow-up
// promise about it made on Nov 24, due Nov 27.
func newCrossing(t *testing.T, promised bool, shipmentOfPromise string) *crossing {
	t.Helper()
	ctx := context.Background()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	made := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	clk := clock.NewFixed(made)
	shipped := time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)
	o := order.Order{Shop: "s", ID: "1", Name: "#1003", Email: "d@example.com", Currency: "USD", TotalPrice: 5200, FinancialStatus: "paid",
		FulfillmentStatus: "fulfilled", LineItems: []order.LineItem{{ID: "l1", Title: "Skillet", Quantity: 1, Price: 5200}}, CreatedAt: shipped, UpdatedAt: shipped}
	next := shipped.Add(time.Hour)
	sh := order.Shipment{Shop: "s", OrderID: "1", ID: "f1", State: "success", Status: order.StatusInTransit, Carrier: "UPS", TrackingNumber: "1Z1",
		CreatedAt: shipped, UpdatedAt: shipped, ShippedAt: &shipped, LastEventAt: shipped, NextCheckAt: &next, LineItemIDs: []string{"l1"}}
	if _, err := st.Apply(ctx, store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rules := edd.DefaultRules(time.UTC)
	c := &crossing{st: st, clk: clk, box: &sent{}, sched: &scheduler{}}
	n := &notify.Notifier{Store: st, Mail: c.box, Clock: clk, Rules: &rules, Log: log,
		Brands: notify.StaticBrand{ShopName: "Hearth & Harbor", FromAddress: "help@hearth.example"}}
	c.chk = &watch.Checker{Store: st, Notify: n, Resolver: &resolver{keys: map[string]bool{}}, Policy: watch.DefaultPolicy(), Rules: rules, Clock: clk, Log: log}
	c.svc = &promise.Service{Store: st, Scheduler: c.sched, Messenger: &escalation.Messenger{Store: st, Clock: clk}, Escalations: &escalator{},
		Rules: rules, Policy: watch.DefaultPolicy(), Clock: clk, Log: log}
	c.bus = &event.Bus{Claims: st, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) }}
	c.svc.Reactions(c.bus, nil, nil)
	c.trk = &tracking.Service{Store: st, Clock: clk, Log: log}
	if promised {
		conv := conversation.Conversation{Shop: "s", ID: "c1", Channel: conversation.ChannelChat, Status: conversation.StatusOpen,
			CustomerEmail: "d@example.com", CreatedAt: made, UpdatedAt: made}
		if err := st.CreateConversation(ctx, conv); err != nil {
			t.Fatal(err)
		}
		due := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
		c.p, err = c.svc.Make(ctx, conv, conversation.Proposal{ID: "c1-0-0", Tool: toolname.FollowUp, Order: "#1003", OrderID: "1", ShipmentID: shipmentOfPromise,
			DueAt: &due, Resolution: promise.ActionTrace, Statement: "If it hasn't arrived by ..."})
		if err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// While a follow-up promise about the parcel is pending, the delivery
// check sends no late or "we've opened a trace" notice about it; a promise
// about another parcel, or none, does not hold the notice back.
func TestCheckHoldsItsDelayNoticeWhileAPromiseIsPending(t *testing.T) {
	tests := []struct {
		name       string
		promised   bool
		shipment   string
		wantNotice bool
	}{
		{"a pending promise about the parcel", true, "f1", false},
		{"a promise about another parcel", true, "f2", true},
		{"no promise", false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCrossing(t, tt.promised, tt.shipment)
			c.clk.Set(time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)) // late, and stalled
			rep, err := c.chk.Run(context.Background(), c.clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			if got := len(c.box.subs) > 0; got != tt.wantNotice {
				t.Errorf("notice sent %v (%q, report %+v), want %v", got, c.box.subs, rep, tt.wantNotice)
			}
			o, err := c.st.GetOrder(context.Background(), "s", "1")
			if err != nil {
				t.Fatal(err)
			}
			if o.Shipments[0].NextCheckAt == nil {
				t.Error("the parcel is no longer watched")
			}
		})
	}
}

// A parcel delivered according to a tracking provider (EasyPost,
// AfterShip) cancels its pending promise at once (the tracking.updated
// event), and stops its workflow; news that is not a delivery does not.
func TestTrackingDeliveryCancelsThePromise(t *testing.T) {
	tests := []struct {
		name       string
		status     order.ShipmentStatus
		wantState  string
		wantStoped bool
	}{
		{"delivered", order.StatusDelivered, promise.StateCancelled, true},
		{"out for delivery", order.StatusOutForDelivery, promise.StatePending, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := newCrossing(t, true, "f1")
			at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
			c.clk.Set(at.Add(time.Minute))
			if out, err := c.trk.Apply(ctx, tracking.Update{Provider: tracking.EasyPost, EventID: "e1", TrackingNumber: "1Z1", Status: tt.status,
				Events: []tracking.Event{{Time: at, Status: tt.status, Source: tracking.EasyPost}}}); err != nil || out != tracking.OutcomeApplied {
				t.Fatalf("Apply = %s, %v", out, err)
			}
			// The provider's news as the stored change's event carries it
			// (to the events function in AWS).
			o, err := c.st.GetOrder(ctx, "s", "1")
			if err != nil {
				t.Fatal(err)
			}
			ev, err := event.New(tracking.KindUpdated, "s", "tracking:easypost:e1:1:f1", c.clk.Now(), tracking.Updated{Shop: "s", Shipments: o.Shipments})
			if err != nil {
				t.Fatal(err)
			}
			if err := c.bus.Dispatch(ctx, ev); err != nil {
				t.Fatal(err)
			}
			p, err := c.svc.Get(ctx, c.p.Key())
			if err != nil {
				t.Fatal(err)
			}
			if p.State != tt.wantState {
				t.Errorf("promise %s, want %s", p.State, tt.wantState)
			}
			if got := len(c.sched.stopped) == 1; got != tt.wantStoped {
				t.Errorf("workflow stopped %v (%v), want %v", got, c.sched.stopped, tt.wantStoped)
			}
		})
	}
}
