package shopify

// This file is the Admin GraphQL adapter of agent.OrderCanceller.
//
// orderCancel(orderId: ID!, refundMethod: OrderCancelRefundMethodInput,
// restock: Boolean!, reason: OrderCancelReason!, notifyCustomer: Boolean,
// staffNote: String) cancels asynchronously and answers with a Job and
// orderCancelUserErrors (the payload's userErrors field is deprecated).
// refundMethod {originalPaymentMethodsRefund: true} refunds what was paid
// to the original payment methods; the older refund: Boolean argument is
// deprecated.

import (
	"context"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

const orderCancelMutation = `mutation DoorstepOrderCancel($orderId: ID!, $refundMethod: OrderCancelRefundMethodInput, $restock: Boolean!, $reason: OrderCancelReason!, $notifyCustomer: Boolean, $staffNote: String) {
  orderCancel(orderId: $orderId, refundMethod: $refundMethod, restock: $restock, reason: $reason, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`

// orderCancelReasons are the OrderCancelReason values.
var orderCancelReasons = map[string]bool{"CUSTOMER": true, "DECLINED": true, "FRAUD": true, "INVENTORY": true, "STAFF": true, "OTHER": true}

var _ agent.OrderCanceller = (*Admin)(nil)

// CancelOrder cancels r's order with a refund to the original payment
// methods (none when r.KeepPayment), restock and the shop's cancellation
// email.
func (a *Admin) CancelOrder(ctx context.Context, r agent.CancelRequest) (agent.CancelResult, error) {
	if err := a.checkShop(r.Shop); err != nil {
		return agent.CancelResult{}, fmt.Errorf("cancel order %s: %w", r.OrderID, err)
	}
	reason := strings.ToUpper(strings.TrimSpace(r.Reason))
	if !orderCancelReasons[reason] {
		reason = "CUSTOMER"
	}
	vars := map[string]any{
		"orderId":        OrderGID(r.OrderID),
		"refundMethod":   map[string]any{"originalPaymentMethodsRefund": true},
		"restock":        true,
		"reason":         reason,
		"notifyCustomer": true,
		"staffNote":      truncate(r.Note, 255),
	}
	if r.KeepPayment {
		// No refund: the customer takes store credit with the shop's
		// bonus instead, issued next (storeCreditAccountCredit, else a
		// gift card: credit.go), so no refundMethod.
		delete(vars, "refundMethod")
	}
	var out struct {
		OrderCancel struct {
			Job *struct {
				ID   string `json:"id"`
				Done bool   `json:"done"`
			} `json:"job"`
			UserErrors []userError `json:"orderCancelUserErrors"`
		} `json:"orderCancel"`
	}
	if err := a.do(ctx, orderCancelMutation, vars, &out); err != nil {
		return agent.CancelResult{}, fmt.Errorf("cancel order %s: %w", r.OrderID, err)
	}
	if ue := out.OrderCancel.UserErrors; len(ue) > 0 {
		return agent.CancelResult{}, fmt.Errorf("cancel order %s: %w: %s", r.OrderID, agent.ErrCommerceRejected, userErrorText(ue))
	}
	if out.OrderCancel.Job == nil {
		return agent.CancelResult{}, fmt.Errorf("cancel order %s: no job in the response", r.OrderID)
	}
	return agent.CancelResult{Job: idFromGID(out.OrderCancel.Job.ID)}, nil
}

// CancelOrder routes to the shop's client.
func (a Admins) CancelOrder(ctx context.Context, r agent.CancelRequest) (agent.CancelResult, error) {
	c, err := a.get(r.Shop)
	if err != nil {
		return agent.CancelResult{}, err
	}
	return c.CancelOrder(ctx, r)
}
