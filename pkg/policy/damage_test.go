package policy_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

func TestDamage(t *testing.T) {
	mug := []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}
	kitLine := []order.ReturnLine{{LineItemID: "kit", Quantity: 1}}
	tests := []struct {
		name    string
		pol     policy.Policy
		o       order.Order
		lines   []order.ReturnLine
		value   order.Money
		verdict policy.Verdict
		keepIt  bool
		reason  string
	}{
		{"cheap: keep it", pol(nil), delivered(2), mug, 2400, policy.Allow, true, "items worth up to $30.00 need not come back"},
		{"dearer: it comes back", pol(nil), delivered(2), kitLine, 6400, policy.Allow, false, policy.DamageComesBack},
		{"keep-it off", pol(func(p *policy.Policy) { p.KeepItLimit = 0 }), delivered(2), mug, 2400, policy.Allow, false, policy.DamageComesBack},
		{"over the refund limit", pol(func(p *policy.Policy) { p.RefundAutoLimit = 2000 }), delivered(2), mug, 2400, policy.Approval, true,
			"replacements and refunds of this size are approved by a member of the team"},
		{"not delivered", pol(nil), unshipped(), kitLine, 6400, policy.Refuse, false, "the order hasn't been delivered yet"},
		{"window closed", pol(nil), delivered(40), mug, 2400, policy.Refuse, false, "the 30-day return window closed on November 10"},
		{"no lines", pol(nil), delivered(2), nil, 0, policy.Refuse, false, "no items were chosen to return"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, keep := tt.pol.Damage(tt.o, tt.lines, tt.value, now)
			if d.Verdict != tt.verdict || d.Reason != tt.reason || keep != tt.keepIt {
				t.Errorf("got %s %q keep %v, want %s %q keep %v", d.Verdict, d.Reason, keep, tt.verdict, tt.reason, tt.keepIt)
			}
		})
	}
}

func TestDamageAgain(t *testing.T) {
	mug := []order.ReturnLine{{LineItemID: "m", Quantity: 1}}
	done := []policy.ResolvedDamage{{LineItemID: "m", Title: "Mug", Quantity: 1, How: "replaced (order #1006-R)"}}
	for _, tc := range []struct {
		name     string
		resolved []policy.ResolvedDamage
		another  bool
		want     policy.Verdict
	}{
		{"first report", nil, false, policy.Allow},
		{"the same unit again", done, false, policy.Refuse},
		{"another unit", done, true, policy.Allow},
		{"another line", []policy.ResolvedDamage{{LineItemID: "k", Title: "Kit", Quantity: 1, How: "refunded"}}, false, policy.Allow},
	} {
		if d := policy.Default().DamageAgain(mug, tc.resolved, tc.another); d.Verdict != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, d, tc.want)
		}
	}
}
