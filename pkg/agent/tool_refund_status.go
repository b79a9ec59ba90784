package agent

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// orderInput names an order; empty means the conversation's current order.
type orderInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: current order"`
}

var _ = register(newTool(toolname.RefundStatus, "An order's refunds and returns.", func(s *session, ctx context.Context, in orderInput) (any, bool, error) {
	return s.withOrder(ctx, in.OrderNumber, s.refunds)
}).offeredIn(PhaseVerified))

func (s *session) refunds(o order.Order) any {
	var refunds, returns []map[string]any
	for _, r := range o.Refunds {
		refunds = append(refunds, map[string]any{"amount": money(r.Amount, o.Currency), "date": s.day(r.CreatedAt),
			"note": "refunds reach the original payment method in 5 to 10 business days"})
	}
	var kept int
	for _, r := range o.Returns {
		if r.Status == order.ReturnKept {
			// Units resolved without coming back: not a return waiting.
			kept++
			continue
		}
		returns = append(returns, map[string]any{"status": r.Status, "requested": s.day(r.CreatedAt)})
	}
	out := map[string]any{"order_number": o.Name, "payment": o.FinancialStatus, "refunded_total": money(o.RefundedTotal(), o.Currency),
		"order_total": money(o.TotalPrice, o.Currency), "refunds": refunds, "returns": returns}
	if kept > 0 {
		out["kept_items_resolved"] = kept
	}
	// Store credit this conversation issued on the order.
	var credit []map[string]any
	for _, p := range s.conv.Proposals {
		if p.Order == o.Name && p.Status == conversation.ProposalDone && p.Resolution == "store_credit" {
			credit = append(credit, map[string]any{"amount": money(p.Amount, p.Currency), "issued": "already, to the customer's store credit account"})
		}
	}
	if len(credit) > 0 {
		out["store_credit"] = credit
	}
	return out
}
