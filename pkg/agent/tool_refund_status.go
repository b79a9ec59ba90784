package agent

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// orderInput names an order; empty means the conversation's current order.
type orderInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: current order"`
}

var _ = register(newTool(ToolRefundStatus, "An order's refunds and returns.", func(s *session, ctx context.Context, in orderInput) (any, bool, error) {
	return s.withOrder(ctx, in.OrderNumber, s.refunds)
}).offeredIn(PhaseVerified))

func (s *session) refunds(o order.Order) any {
	var refunds, returns []map[string]any
	for _, r := range o.Refunds {
		refunds = append(refunds, map[string]any{"amount": money(r.Amount, o.Currency), "date": s.day(r.CreatedAt),
			"note": "refunds reach the original payment method in 5 to 10 business days"})
	}
	for _, r := range o.Returns {
		returns = append(returns, map[string]any{"status": r.Status, "requested": s.day(r.CreatedAt)})
	}
	return map[string]any{"order_number": o.Name, "payment": o.FinancialStatus, "refunded_total": money(o.RefundedTotal(), o.Currency),
		"order_total": money(o.TotalPrice, o.Currency), "refunds": refunds, "returns": returns}
}
