package metrics

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Reactions registers what metrics count of other capabilities' events:
// every saved turn (conversations, topics, first response, cost, the
// resolution), every new order (the revenue of the suggestion or
// referral whose code it used, or of a suggestion it followed), and every
// cancelled or refunded one (that revenue taken back).
func (r *Recorder) Reactions(reg event.Registry) {
	reg.On(conversation.KindTurn, "metrics", event.Typed(func(ctx context.Context, _ event.Event, t conversation.TurnSaved) error {
		return r.Turn(ctx, Turn{Before: t.Before, After: t.After, Actions: t.Actions, Replied: t.Replied,
			CustomerAt: t.CustomerAt, RepliedAt: t.RepliedAt})
	}))
	reg.On(intake.KindApplied, "metrics", intake.OnApplied(func(ctx context.Context, topic string, c store.Change) error {
		if topic == shopify.TopicOrdersCreate && c.Order != nil {
			_, err := r.AttributeOrder(ctx, *c.Order)
			return err
		}
		// A cancelled or refunded order gives its suggestion revenue back.
		cancelled, orderID := false, ""
		if c.Order != nil {
			cancelled, orderID = c.Order.CancelledAt != nil, c.Order.ID
		}
		if orderID == "" && len(c.Refunds) > 0 {
			orderID = c.Refunds[0].OrderID
		}
		return r.Reverse(ctx, c.Shop, orderID, cancelled, c.Refunds)
	}))
}
