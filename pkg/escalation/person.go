package escalation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// What people do from the console. Each records the act on the handoff,
// then completes the escalation's waiting task (SendTaskSuccess), which
// stops the SLA timer.

// Decision is a person's answer to an approval.
type Decision struct {
	Approve bool
	// By names the person (their console login).
	By string
	// Note is told to the customer when declining.
	Note string
}

// Decide approves or declines an approval. The escalation then runs the
// action (and tells the customer) or tells the customer it was declined.
// ErrNotApproval for a handoff of another kind, ErrAlreadyDecided when it
// was decided (or expired) before.
func (s *Service) Decide(ctx context.Context, id string, d Decision) error {
	h, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if h.Kind != KindApproval {
		return ErrNoDecision
	}
	if strings.TrimSpace(d.By) == "" {
		return fmt.Errorf("%w: a decision needs the person's name", ErrBadRequest)
	}
	if h.Status == StatusWithdrawn {
		return fmt.Errorf("%w: %s", ErrAlreadyDecided, conversation.WithdrawnOutcome)
	}
	o, status := OutcomeDecline, StatusDeclined
	if d.Approve {
		o, status = OutcomeApprove, StatusApproved
	}
	now := s.Clock.Now()
	if err := s.createOutcome(ctx, id, outcome{Outcome: o, By: d.By, Note: strings.TrimSpace(d.Note), At: now}); err != nil {
		return err
	}
	_, err = s.update(ctx, id, func(h *Handoff) {
		h.Status, h.DecidedBy, h.Note = status, d.By, strings.TrimSpace(d.Note)
		h.respond(now)
		if h.Assignee == "" {
			h.Assignee = d.By
		}
	})
	if err != nil {
		return err
	}
	s.log().InfoContext(ctx, "approval decided", "handoff", id, "outcome", o)
	return s.resume(ctx, id, o)
}

// Reply adds a person's message to the handoff's conversation (mailed on
// the email channel; by email when there is no conversation). The person
// now owns the conversation: the agent stays quiet until HandBack. For a
// handoff, the first reply meets the SLA; an approval still needs Decide.
func (s *Service) Reply(ctx context.Context, id, by, text string) error {
	text = strings.TrimSpace(text)
	if text == "" || strings.TrimSpace(by) == "" {
		return fmt.Errorf("%w: a reply needs text and the person's name", ErrBadRequest)
	}
	h, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	// A handoff with no conversation (a delivery check's) starts or
	// continues the customer's email conversation about its order, in the
	// problem's notice thread, and links it: the customer's answer comes
	// back to it, for a person.
	c, parent, err := s.caseConversation(ctx, h)
	if err == nil {
		_, err = s.Messenger.updateConversation(ctx, h.Shop, c.ID, func(c *conversation.Conversation) (conversation.Role, []string) {
			c.Status = conversation.StatusHandover
			return conversation.RoleStaff, []string{text}
		}, parent)
	}
	if err != nil {
		return fmt.Errorf("reply to handoff %s: %w", id, err)
	}
	if c.Channel != conversation.ChannelEmail {
		if err := s.ReachAwayCustomer(ctx, h.Shop, c.ID); err != nil {
			return fmt.Errorf("reply to handoff %s: %w", id, err)
		}
	}
	// The customer's other conversations that joined the case were told a
	// person would reply there: the reply goes in each of them too.
	for _, other := range h.Linked {
		if other == c.ID {
			continue
		}
		_, err := s.Messenger.updateConversation(ctx, h.Shop, other, func(c *conversation.Conversation) (conversation.Role, []string) {
			c.Status = conversation.StatusHandover
			return conversation.RoleStaff, []string{text}
		}, nil)
		if errors.Is(err, store.ErrNotFound) {
			continue // erased since it joined
		}
		if err != nil {
			return fmt.Errorf("reply to handoff %s in conversation %s: %w", id, other, err)
		}
	}
	return s.responded(ctx, h, by, OutcomeReplied)
}

