package console

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
)

// Escalations gives the console the escalation service: its queue,
// its decisions, and the console's take-overs, replies and hand-backs,
// which stop a handoff's SLA wait.
type Escalations struct{ S *escalation.Service }

var (
	_ Handoffs      = Escalations{}
	_ PersonActs    = Escalations{}
	_ StaffReplies  = Escalations{}
	_ HandoffActs   = Escalations{}
	_ HandoffOffers = Escalations{}
)

// HandoffOffers is what a Handoffs may also do for a delivery handoff
// about a parcel (not received, late, stalled, lost): list the proposals a
// person may approve (a replacement of the parcel's lines, a refund of
// them), and run the one they approve, once, through the proposal record;
// the customer is told and the handoff resolved.
type HandoffOffers interface {
	Offers(ctx context.Context, h Handoff) ([]escalation.Action, error)
	// MakeGood runs the offer with resolution ("replacement", "refund")
	// of handoff id; the person is UserFrom(ctx). detail says what ran.
	MakeGood(ctx context.Context, shop, id, resolution string) (detail string, err error)
}

func (h Escalations) Offers(ctx context.Context, x Handoff) ([]escalation.Action, error) {
	return h.S.Offers(ctx, x)
}

func (h Escalations) MakeGood(ctx context.Context, shop, id, resolution string) (string, error) {
	if err := h.own(ctx, shop, id); err != nil {
		return "", err
	}
	u, _ := UserFrom(ctx)
	x, err := h.S.MakeGood(ctx, id, u.Name, resolution)
	if err != nil {
		return "", consoleErr(err)
	}
	return x.Result, nil
}

// HandoffActs is what a Handoffs may also do for a handoff with no
// conversation to open (a delivery check's): write to the customer, close
// it with a note, and name the conversation it would continue.
type HandoffActs interface {
	// Write sends a person's message to the handoff's customer: in its
	// conversation, else in their email conversation about its order
	// (started when there is none, in reply to the problem's notice),
	// which the handoff then links. The person is UserFrom(ctx).
	Write(ctx context.Context, shop, id, text string) error
	// Resolve closes the handoff with the person's note.
	Resolve(ctx context.Context, shop, id, note string) error
	// Related is the customer's conversation about the handoff's order,
	// when the handoff has none linked (their answer to the notice).
	Related(ctx context.Context, h Handoff) (string, error)
}

func (h Escalations) Write(ctx context.Context, shop, id, text string) error {
	if err := h.own(ctx, shop, id); err != nil {
		return err
	}
	u, _ := UserFrom(ctx)
	return consoleErr(h.S.Reply(ctx, id, u.Name, text))
}

func (h Escalations) Resolve(ctx context.Context, shop, id, note string) error {
	if err := h.own(ctx, shop, id); err != nil {
		return err
	}
	u, _ := UserFrom(ctx)
	return consoleErr(h.S.Resolve(ctx, id, u.Name, note))
}

func (h Escalations) Related(ctx context.Context, x Handoff) (string, error) {
	c, ok, err := h.S.RelatedConversation(ctx, x)
	if err != nil || !ok {
		return "", err
	}
	return c.ID, nil
}

// own checks that handoff id is the shop's.
func (h Escalations) own(ctx context.Context, shop, id string) error {
	x, err := h.S.Get(ctx, id)
	if err != nil {
		return consoleErr(err)
	}
	if x.Shop != shop {
		return ErrNotFound
	}
	return nil
}

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
	case errors.Is(err, escalation.ErrNoDecision):
		return &apiError{http.StatusConflict, "not_an_approval", "this handoff is not an approval, so there is nothing to approve or decline: write to the customer or resolve it with a note"}
	case errors.Is(err, escalation.ErrClosed):
		return &apiError{http.StatusConflict, "closed", "this handoff is closed already"}
	case errors.Is(err, escalation.ErrActionFailed):
		return &apiError{http.StatusConflict, "action_failed", strings.TrimPrefix(err.Error(), escalation.ErrActionFailed.Error()+": ")}
	case errors.Is(err, escalation.ErrBadRequest):
		return badRequest(strings.TrimPrefix(err.Error(), escalation.ErrBadRequest.Error()+": "))
	case errors.Is(err, escalation.ErrNotApproval), errors.Is(err, escalation.ErrAlreadyDecided), errors.Is(err, escalation.ErrClosed):
		return ErrConflict
	}
	return err
}
