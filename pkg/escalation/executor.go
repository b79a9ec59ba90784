package escalation

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// ProposalRunner runs a stored proposal exactly, once (agent.Agent.Execute).
type ProposalRunner interface {
	Execute(ctx context.Context, shop string, p conversation.Proposal, approved bool) (string, error)
}

// ProposalExecutor runs approved actions: the proposal the customer said
// yes to, exactly, through the agent's own tools (Shopify in AWS, the demo
// shop locally), with its id as the idempotency key.
type ProposalExecutor struct {
	Agent ProposalRunner
}

var _ Executor = (*ProposalExecutor)(nil)

// Execute runs a's proposal. An action without one, or one no tool
// automates, is for a person to do in Shopify (an ActionFailedError says
// so); so is one policy now refuses (the order shipped meanwhile, say) or
// the shop refuses.
func (x *ProposalExecutor) Execute(ctx context.Context, shop string, a Action) (string, error) {
	if a.Proposal == nil {
		return "", &workflow.ActionFailedError{Reason: "no proposal was recorded for this action: do it in Shopify"}
	}
	detail, err := x.Agent.Execute(ctx, shop, *a.Proposal, true)
	var refused *agent.RefusedError
	switch {
	case errors.Is(err, agent.ErrAlreadyDone):
		return "already done", nil
	case errors.As(err, &refused):
		return "", &workflow.ActionFailedError{Reason: refused.Reason, Refused: true}
	case errors.Is(err, agent.ErrNotAWrite):
		return "", &workflow.ActionFailedError{Reason: a.Tool + " is not automated yet: do it in Shopify"}
	case errors.Is(err, agent.ErrCommerceRejected):
		return "", &workflow.ActionFailedError{Reason: "the shop refused the change"}
	case err != nil:
		return "", fmt.Errorf("run proposal %s: %w", a.Proposal.ID, err)
	}
	return detail, nil
}

// CommerceExecutor is a ProposalExecutor over an agent made of a Commerce
// adapter and the store, for a function that has no agent of its own.
type CommerceExecutor struct {
	Commerce agent.Commerce
	Store    agent.Store
	// Policies is the shops' policy (settings.Service); nil means
	// policy.Default.
	Policies agent.Policies
	// Clock is nil for the system clock.
	Clock clock.Clock
}

var _ Executor = (*CommerceExecutor)(nil)

// Execute runs a's proposal.
func (x *CommerceExecutor) Execute(ctx context.Context, shop string, a Action) (string, error) {
	pols, clk := x.Policies, x.Clock
	if pols == nil {
		pols = agent.StaticPolicy(policy.Default())
	}
	if clk == nil {
		clk = clock.System{}
	}
	run := &ProposalExecutor{Agent: &agent.Agent{Store: x.Store, Commerce: x.Commerce, Policies: pols, Clock: clk}}
	return run.Execute(ctx, shop, a)
}

// ApprovalRequest is the escalation a handed-over turn opens: an approval
// of exactly the proposal the customer confirmed, when the turn queued one
// (an action needs_approval naming it), else a handoff. seq is the
// customer message's Seq.
func ApprovalRequest(c conversation.Conversation, seq int, actions []conversation.Action) Request {
	req := Request{Shop: c.Shop, Kind: KindHandoff, ConversationID: c.ID, CustomerEmail: c.CustomerEmail,
		Order: c.CurrentOrder, Reason: "the agent handed over", Key: strconv.Itoa(seq)}
	for _, a := range actions {
		if a.Status != "needs_approval" {
			continue
		}
		req.Kind, req.Order, req.Reason = KindApproval, a.Order, a.Detail
		act := &Action{Tool: a.Tool, Order: a.Order, Reason: a.Detail}
		if p, ok := c.FindProposal(a.Proposal); ok {
			act.Proposal, act.OrderID, act.Statement, act.Amount, act.Currency = &p, p.OrderID, p.Statement, p.Amount, p.Currency
		}
		req.Action = act
	}
	return req
}

// nextStater states a conversation's next request once a person's
// decision settled the proposal before it (agent.Agent.StateNext).
type nextStater interface {
	StateNext(ctx context.Context, c *conversation.Conversation) (string, error)
}

// StateNext states c's next request with the agent, when it can.
func (x *ProposalExecutor) StateNext(ctx context.Context, c *conversation.Conversation) (string, error) {
	if ns, ok := x.Agent.(nextStater); ok {
		return ns.StateNext(ctx, c)
	}
	return "", nil
}
