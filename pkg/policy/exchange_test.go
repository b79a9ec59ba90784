package policy_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

func TestExchange(t *testing.T) {
	mug := []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}
	tests := []struct {
		name            string
		pol             policy.Policy
		o               order.Order
		oldP, newP      order.Money
		available, want int
		verdict         policy.Verdict
		reason          string
	}{
		{"same price, in stock", pol(nil), delivered(5), 2400, 2400, 3, 1, policy.Allow, "the order is inside the 30-day return window"},
		{"out of stock", pol(nil), delivered(5), 2400, 2400, 0, 1, policy.Refuse, "that option is out of stock"},
		{"fewer in stock than wanted", pol(nil), delivered(5), 2400, 2400, 1, 2, policy.Refuse, "that option is out of stock"},
		{"another price", pol(nil), delivered(5), 2400, 2800, 3, 1, policy.Refuse,
			"that option costs a different amount, so it can't be a straight exchange; a return and a new order, or a person on the team, can sort it out"},
		{"window closed", pol(nil), delivered(31), 2400, 2400, 3, 1, policy.Refuse, "the 30-day return window closed on November 19"},
		{"not delivered yet", pol(nil), unshipped(), 2400, 2400, 3, 1, policy.Refuse, "returns can start once the order has been delivered"},
		{"returns wait for a person", pol(func(p *policy.Policy) { p.AutoReturns = false }), delivered(5), 2400, 2400, 3, 1, policy.Approval,
			"a member of the team approves every return"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.pol.Exchange(tt.o, mug, 2400, tt.oldP, tt.newP, tt.available, tt.want, now)
			if d.Verdict != tt.verdict || d.Reason != tt.reason {
				t.Errorf("got %s %q, want %s %q", d.Verdict, d.Reason, tt.verdict, tt.reason)
			}
		})
	}
}
