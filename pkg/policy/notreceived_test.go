package policy_test

import (
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
		{"a cancelled parcel does not count", pol(nil), with(deliveredHoursAgo(3), func(o *order.Order) { o.Shipments[0].State = "cancelled" }), policy.StepNotDelivered, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.pol.NotReceived(tt.o, now)
			if got.Step != tt.step || !got.Until.Equal(tt.until) || got.Reason == "" {
				t.Errorf("got %+v, want %s until %v", got, tt.step, tt.until)
			}
		})
	}
}
