package runner

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
)

// consoleHandoffs gives the console the escalation service: its queue,
// its decisions, and the console's take-overs, replies and hand-backs,
// which stop a handoff's SLA wait.
type consoleHandoffs struct{ s *escalation.Service }

var (
	_ console.Handoffs   = consoleHandoffs{}
	_ console.PersonActs = consoleHandoffs{}
)

func (h consoleHandoffs) List(ctx context.Context, shop string) ([]console.Handoff, error) {
	all, err := h.s.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []console.Handoff
	for _, x := range all {
		if x.Shop != shop {
			continue
		}
		b, _ := json.Marshal(x) // the same record, field for field
		var c console.Handoff
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (h consoleHandoffs) Decide(ctx context.Context, shop, id string, approve bool, note string) error {
	u, _ := console.UserFrom(ctx)
	return consoleErr(h.s.Decide(ctx, id, escalation.Decision{Approve: approve, By: u.Name, Note: note}))
}

func (h consoleHandoffs) PersonActed(ctx context.Context, shop, conversationID, act string) error {
	u, _ := console.UserFrom(ctx)
	all, err := h.s.List(ctx, escalation.StatusOpen, escalation.StatusResponded)
	if err != nil {
		return err
	}
	var errs []error
	for _, x := range all {
		if x.Shop != shop || x.ConversationID != conversationID {
			continue
		}
		if act == "handed_back" {
			errs = append(errs, h.s.HandBack(ctx, x.ID, u.Name))
		} else {
			errs = append(errs, h.s.TakeOver(ctx, x.ID, u.Name))
		}
	}
	return errors.Join(errs...)
}

func consoleErr(err error) error {
	switch {
	case errors.Is(err, escalation.ErrNotFound):
		return console.ErrNotFound
	case errors.Is(err, escalation.ErrNotApproval), errors.Is(err, escalation.ErrAlreadyDecided), errors.Is(err, escalation.ErrClosed):
		return console.ErrConflict
	}
	return err
}
