package shopify

// This file is the Admin GraphQL adapter of resolution.FulfillmentCanceller.
//
// fulfillmentCancel(id: ID!) cancels a Fulfillment and reopens its items on
// the order's fulfillment orders; it answers FulfillmentCancelPayload
// {fulfillment {id status}, userErrors}. A refund of the items that follows
// takes them off the reopened fulfillment order, so the warehouse does not
// ship them. Shopify's reference names no scope on the mutation (its
// sibling fulfillmentOrderCancel needs write_merchant_managed_fulfillment_orders
// or write_third_party_fulfillment_orders); doorstep asks for
// write_merchant_managed_fulfillment_orders (Scopes).

import (
	"context"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/resolution"
)

const fulfillmentCancelMutation = `mutation DoorstepFulfillmentCancel($id: ID!) {
  fulfillmentCancel(id: $id) {
    fulfillment { id status }
    userErrors { field message }
  }
}`

var (
	_ resolution.FulfillmentCanceller = (*Resolver)(nil)
	_ resolution.FulfillmentCanceller = (*Admin)(nil)
	_ resolution.FulfillmentCanceller = Admins(nil)
)

// CancelFulfillment cancels the fulfillment req names, once per
// idempotency key. A fulfillment Shopify already reports cancelled counts
// as done.
func (r *Resolver) CancelFulfillment(ctx context.Context, req resolution.CancelFulfillmentRequest) error {
	what := "cancel fulfillment " + req.FulfillmentID + " of order " + req.OrderID
	if err := r.Admin.checkShop(req.Shop); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if strings.TrimSpace(req.FulfillmentID) == "" {
		return fmt.Errorf("%s: %w: no fulfillment", what, resolution.ErrRejected)
	}
	key := "shopify:fulfillment-cancel:" + req.IdempotencyKey
	if err := r.claim(ctx, key); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	var out struct {
		FulfillmentCancel struct {
			Fulfillment *struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"fulfillment"`
			UserErrors []userError `json:"userErrors"`
		} `json:"fulfillmentCancel"`
	}
	if err := r.Admin.do(ctx, fulfillmentCancelMutation, map[string]any{"id": fulfillmentGID(req.FulfillmentID)}, &out); err != nil {
		return r.settle(ctx, key, what, err)
	}
	if ue := out.FulfillmentCancel.UserErrors; len(ue) > 0 {
		return r.settle(ctx, key, what, fmt.Errorf("%w: %s", resolution.ErrRejected, userErrorText(ue)))
	}
	f := out.FulfillmentCancel.Fulfillment
	if f == nil || !strings.EqualFold(f.Status, "CANCELLED") {
		return fmt.Errorf("%s: %w: the fulfillment is not reported cancelled", what, resolution.ErrUncertain)
	}
	return nil
}

// CancelFulfillment cancels a fulfillment (fulfillmentCancel); the agent
// holds the proposal's claim, so it takes none of its own.
func (a *Admin) CancelFulfillment(ctx context.Context, req resolution.CancelFulfillmentRequest) error {
	return (&Resolver{Admin: a, Claims: claimedByCaller{}}).CancelFulfillment(ctx, req)
}

// CancelFulfillment routes to the shop's client.
func (a Admins) CancelFulfillment(ctx context.Context, req resolution.CancelFulfillmentRequest) error {
	c, err := a.get(req.Shop)
	if err != nil {
		return err
	}
	return c.CancelFulfillment(ctx, req)
}

func fulfillmentGID(id string) string { return gid("Fulfillment", id) }
