package edd

import (
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// InputOf is what an order says about the delivery of one of its parcels:
// sh is the shipment, or nil for the items not shipped yet.
func InputOf(o order.Order, sh *order.Shipment) Input {
	in := Input{OrderedAt: o.CreatedAt}
	if o.ShippingAddress != nil {
		in.Country, in.Province = o.ShippingAddress.CountryCode, o.ShippingAddress.Province
	}
	if sh != nil {
		in.ShippedAt, in.Carrier, in.Service, in.CarrierEstimate = sh.ShippedAt, sh.Carrier, sh.Service, sh.EstimatedDelivery
	}
	return in
}

// ForParcel is the delivery estimate of one parcel of o (sh nil: the items
// not shipped yet). Every channel (chat, notices, tracking page, claims)
// asks this, so a customer is told one date whichever way they look.
func (r Rules) ForParcel(o order.Order, sh *order.Shipment) Estimate {
	return r.Estimate(InputOf(o, sh))
}

// Outlook is an estimate as seen on one day in the shop's time zone.
type Outlook struct {
	// Estimate is the estimate as it stands today: for items not shipped
	// by their ship-by day, rolled forward from today (Rules.At).
	Estimate Estimate
	// Promise is the estimate first given (from the order or ship date):
	// what the customer was told, and what lateness is measured against.
	Promise Estimate
	Today   Date
}

// At is e seen at now. An estimate from the order date (items not shipped
// yet) whose ship-by day has gone by (today is later, or it is that day
// past the cutoff) cannot hold: it is rolled forward as if the order came
// in now (cutoff, processing, transit, business days and holidays), so no
// channel offers a delivery day an unshipped parcel can no longer make.
// The first estimate stays as the Promise.
func (r Rules) At(e Estimate, now time.Time) Outlook {
	ol := Outlook{Estimate: e, Promise: e, Today: DateOf(now, r.Location)}
	if e.Basis != BasisOrdered || e.IsZero() || e.ShipBy.IsZero() {
		return ol
	}
	// The order's own transit rule, from a ship-by day counted from now.
	fresh := e
	fresh.ShipBy = r.Estimate(Input{OrderedAt: now}).ShipBy
	ccal := r.CarrierDays()
	p := ccal.NextBusinessDay(fresh.ShipBy)
	fresh.From, fresh.To = ccal.AddBusinessDays(p, e.Rule.MinDays), ccal.AddBusinessDays(p, e.Rule.MaxDays)
	if earliest := r.earliestShip(now); earliest.After(e.ShipBy) && fresh.To.After(e.To) {
		ol.Estimate = fresh
	}
	return ol
}

// earliestShip is the first day an order not shipped at now can still
// ship: today before the cutoff on a business day, else the next one.
func (r Rules) earliestShip(now time.Time) Date {
	local := now.In(r.loc())
	today := DateOf(local, r.Location)
	if !r.Calendar.IsBusinessDay(today) || (r.Cutoff > 0 && local.Sub(today.Start(r.Location)) >= r.Cutoff) {
		return r.Calendar.NextBusinessDay(today.AddDays(1))
	}
	return today
}

// Rolled reports whether the estimate was moved on from the Promise (the
// items missed their ship-by day).
func (o Outlook) Rolled() bool {
	return o.Estimate.From != o.Promise.From || o.Estimate.To != o.Promise.To
}

// Passed reports whether the estimate's last day is behind us. A rolled
// estimate is always ahead; Late says whether its promise was broken.
func (o Outlook) Passed() bool {
	return !o.Estimate.IsZero() && o.Today.After(o.Estimate.To)
}

// Late reports whether the promise's last day is behind us: the parcel
// (shipped or not) was due by then.
func (o Outlook) Late() bool {
	p := o.Promise
	if p.IsZero() {
		p = o.Estimate
	}
	return !p.IsZero() && o.Today.After(p.To)
}

// Started reports whether the estimate's first day has come.
func (o Outlook) Started() bool {
	return !o.Estimate.IsZero() && !o.Today.Before(o.Estimate.From)
}

// Label is how the estimate is introduced: "Estimated delivery", "New
// estimate" for a rolled one whose promise has passed, or "Was due by"
// once it has passed.
func (o Outlook) Label() string {
	switch {
	case o.Passed():
		return "Was due by"
	case o.Rolled() && o.Late():
		return "New estimate"
	}
	return "Estimated delivery"
}

// Value is the estimate's dates as they stand today: the range while it is
// ahead ("Tue, Dec 8 – Fri, Dec 11"), "by Fri, Dec 11" once the range has
// begun (never a window that starts in the past), "today (Fri, Dec 11)" on
// its last day, and the last day alone once it has passed. A rolled
// estimate whose promise has passed adds it: "Tue, Dec 15 – Mon, Dec 21
// (was due by Thu, Dec 10)". Empty when there is no estimate.
func (o Outlook) Value() string {
	e := o.Estimate
	var v string
	switch {
	case e.IsZero():
		return ""
	case o.Passed():
		return Day(e.To)
	case e.To == o.Today:
		v = "today (" + Day(e.To) + ")"
	case o.Started():
		v = "by " + Day(e.To)
	default:
		v = Range(e)
	}
	if o.Rolled() && o.Late() {
		v += " (was due by " + Day(o.Promise.To) + ")"
	}
	return v
}

// Text is Label and Value together: "Estimated delivery: by Fri, Dec 11",
// "Was due by Wed, Dec 9".
func (o Outlook) Text() string {
	if o.Estimate.IsZero() {
		return ""
	}
	if o.Passed() {
		return o.Label() + " " + o.Value()
	}
	return o.Label() + ": " + o.Value()
}

// Day formats a date the way customers are told it: "Tue, Nov 24".
func Day(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Start(time.UTC).Format("Mon, Jan 2")
}

// Range formats an estimate's dates: "Tue, Nov 24" or "Tue, Nov 24 – Fri,
// Nov 27".
func Range(e Estimate) string {
	if e.IsZero() {
		return ""
	}
	if e.From == e.To {
		return Day(e.From)
	}
	return Day(e.From) + " – " + Day(e.To)
}
