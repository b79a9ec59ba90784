package promise_test

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// A promise falls due at 10:00 shop time on a carrier delivery day, at
// least six hours after the parcel counts as late (its estimate's last day
// plus the grace days), or after now when it is late already.
func TestDueAt(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	s := &promise.Service{Rules: edd.DefaultRules(ny), Policy: watch.DefaultPolicy()} // grace 1 day, Mon-Fri
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ny)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	est := func(to string) edd.Estimate {
		d := edd.MustDate(to)
		return edd.Estimate{From: d, To: d, Basis: edd.BasisShipped}
	}
	tests := []struct {
		name string
		est  edd.Estimate
		now  string
		want string
	}{
		{"late already, afternoon: next morning", est("2026-12-01"), "2026-12-08 15:00", "2026-12-09 10:00"},
		{"late already, early morning: that morning", est("2026-12-01"), "2026-12-08 03:00", "2026-12-08 10:00"},
		{"late already, friday afternoon: monday", est("2026-12-01"), "2026-12-11 15:00", "2026-12-14 10:00"},
		{"not late yet: the morning after it counts as late", est("2026-12-08"), "2026-12-05 12:00", "2026-12-10 10:00"},
		{"late on a saturday: monday", est("2026-12-10"), "2026-12-05 12:00", "2026-12-14 10:00"},
		{"no estimate: from now", edd.Estimate{}, "2026-12-08 15:00", "2026-12-09 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.DueAt(tt.est, at(tt.now))
			if want := at(tt.want); !got.Equal(want) {
				t.Errorf("DueAt = %s, want %s", got.In(ny), want)
			}
		})
	}
	s.Hour = 14
	if got, want := s.DueAt(edd.Estimate{}, at("2026-12-08 15:00")), at("2026-12-09 14:00"); !got.Equal(want) {
		t.Errorf("at 14:00: DueAt = %s, want %s", got.In(ny), want)
	}
	if got := s.When(at("2026-12-14 10:00")); got != "10:00 AM EST on Monday, Dec 14" {
		t.Errorf("When = %q", got)
	}
}
