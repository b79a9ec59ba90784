package escalation

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// linkConversation remembers h as its conversation's newest handoff.
func (s *Service) linkConversation(ctx context.Context, h Handoff) error {
	if h.ConversationID == "" {
		return nil
	}
	if err := s.Store.PutDoc(ctx, handoffConversations, caseKey(h.Shop, h.ConversationID), []byte(h.ID), h.OpenedAt.Add(keep)); err != nil {
		return fmt.Errorf("link handoff %s to its conversation: %w", h.ID, err)
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
	round := h.Round
	switch {
	case h.Kind != KindHandoff:
		return nil
	case h.Status == StatusResponded:
		// The record first (a person replying now answers this round),
		// then the execution.
		round++
		due := s.Clock.Now().Add(set.sla())
		if _, err := s.update(ctx, h.ID, func(x *Handoff) {
			x.Status, x.Round, x.SLADue, x.BreachedAt = StatusOpen, round, due, nil
		}); err != nil {
			return err
		}
	case h.Status == StatusOpen && round > 0:
		// Waiting again already: the round's execution was started, or a
		// failed start is retried here (the same name starts it once).
	default:
		return nil
	}
	in := Input{Handoff: h.ID, Shop: h.Shop, Kind: h.Kind, SLASeconds: seconds(set.sla()), LateSeconds: seconds(set.late()), Round: round}
	if err := s.Scheduler.Start(ctx, workflow.Escalation, roundName(h.ID, round), in); err != nil {
		return fmt.Errorf("restart escalation %s: %w", h.ID, err)
	}
	s.log().InfoContext(ctx, "handoff sla restarted: the customer answered", "handoff", h.ID, "round", round)
	return nil
}
