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
// scan, plus NotReceivedWaitHours. loc is the shop's time zone, the
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
	until := at.Add(time.Duration(p.NotReceivedWaitHours) * time.Hour)
	if now.Before(until) {
		return NotReceivedStep{Step: StepLookAround, Until: until,
			Reason: fmt.Sprintf("it was marked delivered %s; parcels often turn up with a neighbour or in a safe place within %d hours", at.Format("Mon Jan 2 at 3:04 PM"), p.NotReceivedWaitHours)}
	}
	return NotReceivedStep{Step: StepAct, Reason: "it was marked delivered more than a while ago and hasn't turned up"}
}
