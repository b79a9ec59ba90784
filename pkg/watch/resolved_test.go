package watch_test

import (
	"context"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Resolved hears of each problem's action once, when it was carried out
// (the metrics count the refunds and replacements), however often the
// check runs; a refund that went to a person is heard as that.
func TestResolvedHeardOnce(t *testing.T) {
	for _, tc := range []struct {
		name  string
		want  watch.Action
		limit order.Money // the merchant's refund limit
	}{
		{"refund", watch.ActionRefund, 20000},
		{"replacement", watch.ActionReplace, 20000},
		{"refund above the limit: a person", watch.ActionPerson, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			act := tc.want
			if act == watch.ActionPerson {
				act = watch.ActionRefund
			}
			e := newEnv(t, policyWith(act), "")
			mp := policy.Default()
			mp.RefundAutoLimit = tc.limit
			e.chk.Policies = agent.StaticPolicy(mp)
			var heard []watch.Action
			e.chk.Resolved = func(_ context.Context, r watch.Record) { heard = append(heard, r.Action) }
			for range 2 {
				e.run(t, "2026-11-28T15:00:00Z")
			}
			if len(heard) != 1 || heard[0] != tc.want {
				t.Errorf("heard %v, want [%s]", heard, tc.want)
			}
		})
	}
}
