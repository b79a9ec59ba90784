// Package edd estimates delivery dates: from the order date (cutoff time in
// the shop's time zone, processing days) or the ship date, plus transit days
// chosen by destination region, carrier and service, counted in business days
// that skip week-ends and the shop's holidays. A carrier's own estimate wins
// when there is one. The answer is a range of calendar dates in the shop's
// time zone.
//
// It is pure code: no clock, no storage.
package edd

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date, with no time of day or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar date of t in loc (UTC when loc is nil).
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// ParseDate reads "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t, time.UTC), nil
}

// MustDate is ParseDate for constants in code and tests; it panics on a
// malformed date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Start is the first instant of d in loc (UTC when loc is nil).
func (d Date) Start(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// End is the first instant after d in loc: deliveries "by d" are on time
// when they happen before it.
func (d Date) End(loc *time.Location) time.Time { return d.AddDays(1).Start(loc) }

// AddDays is d moved by n calendar days.
func (d Date) AddDays(n int) Date { return DateOf(d.Start(time.UTC).AddDate(0, 0, n), time.UTC) }

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return d.Start(time.UTC).Weekday() }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Start(time.UTC).Before(e.Start(time.UTC)) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return e.Before(d) }

// DaysUntil is the number of calendar days from d to e (negative when e is
// before d).
func (d Date) DaysUntil(e Date) int {
	return int(e.Start(time.UTC).Sub(d.Start(time.UTC)).Hours() / 24)
}

// String is "2006-01-02"; the zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Calendar says which days are business days.
type Calendar struct {
	// Weekend lists the days never worked; nil means Saturday and Sunday.
	Weekend []time.Weekday `json:"weekend,omitempty"`
	// Holidays are dates never worked.
	Holidays []Date `json:"holidays,omitempty"`
}

// IsBusinessDay reports whether d is worked.
func (c Calendar) IsBusinessDay(d Date) bool {
	wd := d.Weekday()
	if c.Weekend == nil {
		if wd == time.Saturday || wd == time.Sunday {
			return false
		}
	}
	for _, w := range c.Weekend {
		if w == wd {
			return false
		}
	}
	for _, h := range c.Holidays {
		if h == d {
			return false
		}
	}
	return true
}

// NextBusinessDay is d when it is a business day, else the first one after.
// A calendar with no business day at all returns d.
func (c Calendar) NextBusinessDay(d Date) Date {
	for i := 0; i < 366; i++ {
		if c.IsBusinessDay(d.AddDays(i)) {
			return d.AddDays(i)
		}
	}
	return d
}

// AddBusinessDays is the n-th business day after d (d itself when n <= 0).
func (c Calendar) AddBusinessDays(d Date, n int) Date {
	for i := 0; n > 0 && i < 3660; i++ {
		d = d.AddDays(1)
		if c.IsBusinessDay(d) {
			n--
		}
	}
	return d
}

// BusinessDaysBetween counts the business days after d up to and including
// e; 0 when e is not after d.
func (c Calendar) BusinessDaysBetween(d, e Date) int {
	n := 0
	for x := d.AddDays(1); !x.After(e) && n < 3660; x = x.AddDays(1) {
		if c.IsBusinessDay(x) {
			n++
		}
	}
	return n
}

// Transit is how long a carrier service takes to a region, in business
// days after the carrier has the parcel.
type Transit struct {
	// Region is where the parcel goes: a country code ("US"), a country and
	// province code ("US-HI"), "domestic" or "international" (against
	// Rules.Country), or "" for anywhere.
	Region string `json:"region,omitempty"`
	// Carrier and Service narrow the rule ("UPS", "Next Day Air"); empty
	// matches any. They compare case-insensitively, spaces, dashes and
	// underscores alike.
	Carrier string `json:"carrier,omitempty"`
	Service string `json:"service,omitempty"`
	MinDays int    `json:"min_days"`
	MaxDays int    `json:"max_days"`
	// Guaranteed marks a service the carrier guarantees to deliver within
	// MaxDays (money back when late): late parcels become carrier claims.
	Guaranteed bool `json:"guaranteed,omitempty"`
}

// Rules are one shop's shipping facts.
type Rules struct {
	// Location is the shop's time zone; nil is UTC.
	Location *time.Location `json:"-"`
	// Country is the shop's country code, for "domestic"/"international".
	Country string `json:"country,omitempty"`
	// Cutoff is the time of day (since midnight, in Location) after which
	// an order counts from the next business day; 0 means no cutoff.
	Cutoff time.Duration `json:"cutoff,omitempty"`
	// ProcessingDays are the business days between the day an order counts
	// from and the day it ships (0: ships that day).
	ProcessingDays int `json:"processing_days"`
	// Transit rules; the most specific match wins (service, then carrier,
	// then region), the first of equals.
	Transit []Transit `json:"transit,omitempty"`
	// Default is used when no transit rule matches.
	Default Transit `json:"default"`
	// Calendar is the shop's working days (processing).
	Calendar Calendar `json:"calendar"`
	// CarrierCalendar is the carriers' delivery days; nil uses Calendar.
	CarrierCalendar *Calendar `json:"carrier_calendar,omitempty"`
}

