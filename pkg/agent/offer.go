package agent

import (
	"context"
	"sort"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Which tools the model is offered is decided here, in code, from what the
// conversation has established: every tool spec costs input tokens on
// every model call, and a tool that cannot act on the order in question
// only invites a refusal. So a tool names the phases it is offered in
// (offeredIn), and a round offers the tools of the conversation's phase,
// sorted by name: one stable tool list per phase, so each phase's prefix
// (instructions and tools) is cached like any other. A call of a tool the
// request did not offer is not run: its result is an error,
// tool_not_available. Every tool still checks identity and policy
// itself.

// Phase is where a conversation is, for the tools it needs: one bit per
// phase, so a tool's phases are a set.
type Phase uint16

// Phases.
const (
	// PhaseUnverified: code has not verified the customer.
	PhaseUnverified Phase = 1 << iota
	// PhaseNoOrder: verified, with no order to act on.
	PhaseNoOrder
	// PhaseUnshipped: the order in question has not shipped.
	PhaseUnshipped
	// PhaseShipping: it is on its way (label created to delivery
	// exception).
	PhaseShipping
	// PhaseReturnable: delivered, inside the return window.
	PhaseReturnable
	// PhasePastWindow: delivered, the return window closed.
	PhasePastWindow
	// PhaseClosed: refunded, returned or cancelled.
	PhaseClosed

	// PhaseVerified is every phase of a verified customer.
	PhaseVerified = PhaseNoOrder | PhaseUnshipped | PhaseShipping | PhaseReturnable | PhasePastWindow | PhaseClosed
	// PhaseAny is every phase: a tool that declares none is offered in
	// all.
	PhaseAny = PhaseUnverified | PhaseVerified
)

// offeredIn sets the phases t is offered in (tool files chain it onto
// newTool).
func (t *Tool) offeredIn(p Phase) *Tool {
	t.phases = p
	return t
}

// offered reports whether t is offered in phase p.
func (t *Tool) offered(p Phase) bool {
	return t.phases == 0 || t.phases&p != 0
}

// phaseOf is the phase of an order, by its journey stage at now.
func phaseOf(o order.Order, s *session) Phase {
	switch order.JourneyOf(o, s.now, s.pol.ReturnWindow()).Stage {
	case order.StagePreShipment:
		// Partly shipped: the parcel with the carrier can be late too.
		if parcelOnItsWay(o) != nil {
			return PhaseUnshipped | PhaseShipping
		}
		return PhaseUnshipped
	case order.StageDelivered:
		return PhaseReturnable
	case order.StagePastReturnWindow:
		return PhasePastWindow
	case order.StageReturnedRefunded, order.StageCancelled:
		return PhaseClosed
	case order.StageOutForDelivery:
		// At the door today: the customer may be holding it ("arrived
		// today, the mug is broken") before the carrier's scan says so.
		return PhaseShipping | PhaseReturnable
	}
	// A parcel delivered inside its window while the rest travels: its
	// items can be returned or reported already, by policy's own rule.
	if len(s.pol.DeliveredLines(o, s.now)) > 0 {
		return PhaseShipping | PhaseReturnable
	}
	return PhaseShipping
}

// phases is the conversation's phase: unverified; else the current
// order's; with no current order among the customer's newest orders, those
// orders' phases together (any of them may be meant); with no orders,
// PhaseNoOrder. It reads nothing the turn does not read anyway.
func (s *session) phases(ctx context.Context) (Phase, error) {
	if !s.conv.Verified() {
		return PhaseUnverified, nil
	}
	orders, err := s.myOrders(ctx)
	if err != nil {
		return 0, err
	}
	// The current order is looked for among all the orders read, not
	// only the newest five: an older one named is still the one meant.
	for _, o := range orders {
		if o.Name == s.conv.CurrentOrder {
			return phaseOf(o, s) | s.namedPhases(orders), nil // named_phases.go
		}
	}
	if len(orders) > 5 {
		orders = orders[:5]
	}
	var all Phase
	for _, o := range orders {
		all |= phaseOf(o, s)
	}
	if all == 0 {
		return PhaseNoOrder, nil
	}
	return all, nil
}

// toolsFor is the tool list of one model call and the tools the model may
// call in it: the phase's tools, plus the tool of the proposal the
// customer just answered (the model reports on it) and any tool already
// run in this turn's messages, sorted by name. A tool refused in this turn
// because it was not offered stays in the list (the model's messages name
// it) but may still not be called.
func (s *session) toolsFor(ctx context.Context, msgs []Message) ([]ToolSpec, map[string]bool, error) {
	p, err := s.phases(ctx)
	if err != nil {
		return nil, nil, err
	}
	allowed, listed := map[string]bool{}, map[string]bool{}
	if s.answered != nil {
		allowed[s.answered.Tool] = true
	}
	for _, m := range msgs {
		for _, b := range m.Blocks {
			if b.ToolUse != nil {
				listed[b.ToolUse.Name] = true
				if !s.refused[b.ToolUse.Name] {
					allowed[b.ToolUse.Name] = true
				}
			}
		}
	}
	specs := toolSpecs(func(t *Tool) bool {
		if t.offered(p) {
			allowed[t.Spec.Name] = true
		}
		return allowed[t.Spec.Name] || listed[t.Spec.Name]
	})
	return specs, allowed, nil
}

// ToolSpecsFor is every tool offered in phase p, sorted by name.
func ToolSpecsFor(p Phase) []ToolSpec {
	return toolSpecs(func(t *Tool) bool { return t.offered(p) })
}

func toolSpecs(keep func(*Tool) bool) []ToolSpec {
	registryMu.Lock()
	defer registryMu.Unlock()
	out := make([]ToolSpec, 0, len(registry))
	for _, t := range registry {
		if keep(t) {
			out = append(out, t.Spec)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
