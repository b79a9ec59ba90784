package agent

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

var _ = register(newTool(toolname.TrackOrder, "Where an order is: stage, parcels, tracking, estimate.",
	func(s *session, ctx context.Context, in orderInput) (any, bool, error) {
		return s.withOrder(ctx, in.OrderNumber, func(o order.Order) any {
			// The order looked up is the one the conversation is now
			// about: the next round's tools are its stage's.
			if in.OrderNumber != "" {
				s.conv.CurrentOrder = o.Name
			}
			return s.tracking(ctx, o)
		})
	}).offeredIn(PhaseVerified))

// tracking is the journey-aware answer to "where is my order" (orderFacts)
// with the order's lines, prices and shipping address (lineFacts). The
// context given up front carries the journey only: every turn would pay
// for the lines, and the address goes to the model only when asked for.
func (s *session) tracking(ctx context.Context, o order.Order) any {
	d := s.orderFacts(ctx, o)
	lineFacts(o, d)
	chargeFacts(o, s.text, d)
	return d
}