// Input is what is known about one shipment.
type Input struct {
	OrderedAt time.Time
	// ShippedAt is when the carrier had the parcel, when known.
	ShippedAt *time.Time
	Carrier   string
	Service   string
	// Country and Province are the destination's codes ("US", "HI").
	Country  string
	Province string
	// CarrierEstimate is the carrier's own estimate, when it gave one.
	CarrierEstimate *time.Time
	// OutForDeliveryAt is the time of the carrier's out-for-delivery scan
	// when that is the parcel's latest news: the carrier expects to
	// deliver it that day.
	OutForDeliveryAt *time.Time
}

// Basis says what an estimate was computed from.
type Basis string

// Bases, strongest first.
const (
	// BasisOutForDelivery: the day of the out-for-delivery scan.
	BasisOutForDelivery Basis = "out_for_delivery"
	BasisCarrier        Basis = "carrier"
	BasisShipped        Basis = "shipped"
	BasisOrdered        Basis = "ordered"
)

// Estimate is a delivery date range.
type Estimate struct {
	From  Date  `json:"from"`
	To    Date  `json:"to"`
	Basis Basis `json:"basis"`
	// ShipBy is the day the order is expected to ship (BasisOrdered only).
	ShipBy Date `json:"ship_by,omitempty"`
	// GuaranteedBy is the carrier's guaranteed delivery date, for a
	// guaranteed service whose ship date is known.
	GuaranteedBy Date `json:"guaranteed_by,omitempty"`
	// Rule is the transit rule used.
	Rule Transit `json:"rule"`
}

// IsZero reports whether there is no estimate.
func (e Estimate) IsZero() bool { return e.From.IsZero() }

// Deadline is when a parcel not yet delivered is late: the end of the
// range's last day in the rules' time zone.
func (r Rules) Deadline(e Estimate) time.Time { return e.To.End(r.Location) }

// CarrierDays is the carriers' calendar: CarrierCalendar, else Calendar.
func (r Rules) CarrierDays() Calendar {
	if r.CarrierCalendar != nil {
		return *r.CarrierCalendar
	}
	return r.Calendar
}

// Estimate gives the delivery range for in: the day of an out-for-delivery
// scan, else the carrier's estimate when there is one, else the ship date plus transit, else the order date plus
// cutoff, processing and transit. With no dates at all it is zero.
func (r Rules) Estimate(in Input) Estimate {
	rule := r.Match(in.Carrier, in.Service, in.Country, in.Province)
	cal, ccal := r.Calendar, r.CarrierDays()
	e := Estimate{Rule: rule}

	var pickup Date
	if in.ShippedAt != nil && !in.ShippedAt.IsZero() {
		pickup = ccal.NextBusinessDay(DateOf(*in.ShippedAt, r.Location))
		if rule.Guaranteed {
			e.GuaranteedBy = ccal.AddBusinessDays(pickup, rule.MaxDays)
		}
	}

	switch {
	case in.OutForDeliveryAt != nil && !in.OutForDeliveryAt.IsZero():
		// Out for delivery: due that day in the shop's zone; once that
		// day is behind us the estimate has passed.
		d := DateOf(*in.OutForDeliveryAt, r.Location)
		e.From, e.To, e.Basis = d, d, BasisOutForDelivery
	case in.CarrierEstimate != nil && !in.CarrierEstimate.IsZero():
		d := carrierDate(*in.CarrierEstimate, r.Location)
		e.From, e.To, e.Basis = d, d, BasisCarrier
	case !pickup.IsZero():
		e.From = ccal.AddBusinessDays(pickup, rule.MinDays)
		e.To = ccal.AddBusinessDays(pickup, rule.MaxDays)
		e.Basis = BasisShipped
	case !in.OrderedAt.IsZero():
		local := in.OrderedAt.In(r.loc())
		start := DateOf(local, r.Location)
		sinceMidnight := local.Sub(start.Start(r.Location))
		if !cal.IsBusinessDay(start) || (r.Cutoff > 0 && sinceMidnight >= r.Cutoff) {
			start = cal.NextBusinessDay(start.AddDays(1))
		}
		e.ShipBy = cal.AddBusinessDays(start, r.ProcessingDays)
		p := ccal.NextBusinessDay(e.ShipBy)
		e.From = ccal.AddBusinessDays(p, rule.MinDays)
		e.To = ccal.AddBusinessDays(p, rule.MaxDays)
		e.Basis = BasisOrdered
	}
	return e
}

func (r Rules) loc() *time.Location {
	if r.Location == nil {
		return time.UTC
	}
	return r.Location
}

