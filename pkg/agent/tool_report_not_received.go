package agent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// ProblemReporter is the delivery check's intake of a customer's report
// (watch.ForAgent): it acts under the merchant's delivery policy (trace,
// replacement, refund or a person), once per parcel, and says what it did.
type ProblemReporter interface {
	ReportProblem(ctx context.Context, shop, orderID, kind string) (map[string]any, error)
}

// NotReceivedCases keeps a customer's open report of a parcel marked
// delivered that has not come, while they look around (promise.Findings):
// any later conversation of theirs knows it, from the order's findings,
// and lets them carry it on.
type NotReceivedCases interface {
	LookAround(ctx context.Context, shop, orderID, orderName, shipmentID string, reported, until time.Time, conversation string) error
}

type reportNotReceivedInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: the current order"`
}

// report_not_received: the policy's steps for a parcel the carrier marked
// delivered that the customer has not got: look around first for the set
// hours after the scan, then the delivery policy acts.
var reportNotReceived = register(newTool(toolname.ReportNotReceived,
	"The customer says a parcel marked delivered never came. Returns the step the policy takes.",
	(*session).reportNotReceived).offeredIn(PhaseReturnable | PhasePastWindow))

func (s *session) reportNotReceived(ctx context.Context, in reportNotReceivedInput) (any, bool, error) {
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	step := s.pol.NotReceived(o, s.now, s.loc())
	switch step.Step {
	case policy.StepNotDelivered:
		return map[string]any{"status": "not_delivered", "order_number": o.Name, "message": "the carrier has not marked it delivered; tell the customer where it is (track_order)"}, false, nil
	case policy.StepLookAround:
		if err := s.lookAround(ctx, o, step.Until); err != nil {
			return nil, false, err
		}
		s.act(toolname.ReportNotReceived, "look_around", o.Name, "")
		return map[string]any{"status": "look_around", "order_number": o.Name, "reason": step.Reason,
			"until":   step.Until.In(s.loc()).Format("Mon Jan 2, 2006 at 3:04 PM MST"),
			"suggest": "check with neighbours, around the door, in a safe place or a parcel locker; if it has not turned up by then, tell us here and we act at once"}, false, nil
	case policy.StepTooOld:
		// Claimed long after the scan: a person looks at it, nothing is
		// replaced or refunded on its own.
		s.handover = true
		s.act(toolname.ReportNotReceived, "handover", o.Name, "claimed past the not-received claim days")
		return map[string]any{"status": "handed_over", "order_number": o.Name, "reason": step.Reason}, false, nil
	}
	r, ok := s.a.Deliveries.(ProblemReporter)
	if !ok || s.a.Deliveries == nil {
		s.handover = true
		s.act(toolname.ReportNotReceived, "handover", o.Name, "no delivery check")
		return map[string]any{"status": "handed_over", "order_number": o.Name}, false, nil
	}
	res, err := r.ReportProblem(ctx, o.Shop, o.ID, "not_received")
	if errors.Is(err, resolution.ErrNotDelivered) {
		return map[string]any{"status": "not_delivered", "order_number": o.Name}, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("report not received %s: %w", o.Name, err)
	}
	s.act(toolname.ReportNotReceived, "done", o.Name, fmt.Sprint(res["action"]))
	res["status"] = "reported"
	res["order_number"] = o.Name
	return res, false, nil
}

// lookAround records the open report about o's newest delivered parcel
// (when the Deliveries port keeps such cases) and brings the customer
// context's findings up to date.
func (s *session) lookAround(ctx context.Context, o order.Order, until time.Time) error {
	cases, ok := s.a.Deliveries.(NotReceivedCases)
	if !ok {
		return nil
	}
	var sh *order.Shipment
	for i := range o.Shipments {
		x := &o.Shipments[i]
		if x.Cancelled() || x.Status != order.StatusDelivered {
			continue
		}
		if sh == nil || deliveredAt(*x).After(deliveredAt(*sh)) {
			sh = x
		}
	}
	if sh == nil {
		return nil
	}
	if err := cases.LookAround(ctx, o.Shop, o.ID, o.Name, sh.ID, s.now, until, s.conv.ID); err != nil {
		return fmt.Errorf("report not received %s: %w", o.Name, err)
	}
	s.findingsChanged(ctx, o)
	return nil
}

// deliveredAt is when a delivered shipment was delivered (its last scan
// when the time is not known).
func deliveredAt(sh order.Shipment) time.Time {
	if sh.DeliveredAt != nil {
		return *sh.DeliveredAt
	}
	return sh.LastEventAt
}

// reportedHere reports whether this conversation took the customer's
// report that order name's parcel never came (the delivery check acted on
// it): the customer context, built before, does not show it.
func (s *session) reportedHere(name string) bool {
	for _, m := range s.history {
		for _, a := range m.Actions {
			if a.Tool == toolname.ReportNotReceived && a.Status == "done" && a.Order == name {
				return true
			}
		}
	}
	return false
}
