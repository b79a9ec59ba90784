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

// An unshipped order's estimate rolls forward from now once it can no
// longer ship by its ship-by day: never "today" for items still in the
// warehouse, never a window that went by, and "passed" only once the first
// promise has. Ordered Mon Dec 7 10:00 in New York (before the 2 pm
// cutoff): ships by Tue Dec 8, 3-7 business days: Fri Dec 11 – Thu Dec 17.
func TestUnshippedEstimateRollsForward(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	r := DefaultRules(ny)
	at := func(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 0, 0, 0, ny) }
	e := r.Estimate(Input{OrderedAt: at(7, 10)})
	if e.ShipBy.String() != "2026-12-08" || e.From.String() != "2026-12-11" || e.To.String() != "2026-12-17" {
		t.Fatalf("estimate = %+v", e)
	}
	for _, tt := range []struct {
		name               string
		now                time.Time
		label, value       string
		rolled, late       bool
		passed             bool
		wantShipBy, wantTo string
	}{
		{"before the ship-by day", at(7, 16), "Estimated delivery", "Fri, Dec 11 – Thu, Dec 17", false, false, false, "2026-12-08", "2026-12-17"},
		{"ship-by day, before the cutoff", at(8, 13), "Estimated delivery", "Fri, Dec 11 – Thu, Dec 17", false, false, false, "2026-12-08", "2026-12-17"},
		// Past the cutoff on Tue Dec 8: counts from Wed, ships Thu Dec 10
		// (a day's processing), 3-7 business days: Tue Dec 15 – Mon Dec 21.
		// The window still stands (Dec 17 can be made), narrowed to the
		// earliest day it can now arrive.
		{"ship-by day, past the cutoff", at(8, 15), "Estimated delivery", "Tue, Dec 15 – Thu, Dec 17", false, false, false, "2026-12-10", "2026-12-17"},
		// Thu Dec 17 can no longer be made (not shipped): the window of an
		// order from Sat Dec 12, the first day that could not make it,
		// narrowed to now; Christmas is no business day.
		{"promise's last day", at(17, 9), "New estimate", "Wed, Dec 23 – Thu, Dec 24 (was due by Thu, Dec 17)", true, false, false, "2026-12-18", "2026-12-24"},
		// Dec 24 cannot be made either: the next window names it.
		// Christmas and New Year's Day are no business days.
		{"promise passed", at(21, 9), "New estimate", "Mon, Dec 28 – Mon, Jan 4 (was due by Thu, Dec 24)", true, true, false, "2026-12-22", "2027-01-04"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ol := r.At(e, tt.now)
			if ol.Label() != tt.label || ol.Value() != tt.value || ol.Rolled() != tt.rolled || ol.Late() != tt.late || ol.Passed() != tt.passed {
				t.Errorf("At = %q %q rolled=%v late=%v passed=%v; want %q %q %v %v %v", ol.Label(), ol.Value(), ol.Rolled(), ol.Late(), ol.Passed(),
					tt.label, tt.value, tt.rolled, tt.late, tt.passed)
			}
			if ol.Estimate.ShipBy.String() != tt.wantShipBy || ol.Estimate.To.String() != tt.wantTo {
				t.Errorf("estimate now ships by %s, due by %s; want %s, %s", ol.Estimate.ShipBy, ol.Estimate.To, tt.wantShipBy, tt.wantTo)
			}
			if ol.First != e {
				t.Errorf("first = %+v, want the first estimate", ol.First)
			}
		})
	}
	// A shipped parcel's estimate is the carrier's business: it is not
	// rolled, and says it passed once it has.
	shipped := Estimate{From: MustDate("2026-12-08"), To: MustDate("2026-12-11"), Basis: BasisShipped}
	if ol := r.At(shipped, at(14, 9)); ol.Rolled() || !ol.Passed() || !ol.Late() || ol.Text() != "Was due by Fri, Dec 11" {
		t.Errorf("shipped parcel past its window: %q rolled=%v", ol.Text(), ol.Rolled())
	}
}

