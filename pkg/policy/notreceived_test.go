package policy_test

import (
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

func TestNotReceived(t *testing.T) {
	deliveredHoursAgo := func(h int) order.Order {
		at := now.Add(-time.Duration(h) * time.Hour)
		o := delivered(0)
		o.Shipments[0].DeliveredAt = &at
		return o
	}
	tests := []struct {
		name  string
		pol   policy.Policy
		o     order.Order
		step  string
		until time.Time
	}{
		{"in transit", pol(nil), unshipped(), policy.StepNotDelivered, time.Time{}},
		{"delivered 3 hours ago: look around", pol(nil), deliveredHoursAgo(3), policy.StepLookAround, now.Add(21 * time.Hour)},
		{"delivered 25 hours ago: act", pol(nil), deliveredHoursAgo(25), policy.StepAct, time.Time{}},
		{"no wait set: act at once", pol(func(p *policy.Policy) { p.NotReceivedWaitHours = 0 }), deliveredHoursAgo(1), policy.StepAct, time.Time{}},
		{"delivered 31 days ago: a person", pol(nil), deliveredHoursAgo(31 * 24), policy.StepTooOld, time.Time{}},
		{"delivered 29 days ago: act", pol(nil), deliveredHoursAgo(29 * 24), policy.StepAct, time.Time{}},
		{"claim days 0: no limit", pol(func(p *policy.Policy) { p.NotReceivedClaimDays = 0 }), deliveredHoursAgo(400 * 24), policy.StepAct, time.Time{}},
		{"claim days 7", pol(func(p *policy.Policy) { p.NotReceivedClaimDays = 7 }), deliveredHoursAgo(8 * 24), policy.StepTooOld, time.Time{}},
		{"a cancelled parcel does not count", pol(nil), with(deliveredHoursAgo(3), func(o *order.Order) { o.Shipments[0].State = "cancelled" }), policy.StepNotDelivered, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.pol.NotReceived(tt.o, now, nil)
			if got.Step != tt.step || !got.Until.Equal(tt.until) || got.Reason == "" {
				t.Errorf("got %+v, want %s until %v", got, tt.step, tt.until)
			}
		})
	}
}

// The look-around wait is told in the shop's time zone.
func TestNotReceivedInShopTime(t *testing.T) {
	at := time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)
	o := delivered(0)
	o.Shipments[0].DeliveredAt = &at
	tests := []struct {
		zone       string
		reason     string
		untilClock string
	}{
		{"UTC", "Fri Nov 20 at 3:30 PM", "Nov 21 3:30 PM UTC"},
		{"America/Los_Angeles", "Fri Nov 20 at 7:30 AM", "Nov 21 7:30 AM PST"},
		{"Europe/Berlin", "Fri Nov 20 at 4:30 PM", "Nov 21 4:30 PM CET"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			got := pol(nil).NotReceived(o, at.Add(time.Hour), loc)
			if got.Step != policy.StepLookAround || !strings.Contains(got.Reason, tt.reason) || got.Until.Format("Jan 2 3:04 PM MST") != tt.untilClock {
				t.Errorf("got %+v (until %s), want %q and %s", got, got.Until.Format("Jan 2 3:04 PM MST"), tt.reason, tt.untilClock)
			}
		})
	}
}

func TestNotReceivedAct(t *testing.T) {
	for _, tc := range []struct {
		name   string
		action string
		limit  order.Money
		value  order.Money
		want   string
		why    string
	}{
		{"replace within the limit", policy.NotReceivedReplace, 10000, 4800, policy.NotReceivedReplace, ""},
		{"refund within the limit", policy.NotReceivedRefund, 10000, 10000, policy.NotReceivedRefund, ""},
		{"replace above the limit", policy.NotReceivedReplace, 10000, 10001, policy.NotReceivedPerson, "above the automatic limit"},
		{"refund with no limit", policy.NotReceivedRefund, 0, 100, policy.NotReceivedPerson, "above the automatic limit"},
		{"trace whatever the value", policy.NotReceivedTrace, 0, 99999, policy.NotReceivedTrace, ""},
		{"a person", policy.NotReceivedPerson, 10000, 100, policy.NotReceivedPerson, "asks for a person"},
		{"unset: a person", "", 10000, 100, policy.NotReceivedPerson, "asks for a person"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := policy.Default()
			p.NotReceivedAction, p.NotReceivedAutoLimit = tc.action, tc.limit
			got, why := p.NotReceivedAct(tc.value, "USD")
			if got != tc.want || !strings.Contains(why, tc.why) || (tc.why == "") != (why == "") {
				t.Errorf("NotReceivedAct(%d) = %q, %q; want %q with %q", tc.value, got, why, tc.want, tc.why)
			}
		})
	}
}
