package shopify

// This file is the Admin GraphQL adapter of agent.Exchanger.
//
//   - product(id).variants: each variant's id, title, price (a decimal in
//     the shop's currency) and inventoryQuantity (needs read_inventory);
//     availableForSale false counts as out of stock.
//   - returnCreate(returnInput: ReturnInput{orderId, returnLineItems:
//     [ReturnLineItemInput{fulfillmentLineItemId, quantity,
//     returnReasonNote}], exchangeLineItems: [ExchangeLineItemInput{
//     variantId, quantity}], notifyCustomer}) opens the return with its
//     exchange item; Shopify ships the new item as the return is
//     processed. The ReturnReason enum is deprecated (2026-01 onwards) in
//     favour of shop-specific returnReasonDefinitionId values, so the
//     reason travels as the note.

import (
	"context"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

const variantsQuery = `query DoorstepVariants($id: ID!) {
  product(id: $id) {
    id
    variants(first: 100) { nodes { id title price inventoryQuantity availableForSale } }
  }
}`

const returnCreateMutation = `mutation DoorstepExchange($returnInput: ReturnInput!) {
  returnCreate(returnInput: $returnInput) {
    return { id status }
    userErrors { field message }
  }
}`

var _ agent.Exchanger = (*Admin)(nil)

// Variants reads a product's variants and their stock.
func (a *Admin) Variants(ctx context.Context, shop, productID string) ([]agent.Variant, error) {
	if err := a.checkShop(shop); err != nil {
		return nil, fmt.Errorf("variants of product %s: %w", productID, err)
	}
	var out struct {
		Product *struct {
			Variants struct {
				Nodes []struct {
					ID                string `json:"id"`
					Title             string `json:"title"`
					Price             string `json:"price"`
					InventoryQuantity *int   `json:"inventoryQuantity"`
					AvailableForSale  bool   `json:"availableForSale"`
				} `json:"nodes"`
			} `json:"variants"`
		} `json:"product"`
	}
	if err := a.do(ctx, variantsQuery, map[string]any{"id": gid("Product", productID)}, &out); err != nil {
		return nil, fmt.Errorf("variants of product %s: %w", productID, err)
	}
	if out.Product == nil {
		return nil, nil
	}
	var vs []agent.Variant
	for _, n := range out.Product.Variants.Nodes {
		price, err := parseMoney(n.Price)
		if err != nil {
			return nil, fmt.Errorf("variant %s price %q: %w", n.ID, n.Price, err)
		}
		avail := 0
		if n.InventoryQuantity != nil {
			avail = *n.InventoryQuantity
		}
		if !n.AvailableForSale {
			avail = 0
		}
		vs = append(vs, agent.Variant{ID: idFromGID(n.ID), Title: n.Title, Price: price, Available: avail})
	}
	return vs, nil
}

// Exchange opens a return of r.Lines with the exchange variant.
func (a *Admin) Exchange(ctx context.Context, r agent.ExchangeRequest) (order.Return, error) {
	if err := a.checkShop(r.Shop); err != nil {
		return order.Return{}, fmt.Errorf("exchange on order %s: %w", r.OrderID, err)
	}
	orderGID := OrderGID(r.OrderID)
	fulfilled, err := a.fulfilledLines(ctx, orderGID)
	if err != nil {
		return order.Return{}, fmt.Errorf("exchange on order %s: %w", r.OrderID, err)
	}
	items, err := returnLineItems(r.Lines, fulfilled, "", "")
	if err != nil {
		return order.Return{}, fmt.Errorf("exchange on order %s: %w", r.OrderID, err)
	}
	for _, it := range items {
		m := it.(map[string]any)
		delete(m, "returnReason")
		m["returnReasonNote"] = truncate(strings.TrimSpace(r.Note), 255)
	}
	vars := map[string]any{"returnInput": map[string]any{"orderId": orderGID, "returnLineItems": items,
		"exchangeLineItems": []any{map[string]any{"variantId": variantGID(r.VariantID), "quantity": r.Quantity}}, "notifyCustomer": true}}
	var out struct {
		ReturnCreate struct {
			Return *struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"return"`
			UserErrors []userError `json:"userErrors"`
		} `json:"returnCreate"`
	}
	if err := a.do(ctx, returnCreateMutation, vars, &out); err != nil {
		return order.Return{}, fmt.Errorf("exchange on order %s: %w", r.OrderID, err)
	}
	if ue := out.ReturnCreate.UserErrors; len(ue) > 0 {
		return order.Return{}, fmt.Errorf("exchange on order %s: %w: %s", r.OrderID, agent.ErrCommerceRejected, userErrorText(ue))
	}
	ret := out.ReturnCreate.Return
	if ret == nil || ret.ID == "" {
		return order.Return{}, fmt.Errorf("exchange on order %s: no return in the response", r.OrderID)
	}
	return order.Return{Shop: r.Shop, OrderID: idFromGID(r.OrderID), ID: idFromGID(ret.ID), Status: returnStatus(ret.Status), Lines: r.Lines,
		Reason: "OTHER", CreatedAt: a.clock.Now().UTC()}, nil
}

// Variants routes to the shop's client.
func (a Admins) Variants(ctx context.Context, shop, productID string) ([]agent.Variant, error) {
	c, err := a.get(shop)
	if err != nil {
		return nil, err
	}
	return c.Variants(ctx, shop, productID)
}

// Exchange routes to the shop's client.
func (a Admins) Exchange(ctx context.Context, r agent.ExchangeRequest) (order.Return, error) {
	c, err := a.get(r.Shop)
	if err != nil {
		return order.Return{}, err
	}
	return c.Exchange(ctx, r)
}
