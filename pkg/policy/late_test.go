package policy_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// A late parcel still on its way is replaced or refunded at the
// customer's request once it is the merchant's days past its estimate or
// stalled; before that, the answer is no (the agent offers a promise).
func TestLateNow(t *testing.T) {
	o := unshipped()
	dear := with(unshipped(), func(o *order.Order) { o.TotalPrice = 30000 })
	cancelled := with(unshipped(), func(o *order.Order) { o.CancelledAt = &now })
	tests := []struct {
		name   string
		pol    policy.Policy
		o      order.Order
		parcel policy.LateParcel
		res    string
		want   policy.Verdict
	}{
		{"within its estimate", pol(nil), o, policy.LateParcel{DaysLate: 0, Value: 6400}, policy.LateRefund, policy.Refuse},
		{"two days late, policy waits three", pol(nil), o, policy.LateParcel{DaysLate: 2, Value: 6400}, policy.LateReplacement, policy.Refuse},
		{"three days late: refund now", pol(nil), o, policy.LateParcel{DaysLate: 3, Value: 6400}, policy.LateRefund, policy.Allow},
		{"three days late: replacement now", pol(nil), o, policy.LateParcel{DaysLate: 3, Value: 6400}, policy.LateReplacement, policy.Allow},
		{"stalled inside its estimate", pol(nil), o, policy.LateParcel{Stalled: true, Value: 6400}, policy.LateRefund, policy.Allow},
		{"late, above the refund limit", pol(nil), dear, policy.LateParcel{DaysLate: 5, Value: 20000}, policy.LateRefund, policy.Approval},
		{"no days set: only a stalled parcel", pol(func(p *policy.Policy) { p.LateActDays = 0 }), o, policy.LateParcel{DaysLate: 9, Value: 6400}, policy.LateRefund, policy.Refuse},
		{"no days set, stalled", pol(func(p *policy.Policy) { p.LateActDays = 0 }), o, policy.LateParcel{DaysLate: 9, Stalled: true, Value: 6400}, policy.LateReplacement, policy.Allow},
		{"already made good", pol(nil), o, policy.LateParcel{DaysLate: 9, Value: 6400, MadeGood: true}, policy.LateRefund, policy.Refuse},
		{"more than is left to refund", pol(nil), o, policy.LateParcel{DaysLate: 9, Value: 9000}, policy.LateRefund, policy.Refuse},
		{"nothing left to refund", pol(nil), o, policy.LateParcel{DaysLate: 9}, policy.LateRefund, policy.Refuse},
		{"cancelled order", pol(nil), cancelled, policy.LateParcel{DaysLate: 9, Value: 6400}, policy.LateRefund, policy.Refuse},
		{"store credit is not a late parcel's resolution", pol(nil), o, policy.LateParcel{DaysLate: 9, Value: 6400}, "store_credit", policy.Refuse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.pol.LateNow(tt.o, tt.parcel, tt.res)
			if got.Verdict != tt.want || got.Reason == "" {
				t.Errorf("LateNow = %v (%q), want %v", got.Verdict, got.Reason, tt.want)
			}
		})
	}
}

func TestParcelRefund(t *testing.T) {
	o := order.Order{TotalPrice: 6809, LineItems: []order.LineItem{{ID: "a", Price: 3500, Quantity: 1}, {ID: "b", Price: 2200, Quantity: 1}}}
	for _, tc := range []struct {
		name  string
		items order.Money
		want  order.Money
	}{
		{"the whole order: everything paid", 5700, 6809},
		{"one parcel of two: its share of tax and shipping", 2200, 2628},
		{"nothing", 0, 0},
	} {
		if got := policy.ParcelRefund(o, tc.items); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// A parcel the carrier has not picked up is not "still moving": the
// refusal says what it is waiting for.
func TestLateNowNotPickedUpWording(t *testing.T) {
	for _, tc := range []struct {
		name   string
		parcel policy.LateParcel
		want   string
	}{
		{"moving", policy.LateParcel{DaysLate: 1, Value: 6400}, "still moving"},
		{"not picked up", policy.LateParcel{DaysLate: 1, Value: 6400, NotPickedUp: true}, "waiting for the carrier to pick it up"},
		{"not picked up, inside its estimate", policy.LateParcel{Value: 6400, NotPickedUp: true}, "waiting for the carrier to pick it up"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := pol(nil).LateNow(unshipped(), tc.parcel, policy.LateRefund)
			if got.Verdict != policy.Refuse || !strings.Contains(got.Reason, tc.want) {
				t.Errorf("LateNow = %v %q, want a refusal saying %q", got.Verdict, got.Reason, tc.want)
			}
			if tc.parcel.NotPickedUp && strings.Contains(got.Reason, "moving and") {
				t.Errorf("a parcel never picked up is said to be moving: %q", got.Reason)
			}
		})
	}
}
