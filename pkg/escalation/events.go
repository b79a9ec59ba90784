package escalation

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
)

// Reactions registers what escalation does about other capabilities'
// events: a turn that gave its conversation to a person opens a handoff
// (an approval when policy asked for one), with its SLA; a customer's
// answer to a person restarts the SLA (CustomerAnswered). Redacting a
// customer erases their handoffs; redacting a shop, its handoffs
// (EraseShop).
func (s *Service) Reactions(r event.Registry, p *privacy.Service) {
	r.On(conversation.KindTurn, "escalation", event.Typed(func(ctx context.Context, _ event.Event, t conversation.TurnSaved) error {
		for _, a := range t.Actions {
			if p, ok := t.After.FindProposal(a.Proposal); ok && a.Status == conversation.ProposalWithdrawn && p.Status == conversation.ProposalWithdrawn {
				if err := s.Withdrawn(ctx, t.After, p); err != nil {
					return err
				}
			}
			if p, ok := t.After.FindProposal(a.Proposal); ok && a.Status == conversation.ProposalDone && p.Status == conversation.ProposalDone {
				// Confirmed in the chat and done: it supersedes older
				// requests about the same items (agent.Superseded).
				if err := agent.NoteNewest(ctx, s.Store, t.After.Shop, p, s.Clock.Now()); err != nil {
					return err
				}
			}
		}
		if t.Before.Status == conversation.StatusHandover && t.After.Status == conversation.StatusHandover && !t.CustomerAt.IsZero() {
			// The customer wrote to a person: their SLA starts again.
			return s.CustomerAnswered(ctx, t.After)
		}
		if !t.HandedOver() {
			return nil
		}
		if joined, err := s.joined(ctx, t.After); err != nil || joined {
			return err // the customer's answer went to a handoff's person (Link)
		}
		_, err := s.Open(ctx, HandoverRequest(t))
		return err
	}))
	if p != nil {
		p.AddEraser("escalation", func(ctx context.Context, shop, email string, _ []string) error {
			return s.Erase(ctx, shop, email)
		})
		p.AddShopEraser("escalation", s.EraseShop)
	}
}

// HandoverRequest is the handoff a turn that handed over opens: an
// approval of the action policy sent to a person, else a plain handoff.
// The customer message's Seq keys it, so a redelivered event opens the
// same handoff.
func HandoverRequest(t conversation.TurnSaved) Request {
	return ApprovalRequest(t.After, t.Seq, t.Actions)
}
