package console

import (
	"context"
	"errors"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
)

// Escalations gives the console the escalation service: its queue,
// its decisions, and the console's take-overs, replies and hand-backs,
// which stop a handoff's SLA wait.
type Escalations struct{ S *escalation.Service }

var (
	_ Handoffs     = Escalations{}
	_ PersonActs   = Escalations{}
	_ StaffReplies = Escalations{}
)

// Deliver mails a person's reply in an email conversation to the
// customer, threaded, so that their answer comes back to the conversation.
func (h Escalations) Deliver(ctx context.Context, c conversation.Conversation, m conversation.Message) error {
	return h.S.DeliverStaffReply(ctx, c, m)
}

func (h Escalations) List(ctx context.Context, shop string) ([]Handoff, error) {
	all, err := h.S.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []Handoff
	for _, x := range all {
		if x.Shop != shop {
			continue
		}
		out = append(out, x)
	}
	return out, nil
}

func (h Escalations) Decide(ctx context.Context, shop, id string, approve bool, note string) error {
	u, _ := UserFrom(ctx)
	return consoleErr(h.S.Decide(ctx, id, escalation.Decision{Approve: approve, By: u.Name, Note: note}))
}

func (h Escalations) PersonActed(ctx context.Context, shop, conversationID, act string) error {
	u, _ := UserFrom(ctx)
	all, err := h.S.List(ctx, escalation.StatusOpen, escalation.StatusResponded)
	if err != nil {
		return err
	}
	var errs []error
	if act == "replied" {
		// A customer whose chat has expired hears the reply by email.
		errs = append(errs, h.S.ReachAwayCustomer(ctx, shop, conversationID))
	}
	for _, x := range all {
		if x.Shop != shop || x.ConversationID != conversationID {
			continue
		}
		if act == "handed_back" {
			errs = append(errs, h.S.HandBack(ctx, x.ID, u.Name))
		} else {
			errs = append(errs, h.S.TakeOver(ctx, x.ID, u.Name))
		}
	}
	return errors.Join(errs...)
}

func consoleErr(err error) error {
	switch {
	case errors.Is(err, escalation.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, escalation.ErrNotApproval), errors.Is(err, escalation.ErrAlreadyDecided), errors.Is(err, escalation.ErrClosed):
		return ErrConflict
	}
	return err
}
