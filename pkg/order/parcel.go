package order

import "time"

// Parcel is one part of an order on its own journey: a shipment, or the
// items no shipment carries yet.
type Parcel struct {
	// Shipment is nil for the items not shipped yet.
	Shipment   *Shipment `json:"-"`
	ShipmentID string    `json:"shipment_id,omitempty"`
	// Items are the lines the parcel holds; for the unshipped part of a
	// "partial" order whose lines all have some quantity shipped, empty.
	Items []LineItem `json:"items,omitempty"`
	Stage Stage      `json:"stage"`
	// Problem is what the delivery check found wrong with the parcel
	// ("late", "stalled", "lost", "failure", "returned_to_sender", ...).
	Problem string `json:"problem,omitempty"`
	// OutToday is true when the parcel is out for delivery on a scan made
	// today in the shop's zone: an older out-for-delivery scan is not
	// "today".
	OutToday bool `json:"out_today,omitempty"`
}

// Problems that stop a parcel being "on its way": it is a delivery
// exception whatever its last scan said.
var exceptional = map[string]bool{"lost": true, "failure": true, "returned_to_sender": true}

// SetProblem records what the delivery check found; a lost, failed or
// returned parcel that is not delivered becomes a delivery exception.
func (p *Parcel) SetProblem(kind string) {
	if kind == "" {
		return
	}
	p.Problem = kind
	if exceptional[kind] && p.Stage != StageDelivered {
		p.Stage, p.OutToday = StageDeliveryException, false
	}
}

// Shipped reports whether the parcel has gone to a carrier (it has a
// shipment).
func (p Parcel) Shipped() bool { return p.Shipment != nil }

// ParcelsOf lists o's parcels at now: each shipment not cancelled, in
// order, then the items none of them carries (a pre-shipment parcel).
// loc is the shop's time zone (nil: UTC).
func ParcelsOf(o Order, now time.Time, loc *time.Location) []Parcel {
	if loc == nil {
		loc = time.UTC
	}
	var out []Parcel
	wholeOrder := false
	for i := range o.Shipments {
		sh := o.Shipments[i]
		if sh.Cancelled() {
			continue
		}
		p := Parcel{Shipment: &sh, ShipmentID: sh.ID, Stage: ShipmentStage(sh), Items: linesOf(o, sh)}
		if len(sh.LineItemIDs) == 0 {
			wholeOrder = true
		}
		if p.Stage == StageOutForDelivery && sh.Status != StatusReadyForPickup && !sh.LastEventAt.IsZero() {
			y1, m1, d1 := sh.LastEventAt.In(loc).Date()
			y2, m2, d2 := now.In(loc).Date()
			p.OutToday = y1 == y2 && m1 == m2 && d1 == d2
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return []Parcel{{Stage: StagePreShipment, Items: o.LineItems}}
	}
	if o.FulfillmentStatus == "fulfilled" || (wholeOrder && o.FulfillmentStatus != "partial") {
		return out
	}
	var rest []LineItem
	if !wholeOrder {
		rest = Unfulfilled(o, out)
	}
	if len(rest) > 0 || o.FulfillmentStatus == "partial" {
		out = append(out, Parcel{Stage: StagePreShipment, Items: rest})
	}
	return out
}

// Unfulfilled is o's lines less the units of each that parcels hold,
// each with the quantity still to ship: a line partly fulfilled keeps only
// its remaining units, a line fulfilled in full is left out (a line of no
// stated quantity is left out once any parcel holds it).
func Unfulfilled(o Order, parcels []Parcel) []LineItem {
	shipped := map[string]int{}
	held := map[string]bool{}
	for _, p := range parcels {
		if p.Shipment == nil {
			continue
		}
		for _, li := range p.Items {
			shipped[li.ID] += li.Quantity
			held[li.ID] = true
		}
	}
	var rest []LineItem
	for _, li := range o.LineItems {
		switch {
		case li.Quantity <= 0:
			if !held[li.ID] {
				rest = append(rest, li)
			}
		case li.Quantity > shipped[li.ID]:
			li.Quantity -= shipped[li.ID]
			rest = append(rest, li)
		}
	}
	return rest
}

// LinesIn is the order's lines in sh, each with the units sh holds; no
// ids is every line, whole.
func (o Order) LinesIn(sh Shipment) []LineItem { return linesOf(o, sh) }

// linesOf is the order's lines in sh, each with the units sh holds (its
// fulfilment line items' quantities); no ids is every line, whole.
func linesOf(o Order, sh Shipment) []LineItem {
	if len(sh.LineItemIDs) == 0 {
		return o.LineItems
	}
	in := map[string]bool{}
	for _, id := range sh.LineItemIDs {
		in[id] = true
	}
	var out []LineItem
	for _, li := range o.LineItems {
		if !in[li.ID] {
			continue
		}
		if q, ok := sh.LineQuantities[li.ID]; ok && q > 0 && q < li.Quantity {
			li.Quantity = q
		}
		out = append(out, li)
	}
	return out
}
