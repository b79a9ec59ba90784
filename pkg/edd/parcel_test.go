package edd

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

func TestOutlook(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	r := DefaultRules(ny)
	e := Estimate{From: MustDate("2026-12-08"), To: MustDate("2026-12-11"), Basis: BasisShipped}
	for _, tt := range []struct {
		name          string
		now           time.Time
		label, value  string
		passed, begun bool
	}{
		{"ahead", time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC), "Estimated delivery", "Tue, Dec 8 – Fri, Dec 11", false, false},
		{"first day", time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC), "Estimated delivery", "by Fri, Dec 11", false, true},
		{"last day", time.Date(2026, 12, 11, 23, 0, 0, 0, time.UTC), "Estimated delivery", "today (Fri, Dec 11)", false, true},
		// 02:00 UTC on Dec 12 is still Dec 11 in New York.
		{"last day, shop's zone", time.Date(2026, 12, 12, 2, 0, 0, 0, time.UTC), "Estimated delivery", "today (Fri, Dec 11)", false, true},
		{"passed", time.Date(2026, 12, 12, 6, 0, 0, 0, time.UTC), "Was due by", "Fri, Dec 11", true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ol := r.At(e, tt.now)
			if ol.Label() != tt.label || ol.Value() != tt.value || ol.Passed() != tt.passed || ol.Started() != tt.begun {
				t.Errorf("At(%s) = %q %q passed=%v started=%v; want %q %q %v %v", tt.now, ol.Label(), ol.Value(), ol.Passed(), ol.Started(),
					tt.label, tt.value, tt.passed, tt.begun)
			}
		})
	}
	if v := r.At(Estimate{}, time.Now()).Text(); v != "" {
		t.Errorf("no estimate says %q", v)
	}
}

// A parcel's estimate uses the order's destination, the shipment's carrier
// and ship date, and the carrier's own date when it gave one.
func TestForParcel(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	r := DefaultRules(ny)
	shipped := time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC) // Thu
	carrier := time.Date(2026, 12, 9, 0, 0, 0, 0, time.UTC)
	o := order.Order{CreatedAt: time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC),
		ShippingAddress: &order.Address{CountryCode: "US", Province: "HI"}}
	for _, tt := range []struct {
		name     string
		sh       *order.Shipment
		from, to string
		basis    Basis
	}{
		// Ordered Tue 11:00 in New York, before the cutoff: ships Wed,
		// 4-9 business days to Hawaii.
		{"unshipped, from the order", nil, "2026-12-08", "2026-12-15", BasisOrdered},
		// UPS within the US beats the Hawaii rule (carrier is more
		// specific): 1-5 business days from Thursday's pickup.
		{"shipped with UPS", &order.Shipment{Carrier: "UPS", ShippedAt: &shipped}, "2026-12-04", "2026-12-10", BasisShipped},
		{"carrier's date", &order.Shipment{Carrier: "UPS", ShippedAt: &shipped, EstimatedDelivery: &carrier}, "2026-12-09", "2026-12-09", BasisCarrier},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := r.ForParcel(o, tt.sh)
			if e.From.String() != tt.from || e.To.String() != tt.to || e.Basis != tt.basis {
				t.Errorf("ForParcel = %s..%s %s; want %s..%s %s", e.From, e.To, e.Basis, tt.from, tt.to, tt.basis)
			}
		})
	}
}
