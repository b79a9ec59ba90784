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
	Estimate Estimate
	Today    Date
}

// At is e seen at now.
func (r Rules) At(e Estimate, now time.Time) Outlook {
	return Outlook{Estimate: e, Today: DateOf(now, r.Location)}
}

// Passed reports whether the estimate's last day is behind us.
func (o Outlook) Passed() bool {
	return !o.Estimate.IsZero() && o.Today.After(o.Estimate.To)
}

// Started reports whether the estimate's first day has come.
func (o Outlook) Started() bool {
	return !o.Estimate.IsZero() && !o.Today.Before(o.Estimate.From)
}

// Label is how the estimate is introduced: "Estimated delivery", or "Was
// due by" once it has passed.
func (o Outlook) Label() string {
	if o.Passed() {
		return "Was due by"
	}
	return "Estimated delivery"
}

// Value is the estimate's dates as they stand today: the range while it is
// ahead ("Tue, Dec 8 – Fri, Dec 11"), "by Fri, Dec 11" once the range has
// begun (never a window that starts in the past), "today (Fri, Dec 11)" on
// its last day, and the last day alone once it has passed. Empty when there
// is no estimate.
func (o Outlook) Value() string {
	e := o.Estimate
	switch {
	case e.IsZero():
		return ""
	case o.Passed():
		return Day(e.To)
	case e.To == o.Today:
		return "today (" + Day(e.To) + ")"
	case o.Started():
		return "by " + Day(e.To)
	}
	return Range(e)
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