// An out-for-delivery scan is the estimate: today when the scan is today in
// the shop's zone, passed ("was due by") once that day is behind us,
// whatever the transit rules or the carrier's older estimate said.
func TestOutForDeliveryEstimate(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	r := DefaultRules(ny)
	shipped := time.Date(2026, 12, 21, 15, 0, 0, 0, time.UTC)
	carrierEst := time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC)
	o := order.Order{CreatedAt: time.Date(2026, 12, 19, 15, 0, 0, 0, time.UTC)}
	for _, tt := range []struct {
		name   string
		status order.ShipmentStatus
		scan   time.Time
		now    time.Time
		text   string
	}{
		{"out today", order.StatusOutForDelivery, time.Date(2026, 12, 24, 13, 0, 0, 0, time.UTC), time.Date(2026, 12, 24, 18, 0, 0, 0, time.UTC), "Estimated delivery: today (Thu, Dec 24)"},
		// 22:00 in New York on Dec 22 is 03:00 UTC Dec 23; read after
		// midnight shop time it is yesterday's scan.
		{"late-evening scan read after midnight", order.StatusOutForDelivery, time.Date(2026, 12, 23, 3, 0, 0, 0, time.UTC), time.Date(2026, 12, 23, 6, 0, 0, 0, time.UTC), "Was due by Tue, Dec 22"},
		{"three days old", order.StatusOutForDelivery, time.Date(2026, 12, 22, 15, 0, 0, 0, time.UTC), time.Date(2026, 12, 25, 15, 0, 0, 0, time.UTC), "Was due by Tue, Dec 22"},
		{"in transit keeps the carrier's date", order.StatusInTransit, time.Date(2026, 12, 24, 13, 0, 0, 0, time.UTC), time.Date(2026, 12, 24, 18, 0, 0, 0, time.UTC), "Estimated delivery: Wed, Dec 30"},
		{"ready for pickup keeps the carrier's date", order.StatusReadyForPickup, time.Date(2026, 12, 24, 13, 0, 0, 0, time.UTC), time.Date(2026, 12, 24, 18, 0, 0, 0, time.UTC), "Estimated delivery: Wed, Dec 30"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sh := order.Shipment{Status: tt.status, ShippedAt: &shipped, EstimatedDelivery: &carrierEst, LastEventAt: tt.scan, UpdatedAt: tt.scan}
			if got := r.At(r.ForParcel(o, &sh), tt.now).Text(); got != tt.text {
				t.Errorf("estimate = %q, want %q", got, tt.text)
			}
		})
	}
}

// A stalled parcel's estimate is never "today": from its last day on it
// has passed.
func TestStalledOutlook(t *testing.T) {
	r := DefaultRules(time.UTC)
	e := Estimate{From: MustDate("2026-12-08"), To: MustDate("2026-12-11"), Basis: BasisShipped}
	for _, tt := range []struct {
		name  string
		now   time.Time
		stale bool
		text  string
	}{
		{"fresh, last day", time.Date(2026, 12, 11, 12, 0, 0, 0, time.UTC), false, "Estimated delivery: today (Fri, Dec 11)"},
		{"stalled, last day", time.Date(2026, 12, 11, 12, 0, 0, 0, time.UTC), true, "Was due by Fri, Dec 11"},
		{"stalled, ahead", time.Date(2026, 12, 9, 12, 0, 0, 0, time.UTC), true, "Estimated delivery: by Fri, Dec 11"},
		{"stalled, passed", time.Date(2026, 12, 14, 12, 0, 0, 0, time.UTC), true, "Was due by Fri, Dec 11"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.At(e, tt.now).Stalled(tt.stale).Text(); got != tt.text {
				t.Errorf("Text = %q, want %q", got, tt.text)
			}
		})
	}
}
