package escalation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// ErrActionFailed is a person's choice on a handoff that did not run: the
// shop refused it, or policy no longer allows it (409, with the reason).
var ErrActionFailed = errors.New("the action did not run")

// ParcelOfferer states the replacement and the refund policy allows for a
// parcel handed to a person, as proposals (agent.Agent.ParcelOffers).
type ParcelOfferer interface {
	ParcelOffers(ctx context.Context, shop, name, orderID, tracking, key string) ([]conversation.Proposal, error)
}

// ParcelOffers states them with the agent, when it can.
func (x *ProposalExecutor) ParcelOffers(ctx context.Context, shop, name, orderID, tracking, key string) ([]conversation.Proposal, error) {
	if po, ok := x.Agent.(ParcelOfferer); ok {
		return po.ParcelOffers(ctx, shop, name, orderID, tracking, key)
	}
	return nil, nil
}

// Offers are the actions a person can approve on an open delivery handoff
// (a parcel not received, late, stalled or lost that the delivery check
// handed over): a replacement of the parcel's lines and a refund of them,
// each a proposal run once by the Executor when the person approves it
// (MakeGood). None for other handoffs, or when the parcel was made good
// already.
func (s *Service) Offers(ctx context.Context, h Handoff) ([]Action, error) {
	po, ok := s.Executor.(ParcelOfferer)
	if !ok || h.Kind != KindHandoff || !h.IsOpen() || !strings.HasPrefix(h.Case, "delivery|") || h.Order == "" {
		return nil, nil
	}
	tracking := ""
	if h.Parcel != nil {
		tracking = h.Parcel.Tracking
	}
	ps, err := po.ParcelOffers(ctx, h.Shop, h.Order, h.OrderID, tracking, h.ID)
	if err != nil {
		return nil, fmt.Errorf("offers of handoff %s: %w", h.ID, err)
	}
	var out []Action
	for _, p := range ps {
		p := p
		out = append(out, Action{Tool: p.Tool, Order: p.Order, OrderID: p.OrderID, Proposal: &p, Statement: p.Statement,
			Amount: p.Amount, Currency: p.Currency, Reason: "a person makes good a parcel the delivery check handed over"})
	}
	return out, nil
}

// MakeGood runs the offer of handoff id with resolution ("replacement",
// "refund") that person by approved: once, through the Executor (the
// proposal record, visible with the shop's writes), then tells the
// customer in the case's conversation (by email to the order's address
// when there is none, in the problem's notice thread) and resolves the
// handoff. ErrClosed once it is resolved (a second approval),
// ErrAlreadyDecided while another approval of it runs, ErrActionFailed
// (with the reason) when the shop or policy refused it: the handoff stays
// open.
func (s *Service) MakeGood(ctx context.Context, id, by, resolution string) (Handoff, error) {
	if strings.TrimSpace(by) == "" {
		return Handoff{}, fmt.Errorf("%w: an approval needs the person's name", ErrBadRequest)
	}
	h, err := s.Get(ctx, id)
	if err != nil {
		return Handoff{}, err
	}
	if h.Kind != KindHandoff {
		return Handoff{}, fmt.Errorf("%w: decide the approval instead", ErrBadRequest)
	}
	if !h.IsOpen() {
		return Handoff{}, ErrClosed
	}
	key := "handoff|" + id + "|made-good"
	ran := h.Action != nil && h.Action.Proposal != nil && h.Action.Proposal.Resolution == resolution && h.Result != ""
	if !ran {
		offers, err := s.Offers(ctx, h)
		if err != nil {
			return Handoff{}, err
		}
		var act *Action
		for i := range offers {
			if offers[i].Proposal.Resolution == resolution {
				act = &offers[i]
			}
		}
		if act == nil {
			return Handoff{}, fmt.Errorf("%w: there is no %s to approve on this handoff", ErrBadRequest, resolution)
		}
		if err := s.Store.Claim(ctx, key, s.Clock.Now().Add(keep)); errors.Is(err, store.ErrDuplicate) {
			return Handoff{}, ErrAlreadyDecided
		} else if err != nil {
			return Handoff{}, fmt.Errorf("claim %s: %w", key, err)
		}
		detail, err := s.Executor.Execute(ctx, h.Shop, *act)
		if err != nil {
			err = fmt.Errorf("make good handoff %s: %w", id, err)
			var failed *workflow.ActionFailedError
			if errors.As(err, &failed) {
				err = fmt.Errorf("%w: %s", ErrActionFailed, failed.Reason)
				if _, uerr := s.update(ctx, id, func(x *Handoff) { x.Result = failed.Reason }); uerr != nil {
					err = errors.Join(err, uerr)
				}
			}
			if rerr := s.Store.Release(ctx, key); rerr != nil {
				err = errors.Join(err, rerr)
			}
			return Handoff{}, err
		}
		if detail == "" {
			detail = "done"
		}
		if h, err = s.update(ctx, id, func(x *Handoff) { x.Action, x.Result, x.DecidedBy = act, detail, by }); err != nil {
			return Handoff{}, err
		}
		s.log().InfoContext(ctx, "handoff made good", "handoff", id, "resolution", resolution)
	}
	// The customer hears it where the case is: its conversation, one that
	// joined it, their conversation about the order; else by email.
	to := h
	if to.ConversationID == "" && len(h.Linked) > 0 {
		to.ConversationID = h.Linked[0]
	}
	if to.ConversationID == "" {
		c, ok, err := s.reportConversation(ctx, h)
		if err != nil {
			return Handoff{}, err
		}
		if ok {
			to.ConversationID = c.ID
		}
	}
	text := fmt.Sprintf("A member of our team looked into your parcel from order %s. %s", h.Order, agent.Ran(*h.Action.Proposal))
	err = s.once(ctx, "handoff|"+id+"|told-made-good", func() error {
		if err := s.tell(ctx, to, nil, "", text); err != nil || to.ConversationID == "" {
			return err
		}
		// A chat customer who has left hears it by email too.
		return s.ReachAwayCustomer(ctx, h.Shop, to.ConversationID)
	})
	if err != nil {
		return Handoff{}, fmt.Errorf("make good handoff %s: tell the customer: %w", id, err)
	}
	if err := s.Resolve(ctx, id, by, fmt.Sprintf("approved the %s: %s", resolution, h.Result)); err != nil {
		return Handoff{}, err
	}
	return s.Get(ctx, id)
}

// reportConversation is the customer's newest conversation about h's
// order, in any channel (the chat that reported the parcel missing, an
// answer to the problem's notice by email).
func (s *Service) reportConversation(ctx context.Context, h Handoff) (conversation.Conversation, bool, error) {
	if h.CustomerEmail == "" || h.Order == "" {
		return conversation.Conversation{}, false, nil
	}
	cs, err := s.Store.ConversationsByEmail(ctx, h.Shop, h.CustomerEmail, 20)
	if err != nil {
		return conversation.Conversation{}, false, fmt.Errorf("customer's conversations: %w", err)
	}
	var best conversation.Conversation
	found := false
	for _, c := range cs {
		if c.CurrentOrder != h.Order && !slices.Contains(c.Orders, h.Order) {
			continue
		}
		if !found || c.UpdatedAt.After(best.UpdatedAt) {
			best, found = c, true
		}
	}
	return best, found, nil
}
