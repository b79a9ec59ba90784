package edd

import (
	"testing"
	"time"
)

// Over a moved clock, day by day, an order that does not ship: the
// estimate every channel shows never slides day by day, and every "was due
// by" names a last day that was shown before (the order confirmation's
// first, then each window while it stood).
func TestUnshippedEstimateStepsNotSlides(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	r := DefaultRules(ny)
	for _, tt := range []struct {
		name    string
		ordered time.Time
		days    int
	}{
		{"ordered Mon morning", time.Date(2026, 12, 7, 10, 0, 0, 0, ny), 40},
		{"ordered Fri evening (past the cutoff)", time.Date(2026, 12, 4, 19, 49, 0, 0, ny), 40},
		{"ordered before Christmas", time.Date(2026, 12, 21, 9, 0, 0, 0, ny), 30},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := r.Estimate(Input{OrderedAt: tt.ordered})
			shown := map[Date]bool{e.To: true} // the order confirmation's
			lastTo, changes := e.To, 0
			for d := 0; d <= tt.days; d++ {
				now := tt.ordered.AddDate(0, 0, d)
				ol := r.At(e, now)
				if ol.Rolled() && !shown[ol.Promise.To] {
					t.Errorf("%s: %q names %s, never shown before", ol.Today, ol.Text(), ol.Promise.To)
				}
				if ol.Estimate.To != lastTo {
					changes++
					if !ol.Rolled() || ol.Promise.To != lastTo {
						t.Errorf("%s: the last day moved %s → %s without a new estimate naming %s (%q)", ol.Today, lastTo, ol.Estimate.To, lastTo, ol.Text())
					}
				}
				if !ol.Estimate.From.After(ol.Today) || ol.Estimate.To.Before(ol.Estimate.From) {
					t.Errorf("%s: %q offers a day the items can no longer make", ol.Today, ol.Text())
				}
				shown[ol.Estimate.To], lastTo = true, ol.Estimate.To
			}
			// A window stands for days: far fewer changes than days.
			if changes > tt.days/3 {
				t.Errorf("the last day changed %d times in %d days", changes, tt.days)
			}
		})
	}
}
