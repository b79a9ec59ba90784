package shopify

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

func TestVariants(t *testing.T) {
	a, f := newOpsFake(t, map[string]string{"product": `{"data":{"product":{"id":"gid://shopify/Product/81","variants":{"nodes":[
	 {"id":"gid://shopify/ProductVariant/1","title":"Sea Glass / 12 oz","price":"24.00","inventoryQuantity":14,"availableForSale":true},
	 {"id":"gid://shopify/ProductVariant/3","title":"Sand / 12 oz","price":"24.00","inventoryQuantity":5,"availableForSale":false},
	 {"id":"gid://shopify/ProductVariant/4","title":"Sea Glass / 16 oz","price":"28.00","inventoryQuantity":null,"availableForSale":true}]}},"shop":{"currencyCode":"USD"}},` + costOK + `}`})
	got, err := a.Variants(context.Background(), testShop, "81")
	if err != nil {
		t.Fatal(err)
	}
	want := []agent.Variant{{ID: "1", Title: "Sea Glass / 12 oz", Price: 2400, Available: 14}, {ID: "3", Title: "Sand / 12 oz", Price: 2400, Available: 0},
		{ID: "4", Title: "Sea Glass / 16 oz", Price: 2800, Available: 0}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("variants (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]opCall{{"product", map[string]any{"id": "gid://shopify/Product/81"}}}, f.got()); d != "" {
		t.Errorf("calls:\n%s", d)
	}
}

func TestExchange(t *testing.T) {
	a, f := newOpsFake(t, map[string]string{"order": lookupOK,
		"returnCreate": `{"data":{"returnCreate":{"return":{"id":"gid://shopify/Return/556","status":"OPEN"},"userErrors":[]}},` + costOK + `}`})
	ret, err := a.Exchange(context.Background(), agent.ExchangeRequest{Shop: testShop, OrderID: "1001", Lines: []order.ReturnLine{{LineItemID: "9003", Quantity: 2}},
		VariantID: "4700000000102", Quantity: 2, Reason: "SIZE_TOO_SMALL", Note: "Exchange for Charcoal / 12 oz (color)", IdempotencyKey: "p1"})
	if err != nil || ret.ID != "556" || ret.Status != "open" || ret.Reason != "SIZE_TOO_SMALL" {
		t.Fatalf("Exchange = %+v, %v", ret, err)
	}
	note := "Exchange for Charcoal / 12 oz (color)"
	reason := "gid://shopify/ReturnReasonDefinition/12" // too-small, from the reason library
	want := []opCall{{"order", lookupVars("too-small", "too-tight", "size-too-small", "other")}, {"returnCreate", map[string]any{"returnInput": map[string]any{"orderId": "gid://shopify/Order/1001",
		"returnLineItems": []any{
			map[string]any{"fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/702", "quantity": float64(1), "returnReasonDefinitionId": reason, "returnReasonNote": note},
			map[string]any{"fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/703", "quantity": float64(1), "returnReasonDefinitionId": reason, "returnReasonNote": note}},
		"exchangeLineItems": []any{map[string]any{"variantId": "gid://shopify/ProductVariant/4700000000102", "quantity": float64(2)}}}}}}
	if d := cmp.Diff(want, f.got()); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}

func TestExchangeRefused(t *testing.T) {
	a, _ := newOpsFake(t, map[string]string{"order": lookupOK,
		"returnCreate": `{"data":{"returnCreate":{"return":null,"userErrors":[{"field":["returnInput","exchangeLineItems","0","variantId"],"message":"Variant is out of stock"}]}},` + costOK + `}`})
	_, err := a.Exchange(context.Background(), agent.ExchangeRequest{Shop: testShop, OrderID: "1001", Lines: []order.ReturnLine{{LineItemID: "9001", Quantity: 1}}, VariantID: "5", Quantity: 1})
	if !errors.Is(err, agent.ErrCommerceRejected) {
		t.Errorf("err = %v", err)
	}
}

// The Lambdas' Commerce port is Admins: the agent finds exchanges on it by
// the same type assertion as on the demo shop, and each call goes to the
// shop's own client (the fake validates each operation against the pinned
// schema); a shop with no client is an error, not a call.
func TestAdminsExchange(t *testing.T) {
	a, f := newOpsFake(t, map[string]string{"order": lookupOK,
		"product": `{"data":{"product":{"id":"gid://shopify/Product/81","variants":{"nodes":[
		 {"id":"gid://shopify/ProductVariant/4700000000102","title":"Charcoal / 12 oz","price":"24.00","inventoryQuantity":3,"availableForSale":true}]}},"shop":{"currencyCode":"USD"}},` + costOK + `}`,
		"returnCreate": `{"data":{"returnCreate":{"return":{"id":"gid://shopify/Return/556","status":"OPEN"},"userErrors":[]}},` + costOK + `}`})
	var commerce agent.Commerce = Admins{testShop: a}
	ex, ok := commerce.(agent.Exchanger)
	if !ok {
		t.Fatal("Admins is not an agent.Exchanger: the Lambdas would offer no exchanges")
	}
	for _, tc := range []struct {
		name, shop string
		wantOK     bool
	}{
		{"the deployment's shop", testShop, true},
		{"a shop with no token", "other.myshopify.com", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.got())
			vs, err := ex.Variants(t.Context(), tc.shop, "81")
			if (err == nil) != tc.wantOK || (tc.wantOK && (len(vs) != 1 || vs[0].Available != 3)) {
				t.Fatalf("Variants = %+v, %v", vs, err)
			}
			ret, err := ex.Exchange(t.Context(), agent.ExchangeRequest{Shop: tc.shop, OrderID: "1001", Lines: []order.ReturnLine{{LineItemID: "9003", Quantity: 2}},
				VariantID: "4700000000102", Quantity: 2, Reason: "SIZE_TOO_SMALL", IdempotencyKey: "p1"})
			if (err == nil) != tc.wantOK || (tc.wantOK && ret.ID != "556") {
				t.Fatalf("Exchange = %+v, %v", ret, err)
			}
			calls := len(f.got()) - before
			if want := map[bool]int{true: 3, false: 0}[tc.wantOK]; calls != want {
				t.Errorf("%d Admin API calls, want %d", calls, want)
			}
		})
	}
}
