package offline

import (
	"strings"
	"testing"
)

// The offer to look into a late parcel with the carrier is made only for
// a parcel that has shipped: an order not shipped yet has no carrier.
func TestLateOfferOnlyForShippedParcels(t *testing.T) {
	for _, tt := range []struct {
		name   string
		parcel map[string]any
		offer  bool
	}{
		{"unshipped, late", map[string]any{"stage": "pre_shipment", "shipped": false, "late": true, "estimated_delivery": "Fri, Dec 4"}, false},
		{"shipped, late", map[string]any{"stage": "in_transit", "shipped": true, "late": true, "carrier": "UPS", "last_scan": "Thu, Dec 3, 2026"}, true},
		{"shipped, on time", map[string]any{"stage": "in_transit", "shipped": true, "carrier": "UPS", "last_scan": "Thu, Dec 3, 2026"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tr := &turn{}
			got := tr.tracking(map[string]any{"order_number": "#1001", "stage": tt.parcel["stage"], "parcels": []any{tt.parcel}})
			if has := strings.Contains(got, "with the carrier"); has != tt.offer {
				t.Errorf("reply %q: carrier offer %v, want %v", got, has, tt.offer)
			}
		})
	}
}
