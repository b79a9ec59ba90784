package escalation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// linkConversation remembers h as the newest handoff of its conversation
// and of the conversations linked to it (Handoff.Linked).
func (s *Service) linkConversation(ctx context.Context, h Handoff) error {
	for _, id := range append([]string{h.ConversationID}, h.Linked...) {
		if id == "" {
			continue
		}
		if err := s.Store.PutDoc(ctx, handoffConversations, caseKey(h.Shop, id), []byte(h.ID), h.OpenedAt.Add(keep)); err != nil {
			return fmt.Errorf("link handoff %s to its conversation: %w", h.ID, err)
		}
	}
	return nil
}

// roundName is the execution name of a handoff's SLA wait round.
func roundName(id string, round int) string {
	if round == 0 {
		return id
	}
	return workflow.ExecutionName(id, "r"+strconv.Itoa(round))
}

// CustomerAnswered restarts the SLA of the handoff a person owns in
// conversation c, now that the customer answered the person (by email or
// in chat): the handoff is waiting again (StatusOpen), its SLADue is a
// full SLA away, and a new escalation execution (Step Functions in AWS,
// the local engine here) times it, tells staff, and tells the customer if
// it runs out. A handoff nobody has answered yet keeps its timer (the
// customer has been waiting since it opened); an approval waits for its
// decision, and a closed handoff for nothing. A redelivered event starts
// nothing twice (the round's execution name).
func (s *Service) CustomerAnswered(ctx context.Context, c conversation.Conversation) error {
	b, err := s.Store.GetDoc(ctx, handoffConversations, caseKey(c.Shop, c.ID))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("handoff of conversation: %w", err)
	}
	h, err := s.Get(ctx, string(b))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	set, err := s.settingsFor(ctx, h.Shop)
	if err != nil {
		return err
	}
	switch {
	case h.Kind != KindHandoff:
		return nil
	case h.Status == StatusResponded:
		_, err := s.newRound(ctx, h, set)
		return err
	case h.Status == StatusOpen && h.Round > 0:
		// Waiting again already: the round's execution was started, or a
		// failed start is retried here (the same name starts it once).
		return s.startRound(ctx, h, set)
	}
	return nil
}

// newRound starts a new SLA wait of h: the record first (a person
// replying now answers this round), then its execution.
func (s *Service) newRound(ctx context.Context, h Handoff, set Settings) (Handoff, error) {
	now := s.Clock.Now()
	h, err := s.update(ctx, h.ID, func(x *Handoff) { x.nextRound(now, now.Add(set.sla())) })
	if err != nil {
		return h, err
	}
	return h, s.startRound(ctx, h, set)
}

// startRound starts the execution of h's SLA wait under way (once: its
// name).
func (s *Service) startRound(ctx context.Context, h Handoff, set Settings) error {
	in := Input{Handoff: h.ID, Shop: h.Shop, Kind: h.Kind, SLASeconds: seconds(h.SLADue.Sub(s.Clock.Now())), LateSeconds: seconds(set.late()), Round: h.Round}
	if err := s.Scheduler.Start(ctx, workflow.Escalation, roundName(h.ID, h.Round), in); err != nil {
		return fmt.Errorf("restart escalation %s: %w", h.ID, err)
	}
	s.log().InfoContext(ctx, "handoff sla restarted: the customer wrote", "handoff", h.ID, "round", h.Round)
	return nil
}

// CaseHandoff is the open handoff of a problem case (Request.Case: the
// delivery check's "delivery|<order id>"), if there is one.
func (s *Service) CaseHandoff(ctx context.Context, shop, c string) (Handoff, bool, error) {
	b, err := s.Store.GetDoc(ctx, handoffCases, caseKey(shop, c))
	if errors.Is(err, store.ErrNotFound) {
		return Handoff{}, false, nil
	}
	if err != nil {
		return Handoff{}, false, fmt.Errorf("handoff of case: %w", err)
	}
	h, err := s.Get(ctx, string(b))
	if errors.Is(err, ErrNotFound) {
		return Handoff{}, false, nil
	}
	if err != nil {
		return Handoff{}, false, err
	}
	return h, h.IsOpen(), nil
}

