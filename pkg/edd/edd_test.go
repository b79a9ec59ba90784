package edd_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/edd"
)

func ny(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	return loc
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func ptr(t time.Time) *time.Time { return &t }

// testRules: New York shop, 2 pm cutoff, one processing day, 3-5 days by
// default, US carrier holidays (Thanksgiving 2026-11-26, Christmas
// 2026-12-25, New Year 2027-01-01).
func testRules(loc *time.Location) edd.Rules {
	return edd.Rules{
		Location:       loc,
		Country:        "US",
		Cutoff:         14 * time.Hour,
		ProcessingDays: 1,
		Calendar:       edd.Calendar{Holidays: edd.USHolidays},
		Default:        edd.Transit{MinDays: 3, MaxDays: 5},
		Transit: []edd.Transit{
			{Carrier: "UPS", Service: "Next Day Air", MinDays: 1, MaxDays: 1, Guaranteed: true},
			{Region: "US-HI", MinDays: 5, MaxDays: 9},
			{Region: "international", MinDays: 6, MaxDays: 15},
		},
	}
}

func TestEstimate(t *testing.T) {
	loc := ny(t)
	rules := testRules(loc)
	utcRules := testRules(time.UTC)
	noCutoff := testRules(loc)
	noCutoff.Cutoff = 0

	tests := []struct {
		name      string
		rules     edd.Rules
		in        edd.Input
		from, to  string
		basis     edd.Basis
		shipBy    string
		guarantee string
	}{
		{"weekday before cutoff", rules, edd.Input{OrderedAt: at(t, "2026-11-18T10:00:00-05:00")},
			"2026-11-24", "2026-11-27", edd.BasisOrdered, "2026-11-19", ""},
		{"after cutoff counts from the next business day", rules, edd.Input{OrderedAt: at(t, "2026-11-18T15:00:00-05:00")},
			"2026-11-25", "2026-11-30", edd.BasisOrdered, "2026-11-20", ""},
		{"exactly at the cutoff is after it", rules, edd.Input{OrderedAt: at(t, "2026-11-18T14:00:00-05:00")},
			"2026-11-25", "2026-11-30", edd.BasisOrdered, "2026-11-20", ""},
		{"cutoff read in the shop's zone (13:30 in New York)", rules, edd.Input{OrderedAt: at(t, "2026-11-20T18:30:00Z")},
			"2026-11-27", "2026-12-01", edd.BasisOrdered, "2026-11-23", ""},
		{"same instant, shop in UTC (18:30, after cutoff)", utcRules, edd.Input{OrderedAt: at(t, "2026-11-20T18:30:00Z")},
			"2026-11-30", "2026-12-02", edd.BasisOrdered, "2026-11-24", ""},
		{"late evening in New York is the same day there", rules, edd.Input{OrderedAt: at(t, "2026-11-19T03:00:00Z")},
			"2026-11-25", "2026-11-30", edd.BasisOrdered, "2026-11-20", ""},
		{"week-end order", rules, edd.Input{OrderedAt: at(t, "2026-11-21T10:00:00-05:00")},
			"2026-11-30", "2026-12-02", edd.BasisOrdered, "2026-11-24", ""},
		{"order on a holiday", rules, edd.Input{OrderedAt: at(t, "2026-11-26T09:00:00-05:00")},
			"2026-12-03", "2026-12-07", edd.BasisOrdered, "2026-11-30", ""},
		{"christmas and new year", rules, edd.Input{OrderedAt: at(t, "2026-12-23T16:00:00-05:00")},
			"2026-12-31", "2027-01-05", edd.BasisOrdered, "2026-12-28", ""},
		{"no cutoff: late at night still counts that day", noCutoff, edd.Input{OrderedAt: at(t, "2026-11-18T23:59:00-05:00")},
			"2026-11-24", "2026-11-27", edd.BasisOrdered, "2026-11-19", ""},
		{"ship date wins over order date", rules, edd.Input{OrderedAt: at(t, "2026-11-10T10:00:00-05:00"),
			ShippedAt: ptr(at(t, "2026-11-20T17:00:00-05:00")), Carrier: "UPS", Service: "Ground"},
			"2026-11-25", "2026-11-30", edd.BasisShipped, "", ""},
		{"shipped on a saturday: carrier moves it monday", rules, edd.Input{ShippedAt: ptr(at(t, "2026-11-21T11:00:00-05:00"))},
			"2026-11-27", "2026-12-01", edd.BasisShipped, "", ""},
		{"carrier estimate wins (bare date, not the day before in New York)", rules, edd.Input{
			OrderedAt: at(t, "2026-11-18T10:00:00-05:00"), ShippedAt: ptr(at(t, "2026-11-19T10:00:00-05:00")),
			CarrierEstimate: ptr(at(t, "2026-11-25T00:00:00Z"))},
			"2026-11-25", "2026-11-25", edd.BasisCarrier, "", ""},
		{"carrier estimate with a time is read in the shop's zone", rules, edd.Input{
			CarrierEstimate: ptr(at(t, "2026-11-25T02:00:00Z"))},
			"2026-11-24", "2026-11-24", edd.BasisCarrier, "", ""},
		{"guaranteed next day air", rules, edd.Input{ShippedAt: ptr(at(t, "2026-11-18T12:00:00-05:00")),
			Carrier: "ups", Service: "next_day_air"},
			"2026-11-19", "2026-11-19", edd.BasisShipped, "", "2026-11-19"},
		{"guaranteed service shipped before thanksgiving", rules, edd.Input{ShippedAt: ptr(at(t, "2026-11-25T12:00:00-05:00")),
			Carrier: "UPS", Service: "Next Day Air"},
			"2026-11-27", "2026-11-27", edd.BasisShipped, "", "2026-11-27"},
		{"region: hawaii", rules, edd.Input{ShippedAt: ptr(at(t, "2026-11-18T12:00:00-05:00")), Country: "US", Province: "hi"},
			"2026-11-25", "2026-12-02", edd.BasisShipped, "", ""},
		{"region: international", rules, edd.Input{ShippedAt: ptr(at(t, "2026-11-18T12:00:00-05:00")), Country: "CA"},
			"2026-11-27", "2026-12-10", edd.BasisShipped, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.rules.Estimate(tt.in)
			if got.From.String() != tt.from || got.To.String() != tt.to || got.Basis != tt.basis {
				t.Errorf("Estimate = %s..%s (%s), want %s..%s (%s)", got.From, got.To, got.Basis, tt.from, tt.to, tt.basis)
			}
			if got.ShipBy.String() != tt.shipBy {
				t.Errorf("ShipBy = %q, want %q", got.ShipBy, tt.shipBy)
			}
			if got.GuaranteedBy.String() != tt.guarantee {
				t.Errorf("GuaranteedBy = %q, want %q", got.GuaranteedBy, tt.guarantee)
			}
		})
	}
}

