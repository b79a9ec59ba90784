package runner_test

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

// A delivery a carrier reports through its own webhook (not through
// Shopify) starts the check-in like a Shopify delivery does: the tracking
// update's event reaches outreach.
func TestCarrierDeliveryStartsTheCheckIn(t *testing.T) {
	r, srv := seeded(t)
	ctx := t.Context()
	before, err := r.App.Outreach.CheckInDocs(ctx, "demo-shop.myshopify.com", "daniel.reyes@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := r.Clock.Now()
	out, err := r.App.Delivery.Tracking.Apply(ctx, tracking.Update{Provider: tracking.EasyPost, EventID: "evt-delivered-1003",
		TrackingNumber: "1Z9HH4870345612786", Status: order.StatusDelivered, At: now,
		Events: []tracking.Event{{Time: now.Add(-time.Minute), Status: order.StatusDelivered, Description: "Delivered"}}})
	if err != nil || out != tracking.OutcomeApplied {
		t.Fatalf("Apply = %q, %v; want applied", out, err)
	}
	if r.App.Relay != nil {
		if err := r.App.Relay.Drain(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ {
		advance(t, srv, "48h")
	}
	after, err := r.App.Outreach.CheckInDocs(ctx, "demo-shop.myshopify.com", "daniel.reyes@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 {
		t.Fatalf("check-ins %d before, %d after a carrier's delivery; want one more", len(before), len(after))
	}
}
