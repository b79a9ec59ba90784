package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// rules are the shop's delivery rules and time zone.
func (a *Agent) rules() edd.Rules {
	if a.Rules != nil {
		return *a.Rules
	}
	return edd.DefaultRules(time.UTC)
}

// loc is the shop's time zone.
func (s *session) loc() *time.Location {
	if l := s.a.rules().Location; l != nil {
		return l
	}
	return time.UTC
}

// day is t's date in the shop's zone, as the customer is told it.
func (s *session) day(t time.Time) string { return t.In(s.loc()).Format("Mon, Jan 2, 2006") }

// journey is o's journey with what the delivery check found: a lost or
// failed parcel is never "on its way", in the order list or the prompt
// either. Only orders with a parcel still moving are worth the read.
func (s *session) journey(ctx context.Context, o order.Order) order.Journey {
	j := order.Track(o, s.now, s.loc(), s.pol.ReturnWindow(), nil)
	switch j.Stage {
	case order.StageLabelCreated, order.StageInTransit, order.StageOutForDelivery:
	default:
		return j
	}
	ps, err := s.orderProblems(ctx, o) // from the customer context when it has them
	if err != nil || len(ps) == 0 {
		return j
	}
	byShipment := map[string]string{}
	for _, p := range ps {
		if id, _ := p["shipment_id"].(string); id != "" && byShipment[id] == "" {
			byShipment[id], _ = p["problem"].(string)
		}
	}
	return order.Track(o, s.now, s.loc(), s.pol.ReturnWindow(), byShipment)
}

// orderFacts is the journey-aware answer to "where is my order": the
// order's stage and, parcel by parcel, each one's own stage, items and
// delivery estimate, computed by pkg/order and pkg/edd exactly as the
// notices, the tracking page and claims compute them, with what the
// delivery check found and did.
func (s *session) orderFacts(ctx context.Context, o order.Order) map[string]any {
	var problems []map[string]any
	if ps, err := s.orderProblems(ctx, o); err == nil {
		problems = ps
	}
	byShipment := map[string]string{}
	what := map[string]string{}
	for _, p := range problems { // newest first: keep the newest per parcel
		id, _ := p["shipment_id"].(string)
		if _, ok := byShipment[id]; ok || id == "" {
			continue
		}
		byShipment[id], _ = p["problem"].(string)
		what[id], _ = p["what_we_did"].(string)
	}
	rules := s.a.rules()
	j := order.Track(o, s.now, s.loc(), s.pol.ReturnWindow(), byShipment)
	d := map[string]any{"order_number": o.Name, "stage": string(j.Stage), "placed": s.day(o.CreatedAt), "items": itemTitles(o)}
	if j.Partial {
		d["partial"] = true
	}
	var parcels []map[string]any
	for _, p := range j.Parcels {
		m := map[string]any{"stage": string(p.Stage), "items": parcelTitles(p.Items), "shipped": p.Shipped()}
		sh := p.Shipment
		if sh != nil {
			m["carrier"], m["tracking_number"], m["tracking_url"] = sh.Carrier, sh.TrackingNumber, sh.TrackingURL
			if sh.Service != "" && sh.Service != "manual" {
				m["service"] = sh.Service
			}
			switch {
			case p.Stage == order.StageLabelCreated:
				m["label_created"] = s.day(firstTime(sh.CreatedAt, sh.LastEventAt))
			case !sh.LastEventAt.IsZero():
				m["last_scan"] = s.day(sh.LastEventAt)
			}
			if p.Problem != "" {
				m["problem"] = p.Problem
				if w := what[sh.ID]; w != "" {
					m["what_we_did"] = w
				}
			}
		}
		switch {
		case p.Stage == order.StageDelivered && sh != nil:
			if sh.DeliveredAt != nil {
				m["delivered"] = s.day(*sh.DeliveredAt)
			}
		case p.Stage == order.StageDeliveryException, p.Stage == order.StageCancelled:
		case p.OutToday:
			m["out_for_delivery_today"] = true
		default:
			est := rules.ForParcel(o, sh)
			if est.IsZero() {
				break
			}
			ol := rules.At(est, s.now).Stalled(p.Problem == "stalled")
			m["estimated_delivery"] = ol.Value()
			if ol.Passed() {
				m["estimate_passed"] = true
			}
			if ol.Late() {
				m["late"] = true
			}
			if sh == nil && !est.ShipBy.IsZero() && !ol.Rolled() && !ol.Today.After(est.ShipBy) {
				m["ships_by"] = edd.Day(est.ShipBy)
			}
		}
		parcels = append(parcels, m)
	}
	if len(parcels) > 0 {
		d["parcels"] = parcels
	}
	switch j.Stage {
	case order.StageDelivered:
		d["return_window_ends"] = s.day(*j.ReturnWindowEnds)
	case order.StagePastReturnWindow:
		d["note"] = "delivered; the return window has closed"
		// Its last day, so the customer hears when it closed.
		if e := j.ReturnWindowEnds; e != nil {
			d["return_window_closed"] = s.day(*e)
		}
	case order.StageDeliveryException:
		d["note"] = "a parcel has a delivery problem"
	case order.StageCancelled:
		cancelFacts(s, o, d)
	}
	s.thankYouCode(ctx, o, d)
	if len(problems) > 0 {
		d["problem"], d["what_we_did"] = problems[0]["problem"], problems[0]["what_we_did"]
		if r, ok := problems[0]["replacement_order"]; ok {
			d["replacement_order"] = r
		}
		if r, ok := problems[0]["refunded"]; ok {
			d["refunded"] = r
		}
	}
	return d
}

// parcelTitles are a parcel's items with their variants: "Cast-Iron
// Skillet (10 inch)", "2 × Harbor Stoneware Mug (Charcoal / 12 oz)".
func parcelTitles(lines []order.LineItem) []string {
	var out []string
	for _, li := range lines {
		t := li.Title
		if li.Variant != "" {
			t += " (" + li.Variant + ")"
		}
		if li.Quantity > 1 {
			t = fmt.Sprintf("%d × %s", li.Quantity, t)
		}
		out = append(out, t)
	}
	return out
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// cancelReasons are Shopify's cancel_reason values, as the customer is told
// them.
var cancelReasons = map[string]string{
	"customer":  "cancelled at the customer's request",
	"declined":  "the payment was declined",
	"fraud":     "the payment did not pass the shop's security checks",
	"inventory": "items were out of stock",
	"staff":     "a staff error",
}

// cancelFacts adds to d when o was cancelled, why (Shopify's cancel
// reason, when it gives one) and what was refunded.
func cancelFacts(s *session, o order.Order, d map[string]any) {
	if o.CancelledAt != nil {
		d["cancelled"] = s.day(*o.CancelledAt)
	}
	if r := cancelReasons[o.CancelReason]; r != "" {
		d["cancel_reason"] = r
	}
	if t := o.RefundedTotal(); t > 0 {
		d["refunded_total"] = money(t, o.Currency)
		last := o.Refunds[0].CreatedAt
		for _, r := range o.Refunds {
			if r.CreatedAt.After(last) {
				last = r.CreatedAt
			}
		}
		d["refund_date"] = s.day(last)
	}
}
