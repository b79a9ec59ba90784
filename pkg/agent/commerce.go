package agent

import (
	"context"
	"errors"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Commerce is the port for writes to the shop: package shopify (Admin
// GraphQL API) in AWS, package demoshop locally.
type Commerce interface {
	// RequestReturn asks the shop to accept a return of some items.
	RequestReturn(ctx context.Context, r ReturnRequest) (order.Return, error)
	// UpdateShippingAddress replaces an order's shipping address (the whole
	// address is sent).
	UpdateShippingAddress(ctx context.Context, shop, orderID string, a order.Address) error
}

// ReturnRequest is a customer's request to return items.
type ReturnRequest struct {
	Shop    string
	OrderID string
	Lines   []order.ReturnLine
	// Reason is one of Shopify's return reasons: DEFECTIVE, NOT_AS_DESCRIBED,
	// WRONG_ITEM, SIZE_TOO_SMALL, SIZE_TOO_LARGE, STYLE, COLOR, UNWANTED,
	// OTHER, UNKNOWN.
	Reason string
	// Note is the customer's own words, kept short.
	Note string
	// Resolution is what the customer was promised: refund or
	// store_credit.
	Resolution string
	// IdempotencyKey is the proposal's id: the same key requests once.
	IdempotencyKey string
}

// ErrCommerceRejected is a write the shop refused (user errors from the
// API); retrying will not help. Adapters wrap it with the shop's reason.
var ErrCommerceRejected = errors.New("shop refused the change")