// ConversationHandoff is the handoff conversation id belongs to (its own
// or one it joined), and whether a person still has it.
func (s *Service) ConversationHandoff(ctx context.Context, shop, id string) (Handoff, bool, error) {
	b, err := s.Store.GetDoc(ctx, handoffConversations, caseKey(shop, id))
	if errors.Is(err, store.ErrNotFound) {
		return Handoff{}, false, nil
	}
	if err != nil {
		return Handoff{}, false, fmt.Errorf("handoff of conversation: %w", err)
	}
	h, err := s.Get(ctx, string(b))
	if errors.Is(err, ErrNotFound) {
		return Handoff{}, false, nil
	}
	if err != nil {
		return Handoff{}, false, err
	}
	return h, h.IsOpen(), nil
}

// Link gives conversation c to handoff id, whose person owns the case: the
// customer answered the problem's notice before anyone from the team wrote
// to them. The person's replies go into c, and the customer now waits for
// them (the SLA's honest update reaches them). A handoff that has a
// conversation of its own keeps it and gets a note. It returns what the
// customer is told happens next.
func (s *Service) Link(ctx context.Context, id string, c conversation.Conversation) (string, error) {
	set, err := s.settingsFor(ctx, c.Shop)
	if err != nil {
		return "", err
	}
	now := s.Clock.Now()
	h, err := s.update(ctx, id, func(x *Handoff) {
		switch x.ConversationID {
		case "":
			x.ConversationID, x.Channel = c.ID, c.Channel
		case c.ID:
		default:
			// The customer wrote about the case somewhere else too (an
			// email about a chat's case, say): that conversation joins
			// the handoff, and the person answers it there.
			if !slices.Contains(x.Linked, c.ID) {
				x.Linked = append(x.Linked, c.ID)
			}
			note := fmt.Sprintf("%s: the customer also wrote in conversation %s.", set.day(now), c.ID)
			if !strings.Contains(x.Note, note) {
				x.Note = strings.TrimSpace(x.Note + "\n" + note)
			}
		}
	})
	if err != nil {
		return "", fmt.Errorf("link handoff %s: %w", id, err)
	}
	if h.Kind == KindHandoff && (h.Status == StatusResponded || !h.SLADue.After(now)) {
		// A person answered already, or its SLA ran out with nobody
		// waiting; now the customer waits again: they get a person
		// within a new SLA, whose execution the saved turn starts (its
		// event: Reactions).
		if h, err = s.update(ctx, id, func(x *Handoff) { x.nextRound(now, now.Add(set.sla())) }); err != nil {
			return "", fmt.Errorf("link handoff %s: %w", id, err)
		}
	}
	s.log().InfoContext(ctx, "customer's answer to a notice goes to the handoff's person", "handoff", id, "conversation", c.ID)
	about := "your order"
	if h.Order != "" {
		about = "your order " + h.Order
	}
	when := "as soon as they can"
	if h.SLADue.After(now) {
		when = "by " + set.when(h.SLADue)
	}
	return fmt.Sprintf("Thanks for your message. A member of our team is already looking after %s and now has it: they'll reply to you here %s. Our automated assistant won't answer in the meantime, so nothing gets crossed.", about, when), nil
}

// joined handles a turn that handed conversation c over when c belongs to
// an open handoff already (Link gave it one): no other is opened, and a
// new SLA wait Link began is started. It reports whether c had one.
func (s *Service) joined(ctx context.Context, c conversation.Conversation) (bool, error) {
	b, err := s.Store.GetDoc(ctx, handoffConversations, caseKey(c.Shop, c.ID))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("handoff of conversation: %w", err)
	}
	h, err := s.Get(ctx, string(b))
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !h.IsOpen() || (h.ConversationID != c.ID && !slices.Contains(h.Linked, c.ID)) {
		return false, nil
	}
	if h.Kind == KindHandoff && h.Status == StatusOpen && h.Round > 0 {
		set, err := s.settingsFor(ctx, h.Shop)
		if err != nil {
			return true, err
		}
		return true, s.startRound(ctx, h, set)
	}
	return true, nil
}
