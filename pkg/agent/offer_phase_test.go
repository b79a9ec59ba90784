package agent

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// A partly delivered order is shipping and, for its delivered parcel,
// returnable: the return and damage tools are offered for it.
func TestPartlyDeliveredOrderIsReturnableToo(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	s := &session{now: now, pol: policy.Default()}
	at := func(days int) *time.Time { t := now.Add(-time.Duration(days) * 24 * time.Hour); return &t }
	o := func(deliveredDaysAgo int) order.Order {
		d := at(deliveredDaysAgo)
		return order.Order{ID: "1", Name: "#1011", FinancialStatus: "paid", FulfillmentStatus: "fulfilled",
			LineItems: []order.LineItem{{ID: "kit", Title: "Kit", Quantity: 1}, {ID: "mug", Title: "Mug", Quantity: 1}},
			Shipments: []order.Shipment{
				{ID: "f1", State: "success", Status: order.StatusDelivered, LineItemIDs: []string{"kit"}, DeliveredAt: d, CreatedAt: *d, UpdatedAt: *d, LastEventAt: *d},
				{ID: "f2", State: "success", Status: order.StatusInTransit, LineItemIDs: []string{"mug"}, CreatedAt: *at(1), UpdatedAt: *at(1), LastEventAt: *at(1)},
			}}
	}
	if got := phaseOf(o(3), s); got != PhaseShipping|PhaseReturnable {
		t.Errorf("delivered 3 days ago: phase %b, want shipping and returnable", got)
	}
	if got := phaseOf(o(40), s); got != PhaseShipping {
		t.Errorf("delivered 40 days ago: phase %b, want shipping only", got)
	}
}
