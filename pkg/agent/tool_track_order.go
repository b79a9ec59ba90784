package agent

import (
	"context"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

var _ = register(newTool(ToolTrackOrder, "Where an order is: stage, carrier, tracking link, last scan, estimated delivery.",
	func(s *session, ctx context.Context, in orderInput) (any, bool, error) {
		return s.withOrder(ctx, in.OrderNumber, func(o order.Order) any { return s.tracking(ctx, o) })
	}))

// tracking is the journey-aware answer to "where is my order".
func (s *session) tracking(ctx context.Context, o order.Order) any {
	j := order.JourneyOf(o, s.now, s.pol.ReturnWindow())
	d := map[string]any{"order_number": o.Name, "stage": string(j.Stage), "placed": day(o.CreatedAt), "items": plainTitles(o)}
	if j.Partial {
		d["partial"] = true
	}
	var ships []map[string]any
	for _, sh := range o.Shipments {
		if sh.Cancelled() {
			continue
		}
		m := map[string]any{"carrier": sh.Carrier, "tracking_number": sh.TrackingNumber, "tracking_url": sh.TrackingURL,
			"status": string(order.ShipmentStage(sh)), "last_scan": day(sh.LastEventAt)}
		if sh.Service != "" {
			m["service"] = sh.Service
		}
		if sh.DeliveredAt != nil {
			m["delivered"] = day(*sh.DeliveredAt)
		} else if order.ShipmentStage(sh) == order.StageOutForDelivery {
			m["estimated_delivery"] = "today"
		} else if from, to := s.a.estimate(sh, s.pol); !from.IsZero() {
			m["estimated_delivery"] = dateRange(from, to)
			if from.Before(s.now.Truncate(24*time.Hour)) && to.Before(s.now) {
				m["late"] = true
			}
		}
		ships = append(ships, m)
	}
	if len(ships) > 0 {
		d["shipments"] = ships
	}
	switch j.Stage {
	case order.StagePreShipment:
		d["note"] = "not shipped yet; orders usually ship within 2 business days"
	case order.StageDelivered:
		d["return_window_ends"] = day(*j.ReturnWindowEnds)
	case order.StagePastReturnWindow:
		d["note"] = "delivered; the return window has closed"
	case order.StageDeliveryException:
		d["note"] = "the carrier reported a delivery problem"
	}
	// What the delivery check noticed and did: the customer may have had
	// our email about it already.
	{
		if ps, err := s.orderProblems(ctx, o); err == nil && len(ps) > 0 {
			d["problem"], d["what_we_did"] = ps[0]["problem"], ps[0]["what_we_did"]
			if r, ok := ps[0]["replacement_order"]; ok {
				d["replacement_order"] = r
			}
			if r, ok := ps[0]["refunded"]; ok {
				d["refunded"] = r
			}
		}
	}
	return d
}

func dateRange(from, to time.Time) string {
	if from.Equal(to) {
		return day(from)
	}
	return day(from) + " to " + day(to)
}

// estimate is the carrier's estimate when it gave one, else the ship date
// plus the policy's transit days, in business days.
func (a *Agent) estimate(sh order.Shipment, p policy.Policy) (time.Time, time.Time) {
	if sh.EstimatedDelivery != nil {
		return *sh.EstimatedDelivery, *sh.EstimatedDelivery
	}
	start := sh.CreatedAt
	if sh.ShippedAt != nil {
		start = *sh.ShippedAt
	}
	if start.IsZero() {
		return time.Time{}, time.Time{}
	}
	return addBusinessDays(start, p.TransitDaysMin), addBusinessDays(start, p.TransitDaysMax)
}

func addBusinessDays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}
