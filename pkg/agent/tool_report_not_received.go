package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
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
	Confirm     bool   `json:"confirm,omitempty" desc:"true after the customer's yes to your statement"`
}

// report_not_received: the policy's steps for a parcel the carrier marked
// delivered that the customer has not got: look around first for the set
// hours after the scan, then the delivery policy acts: a replacement or a
// refund is a proposal the customer says yes to (Write, in parcel_offer.go);
// a trace or a person is done at once (nothing is written to their order).
var reportNotReceived = register(newTool(toolname.ReportNotReceived,
	"The customer says a parcel marked delivered never came. Returns the step the policy takes.",
	(*session).reportNotReceived).offeredIn(PhaseReturnable | PhasePastWindow))

func (s *session) reportNotReceived(ctx context.Context, in reportNotReceivedInput) (any, bool, error) {
	if in.Confirm {
		return s.confirmed(toolname.ReportNotReceived)
	}
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
	if p, ok, err := s.notReceivedProposal(ctx, o); err != nil || ok {
		if err != nil {
			return nil, false, err
		}
		return s.propose(toolname.ReportNotReceived, o, p)
	}
	// Under the turn's policy, which found no replacement or refund to
	// propose: the delivery check must not make one because this
	// instance's settings cache is older than it.
	res, err := r.ReportProblem(policy.NewContext(ctx, s.pol), o.Shop, o.ID, "not_received")
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

// notReceivedReason is the Reason of a chat proposal of report_not_received
// (a person's choice on a handed-over parcel has parcelOfferReason).
const notReceivedReason = "NOT_RECEIVED"

// newestDelivered is o's newest delivered parcel (nil: none), the one the
// delivery check acts on for a report.
func newestDelivered(o order.Order) *order.Shipment {
	var sh *order.Shipment
	for i := range o.Shipments {
		x := &o.Shipments[i]
		if x.Cancelled() || order.ShipmentStage(*x) != order.StageDelivered {
			continue
		}
		if sh == nil || deliveredAt(*x).After(deliveredAt(*sh)) {
			sh = x
		}
	}
	return sh
}

// notReceivedProposal is the replacement or refund the delivery check
// would make for o's newest delivered parcel (policy.NotReceivedAct), as a
// proposal for the customer's yes; ok is false when the check would not
// write to their order on its own (a trace, a person, a parcel made good
// or partly resolved, a refund above the automatic limit): that step
// runs at once, as it writes nothing the customer has to agree to.
func (s *session) notReceivedProposal(ctx context.Context, o order.Order) (conversation.Proposal, bool, error) {
	sh := newestDelivered(o)
	if sh == nil {
		return conversation.Proposal{}, false, nil
	}
	lines := parcelLines(o, *sh)
	value := linesValue(lines)
	act, _ := s.pol.NotReceivedAct(value, o.Currency)
	if act != policy.NotReceivedReplace && act != policy.NotReceivedRefund {
		return conversation.Proposal{}, false, nil
	}
	if len(lines) == 0 || !sameQuantities(lines, notMadeGood(o, lines)) {
		return conversation.Proposal{}, false, nil // a person decides (watch: unitsMadeGood)
	}
	problems, err := s.a.Deliveries.OrderProblems(ctx, o.Shop, o.ID)
	if err != nil {
		return conversation.Proposal{}, false, fmt.Errorf("report not received %s: %w", o.Name, err)
	}
	if _, done := madeGood(problems, sh.ID); done {
		return conversation.Proposal{}, false, nil
	}
	p := conversation.Proposal{ShipmentID: sh.ID, Lines: lines, Reason: notReceivedReason, Currency: o.Currency, Resolution: OfferReplacement}
	if act == policy.NotReceivedRefund {
		p.Resolution, p.Amount = OfferRefund, policy.ParcelRefund(o, value)
		if p.Amount <= 0 || p.Amount > s.pol.RefundAutoLimit {
			return conversation.Proposal{}, false, nil // a person decides
		}
	}
	when := deliveredAt(*sh).In(s.loc()).Format("Monday, January 2")
	p.Statement = fmt.Sprintf("Your parcel of order %s (%s) was marked delivered on %s and hasn't turned up. ", o.Name, describeLines(lines), when)
	if p.Resolution == OfferRefund {
		p.Statement += fmt.Sprintf("I'll refund %s for %s to your original payment method.", money(p.Amount, p.Currency), describeLines(lines))
	} else {
		p.Statement += fmt.Sprintf("I'll send you a replacement of %s at no cost, to the address on the order.", describeLines(lines))
	}
	return p, true, nil
}

// sameQuantities reports whether a and b are the same lines, unit for unit.
func sameQuantities(a, b []conversation.ProposalLine) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].LineItemID != b[i].LineItemID || a[i].Quantity != b[i].Quantity {
			return false
		}
	}
	return true
}

// checkNotReceived: the customer's yes runs while the parcel is still
// delivered and not made good (the delivery check's own record keeps it
// to once), and while pol, which the delivery check then acts under
// (policy.NewContext), still gives what was stated: the same step, and
// for a refund the same amount within the automatic limit. Settings the
// merchant saved since the statement refuse it rather than run another
// step than the one the customer said yes to.
func checkNotReceived(pol policy.Policy, o order.Order, p conversation.Proposal, _ time.Time) policy.Decision {
	if o.CancelledAt != nil {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the order was cancelled"}
	}
	sh := newestDelivered(o)
	if sh == nil || sh.ID != p.ShipmentID {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the parcel is no longer the one marked delivered"}
	}
	changed := policy.Decision{Verdict: policy.Refuse, Reason: "the shop's policy for parcels that have not turned up has changed since"}
	value := linesValue(parcelLines(o, *sh))
	act, _ := pol.NotReceivedAct(value, o.Currency)
	switch {
	case p.Resolution == OfferReplacement && act == policy.NotReceivedReplace:
	case p.Resolution == OfferRefund && act == policy.NotReceivedRefund:
		if amount := policy.ParcelRefund(o, value); amount != p.Amount || amount > pol.RefundAutoLimit {
			return changed
		}
	default:
		return changed
	}
	return policy.Decision{Verdict: policy.Allow, Reason: "the delivery policy makes good a parcel that has not turned up"}
}

// executeNotReceived passes the customer's report to the delivery check,
// which acts on the parcel once (its own idempotency).
func executeNotReceived(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
	r, ok := a.Deliveries.(ProblemReporter)
	if !ok || a.Deliveries == nil {
		return "", fmt.Errorf("%s: %w: no delivery check", p.Resolution, ErrCommerceRejected)
	}
	res, err := r.ReportProblem(ctx, o.Shop, o.ID, "not_received")
	if err != nil {
		return "", fmt.Errorf("report not received: %w", err)
	}
	detail := fmt.Sprint(res["what_we_did"])
	if name, _ := res["replacement_order"].(string); name != "" {
		detail += "; replacement order " + name
	}
	return detail, nil
}

// notReceivedDone says what the customer's yes did.
func notReceivedDone(p conversation.Proposal, detail string) map[string]any {
	did, name, _ := strings.Cut(detail, "; replacement order ")
	r := map[string]any{"status": "resolved", "order_number": p.Order, "items": describeLines(p.Lines), "resolution": p.Resolution, "what_we_did": did}
	if p.Resolution == OfferRefund {
		r["refunded"] = money(p.Amount, p.Currency)
	}
	if name != "" {
		r["replacement_order"] = name
	}
	return r
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
