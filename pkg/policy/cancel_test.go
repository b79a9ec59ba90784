package policy_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

func TestCancel(t *testing.T) {
	cancelledAt := now
	tests := []struct {
		name    string
		pol     policy.Policy
		o       order.Order
		verdict policy.Verdict
		reason  string
	}{
		{"unfulfilled, under the refund limit", pol(nil), unshipped(), policy.Allow, "the order has not been fulfilled yet"},
		{"over the refund limit", pol(func(p *policy.Policy) { p.RefundAutoLimit = 5000 }), unshipped(), policy.Approval,
			"cancellations of orders over $50.00 are approved by a member of the team"},
		{"merchant's cancel limit wins over the refund limit", pol(func(p *policy.Policy) { p.RefundAutoLimit = 100000; p.CancelAutoLimit = 8000 }), unshipped(), policy.Approval,
			"cancellations of orders over $80.00 are approved by a member of the team"},
		{"at the cancel limit", pol(func(p *policy.Policy) { p.CancelAutoLimit = 8551 }), unshipped(), policy.Allow, "the order has not been fulfilled yet"},
		{"shipped", pol(nil), delivered(2), policy.Refuse,
			"part of the order has already been handed to the carrier, so it can no longer be cancelled; once it arrives it can be returned"},
		{"labelled, never scanned", pol(nil), with(unshipped(), func(o *order.Order) {
			o.FulfillmentStatus = "fulfilled"
			o.Shipments = []order.Shipment{{ID: "f", State: "success", Status: order.StatusLabelPrinted}}
		}), policy.Refuse,
			"part of the order has already been packed and labelled for shipping, so it can no longer be cancelled here; once it arrives it can be returned"},
		{"partially fulfilled, no shipment yet", pol(nil), with(unshipped(), func(o *order.Order) { o.FulfillmentStatus = "partial" }), policy.Refuse,
			"part of the order has already been fulfilled, so it can no longer be cancelled; once it arrives it can be returned"},
		{"only a cancelled fulfillment", pol(nil), with(unshipped(), func(o *order.Order) { o.Shipments = []order.Shipment{{ID: "f", State: "cancelled"}} }), policy.Allow,
			"the order has not been fulfilled yet"},
		{"already cancelled", pol(nil), with(unshipped(), func(o *order.Order) { o.CancelledAt = &cancelledAt }), policy.Refuse, "this order is already cancelled"},
		{"refunded", pol(nil), with(unshipped(), func(o *order.Order) { o.FinancialStatus = "refunded" }), policy.Refuse, "this order has already been refunded"},
		{"return under way", pol(nil), with(unshipped(), func(o *order.Order) { o.Returns = []order.Return{{ID: "r", Status: "requested"}} }), policy.Refuse,
			"a return is under way on this order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.pol.Cancel(tt.o)
			if d.Verdict != tt.verdict || d.Reason != tt.reason {
				t.Errorf("got %s %q, want %s %q", d.Verdict, d.Reason, tt.verdict, tt.reason)
			}
		})
	}
}

func TestStoreCredit(t *testing.T) {
	tests := []struct {
		bonus int
		value order.Money
		want  order.Money
	}{
		{0, 6400, 6400},
		{10, 6400, 7040},
		{10, 2399, 2638}, // 239.9 cents of bonus: rounded down
		{15, 1, 1},
		{100, 5000, 10000},
		{10, 0, 0},
	}
	for _, tt := range tests {
		got := pol(func(p *policy.Policy) { p.StoreCreditBonusPercent = tt.bonus }).StoreCredit(tt.value)
		if got != tt.want {
			t.Errorf("bonus %d%% on %d: got %d, want %d", tt.bonus, tt.value, got, tt.want)
		}
	}
}
