package shopify

// This file is the Admin GraphQL adapter of resolution.Resolver: the refunds and
// replacement orders the delivery check makes under the merchant's policy.
//
// Shapes are those of Admin GraphQL API version 2026-10 (DefaultAPIVersion):
//
//   - refundCreate takes RefundInput{orderId, note, notify, refundLineItems:
//     [RefundLineItemInput{lineItemId, quantity, restockType}], transactions:
//     [OrderTransactionInput{orderId, parentId, gateway, kind: REFUND,
//     amount}]}. A refund transaction names its parent (a successful SALE or
//     CAPTURE) and that parent's gateway, so the order's transactions are
//     read first. Since 2026-04 refundCreate requires @idempotent(key:);
//     the key is derived from doorstep's own idempotency key
//     (IdempotencyKey), so a retried refund is one refund at Shopify too,
//     on top of doorstep's claim taken before the call.
//   - orderCreate takes (order: OrderCreateOrderInput{currency, email,
//     lineItems: [{variantId | title, quantity, priceSet}], shippingAddress,
//     financialStatus, tags, note, sourceIdentifier, customer: {toAssociate:
//     {id}}}, options: OrderCreateOptionsInput{inventoryBehaviour,
//     sendReceipt, sendFulfillmentReceipt}). A replacement is the parcel's
//     items at price 0, marked paid, tagged doorstep-replacement.
//
// THROTTLED is retried by do (admin.go). A failure Shopify may have acted on
// (an HTTP 5xx, a broken connection, a GraphQL error after the request was
// sent) keeps the claim and reports resolution.ErrUncertain: a person checks
// rather than doorstep refunding twice.

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"

	amounts "github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Claimer records idempotency keys (the store's Claim and Release).
type Claimer interface {
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
}

// Resolver makes refunds and replacement orders through an Admin client,
// each at most once per idempotency key.
type Resolver struct {
	Admin  *Admin
	Claims Claimer
	// ClaimFor is how long a key is remembered (0: 400 days).
	ClaimFor time.Duration
}

var _ resolution.Resolver = (*Resolver)(nil)

// NewResolver returns a Resolver using a and claims.
func NewResolver(a *Admin, claims Claimer) *Resolver { return &Resolver{Admin: a, Claims: claims} }

// claim takes key; ErrAlreadyDone when it was taken before.
func (r *Resolver) claim(ctx context.Context, key string) error {
	if strings.TrimSpace(key) == "" {
		return errors.New("no idempotency key")
	}
	d := r.ClaimFor
	if d <= 0 {
		d = 400 * 24 * time.Hour
	}
	err := r.Claims.Claim(ctx, key, r.Admin.clock.Now().Add(d))
	if errors.Is(err, store.ErrDuplicate) {
		return resolution.ErrAlreadyDone
	}
	return err
}

