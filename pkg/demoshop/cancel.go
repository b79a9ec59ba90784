package demoshop

import (
	"context"
	"errors"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// ActionCancel is a cancelled order in the log.
const ActionCancel = "cancel"

var _ agent.OrderCanceller = (*Shop)(nil)

// CancelOrder cancels an unfulfilled order as Shopify's orderCancel does
// with a refund to the original payment, restock and notify: the order is
// marked cancelled and refunded, and the refund recorded. The same
// idempotency key cancels once.
func (s *Shop) CancelOrder(ctx context.Context, r agent.CancelRequest) (agent.CancelResult, error) {
	o, err := s.Store.GetOrder(ctx, r.Shop, r.OrderID)
	if err != nil {
		return agent.CancelResult{}, fmt.Errorf("demo shop cancel: %w", err)
	}
	job := demoID("cancel", r.Shop, r.IdempotencyKey)
	res := agent.CancelResult{Job: job}
	refundID := demoID("cancel-refund", r.Shop, r.IdempotencyKey)
	for _, rf := range o.Refunds {
		if rf.ID == refundID {
			return res, nil
		}
	}
	if r.KeepPayment && o.CancelledAt != nil && o.FinancialStatus == "paid" {
		// Cancelled with the payment kept (a retry: policy refuses any new
		// proposal to cancel a cancelled order before it gets here).
		return res, nil
	}
	switch {
	case o.CancelledAt != nil:
		return agent.CancelResult{}, errors.Join(agent.ErrCommerceRejected, errors.New("order is already cancelled"))
	case len(o.Shipments) > 0 || o.FulfillmentStatus != "":
		return agent.CancelResult{}, errors.Join(agent.ErrCommerceRejected, errors.New("order has fulfillments"))
	}
	left := o.TotalPrice - o.RefundedTotal()
	if r.Refund != left || (r.Currency != "" && r.Currency != o.Currency) {
		return agent.CancelResult{}, fmt.Errorf("demo shop cancel %s: %w: refund %d %s, the order has %d %s left", o.Name, agent.ErrCommerceRejected, r.Refund, r.Currency, left, o.Currency)
	}
	now := s.Clock.Now()
	var lines []order.ReturnLine
	var ids []string
	for _, li := range o.LineItems {
		lines = append(lines, order.ReturnLine{LineItemID: li.ID, Quantity: li.Quantity})
		ids = append(ids, li.ID)
	}
	o.UpdatedAt = after(now, o.UpdatedAt)
	at := o.UpdatedAt
	o.CancelledAt, o.CancelReason, o.FinancialStatus = &at, "customer", "refunded"
	o.Shipments, o.Refunds, o.Returns = nil, nil, nil
	change := store.Change{Shop: r.Shop, Order: &o}
	detail := map[string]any{"reason": r.Reason, "refund_method": "original_payment", "restock": true, "notify_customer": true, "refund_id": refundID}
	if r.KeepPayment {
		// Nothing refunded: the payment stays, as store credit issued next.
		o.FinancialStatus = "paid"
		detail["refund_method"], detail["refund_id"] = "none (store credit instead)", ""
	} else {
		change.Refunds = []order.Refund{{Shop: r.Shop, OrderID: o.ID, ID: refundID, Amount: left, Note: "order cancelled", Restock: true, LineItems: ids, CreatedAt: now}}
	}
	if _, err := s.Store.Apply(ctx, change); err != nil {
		return agent.CancelResult{}, fmt.Errorf("demo shop cancel: %w", err)
	}
	al, _ := linesOf(o, lines)
	if err := s.record(ctx, "cancel-"+job, Action{Type: ActionCancel, Order: o.Name, Lines: al, Amount: money.Decimal(int64(left), o.Currency), Currency: o.Currency,
		Detail: detail,
		At:     now}); err != nil {
		return agent.CancelResult{}, err
	}
	return res, nil
}
