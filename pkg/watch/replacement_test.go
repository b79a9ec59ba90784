package watch_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// executor records the actions it is asked to run, and can refuse them.
type executor struct {
	mu     sync.Mutex
	ran    []escalation.Action
	refuse string
}

func (x *executor) Execute(_ context.Context, _ string, a escalation.Action) (string, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.ran = append(x.ran, a)
	if x.refuse != "" {
		return "", &workflow.ActionFailedError{Reason: x.refuse}
	}
	return "cancelled", nil
}

// A lost parcel replaced (#1003-R) and then delivered after all: an
// unshipped replacement is cancelled through the executor, as a
// cancel_order proposal with its own id; one already shipped is not, and
// the customer is told to keep it or send it back per the keep-it limit;
// a refused cancellation goes to a person. Each outcome is in the one
// "delivered after all" mail and in the closed record.
func TestReplacementOfAParcelDeliveredAfterAll(t *testing.T) {
	tests := []struct {
		name      string
		shipped   bool
		cancelled bool
		refuse    string
		keepLimit bool // the parcel ($74) is under the merchant's keep-it limit
		noExec    bool
		wantRuns  int
		wantMail  []string
		wantOut   string
		handoff   bool
	}{
		{name: "unshipped is cancelled", wantRuns: 1, wantMail: []string{"We've cancelled the replacement we'd sent (order #1003-R)", "nothing to refund"},
			wantOut: "replacement #1003-R cancelled"},
		{name: "shipped, worth more than keep-it: send back", shipped: true, wantMail: []string{"already on its way", "free return label"},
			wantOut: "had already shipped"},
		{name: "shipped, under keep-it: keep", shipped: true, keepLimit: true, wantMail: []string{"already on its way", "keep it with our compliments"},
			wantOut: "had already shipped"},
		{name: "already cancelled", cancelled: true, wantMail: []string{"already cancelled the replacement"}, wantOut: "already cancelled"},
		{name: "shop refuses: a person", refuse: "the shop refused the change", wantRuns: 1, wantMail: []string{"asked our team to stop the replacement"},
			wantOut: "a person was asked", handoff: true},
		{name: "no executor: a person", noExec: true, wantMail: []string{"asked our team to stop the replacement"}, wantOut: "a person was asked", handoff: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := watch.DefaultPolicy()
			pol.Resolutions[watch.KindLost] = watch.ActionReplace
			e := newEnv(t, pol, "")
			x := &executor{refuse: tt.refuse}
			if !tt.noExec {
				e.chk.Executor = x
			}
			if tt.keepLimit {
				mp := policy.Default()
				mp.KeepItLimit = 10000
				e.chk.Policies = agent.StaticPolicy(mp)
			}
			e.run(t, "2026-11-28T15:00:00Z")
			for _, at := range []string{"2026-12-07T17:00:00Z", "2026-12-08T17:00:00Z"} {
				e.makeDue(t)
				e.run(t, at)
			}
			if len(e.res.replaces) != 1 {
				t.Fatalf("replacements = %d, want 1", len(e.res.replaces))
			}
			// The replacement order, as the shop's webhook stores it.
			ro := order.Order{Shop: shop, ID: "9001", Name: "#1003-R", Email: customer, Currency: "USD", FinancialStatus: "paid",
				CreatedAt: e.clk.Now(), UpdatedAt: e.clk.Now(), LineItems: []order.LineItem{{ID: "l1", Title: "Cast-Iron Skillet", Quantity: 1}}}
			var shs []order.Shipment
			if tt.shipped {
				at := e.clk.Now()
				ro.FulfillmentStatus = "fulfilled"
				shs = []order.Shipment{{Shop: shop, OrderID: "9001", ID: "s9001", Status: order.StatusInTransit, Carrier: "UPS", ShippedAt: &at, CreatedAt: at, UpdatedAt: at}}
			}
			if tt.cancelled {
				at := e.clk.Now()
				ro.CancelledAt = &at
			}
			if _, err := e.st.Apply(t.Context(), store.Change{Shop: shop, Order: &ro, Shipments: shs}); err != nil {
				t.Fatal(err)
			}
			before := len(e.handoffs(t))
			e.clk.Set(ts(t, "2026-12-09T18:05:00Z"))
			u := tracking.Update{Provider: tracking.AfterShip, EventID: "late-delivery", TrackingNumber: "1Z9HH4870345612786", Status: order.StatusDelivered,
				Events: []tracking.Event{{Time: ts(t, "2026-12-09T18:00:00Z"), Status: order.StatusDelivered, Source: tracking.AfterShip}}}
			if out, err := e.trk.Apply(t.Context(), u); err != nil || out != tracking.OutcomeApplied {
				t.Fatalf("Apply = %s, %v", out, err)
			}

			if len(x.ran) != tt.wantRuns {
				t.Fatalf("executor runs = %d, want %d", len(x.ran), tt.wantRuns)
			}
			if tt.wantRuns > 0 {
				a := x.ran[0]
				if a.Tool != "cancel_order" || a.Proposal == nil || a.Proposal.Order != "#1003-R" || a.Proposal.OrderID != "9001" || a.Proposal.Amount != 0 ||
					a.Proposal.ID != watch.CancelReplacementID(shop, e.order.ID, "6100000010031", watch.KindLost) {
					t.Errorf("ran %+v (proposal %+v)", a, a.Proposal)
				}
			}
			last := e.box.sent[len(e.box.sent)-1]
			if !strings.Contains(last.Text, "after all") {
				t.Fatalf("last mail is not the delivered-after-all one: %q", last.Subject)
			}
			for _, w := range tt.wantMail {
				if !strings.Contains(last.Text, w) {
					t.Errorf("mail lacks %q:\n%s", w, last.Text)
				}
			}
			if strings.Contains(last.Text, "nothing you need to do about the replacement") {
				t.Errorf("mail still says there is nothing to do about the replacement:\n%s", last.Text)
			}
			found := false
			for _, r := range e.problems(t) {
				if r.Kind == watch.KindLost {
					found = true
					if r.Open() || !strings.Contains(r.ClosedReason, tt.wantOut) {
						t.Errorf("lost record closed %v, reason %q, want it to say %q", !r.Open(), r.ClosedReason, tt.wantOut)
					}
				}
			}
			if !found {
				t.Fatal("no lost record")
			}
			if got := len(e.handoffs(t)) > before; got != tt.handoff {
				t.Errorf("new handoff = %v, want %v", got, tt.handoff)
			}
		})
	}
}
