package shopify

// This file is the Admin GraphQL adapter of agent.Exchanger.
//
//   - product(id).variants: each variant's id, title, price (a decimal in
//     the shop's currency, read in the same query) and inventoryQuantity
//     (needs read_inventory); availableForSale false counts as out of
//     stock.
//   - returnCreate(returnInput: ReturnInput{orderId, returnLineItems:
//     [ReturnLineItemInput{fulfillmentLineItemId, quantity,
//     returnReasonDefinitionId, returnReasonNote}], exchangeLineItems:
//     [ExchangeLineItemInput{variantId, quantity}]}) opens the return with
//     its exchange item; Shopify ships the new item as the return is
//     processed. As for returnRequest, the reason is a definition from
//     Shopify's reason library (the ReturnReason enum is deprecated), read
//     with the fulfillments (returnableQuery); ReturnInput.notifyCustomer
//     is deprecated and not sent.

import (
	"context"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	amounts "github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

const variantsQuery = `query DoorstepVariants($id: ID!) {
  product(id: $id) {
    id
    variants(first: 100) { nodes { id title price inventoryQuantity availableForSale } }
  }
  shop { currencyCode }
}`

// maxReasonNote bounds ReturnLineItemInput.returnReasonNote.
const maxReasonNote = 255

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
		Shop struct {
			CurrencyCode string `json:"currencyCode"`
		} `json:"shop"`
	}
	if err := a.do(ctx, variantsQuery, map[string]any{"id": gid("Product", productID)}, &out); err != nil {
		return nil, fmt.Errorf("variants of product %s: %w", productID, err)
	}
	if out.Product == nil {
		return nil, nil
	}
	var vs []agent.Variant
	for _, n := range out.Product.Variants.Nodes {
		price, err := amounts.ParseDecimal(n.Price, out.Shop.CurrencyCode)
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
		vs = append(vs, agent.Variant{ID: idFromGID(n.ID), Title: n.Title, Price: order.Money(price), Available: avail})
	}
	return vs, nil
}

// Exchange opens a return of r.Lines with the exchange variant.
func (a *Admin) Exchange(ctx context.Context, r agent.ExchangeRequest) (order.Return, error) {
	if err := a.checkShop(r.Shop); err != nil {
		return order.Return{}, fmt.Errorf("exchange on order %s: %w", r.OrderID, err)
	}
	orderGID := OrderGID(r.OrderID)
	reason := returnReason(r.Reason)
	fulfilled, reasonID, err := a.returnable(ctx, orderGID, reason)
	if err != nil {
		return order.Return{}, fmt.Errorf("exchange on order %s: %w", r.OrderID, err)
	}
	items, err := returnLineItems(r.Lines, fulfilled, reasonID, "")
	if err != nil {
		return order.Return{}, fmt.Errorf("exchange on order %s: %w", r.OrderID, err)
	}
	if note := truncate(strings.TrimSpace(r.Note), maxReasonNote); note != "" {
		for _, it := range items {
			it.(map[string]any)["returnReasonNote"] = note
		}
	}
	vars := map[string]any{"returnInput": map[string]any{"orderId": orderGID, "returnLineItems": items,
		"exchangeLineItems": []any{map[string]any{"variantId": variantGID(r.VariantID), "quantity": r.Quantity}}}}
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
		Reason: reason, CreatedAt: a.clock.Now().UTC()}, nil
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