// carrierDate reads a carrier's estimate as a date. Carriers often send a
// bare date as midnight UTC ("2026-11-25T00:00:00Z"); read in the shop's
// zone west of UTC that would be the day before, so midnight UTC is taken as
// the UTC date. Any other time is read in the shop's zone.
func carrierDate(t time.Time, loc *time.Location) Date {
	u := t.UTC()
	if u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0 {
		return DateOf(u, time.UTC)
	}
	return DateOf(t, loc)
}

// Match is the transit rule for a carrier service to a destination: the
// most specific matching rule, else Default.
func (r Rules) Match(carrier, service, country, province string) Transit {
	best, bestScore := r.Default, -1
	for _, t := range r.Transit {
		score, ok := r.score(t, carrier, service, country, province)
		if ok && score > bestScore {
			best, bestScore = t, score
		}
	}
	if best.MaxDays < best.MinDays {
		best.MaxDays = best.MinDays
	}
	return best
}

func (r Rules) score(t Transit, carrier, service, country, province string) (int, bool) {
	score := 0
	if t.Service != "" {
		if norm(t.Service) != norm(service) {
			return 0, false
		}
		score += 8
	}
	if t.Carrier != "" {
		if norm(t.Carrier) != norm(carrier) {
			return 0, false
		}
		score += 4
	}
	country = strings.ToUpper(strings.TrimSpace(country))
	province = strings.ToUpper(strings.TrimSpace(province))
	home := strings.ToUpper(strings.TrimSpace(r.Country))
	switch region := strings.ToUpper(strings.TrimSpace(t.Region)); {
	case region == "" || region == "*":
	case region == "DOMESTIC":
		if home == "" || country != home {
			return 0, false
		}
		score++
	case region == "INTERNATIONAL":
		if home == "" || country == "" || country == home {
			return 0, false
		}
		score++
	case strings.Contains(region, "-"):
		c, p, _ := strings.Cut(region, "-")
		if c != country || p != province {
			return 0, false
		}
		score += 3
	default:
		if region != country {
			return 0, false
		}
		score += 2
	}
	return score, true
}

// norm folds case and separators: "Next-Day Air" and "next_day_air" match.
func norm(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), " ")
}

// USHolidays are the days the big US carriers (UPS, FedEx, USPS) do not
// deliver, observed dates, for 2026 and 2027: New Year's Day, Memorial Day,
// Independence Day, Labor Day, Thanksgiving and Christmas.
var USHolidays = []Date{
	MustDate("2026-01-01"), MustDate("2026-05-25"), MustDate("2026-07-03"), MustDate("2026-09-07"),
	MustDate("2026-11-26"), MustDate("2026-12-25"),
	MustDate("2027-01-01"), MustDate("2027-05-31"), MustDate("2027-07-05"), MustDate("2027-09-06"),
	MustDate("2027-11-25"), MustDate("2027-12-24"),
}

// DefaultRules are sensible rules for a US shop in loc: orders before 2 pm
// ship the next business day; common UPS, FedEx and USPS services with
// their published transit days; 3-7 days for anything else at home and
// 6-15 abroad.
func DefaultRules(loc *time.Location) Rules {
	return Rules{
		Location:       loc,
		Country:        "US",
		Cutoff:         14 * time.Hour,
		ProcessingDays: 1,
		Calendar:       Calendar{Holidays: USHolidays},
		Default:        Transit{MinDays: 3, MaxDays: 7},
		Transit: []Transit{
			{Region: "international", MinDays: 6, MaxDays: 15},
			{Region: "domestic", Carrier: "UPS", MinDays: 1, MaxDays: 5},
			{Region: "domestic", Carrier: "FedEx", MinDays: 1, MaxDays: 5},
			{Region: "domestic", Carrier: "USPS", MinDays: 2, MaxDays: 5},
			{Region: "US-HI", MinDays: 4, MaxDays: 9},
			{Region: "US-AK", MinDays: 4, MaxDays: 9},
			{Carrier: "USPS", Service: "Priority Mail", MinDays: 1, MaxDays: 3},
			{Carrier: "USPS", Service: "Priority Mail Express", MinDays: 1, MaxDays: 2, Guaranteed: true},
			{Carrier: "UPS", Service: "Next Day Air", MinDays: 1, MaxDays: 1, Guaranteed: true},
			{Carrier: "UPS", Service: "2nd Day Air", MinDays: 2, MaxDays: 2, Guaranteed: true},
			{Carrier: "UPS", Service: "3 Day Select", MinDays: 3, MaxDays: 3, Guaranteed: true},
			{Carrier: "FedEx", Service: "Standard Overnight", MinDays: 1, MaxDays: 1, Guaranteed: true},
			{Carrier: "FedEx", Service: "2Day", MinDays: 2, MaxDays: 2, Guaranteed: true},
		},
	}
}
