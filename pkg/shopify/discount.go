package shopify

// This file is the Admin GraphQL adapter of discount.Creator: the codes
// outreach issues with its suggestions.
//
// Shapes are those of Admin GraphQL API version 2026-10 (DefaultAPIVersion):
//
//   - discountCodeBasicCreate(basicCodeDiscount: DiscountCodeBasicInput{
//     title, code, startsAt, endsAt, usageLimit, appliesOncePerCustomer,
//     context: DiscountContextInput{customers: {add: [Customer gid]}} or
//     {all: ALL}, customerGets: {value: {percentage: 0..1} or
//     {discountAmount: {amount, appliesOnEachItem}}, items: {all: true}},
//     combinesWith}). customerSelection, which older versions used to limit
//     a code to a customer, is deprecated in 2026-10: context replaces it.
//   - A code the shop already has comes back as a userError with code
//     TAKEN on the code field; nothing was made, so another code can be
//     tried (discount.Issue does).
//   - The app needs the write_discounts access scope (RequiredScopes).

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/discount"
	amounts "github.com/doorstep-ai/doorstep/pkg/money"
)

var (
	_ discount.Creator = (*Admin)(nil)
	_ discount.Creator = Admins(nil)
)

const discountCreateMutation = `mutation DoorstepDiscountCode($input: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $input) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`

// CustomerGID is the GraphQL id of the customer with numeric id id.
func CustomerGID(id string) string {
	if strings.HasPrefix(id, "gid://") {
		return id
	}
	return "gid://shopify/Customer/" + id
}

// discountInput is r as a DiscountCodeBasicInput: one use in all, once per
// customer, on the whole order, for r's customer only when it names one.
func discountInput(r discount.Request) (map[string]any, error) {
	if err := r.Value.Valid(); err != nil {
		return nil, err
	}
	value := map[string]any{}
	if r.Value.Percent > 0 {
		value["percentage"] = float64(r.Value.Percent) / 100
	} else {
		value["discountAmount"] = map[string]any{"amount": amounts.Decimal(int64(r.Value.Amount), r.Value.Currency), "appliesOnEachItem": false}
	}
	ctxIn := map[string]any{"all": "ALL"}
	if r.CustomerID != "" {
		ctxIn = map[string]any{"customers": map[string]any{"add": []any{CustomerGID(r.CustomerID)}}}
	}
	return map[string]any{
		"title":                  r.Title,
		"code":                   r.Code,
		"startsAt":               r.StartsAt.UTC().Format(time.RFC3339),
		"endsAt":                 r.EndsAt.UTC().Format(time.RFC3339),
		"usageLimit":             1,
		"appliesOncePerCustomer": true,
		"context":                ctxIn,
		"customerGets":           map[string]any{"value": value, "items": map[string]any{"all": true}},
		"combinesWith":           map[string]any{"orderDiscounts": false, "productDiscounts": false, "shippingDiscounts": true},
	}, nil
}

type discountUserError struct {
	Field   []string `json:"field"`
	Code    string   `json:"code"`
	Message string   `json:"message"`
}

// CreateDiscount makes a single-use code in the shop. A code the shop
// already has is discount.ErrTaken.
func (a *Admin) CreateDiscount(ctx context.Context, r discount.Request) (discount.Discount, error) {
	if err := a.checkShop(r.Shop); err != nil {
		return discount.Discount{}, fmt.Errorf("create discount code: %w", err)
	}
	in, err := discountInput(r)
	if err != nil {
		return discount.Discount{}, fmt.Errorf("create discount code: %w", err)
	}
	var out struct {
		DiscountCodeBasicCreate struct {
			CodeDiscountNode *struct {
				ID string `json:"id"`
			} `json:"codeDiscountNode"`
			UserErrors []discountUserError `json:"userErrors"`
		} `json:"discountCodeBasicCreate"`
	}
	if err := a.do(ctx, discountCreateMutation, map[string]any{"input": in}, &out); err != nil {
		return discount.Discount{}, fmt.Errorf("create discount code: %w", err)
	}
	res := out.DiscountCodeBasicCreate
	if len(res.UserErrors) > 0 {
		ue := make([]userError, len(res.UserErrors))
		for i, e := range res.UserErrors {
			if (e.Code == "TAKEN" || e.Code == "DUPLICATE") && strings.Contains(strings.Join(e.Field, "."), "code") {
				return discount.Discount{}, fmt.Errorf("create discount code: %w", discount.ErrTaken)
			}
			ue[i] = userError{Field: e.Field, Message: e.Message}
		}
		return discount.Discount{}, fmt.Errorf("create discount code: shop refused: %s", userErrorText(ue))
	}
	if res.CodeDiscountNode == nil || res.CodeDiscountNode.ID == "" {
		return discount.Discount{}, fmt.Errorf("create discount code: no discount in the response")
	}
	return discount.Discount{ID: res.CodeDiscountNode.ID, Code: r.Code}, nil
}

// CreateDiscount routes to the shop's client.
func (a Admins) CreateDiscount(ctx context.Context, r discount.Request) (discount.Discount, error) {
	c, err := a.get(r.Shop)
	if err != nil {
		return discount.Discount{}, err
	}
	return c.CreateDiscount(ctx, r)
}
