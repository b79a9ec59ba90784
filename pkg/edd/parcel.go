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
		if sh.Status == order.StatusOutForDelivery && sh.DeliveredAt == nil {
			if t := firstNonZero(sh.LastEventAt, sh.UpdatedAt); !t.IsZero() {
				in.OutForDeliveryAt = &t
			}
		}
	}
	return in
}

func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// ForParcel is the delivery estimate of one parcel of o (sh nil: the items
// not shipped yet). Every channel (chat, notices, tracking page, claims)
// asks this, so a customer is told one date whichever way they look.
func (r Rules) ForParcel(o order.Order, sh *order.Shipment) Estimate {
	return r.Estimate(InputOf(o, sh))
}

// Outlook is an estimate as seen on one day in the shop's time zone.
type Outlook struct {
	// Estimate is the estimate as it stands today (Rules.At): for items
	// not shipped, the window that can still be made.
	Estimate Estimate
	// Promise is the window given before this one: the first estimate
	// (from the order or ship date) until it could no longer be made,
	// then the window that replaced it, and so on. Lateness is measured
	// against it, and "was due by" names its last day.
	Promise Estimate
	// First is the first estimate (from the order or ship date): what
	// the order confirmation said. Late measures against it.
	First Estimate
	// Step counts the windows that could no longer be made (0: the first
	// estimate stands).
	Step  int
	Today Date
	// Stale is set (Stalled) when the carrier has not scanned the parcel
	// for so long that the estimate cannot stand: from its last day on it
	// is said to have passed, never "today".
	Stale bool
}

// Stalled is o for a parcel whose tracking has stalled (stale true): an
// estimate whose last day has come is said to have passed ("was due
// by"), not "today".
func (o Outlook) Stalled(stale bool) Outlook {
	o.Stale = o.Stale || stale
	return o
}

// At is e seen at now. A shipped parcel's estimate is the carrier's
// business and stays as it is. An estimate from the order date (items not
// shipped yet) stands while it can still be made: its window narrows to
// the earliest day the items could now arrive, and no channel offers a day
// they can no longer make. Once even its last day cannot be made, it is
// replaced by the window of an order that came in on the first day that
// was so, and so on: each window stands for days (no daily slide), and
// each replacement names the last day of the one before ("was due by"),
// a day every channel gave while it stood. It is computed from the order
// date and the rules alone, so every channel says the same on a given day.
func (r Rules) At(e Estimate, now time.Time) Outlook {
	ol := Outlook{Estimate: e, Promise: e, First: e, Today: DateOf(now, r.Location)}
	if e.Basis != BasisOrdered || e.IsZero() || e.ShipBy.IsZero() {
		return ol
	}
	// fresh is the window of an order that came in at t, by e's transit
	// rule.
	fresh := func(t time.Time) Estimate {
		f := e
		f.ShipBy = r.Estimate(Input{OrderedAt: t}).ShipBy
		ccal := r.CarrierDays()
		p := ccal.NextBusinessDay(f.ShipBy)
		f.From, f.To = ccal.AddBusinessDays(p, e.Rule.MinDays), ccal.AddBusinessDays(p, e.Rule.MaxDays)
		return f
	}
	earliest := fresh(now).From
	cur := e
	for step := 0; step < 400 && earliest.After(cur.To); step++ {
		// cur cannot be made: the next window is an order's that came
		// in on the first day after cur's ship-by day that could no
		// longer make it.
		d := cur.ShipBy.AddDays(1)
		next := fresh(d.Start(r.Location))
		for i := 0; i < 400 && !next.From.After(cur.To); i++ {
			d = d.AddDays(1)
			next = fresh(d.Start(r.Location))
		}
		ol.Promise, cur = cur, next
		ol.Step++
	}
	if r.earliestShip(now).After(cur.ShipBy) && earliest.After(cur.From) {
		// Its ship-by day has gone by: the window starts at the earliest
		// day the items could now arrive.
		cur.From, cur.ShipBy = earliest, fresh(now).ShipBy
	}
	ol.Estimate = cur
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

// Rolled reports whether the first estimate was replaced by a later
// window (it could no longer be made).
func (o Outlook) Rolled() bool { return o.Step > 0 }

// Passed reports whether the estimate's last day is behind us. A rolled
// estimate is always ahead; Late says whether its promise was broken.
func (o Outlook) Passed() bool {
	if o.Estimate.IsZero() {
		return false
	}
	if o.Stale {
		return !o.Today.Before(o.Estimate.To)
	}
	return o.Today.After(o.Estimate.To)
}

// Late reports whether the first estimate's last day is behind us: the
// parcel (shipped or not) was due by then.
func (o Outlook) Late() bool {
	p := o.First
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
// estimate" for one that replaced a window that could no longer be made,
// or "Was due by" once it has passed.
func (o Outlook) Label() string {
	switch {
	case o.Passed():
		return "Was due by"
	case o.Rolled():
		return "New estimate"
	}
	return "Estimated delivery"
}

// Value is the estimate's dates as they stand today: the range while it is
// ahead ("Tue, Dec 8 – Fri, Dec 11"), "by Fri, Dec 11" once the range has
// begun (never a window that starts in the past), "today (Fri, Dec 11)" on
// its last day, and the last day alone once it has passed. A window that
// replaced one that could no longer be made names that one's last day:
// "Tue, Dec 15 – Mon, Dec 21 (was due by Thu, Dec 10)". Empty when there
// is no estimate.
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
	if o.Rolled() {
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
