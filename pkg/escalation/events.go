package escalation

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/order"
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
		r := HandoverRequest(t)
		if h, ok, err := s.openAbout(ctx, r); err != nil || ok {
			if err != nil {
				return err
			}
			// A person has this customer's order already (they asked
			// in another conversation, or a delivery problem's case):
			// this conversation joins that handoff, no second one, and
			// the customer hears there what a joining conversation
			// hears (OwnedCase): who has it and by when they reply,
			// which the turn's own handover message could not say.
			return s.joinAfterHandover(ctx, h, t.After)
		}
		_, err := s.Open(ctx, r)
		return err
	}))
	if p != nil {
		p.AddEraser("escalation", func(ctx context.Context, shop, email string, _ []string) error {
			return s.Erase(ctx, shop, email)
		})
		p.AddShopEraser("escalation", s.EraseShop)
	}
}

// joinAfterHandover links conversation c, which a turn handed over, to
// handoff h, open about the same order, and tells c's customer, once, the
// acknowledgement with the person's reply-by time (the shop's SLA, in the
// shop's time zone), in c's channel.
func (s *Service) joinAfterHandover(ctx context.Context, h Handoff, c conversation.Conversation) error {
	said, err := s.Link(ctx, h.ID, c)
	if err != nil || said == "" {
		return err
	}
	to := h
	to.ConversationID = c.ID
	return s.once(ctx, "handoff|"+h.ID+"|joined|"+c.ID, func() error { return s.tell(ctx, to, nil, "", said) })
}

// openAbout is another open handoff about plain handoff r's order for
// r's customer, if there is one.
func (s *Service) openAbout(ctx context.Context, r Request) (Handoff, bool, error) {
	if r.Kind != KindHandoff || r.Order == "" || r.CustomerEmail == "" {
		return Handoff{}, false, nil
	}
	open, err := s.List(ctx, StatusOpen, StatusResponded)
	if err != nil {
		return Handoff{}, false, err
	}
	id, email := HandoffID(r), order.NormaliseEmail(r.CustomerEmail)
	for _, h := range open {
		if h.ID != id && h.Shop == r.Shop && h.Kind == KindHandoff && h.Order == r.Order && h.CustomerEmail == email {
			return h, true, nil
		}
	}
	return Handoff{}, false, nil
}

// HandoverRequest is the handoff a turn that handed over opens: an
// approval of the action policy sent to a person, else a plain handoff.
// The customer message's Seq keys it, so a redelivered event opens the
// same handoff.
func HandoverRequest(t conversation.TurnSaved) Request {
	return ApprovalRequest(t.After, t.Seq, t.Actions)
}
