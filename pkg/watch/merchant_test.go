package watch_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
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
