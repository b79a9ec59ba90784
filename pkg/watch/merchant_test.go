package watch_test

import (
	"strings"

	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// The delivery check refunds under the merchant's one refund limit (the
// console's, which chat and approvals use too), not its own.
func TestMerchantRefundLimit(t *testing.T) {
	tests := []struct {
		name     string
		limit    order.Money
		refunded bool
	}{
		{"above the merchant's limit", 5000, false},
		{"under the merchant's limit", 20000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := policyWith(watch.ActionRefund)
			pol.MaxAutoRefund = 10000 // the static one, overruled
			e := newEnv(t, pol, "")
			mp := policy.Default()
			mp.RefundAutoLimit = tt.limit
			e.chk.Policies = agent.StaticPolicy(mp)
			e.run(t, "2026-11-28T15:00:00Z")
			rs := e.problems(t)
			if got := len(e.res.refunds) == 1; got != tt.refunded || len(rs) != 1 {
				t.Errorf("refunds %d, problems %+v", len(e.res.refunds), rs)
			}
			if !tt.refunded && (rs[0].Action != watch.ActionPerson || len(e.handoffs(t)) != 1) {
				t.Errorf("above the limit: %+v, %d handoffs", rs[0], len(e.handoffs(t)))
			}
		})
	}
}

// A parcel marked delivered that never came: the shop's settings choose
// the step (console: replacement, refund, trace or a person) and its value
// limit, not the deployment's static delivery policy.
func TestMerchantNotReceivedStep(t *testing.T) {
	tests := []struct {
		name     string
		action   string
		limit    order.Money
		want     watch.Action
		replaced int
		refunded int
		handoffs int
	}{
		{"replace", policy.NotReceivedReplace, 100000, watch.ActionReplace, 1, 0, 0},
		{"refund", policy.NotReceivedRefund, 100000, watch.ActionRefund, 0, 1, 0},
		{"replace above the limit", policy.NotReceivedReplace, 1, watch.ActionPerson, 0, 0, 1},
		{"trace: a person follows it up", policy.NotReceivedTrace, 100000, watch.ActionPerson, 0, 0, 1},
		{"a person", policy.NotReceivedPerson, 100000, watch.ActionPerson, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, watch.DefaultPolicy(), "") // static: a person
			mp := policy.Default()
			mp.NotReceivedAction, mp.NotReceivedAutoLimit, mp.RefundAutoLimit = tt.action, tt.limit, 100000
			e.chk.Policies = agent.StaticPolicy(mp)
			u := tracking.Update{Provider: tracking.AfterShip, EventID: "d", TrackingNumber: "1Z9HH4870345612786", Status: order.StatusDelivered,
				Events: []tracking.Event{{Time: ts(t, "2026-11-23T18:00:00Z"), Status: order.StatusDelivered, Source: tracking.AfterShip}}}
			e.clk.Set(ts(t, "2026-11-23T18:01:00Z"))
			if _, err := e.trk.Apply(t.Context(), u); err != nil {
				t.Fatal(err)
			}
			e.clk.Set(ts(t, "2026-11-25T09:00:00Z"))
			r, err := e.chk.ReportProblem(t.Context(), shop, e.order.ID, watch.KindNotReceived)
			if err != nil || r.Action != tt.want {
				t.Fatalf("not received = %+v, %v; want %s", r, err, tt.want)
			}
			if len(e.res.replaces) != tt.replaced || len(e.res.refunds) != tt.refunded || len(e.handoffs(t)) != tt.handoffs {
				t.Errorf("replacements %d, refunds %d, handoffs %d; want %d, %d, %d", len(e.res.replaces), len(e.res.refunds),
					len(e.handoffs(t)), tt.replaced, tt.refunded, tt.handoffs)
			}
		})
	}
}

// A parcel reported not received whose items were already made good in
// part (a damaged skillet kept and replaced, a return, a refund of the
// candle) is not replaced or refunded again automatically: a person gets
// it, told what was done before. A declined return made nothing good.
func TestNotReceivedAfterUnitsMadeGood(t *testing.T) {
	tests := []struct {
		name    string
		change  func(o order.Order) store.Change
		want    watch.Action
		because string
	}{
		{"a kept item replaced", func(o order.Order) store.Change {
			return store.Change{Shop: shop, Returns: []order.Return{{Shop: shop, OrderID: o.ID, ID: "kept-p1", Status: order.ReturnKept,
				Lines: []order.ReturnLine{{LineItemID: o.LineItems[0].ID, Quantity: 1}}}}}
		}, watch.ActionPerson, "a kept item made good, kept-p1"},
		{"a return", func(o order.Order) store.Change {
			return store.Change{Shop: shop, Returns: []order.Return{{Shop: shop, OrderID: o.ID, ID: "r1", Status: "open",
				Lines: []order.ReturnLine{{LineItemID: o.LineItems[0].ID, Quantity: 1}}}}}
		}, watch.ActionPerson, "a return, r1"},
		{"a refund", func(o order.Order) store.Change {
			return store.Change{Shop: shop, Refunds: []order.Refund{{Shop: shop, OrderID: o.ID, ID: "rf1", Amount: 2200,
				LineItems: []string{o.LineItems[1].ID}}}}
		}, watch.ActionPerson, "already refunded (refund rf1"},
		{"a declined return", func(o order.Order) store.Change {
			return store.Change{Shop: shop, Returns: []order.Return{{Shop: shop, OrderID: o.ID, ID: "r2", Status: "declined",
				Lines: []order.ReturnLine{{LineItemID: o.LineItems[0].ID, Quantity: 1}}}}}
		}, watch.ActionReplace, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, watch.DefaultPolicy(), "")
			mp := policy.Default()
			mp.NotReceivedAction, mp.NotReceivedAutoLimit = policy.NotReceivedReplace, 100000
			e.chk.Policies = agent.StaticPolicy(mp)
			if _, err := e.st.Apply(t.Context(), tt.change(e.order)); err != nil {
				t.Fatal(err)
			}
			u := tracking.Update{Provider: tracking.AfterShip, EventID: "d", TrackingNumber: "1Z9HH4870345612786", Status: order.StatusDelivered,
				Events: []tracking.Event{{Time: ts(t, "2026-11-23T18:00:00Z"), Status: order.StatusDelivered, Source: tracking.AfterShip}}}
			e.clk.Set(ts(t, "2026-11-23T18:01:00Z"))
			if _, err := e.trk.Apply(t.Context(), u); err != nil {
				t.Fatal(err)
			}
			e.clk.Set(ts(t, "2026-11-25T09:00:00Z"))
			r, err := e.chk.ReportProblem(t.Context(), shop, e.order.ID, watch.KindNotReceived)
			if err != nil || r.Action != tt.want {
				t.Fatalf("not received = %+v, %v; want %s", r, err, tt.want)
			}
			hs := e.handoffs(t)
			if tt.want != watch.ActionPerson {
				if len(e.res.replaces) != 1 || len(hs) != 0 {
					t.Errorf("replacements %d, handoffs %d; want 1, 0", len(e.res.replaces), len(hs))
				}
				return
			}
			if len(e.res.replaces) != 0 || len(e.res.refunds) != 0 || len(hs) != 1 {
				t.Fatalf("replacements %d, refunds %d, handoffs %d; want 0, 0, 1", len(e.res.replaces), len(e.res.refunds), len(hs))
			}
			if !strings.Contains(string(hs[0].Value), tt.because) {
				t.Errorf("handoff %s: want it to name %q", hs[0].Value, tt.because)
			}
		})
	}
}