// TakeOver gives the handoff's conversation to a person: the agent stays
// quiet until HandBack.
func (s *Service) TakeOver(ctx context.Context, id, by string) error {
	if strings.TrimSpace(by) == "" {
		return fmt.Errorf("%w: taking over needs the person's name", ErrBadRequest)
	}
	h, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if h.ConversationID != "" {
		if err := s.setStatus(ctx, h, conversation.StatusHandover); err != nil {
			return err
		}
	}
	return s.responded(ctx, h, by, OutcomeTaken)
}

// HandBack gives the conversation back to the agent and closes the
// handoff. An undecided approval must be decided first.
func (s *Service) HandBack(ctx context.Context, id, by string) error {
	h, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if h.Kind == KindApproval {
		if _, decided, err := s.outcome(ctx, id); err != nil {
			return err
		} else if !decided {
			return fmt.Errorf("%w: decide the approval before handing the conversation back", ErrBadRequest)
		}
	}
	if h.ConversationID != "" {
		if err := s.setStatus(ctx, h, conversation.StatusOpen); err != nil {
			return err
		}
	}
	now := s.Clock.Now()
	if _, err := s.update(ctx, id, func(h *Handoff) {
		h.Status, h.ClosedAt = StatusHandedBack, &now
		h.respond(now)
		if h.Assignee == "" {
			h.Assignee = by
		}
	}); err != nil {
		return err
	}
	s.log().InfoContext(ctx, "conversation handed back", "handoff", id)
	if h.Kind == KindApproval {
		return nil
	}
	return s.recordAndResume(ctx, h, by, OutcomeHandedBack)
}

// responded records a person's first response and, for a handoff, ends
// the SLA wait.
func (s *Service) responded(ctx context.Context, h Handoff, by, o string) error {
	now := s.Clock.Now()
	_, err := s.update(ctx, h.ID, func(h *Handoff) {
		h.respond(now)
		if h.Assignee == "" {
			h.Assignee = by
		}
		if h.Status == StatusOpen && h.Kind == KindHandoff {
			h.Status = StatusResponded
		}
	})
	if err != nil {
		return err
	}
	if h.Kind == KindApproval {
		return nil
	}
	return s.recordAndResume(ctx, h, by, o)
}

// recordAndResume records what a person did in h's SLA wait under way and
// ends the wait.
func (s *Service) recordAndResume(ctx context.Context, h Handoff, by, o string) error {
	id := roundKey(h.ID, h.Round)
	err := s.createOutcome(ctx, id, outcome{Outcome: o, By: by, At: s.Clock.Now()})
	if errors.Is(err, ErrAlreadyDecided) {
		return nil // the SLA wait ended before
	}
	if err != nil {
		return err
	}
	return s.resume(ctx, id, o)
}

// Erase closes a customer's handoffs and removes their email and action
// from them (customers/redact): each one still open is resolved with a
// note and its SLA wait under way gets an outcome, so its escalation
// ends quietly when the wait does (the breach step skips, the late wait
// finds the outcome) and nobody is told about an erased customer: no SLA
// mail, no update to them. It calls no workflow API (the webhook that
// runs it may not). The conversations themselves are erased with the
// rest of the customer's data. The records stay, for the queue's
// metrics.
func (s *Service) Erase(ctx context.Context, shop, email string) error {
	hs, err := s.List(ctx)
	if err != nil {
		return err
	}
	for _, h := range hs {
		if h.Shop != shop || h.CustomerEmail == "" || !strings.EqualFold(h.CustomerEmail, email) {
			continue
		}
		now := s.Clock.Now()
		err := s.createOutcome(ctx, roundKey(h.ID, h.Round), outcome{Outcome: OutcomeResolved, By: "privacy", Note: "customer data erased", At: now})
		if err != nil && !errors.Is(err, ErrAlreadyDecided) {
			return fmt.Errorf("erase handoff %s: %w", h.ID, err)
		}
		if _, err := s.update(ctx, h.ID, func(h *Handoff) {
			if h.IsOpen() {
				h.Status, h.ClosedAt = StatusResolved, &now
				h.Note = strings.TrimSpace(h.Note + "\nclosed: the customer's data was erased (customers/redact)")
			}
			h.CustomerEmail, h.Action, h.Mailed = "", nil, nil
		}); err != nil {
			return fmt.Errorf("erase handoff %s: %w", h.ID, err)
		}
	}
	return nil
}

