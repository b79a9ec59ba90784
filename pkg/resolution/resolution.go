// Package resolution is the shop's side of putting a problem right after
// the sale, as the domain sees it: a refund of some lines or a replacement
// order at no cost. The delivery check (package watch) and the support
// agent (package agent) both ask for them through Resolver; package shopify
// (Admin GraphQL refundCreate, orderCreate) and package demoshop answer.
package resolution

import (
	"context"
	"errors"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Resolver makes the shop's side of a resolution. Each call carries an
// idempotency key; an adapter claims it before acting, so a retried call
// never refunds or ships twice.
type Resolver interface {
	Refund(ctx context.Context, r RefundRequest) (RefundResult, error)
	Replace(ctx context.Context, r ReplaceRequest) (ReplaceResult, error)
}

// Errors a Resolver returns.
var (
	// ErrAlreadyDone: the idempotency key was used before; the action was
	// made then (its result is not known here).
	ErrAlreadyDone = errors.New("already done")
	// ErrRejected: the shop refused (user errors); nothing was done and a
	// retry will not help.
	ErrRejected = errors.New("shop refused")
	// ErrUncertain: the call failed in a way that may have acted; it is not
	// retried, and a person checks.
	ErrUncertain = errors.New("outcome unknown")
	// ErrNotDelivered: the customer reported a problem with a parcel that
	// is not delivered yet; the agent says where it is instead.
	ErrNotDelivered = errors.New("not delivered yet")
)

// RefundRequest refunds some items of an order.
type RefundRequest struct {
	Shop    string
	OrderID string
	Amount  order.Money
	// Currency is the order's currency code.
	Currency string
	// Lines are the items refunded (not restocked).
	Lines []order.ReturnLine
	// Note is kept on the refund, for the merchant.
	Note           string
	IdempotencyKey string
}

// RefundResult is a refund made.
type RefundResult struct {
	ID     string
	Amount order.Money
}

// ReplaceLine is one item to send again.
type ReplaceLine struct {
	LineItemID string
	ProductID  string
	VariantID  string
	SKU        string
	Title      string
	Quantity   int
	// Price is the original unit price, for a custom line with no variant.
	Price order.Money
}

// ReplaceRequest creates a replacement order at no cost.
type ReplaceRequest struct {
	Shop            string
	OrderID         string
	OrderName       string
	Email           string
	Customer        order.Customer
	ShippingAddress *order.Address
	Currency        string
	Lines           []ReplaceLine
	Note            string
	IdempotencyKey  string
}

// ReplaceResult is the replacement order.
type ReplaceResult struct {
	OrderID string
	Name    string
}

// MadeGood is a parcel still on its way that the support agent replaced or
// refunded at the customer's request: the delivery check records it, so it
// never acts on that parcel again (package watch).
type MadeGood struct {
	Shop       string
	OrderID    string
	OrderName  string
	ShipmentID string
	// Action is ActionReplacement or ActionRefund.
	Action   string
	Currency string
	// Refunded and RefundID are a refund's; Replacement is the
	// replacement order's name.
	Refunded    order.Money
	RefundID    string
	Replacement string
	// Detail is what was done, in words fit for the customer.
	Detail string
	// Lines are the units made good when only part of the parcel was
	// (the rest stays watched and can be made good later); nil: the
	// whole parcel, or all of it that was left.
	Lines []MadeGoodLine
}

// MadeGoodLine is units of one line item of a parcel made good.
type MadeGoodLine struct {
	LineItemID string `json:"line_item_id"`
	Title      string `json:"title,omitempty"`
	Quantity   int    `json:"quantity"`
}

// MadeGood actions.
const (
	ActionReplacement = "replacement"
	ActionRefund      = "refund"
	// ActionStoreCredit is the parcel's refund paid as store credit
	// (Refunded is the credit, bonus included; RefundID its id).
	ActionStoreCredit = "store_credit"
)

// FulfillmentCanceller cancels a fulfillment the carrier never picked up
// (a label printed, no carrier scan), so the warehouse does not ship items
// that were refunded or replaced: package shopify (fulfillmentCancel) and
// package demoshop. A Resolver that lacks it cannot cancel a shipment.
type FulfillmentCanceller interface {
	CancelFulfillment(ctx context.Context, r CancelFulfillmentRequest) error
}

// CancelFulfillmentRequest cancels one fulfillment (a shipment) of an
// order.
type CancelFulfillmentRequest struct {
	Shop      string
	OrderID   string
	OrderName string
	// FulfillmentID is the shipment's id (order.Shipment.ID).
	FulfillmentID  string
	IdempotencyKey string
}
