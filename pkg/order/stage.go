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
// return window (counted from the last delivery).
//
// Precedence: a cancelled order is cancelled, whatever shipped; a fully
// refunded order is returned/refunded; a shipment in trouble makes the order a
// delivery exception; otherwise the order is as far along as its least
// advanced part, with unshipped items counting as pre-shipment.
func JourneyOf(o Order, now time.Time, returnWindow time.Duration) Journey {
	if o.CancelledAt != nil {
		return Journey{Stage: StageCancelled}
	}
	if o.FinancialStatus == "refunded" || (o.TotalPrice > 0 && o.RefundedTotal() >= o.TotalPrice) {
		return Journey{Stage: StageReturnedRefunded}
	}

	var active []Shipment
	for _, s := range o.Shipments {
		if !s.Cancelled() {
			active = append(active, s)
		}
	}
	if len(active) == 0 {
		return Journey{Stage: StagePreShipment}
	}

	least := StageDelivered
	exception := false
	seen := map[Stage]bool{}
	var lastDelivery time.Time
	for _, s := range active {
		st := ShipmentStage(s)
		seen[st] = true
		if st == StageDeliveryException {
			exception = true
			continue
		}
		if progress[st] < progress[least] {
			least = st
		}
		if st == StageDelivered {
			if d := deliveredAt(s); d.After(lastDelivery) {
				lastDelivery = d
			}
		}
	}
	unshipped := !coversAllItems(o, active)
	if unshipped {
		seen[StagePreShipment] = true
		least = StagePreShipment
	}
	partial := len(seen) > 1

	if exception {
		return Journey{Stage: StageDeliveryException, Partial: partial}
	}
	if least != StageDelivered {
		return Journey{Stage: least, Partial: partial}
	}
	ends := lastDelivery.Add(returnWindow)
	j := Journey{Stage: StageDelivered, DeliveredAt: &lastDelivery, ReturnWindowEnds: &ends}
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

// coversAllItems reports whether the active shipments carry every line item.
// Shopify's own fulfillment_status settles it when it says "fulfilled" or
// "partial" (which also covers part of one line's quantity shipped); a
// shipment that lists no line items is taken to carry the whole order.
func coversAllItems(o Order, active []Shipment) bool {
	switch o.FulfillmentStatus {
	case "fulfilled":
		return true
	case "partial": // part of a line's quantity may be unshipped
		return false
	}
	shipped := map[string]bool{}
	for _, s := range active {
		if len(s.LineItemIDs) == 0 {
			return true
		}
		for _, id := range s.LineItemIDs {
			shipped[id] = true
		}
	}
	for _, li := range o.LineItems {
		if !shipped[li.ID] {
			return false
		}
	}
	return true
}