// settle decides what a failed call means for its claim: nothing ran
// (throttled past every attempt, or refused with user errors) releases it;
// anything else may have acted, keeps it and is ErrUncertain.
func (r *Resolver) settle(ctx context.Context, key, what string, err error) error {
	if errors.Is(err, ErrThrottled) || errors.Is(err, resolution.ErrRejected) {
		if rerr := r.Claims.Release(ctx, key); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return fmt.Errorf("%s: %w: %v", what, resolution.ErrUncertain, err)
}

// release frees key after a failure that certainly did nothing.
func (r *Resolver) release(ctx context.Context, key string, err error) error {
	if rerr := r.Claims.Release(ctx, key); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// --- Refund ---

const refundableQuery = `query DoorstepRefundable($id: ID!) {
  order(id: $id) {
    id
    currencyCode
    transactions(first: 25) {
      id
      kind
      status
      gateway
      amountSet { shopMoney { amount currencyCode } }
      maximumRefundableV2 { amount currencyCode }
    }
  }
}`

const refundCreateMutation = `mutation DoorstepRefund($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`

type moneyV2 struct {
	Amount       string `json:"amount"`
	CurrencyCode string `json:"currencyCode"`
}

type parentTransaction struct {
	id, gateway string
	refundable  order.Money
}

// Refund refunds req.Amount on the order, against its successful sales and
// captures, oldest first, marking the parcel's items refunded (not
// restocked). The customer is not notified by Shopify: doorstep's notice
// says it.
func (r *Resolver) Refund(ctx context.Context, req resolution.RefundRequest) (resolution.RefundResult, error) {
	what := "refund on order " + req.OrderID
	if err := r.Admin.checkShop(req.Shop); err != nil {
		return resolution.RefundResult{}, fmt.Errorf("%s: %w", what, err)
	}
	if req.Amount <= 0 {
		return resolution.RefundResult{}, fmt.Errorf("%s: %w: amount %d is not positive", what, resolution.ErrRejected, req.Amount)
	}
	key := "shopify:refund:" + req.IdempotencyKey
	if err := r.claim(ctx, key); err != nil {
		return resolution.RefundResult{}, fmt.Errorf("%s: %w", what, err)
	}
	orderGID := OrderGID(req.OrderID)
	parents, currency, err := r.refundable(ctx, orderGID)
	if err != nil {
		return resolution.RefundResult{}, r.release(ctx, key, fmt.Errorf("%s: %w", what, err))
	}
	var txs []any
	left := req.Amount
	for _, p := range parents {
		if left <= 0 {
			break
		}
		take := min(left, p.refundable)
		txs = append(txs, map[string]any{"orderId": orderGID, "parentId": p.id, "gateway": p.gateway,
			"kind": "REFUND", "amount": amounts.Decimal(int64(take), currency)})
		left -= take
	}
	if left > 0 {
		return resolution.RefundResult{}, r.release(ctx, key, fmt.Errorf("%s: %w: only %s of %s %s is refundable",
			what, resolution.ErrRejected, amounts.Format(int64(req.Amount-left), currency), amounts.Format(int64(req.Amount), currency), currency))
	}
	input := map[string]any{"orderId": orderGID, "notify": false, "transactions": txs}
	if note := strings.TrimSpace(req.Note); note != "" {
		input["note"] = truncate(note, 255)
	}
	var lines []any
	for _, l := range req.Lines {
		if l.Quantity > 0 {
			lines = append(lines, map[string]any{"lineItemId": lineItemGID(l.LineItemID), "quantity": l.Quantity, "restockType": "NO_RESTOCK"})
		}
	}
	if len(lines) > 0 {
		input["refundLineItems"] = lines
	}
	var out struct {
		RefundCreate struct {
			Refund *struct {
				ID               string `json:"id"`
				TotalRefundedSet struct {
					ShopMoney moneyV2 `json:"shopMoney"`
				} `json:"totalRefundedSet"`
			} `json:"refund"`
			UserErrors []userError `json:"userErrors"`
		} `json:"refundCreate"`
	}
	if err := r.Admin.do(ctx, refundCreateMutation, map[string]any{"input": input, "key": IdempotencyKey(key)}, &out); err != nil {
		return resolution.RefundResult{}, r.settle(ctx, key, what, err)
	}
	if ue := out.RefundCreate.UserErrors; len(ue) > 0 {
		return resolution.RefundResult{}, r.settle(ctx, key, what, fmt.Errorf("%w: %s", resolution.ErrRejected, userErrorText(ue)))
	}
	ref := out.RefundCreate.Refund
	if ref == nil || ref.ID == "" {
		return resolution.RefundResult{}, fmt.Errorf("%s: %w: no refund in the response", what, resolution.ErrUncertain)
	}
	amount := req.Amount
	if set := ref.TotalRefundedSet.ShopMoney; set.Amount != "" {
		if m, err := amounts.ParseDecimal(set.Amount, cmp.Or(set.CurrencyCode, currency)); err == nil && m > 0 {
			amount = order.Money(m)
		}
	}
	return resolution.RefundResult{ID: idFromGID(ref.ID), Amount: amount}, nil
}

// refundable reads the order's successful sales and captures with what is
// left to refund on each.
func (r *Resolver) refundable(ctx context.Context, orderGID string) ([]parentTransaction, string, error) {
	var out struct {
		Order *struct {
			CurrencyCode string `json:"currencyCode"`
			Transactions []struct {
				ID        string `json:"id"`
				Kind      string `json:"kind"`
				Status    string `json:"status"`
				Gateway   string `json:"gateway"`
				AmountSet struct {
					ShopMoney moneyV2 `json:"shopMoney"`
				} `json:"amountSet"`
				MaximumRefundable *moneyV2 `json:"maximumRefundableV2"`
			} `json:"transactions"`
		} `json:"order"`
	}
	if err := r.Admin.do(ctx, refundableQuery, map[string]any{"id": orderGID}, &out); err != nil {
		return nil, "", fmt.Errorf("read transactions: %w", err)
	}
	if out.Order == nil {
		return nil, "", fmt.Errorf("read transactions: %w: order not found", resolution.ErrRejected)
	}
	var parents []parentTransaction
	for _, t := range out.Order.Transactions {
		if kind := strings.ToUpper(t.Kind); (kind != "SALE" && kind != "CAPTURE") || strings.ToUpper(t.Status) != "SUCCESS" {
			continue
		}
		amount := t.AmountSet.ShopMoney
		if t.MaximumRefundable != nil {
			amount = *t.MaximumRefundable
		}
		m, err := amounts.ParseDecimal(amount.Amount, cmp.Or(amount.CurrencyCode, out.Order.CurrencyCode))
		if err != nil || m <= 0 {
			continue
		}
		parents = append(parents, parentTransaction{id: t.ID, gateway: t.Gateway, refundable: order.Money(m)})
	}
	return parents, out.Order.CurrencyCode, nil
}

// --- Replace ---

const orderCreateMutation = `mutation DoorstepReplacement($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    order { id name }
    userErrors { field message }
  }
}`

// Replace creates a replacement order: the parcel's items at price 0,
// marked paid, to the original shipping address, tagged
// "doorstep-replacement"; Shopify sends no receipt (doorstep's notice
// says it) but does send the shipping confirmation when it ships.
func (r *Resolver) Replace(ctx context.Context, req resolution.ReplaceRequest) (resolution.ReplaceResult, error) {
	what := "replacement for order " + req.OrderID
	if err := r.Admin.checkShop(req.Shop); err != nil {
		return resolution.ReplaceResult{}, fmt.Errorf("%s: %w", what, err)
	}
	if len(req.Lines) == 0 {
		return resolution.ReplaceResult{}, fmt.Errorf("%s: %w: no items", what, resolution.ErrRejected)
	}
	currency := strings.ToUpper(strings.TrimSpace(req.Currency))
	if currency == "" {
		currency = "USD"
	}
	in := map[string]any{
		"currency":         currency,
		"financialStatus":  "PAID",
		"tags":             []string{"doorstep-replacement", "replaces-" + strings.TrimPrefix(order.NormaliseName(req.OrderName), "#")},
		"sourceIdentifier": truncate(req.IdempotencyKey, 255),
	}
	if e := strings.TrimSpace(req.Email); e != "" {
		in["email"] = e
	}
	if n := strings.TrimSpace(req.Note); n != "" {
		in["note"] = truncate(n, 5000)
	}
	if id := strings.TrimSpace(req.Customer.ID); id != "" {
		in["customer"] = map[string]any{"toAssociate": map[string]any{"id": customerGID(id)}}
	}
	if req.ShippingAddress != nil {
		addr, err := mailingAddressInput(*req.ShippingAddress)
		if err != nil {
			return resolution.ReplaceResult{}, fmt.Errorf("%s: %w: %v", what, resolution.ErrRejected, err)
		}
		in["shippingAddress"] = addr
	}
	zero := map[string]any{"shopMoney": map[string]any{"amount": amounts.Decimal(0, currency), "currencyCode": currency}}
	var lines []any
	for _, l := range req.Lines {
		if l.Quantity <= 0 {
			continue
		}
		li := map[string]any{"quantity": l.Quantity, "priceSet": zero}
		if l.VariantID != "" {
			li["variantId"] = variantGID(l.VariantID)
		} else {
			li["title"] = l.Title
			li["requiresShipping"] = true
			if l.SKU != "" {
				li["sku"] = l.SKU
			}
		}
		lines = append(lines, li)
	}
	if len(lines) == 0 {
		return resolution.ReplaceResult{}, fmt.Errorf("%s: %w: no items with a quantity", what, resolution.ErrRejected)
	}
	in["lineItems"] = lines

	key := "shopify:replace:" + req.IdempotencyKey
	if err := r.claim(ctx, key); err != nil {
		return resolution.ReplaceResult{}, fmt.Errorf("%s: %w", what, err)
	}
	vars := map[string]any{
		"order":   in,
		"options": map[string]any{"inventoryBehaviour": "DECREMENT_OBEYING_POLICY", "sendReceipt": false, "sendFulfillmentReceipt": true},
	}
	var out struct {
		OrderCreate struct {
			Order *struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"order"`
			UserErrors []userError `json:"userErrors"`
		} `json:"orderCreate"`
	}
	if err := r.Admin.do(ctx, orderCreateMutation, vars, &out); err != nil {
		return resolution.ReplaceResult{}, r.settle(ctx, key, what, err)
	}
	if ue := out.OrderCreate.UserErrors; len(ue) > 0 {
		return resolution.ReplaceResult{}, r.settle(ctx, key, what, fmt.Errorf("%w: %s", resolution.ErrRejected, userErrorText(ue)))
	}
	o := out.OrderCreate.Order
	if o == nil || o.ID == "" {
		return resolution.ReplaceResult{}, fmt.Errorf("%s: %w: no order in the response", what, resolution.ErrUncertain)
	}
	return resolution.ReplaceResult{OrderID: idFromGID(o.ID), Name: o.Name}, nil
}

// IdempotencyKey is the key sent in @idempotent(key:) for doorstep's key:
// the same key gives the same UUID-shaped string, whatever its length.
func IdempotencyKey(key string) string {
	h := sha256.Sum256([]byte("doorstep:" + key))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func lineItemGID(id string) string { return gid("LineItem", id) }
func variantGID(id string) string  { return gid("ProductVariant", id) }
func customerGID(id string) string { return gid("Customer", id) }

func gid(kind, id string) string {
	if strings.HasPrefix(id, "gid://") {
		return id
	}
	return "gid://shopify/" + kind + "/" + id
}
