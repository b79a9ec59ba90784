package order

import "time"

// Stage is where an order is in its journey, from checkout to after delivery.
type Stage string

// Journey stages, in the order a parcel moves through them.
const (
	StagePreShipment       Stage = "pre_shipment"
	StageLabelCreated      Stage = "label_created"
	StageInTransit         Stage = "in_transit"
	StageOutForDelivery    Stage = "out_for_delivery"
	StageDeliveryException Stage = "delivery_exception"
	StageDelivered         Stage = "delivered" // delivered, return window open
	StagePastReturnWindow  Stage = "past_return_window"
	StageReturnedRefunded  Stage = "returned_refunded"
	StageCancelled         Stage = "cancelled"
)

// Journey is an order's stage and what went into it.
type Journey struct {
	Stage Stage `json:"stage"`
	// Partial is true when some items have shipped and others have not, or
	// some shipments are further along than others.
	Partial bool `json:"partial,omitempty"`
	// DeliveredAt is the latest delivery time, once everything is delivered.
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	// ReturnWindowEnds is when returns close, once everything is delivered.
	ReturnWindowEnds *time.Time `json:"return_window_ends,omitempty"`
	// Parcels are the order's parts, each on its own journey.
	Parcels []Parcel `json:"parcels,omitempty"`
}

// progress ranks the shipping stages; the order is as far along as its
// least advanced part.
var progress = map[Stage]int{
	StagePreShipment:    0,
	StageLabelCreated:   1,
	StageInTransit:      2,
	StageOutForDelivery: 3,
	StageDelivered:      4,
}

// ShipmentStage is the stage one shipment on its own is in.
func ShipmentStage(s Shipment) Stage {
	switch s.Status {
	case StatusNone, StatusLabelPrinted, StatusLabelPurchased, StatusConfirmed:
		return StageLabelCreated
	case StatusCarrierPickedUp, StatusInTransit, StatusDelayed:
		return StageInTransit
	case StatusOutForDelivery, StatusReadyForPickup:
		return StageOutForDelivery
	case StatusAttemptedDelivery, StatusFailure, StatusReturnedToSender:
		return StageDeliveryException
	case StatusDelivered, StatusPickedUp:
		return StageDelivered
	}
	return StageInTransit
}

// JourneyOf computes the order's journey stage at now, given the merchant's
// return window (counted from the last delivery). It is Track with no
// problems known, dates in UTC.
func JourneyOf(o Order, now time.Time, returnWindow time.Duration) Journey {
	return Track(o, now, nil, returnWindow, nil)
}

// Track computes the order's journey at now: a stage for each parcel and
// one for the order. loc is the shop's time zone (nil: UTC), for "today";
// problems are what the delivery check found, by shipment id ("lost",
// "failure", "returned_to_sender", "late", ...): a parcel lost, failed or
// coming back is a delivery exception whatever its last scan said.
//
// Precedence for the order: a cancelled order is cancelled, whatever
// shipped; a fully refunded order is returned/refunded; a parcel in
// trouble makes the order a delivery exception; otherwise the order is as
// far along as its least advanced parcel, unshipped items counting as
// pre-shipment.
func Track(o Order, now time.Time, loc *time.Location, returnWindow time.Duration, problems map[string]string) Journey {
	parcels := ParcelsOf(o, now, loc)
	for i := range parcels {
		if sh := parcels[i].Shipment; sh != nil {
			parcels[i].SetProblem(problems[sh.ID])
		}
	}
	if o.CancelledAt != nil {
		return Journey{Stage: StageCancelled, Parcels: parcels}
	}
	if o.FinancialStatus == "refunded" || (o.TotalPrice > 0 && o.RefundedTotal() >= o.TotalPrice) {
		return Journey{Stage: StageReturnedRefunded, Parcels: parcels}
	}
	if len(parcels) == 0 || (len(parcels) == 1 && parcels[0].Shipment == nil) {
		return Journey{Stage: StagePreShipment, Parcels: parcels}
	}

	least := StageDelivered
	exception := false
	seen := map[Stage]bool{}
	var lastDelivery time.Time
	for _, p := range parcels {
		seen[p.Stage] = true
		if p.Stage == StageDeliveryException {
			exception = true
			continue
		}
		if progress[p.Stage] < progress[least] {
			least = p.Stage
		}
		if p.Stage == StageDelivered && p.Shipment != nil {
			if d := deliveredAt(*p.Shipment); d.After(lastDelivery) {
				lastDelivery = d
			}
		}
	}
	partial := len(seen) > 1

	if exception {
		return Journey{Stage: StageDeliveryException, Partial: partial, Parcels: parcels}
	}
	if least != StageDelivered {
		return Journey{Stage: least, Partial: partial, Parcels: parcels}
	}
	ends := lastDelivery.Add(returnWindow)
	j := Journey{Stage: StageDelivered, DeliveredAt: &lastDelivery, ReturnWindowEnds: &ends, Parcels: parcels}
	if now.After(ends) {
		j.Stage = StagePastReturnWindow
	}
	return j
}

// deliveredAt is when the shipment was delivered, or its last news when the
// carrier gave no delivery time.
func deliveredAt(s Shipment) time.Time {
	switch {
	case s.DeliveredAt != nil:
		return *s.DeliveredAt
	case !s.LastEventAt.IsZero():
		return s.LastEventAt
	}
	return s.UpdatedAt
}
