package agent

import (
	"context"
	"errors"
	"fmt"

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

type reportNotReceivedInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: the current order"`
}

// report_not_received: the policy's steps for a parcel the carrier marked
// delivered that the customer has not got: look around first for the set
// hours after the scan, then the delivery policy acts.
var _ = register(newTool(toolname.ReportNotReceived,
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
		s.act(toolname.ReportNotReceived, "look_around", o.Name, "")
		return map[string]any{"status": "look_around", "order_number": o.Name, "reason": step.Reason,
			"until":   step.Until.In(s.loc()).Format("Mon Jan 2, 2006 at 3:04 PM MST"),
			"suggest": "check with neighbours, around the door, in a safe place or a parcel locker; if it has not turned up by then, tell us here and we act at once"}, false, nil
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
	s.findingsChanged(ctx, o)
	s.act(toolname.ReportNotReceived, "done", o.Name, fmt.Sprint(res["action"]))
	res["status"] = "reported"
	res["order_number"] = o.Name
	return res, false, nil
}