func TestEstimateWithNothingIsZero(t *testing.T) {
	if e := testRules(nil).Estimate(edd.Input{}); !e.IsZero() {
		t.Errorf("Estimate(nothing) = %+v, want zero", e)
	}
}

func TestDeadlineIsEndOfDayInShopZone(t *testing.T) {
	loc := ny(t)
	r := testRules(loc)
	e := edd.Estimate{From: edd.MustDate("2026-11-24"), To: edd.MustDate("2026-11-27")}
	if got, want := r.Deadline(e), at(t, "2026-11-28T05:00:00Z"); !got.Equal(want) {
		t.Errorf("Deadline = %s, want %s", got, want)
	}
	// Across the daylight saving change the end of day moves with it.
	e.To = edd.MustDate("2026-03-07")
	if got, want := r.Deadline(e), at(t, "2026-03-08T05:00:00Z"); !got.Equal(want) {
		t.Errorf("Deadline before DST = %s, want %s", got, want)
	}
	e.To = edd.MustDate("2026-03-08")
	if got, want := r.Deadline(e), at(t, "2026-03-09T04:00:00Z"); !got.Equal(want) {
		t.Errorf("Deadline after DST = %s, want %s", got, want)
	}
}

func TestCalendar(t *testing.T) {
	// A Friday-Saturday week-end with one holiday.
	c := edd.Calendar{Weekend: []time.Weekday{time.Friday, time.Saturday}, Holidays: []edd.Date{edd.MustDate("2026-11-23")}}
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-18", 1, "2026-11-19"}, // Wed -> Thu
		{"2026-11-19", 1, "2026-11-22"}, // Thu -> Sun (Fri, Sat off)
		{"2026-11-19", 2, "2026-11-24"}, // Mon 23 is a holiday
		{"2026-11-19", 0, "2026-11-19"},
	}
	for _, tt := range tests {
		if got := c.AddBusinessDays(edd.MustDate(tt.from), tt.n); got.String() != tt.want {
			t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
	if got := c.NextBusinessDay(edd.MustDate("2026-11-20")); got.String() != "2026-11-22" {
		t.Errorf("NextBusinessDay(Fri) = %s, want Sun 2026-11-22", got)
	}
	us := edd.Calendar{Holidays: edd.USHolidays}
	if got := us.BusinessDaysBetween(edd.MustDate("2026-11-20"), edd.MustDate("2026-11-30")); got != 5 {
		t.Errorf("BusinessDaysBetween = %d, want 5 (Mon-Wed, Fri, Mon)", got)
	}
}

func TestMatchPrefersTheMostSpecificRule(t *testing.T) {
	r := edd.Rules{Country: "US", Default: edd.Transit{MinDays: 3, MaxDays: 7}, Transit: []edd.Transit{
		{Region: "domestic", MinDays: 2, MaxDays: 6},
		{Region: "US", MinDays: 2, MaxDays: 5},
		{Region: "US-HI", MinDays: 4, MaxDays: 9},
		{Carrier: "UPS", MinDays: 1, MaxDays: 5},
		{Carrier: "UPS", Service: "2nd Day Air", MinDays: 2, MaxDays: 2, Guaranteed: true},
	}}
	tests := []struct {
		carrier, service, country, province string
		want                                edd.Transit
	}{
		{"", "", "US", "NY", r.Transit[1]},
		{"", "", "US", "HI", r.Transit[2]},
		{"UPS", "Ground", "US", "HI", r.Transit[3]},
		{"UPS", "2nd-Day Air", "US", "HI", r.Transit[4]},
		{"DHL", "", "DE", "", r.Default},
	}
	for _, tt := range tests {
		if got := r.Match(tt.carrier, tt.service, tt.country, tt.province); got != tt.want {
			t.Errorf("Match(%q, %q, %q, %q) = %+v, want %+v", tt.carrier, tt.service, tt.country, tt.province, got, tt.want)
		}
	}
}

func TestDateJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		D edd.Date `json:"d"`
	}{edd.MustDate("2026-02-03")})
	if err != nil || string(b) != `{"d":"2026-02-03"}` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	var v struct {
		D edd.Date `json:"d"`
	}
	if err := json.Unmarshal([]byte(`{"d":"2027-12-24"}`), &v); err != nil || v.D.String() != "2027-12-24" {
		t.Errorf("unmarshal = %v, %v", v.D, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"24/12/2027"}`), &v); err == nil {
		t.Error("unmarshal of a bad date: no error")
	}
}

func TestDefaultRulesHolidaysAreWeekdays(t *testing.T) {
	for _, h := range edd.USHolidays {
		if wd := h.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("holiday %s is a %s: list the observed weekday", h, wd)
		}
	}
	r := edd.DefaultRules(time.UTC)
	if got := r.Match("UPS", "Next Day Air", "US", "NY"); !got.Guaranteed || got.MaxDays != 1 {
		t.Errorf("UPS Next Day Air = %+v", got)
	}
}
