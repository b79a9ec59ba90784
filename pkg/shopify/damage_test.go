package shopify

import (
	"context"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/resolution"
)

// The agent's replacement of damaged lines goes out as orderCreate, once
// per call: the agent holds the claim.
func TestAdminReplaceForTheAgent(t *testing.T) {
	a, f := newOpsFake(t, map[string]string{"orderCreate": `{"data":{"orderCreate":{"order":{"id":"gid://shopify/Order/9001","name":"#1013"},"userErrors":[]}},` + costOK + `}`})
	req := resolution.ReplaceRequest{Shop: testShop, OrderID: "1006", OrderName: "#1006", Email: "s@example.com", Currency: "USD",
		Lines: []resolution.ReplaceLine{{LineItemID: "1", VariantID: "4700000000101", Title: "Harbor Stoneware Mug", Quantity: 1, Price: 2400}}, IdempotencyKey: "c1-3-0"}
	res, err := a.Replace(context.Background(), req)
	if err != nil || res.Name != "#1013" {
		t.Fatalf("Replace = %+v, %v", res, err)
	}
	calls := f.got()
	if len(calls) != 1 || calls[0].Field != "orderCreate" {
		t.Fatalf("calls %+v", calls)
	}
	o := calls[0].Vars["order"].(map[string]any)
	li := o["lineItems"].([]any)[0].(map[string]any)
	if o["sourceIdentifier"] != "c1-3-0" || li["variantId"] != "gid://shopify/ProductVariant/4700000000101" || li["priceSet"].(map[string]any)["shopMoney"].(map[string]any)["amount"] != "0.00" {
		t.Errorf("orderCreate %+v", o)
	}
}
