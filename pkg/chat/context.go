package chat

import (
	"context"
	"errors"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

// ContextStore is what keeping customer contexts fresh needs.
type ContextStore interface {
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error)
	PutContext(ctx context.Context, shop, id string, cc conversation.Context) error
}

// Reactions registers what the conversations (chat and email) do about
// other capabilities' events: a stored order change rebuilds the customer
// context of that customer's conversations updated within the agent's
// idle bound, so their next turn knows it without a read.
func Reactions(r event.Registry, a *agent.Agent, st ContextStore) {
	r.On(intake.KindApplied, "conversation-context", intake.OnApplied(func(ctx context.Context, _ string, c store.Change) error {
		return RefreshContexts(ctx, a, st, c)
	}))
	r.On(tracking.KindUpdated, "conversation-context", event.Typed(func(ctx context.Context, _ event.Event, u tracking.Updated) error {
		return RefreshContexts(ctx, a, st, store.Change{Shop: u.Shop, Shipments: u.Shipments})
	}))
}

// RefreshContexts rebuilds the contexts of the conversations of the
// customer whose order c changed.
func RefreshContexts(ctx context.Context, a *agent.Agent, st ContextStore, c store.Change) error {
	email, err := changedCustomer(ctx, st, c)
	if err != nil || email == "" {
		return err
	}
	convs, err := st.ConversationsByEmail(ctx, c.Shop, email, 50)
	if err != nil {
		return fmt.Errorf("refresh contexts: %w", err)
	}
	now, idle := a.Clock.Now(), a.ContextIdleBound()
	var cc *conversation.Context
	for _, conv := range convs {
		if now.Sub(conv.UpdatedAt) >= idle {
			continue
		}
		if cc == nil {
			built, err := a.BuildContext(ctx, c.Shop, email)
			if err != nil {
				return fmt.Errorf("refresh contexts: %w", err)
			}
			cc = &built
		}
		if err := st.PutContext(ctx, c.Shop, conv.ID, *cc); err != nil {
			return fmt.Errorf("refresh contexts: %w", err)
		}
	}
	return nil
}

// changedCustomer is the email of the customer whose order c changed.
func changedCustomer(ctx context.Context, st ContextStore, c store.Change) (string, error) {
	if c.Order != nil {
		return order.NormaliseEmail(c.Order.Email), nil
	}
	var id string
	switch {
	case len(c.Shipments) > 0:
		id = c.Shipments[0].OrderID
	case len(c.Refunds) > 0:
		id = c.Refunds[0].OrderID
	case len(c.Returns) > 0:
		id = c.Returns[0].OrderID
	default:
		return "", nil
	}
	o, err := st.GetOrder(ctx, c.Shop, id)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("refresh contexts: order %s: %w", id, err)
	}
	return order.NormaliseEmail(o.Email), nil
}
