package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// Several requests in one message ("the mug arrived cracked, and I also
// want to return the coffee kit"): one proposal is stated at a time, so a
// bare yes only ever confirms what the customer just read. A write tool
// called again in the same turn about other items (or after the turn
// asked the customer something) is checked by policy and kept as the
// conversation's next request (Conversation.Next), not stated: the reply
// says it comes next. Once a turn ends with nothing stated and nothing
// asked (the proposal before it confirmed, declined or dealt with), code
// states the next one afresh, checked against the order as it is then,
// for its own yes. A proposal stated about the same items replaces it.

// laterNote is the reply's word that a request is kept for next.
func laterNote(p conversation.Proposal, asked bool) string {
	if asked {
		return fmt.Sprintf("Once that's settled, I'll set out %s next.", Describe(p))
	}
	return fmt.Sprintf("Once you've answered that, I'll set out %s next.", Describe(p))
}

// nextLead opens a next request's statement when code states it.
const nextLead = "Now your other request: "

// queue keeps p, a proposal made this turn after another (or after a
// question), as a next request: its result for the model.
func (s *session) queueNext(p conversation.Proposal) (any, bool, error) {
	s.queued = append(s.queued, p)
	s.actProposal(p.Tool, "queued_next", p.Order, "", p.ID)
	return map[string]any{"status": "next", "what": Describe(p),
		"instruction": "not stated yet: the customer answers one proposal at a time; tell them you will set this out next, once they have answered the first"}, false, nil
}

// overlaps reports whether a and b are about one of the same line items
// (or both about none, the same tool).
func overlaps(a, b conversation.Proposal) bool {
	if a.OrderID != b.OrderID {
		return false
	}
	if len(a.Lines) == 0 || len(b.Lines) == 0 {
		return a.Tool == b.Tool
	}
	for _, x := range a.Lines {
		for _, y := range b.Lines {
			if x.LineItemID == y.LineItemID {
				return true
			}
		}
	}
	return false
}

// anotherRequest reports whether p, proposed in the turn that already
// proposed stated, is another of the message's requests rather than the
// model's newer word for the same one: about other items, or a write of
// another kind where either is about the whole order (an address change
// with a cancellation).
func anotherRequest(stated *conversation.Proposal, p conversation.Proposal) bool {
	if stated == nil || overlaps(*stated, p) {
		return false
	}
	return (len(stated.Lines) > 0 && len(p.Lines) > 0) || stated.Tool != p.Tool
}

// keepNext saves this turn's next requests with the conversation, after
// the ones kept before, without any the stated proposal replaces or that
// are too old, and says in the reply what comes next.
func (s *session) keepNext(reply string) string {
	var next []conversation.Proposal
	for _, p := range append(append([]conversation.Proposal(nil), s.conv.Next...), s.queued...) {
		if p.Expired(s.now) || (s.proposed != nil && overlaps(*s.proposed, p)) {
			continue
		}
		next = append(next, p)
	}
	s.conv.Next = next
	if len(s.queued) == 0 || len(next) == 0 || s.handover {
		return reply
	}
	note := laterNote(next[0], s.asked && s.proposed == nil)
	if strings.Contains(reply, Describe(next[0])) {
		return reply
	}
	return strings.TrimSpace(reply + "\n\n" + note)
}

// stateNext states the conversation's next request afresh when this turn
// states nothing, asks nothing and hands nothing over.
func (s *session) stateNext(ctx context.Context) error {
	for len(s.conv.Next) > 0 && s.proposed == nil && !s.asked && !s.handover {
		p := s.conv.Next[0]
		s.conv.Next = s.conv.Next[1:]
		if p.Expired(s.now) {
			continue
		}
		var o order.Order
		if known := s.contextOrder(p.OrderID); known != nil {
			o = *known
		} else {
			var err error
			if o, err = s.a.Store.GetOrderByName(ctx, s.conv.Shop, p.Order); err != nil {
				return fmt.Errorf("state next request %s: %w", p.ID, err)
			}
		}
		fresh := conversation.Proposal{Tool: p.Tool, Lines: p.Lines, Reason: p.Reason, Resolution: p.Resolution, Amount: p.Amount, Currency: p.Currency,
			Address: p.Address, ExchangeFor: p.ExchangeFor, KeepIt: p.KeepIt, ShipmentID: p.ShipmentID, DueAt: p.DueAt,
			Statement: strings.TrimSuffix(p.Statement, approvalNote)}
		out, _, err := s.propose(p.Tool, o, fresh)
		if err != nil {
			return err
		}
		if m, ok := out.(map[string]any); ok && m["status"] == "refused" {
			// Not left unsaid: the customer asked for it.
			reason, _ := m["reason"].(string)
			s.nextRefused = append(s.nextRefused, fmt.Sprintf("Your other request, %s, can't go ahead: %s.", Describe(p), strings.TrimSuffix(reason, ".")))
		}
		s.nexted = s.proposed != nil
	}
	return nil
}

// StateNext states conversation conv's next request (Conversation.Next)
// once the proposal before it was settled outside a turn (a person's
// approval decision): checked by policy against the order as it is now,
// stated in the message code adds next (Seq conv.Messages), for its own
// yes. It returns what that message says ("" when nothing is pending
// next, or a proposal is pending already).
func (a *Agent) StateNext(ctx context.Context, conv *conversation.Conversation) (string, error) {
	if len(conv.Next) == 0 || conv.Pending != nil || conv.Status != conversation.StatusOpen {
		return "", nil
	}
	if err := a.Prepare(ctx, conv); err != nil {
		return "", err
	}
	var pol policy.Policy
	if cp := policyCopy(conv); cp != nil {
		pol = cp.Policy
	} else {
		var err error
		if pol, err = a.Policies.Policy(ctx, conv.Shop); err != nil {
			return "", fmt.Errorf("load policy: %w", err)
		}
	}
	s := &session{a: a, conv: conv, seq: conv.Messages - 1, pol: pol, now: a.Clock.Now(), orders: map[string]bool{}, topics: map[string]bool{}}
	if err := s.stateNext(ctx); err != nil {
		return "", err
	}
	return strings.TrimSpace(s.state("")), nil
}
