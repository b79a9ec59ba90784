package agent

import (
	"context"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// ToolFollowUp promises a follow-up on a parcel that has not arrived.
const ToolFollowUp = "follow_up"

// FollowUps decides follow-up promises (package promise): the terms come
// from the merchant's delivery policy and the parcel's estimate, never
// from the model.
type FollowUps interface {
	// FollowUp is the promise policy allows about o's parcel still on its
	// way, at now, as a proposal's terms and statement (ShipmentID, DueAt,
	// Resolution, Lines, Amount, Statement); or why none fits.
	FollowUp(ctx context.Context, o order.Order, now time.Time) (p conversation.Proposal, none string, err error)
}

// follow_up: "if it hasn't arrived by <time>, I'll <action>", a proposal
// the customer says yes to; the promise is made with the turn that saves
// the yes (package promise reacts to it) and kept by a workflow.
var followUp = register(newTool(ToolFollowUp,
	"Late or stalled parcel: promise to act (per policy) if not delivered by a set time.",
	(*session).followUp).offeredIn(PhaseUnshipped | PhaseShipping))

func init() {
	followUp.Write = &Write{Check: checkFollowUp, Execute: executeFollowUp, Done: followUpDone}
}

type followUpInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: current order"`
	Confirm     bool   `json:"confirm,omitempty"`
}

func (s *session) followUp(ctx context.Context, in followUpInput) (any, bool, error) {
	if in.Confirm {
		return s.confirmed(ToolFollowUp)
	}
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	if s.a.FollowUps == nil {
		return map[string]any{"status": "unavailable", "offer": "a person on the team can look into it with the carrier"}, false, nil
	}
	p, none, err := s.a.FollowUps.FollowUp(ctx, o, s.now)
	if err != nil {
		return nil, false, err
	}
	if none != "" {
		return map[string]any{"status": "no_promise", "reason": none}, false, nil
	}
	return s.propose(ToolFollowUp, o, p)
}

// checkFollowUp: a promise about a parcel still on its way, before its
// time.
func checkFollowUp(_ policy.Policy, o order.Order, p conversation.Proposal, now time.Time) policy.Decision {
	if p.DueAt == nil || p.ShipmentID == "" {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the follow-up has no terms"}
	}
	if o.CancelledAt != nil {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the order was cancelled"}
	}
	if !now.Before(*p.DueAt) {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the time for the follow-up has passed"}
	}
	for _, sh := range o.Shipments {
		if sh.ID == p.ShipmentID && order.ShipmentStage(sh) == order.StageDelivered {
			return policy.Decision{Verdict: policy.Refuse, Reason: "the parcel has been delivered"}
		}
	}
	return policy.Decision{Verdict: policy.Allow}
}

// executeFollowUp records nothing itself: the promise is made from the
// done proposal by the reaction to the turn that saves it, in the same
// write as the customer's yes (package promise).
func executeFollowUp(_ context.Context, _ *Agent, _ order.Order, p conversation.Proposal) (string, error) {
	return "promised: follow-up due " + p.DueAt.UTC().Format(time.RFC3339), nil
}

func followUpDone(p conversation.Proposal, _ string) map[string]any {
	return map[string]any{"status": "promised", "order_number": p.Order, "promise": p.Statement}
}