// Withdrawn ends the approval of p, a proposal the customer withdrew
// while it waited (the agent marked it, and claimed its run): the person
// approving sees "withdrawn by the customer", Decide answers a conflict,
// and the customer, told already, hears nothing more. The approval is the
// one opened by the customer's yes (Seq StatedAt+1).
func (s *Service) Withdrawn(ctx context.Context, c conversation.Conversation, p conversation.Proposal) error {
	id := HandoffID(Request{Shop: c.Shop, Kind: KindApproval, ConversationID: c.ID, Key: strconv.Itoa(p.StatedAt + 1)})
	h, err := s.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if h.Kind != KindApproval {
		return nil
	}
	now := s.Clock.Now()
	err = s.createOutcome(ctx, id, outcome{Outcome: OutcomeDecline, By: "customer", Note: conversation.WithdrawnOutcome, At: now})
	if errors.Is(err, ErrAlreadyDecided) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := s.update(ctx, id, func(h *Handoff) {
		h.Status, h.Result, h.ClosedAt = StatusWithdrawn, conversation.WithdrawnOutcome, &now
	}); err != nil {
		return err
	}
	s.log().InfoContext(ctx, "approval withdrawn by the customer", "handoff", id)
	return s.resume(ctx, id, OutcomeDecline)
}

// EraseShop deletes the shop's handoffs with their task tokens, outcomes
// and once-claims (shop/redact). Their ids name the shop without its
// .myshopify.com (HandoffID), so store.Store.EraseShop, which deletes
// the items whose keys name the shop, leaves them. The record goes last,
// so a retry finds what is left. An execution still waiting ends quietly
// when it wakes (its steps take a handoff gone as done); the scheduler's
// own shop eraser stops it first where it can (sfn.Scheduler.EraseShop,
// localflow.Engine.EraseShop).
func (s *Service) EraseShop(ctx context.Context, shop string) error {
	hs, err := s.List(ctx)
	if err != nil {
		return fmt.Errorf("erase handoffs of shop: %w", err)
	}
	for _, h := range hs {
		if h.Shop != shop {
			continue
		}
		for r := 0; r <= h.Round; r++ {
			for _, coll := range []string{handoffTokens, handoffOutcomes} {
				if err := s.Store.DeleteDoc(ctx, coll, roundKey(h.ID, r)); err != nil {
					return fmt.Errorf("erase handoff %s: %w", h.ID, err)
				}
			}
		}
		for _, k := range claimKeys(h) {
			if err := s.Store.Release(ctx, k); err != nil {
				return fmt.Errorf("erase handoff %s: release its claims: %w", h.ID, err)
			}
		}
		if err := s.Store.DeleteDoc(ctx, Handoffs, h.ID); err != nil {
			return fmt.Errorf("erase handoff %s: %w", h.ID, err)
		}
	}
	return nil
}

// claimKeys are the keys of every once-claim the workflow of h may have
// taken ("handoff|<id>|..."; once): per SLA round, once per handoff, per
// conversation told it ended (Ended), per request of its case added to
// it (addToCase).
func claimKeys(h Handoff) []string {
	p := "handoff|" + h.ID + "|"
	var out []string
	for r := 0; r <= h.Round; r++ {
		for _, k := range []string{"notify", "breach-customer", "breach-contact"} {
			out = append(out, roundKey(p+k, r))
		}
	}
	for _, k := range []string{"expired", "run", "told-done", "told-failed", "told-refused", "told-declined"} {
		out = append(out, p+k)
	}
	for _, cid := range append([]string{h.ConversationID}, h.Linked...) {
		if cid != "" {
			out = append(out, p+"ended|"+cid)
		}
	}
	for _, id := range h.Added {
		out = append(out, p+"case|"+id)
	}
	return out
}
