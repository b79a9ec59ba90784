package policy

import (
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// NotReceived steps.
const (
	StepNotDelivered = "not_delivered" // the carrier has not delivered it: say where it is
	StepLookAround   = "look_around"   // delivered recently: neighbours, a safe place; until the wait is over
	StepAct          = "act"           // the wait is over: the delivery policy acts
	StepTooOld       = "too_old"       // claimed past NotReceivedClaimDays: a person decides
)

// NotReceivedStep is what happens when a customer says a parcel marked
// delivered never came.
type NotReceivedStep struct {
	Step string
	// Until is when the wait after the delivery scan ends (StepLookAround).
	Until time.Time
	// Reason is for the customer.
	Reason string
}

// NotReceived decides the step for o at now: the latest delivered parcel's
// scan, plus NotReceivedWaitHours; past NotReceivedClaimDays after the
// scan, a person (StepTooOld). loc is the shop's time zone, the
// reason's times are in it (nil: UTC); Until is in it too.
func (p Policy) NotReceived(o order.Order, now time.Time, loc *time.Location) NotReceivedStep {
	if loc == nil {
		loc = time.UTC
	}
	var at time.Time
	for _, s := range o.Shipments {
		if s.Cancelled() || s.Status != order.StatusDelivered {
			continue
		}
		t := s.LastEventAt
		if s.DeliveredAt != nil {
			t = *s.DeliveredAt
		}
		if t.After(at) {
			at = t
		}
	}
	if at.IsZero() {
		return NotReceivedStep{Step: StepNotDelivered, Reason: "the carrier hasn't marked it delivered yet"}
	}
	at = at.In(loc)
	if d := p.NotReceivedClaimDays; d > 0 && now.After(at.AddDate(0, 0, d)) {
		return NotReceivedStep{Step: StepTooOld, Reason: fmt.Sprintf("it was marked delivered on %s, more than %d days ago; a claim that old is looked at by a person", at.Format("Mon Jan 2"), d)}
	}
	until := at.Add(time.Duration(p.NotReceivedWaitHours) * time.Hour)
	if now.Before(until) {
		return NotReceivedStep{Step: StepLookAround, Until: until,
			Reason: fmt.Sprintf("it was marked delivered %s; parcels often turn up with a neighbour or in a safe place within %d hours", at.Format("Mon Jan 2 at 3:04 PM"), p.NotReceivedWaitHours)}
	}
	return NotReceivedStep{Step: StepAct, Reason: "it was marked delivered more than a while ago and hasn't turned up"}
}

// NotReceived actions, once the wait after the delivery scan is over.
const (
	NotReceivedTrace   = "trace"   // a trace with the carrier; a person follows it up
	NotReceivedReplace = "replace" // a replacement at no cost
	NotReceivedRefund  = "refund"  // a refund of the parcel's items
	NotReceivedPerson  = "person"  // a person decides
)

// NotReceivedActions lists the actions a merchant can choose.
var NotReceivedActions = []string{NotReceivedTrace, NotReceivedReplace, NotReceivedRefund, NotReceivedPerson}

// NotReceivedAct is the action for a parcel marked delivered that has not
// turned up once the wait is over: the merchant's NotReceivedAction, or a
// person (with the reason, for staff) when the parcel, worth value (its
// items), is above NotReceivedAutoLimit. The refund itself, tax and
// shipping included, stays within RefundAutoLimit (Refund).
func (p Policy) NotReceivedAct(value order.Money, currency string) (action, why string) {
	action = p.NotReceivedAction
	switch action {
	case NotReceivedTrace, NotReceivedReplace, NotReceivedRefund:
	default:
		return NotReceivedPerson, "the delivery policy asks for a person"
	}
	if action == NotReceivedTrace {
		return action, ""
	}
	if value > p.NotReceivedAutoLimit {
		return NotReceivedPerson, fmt.Sprintf("the parcel (%s) is above the automatic limit for parcels not received (%s)",
			decimal(value, currency), decimal(p.NotReceivedAutoLimit, currency))
	}
	return action, ""
}
