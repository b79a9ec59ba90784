package shopifytest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
)

const orderUpdate = `mutation DoorstepTestOrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) { order { id } userErrors { field message } }
}`

// The validator accepts what Shopify accepts and names what it would not.
func TestValidate(t *testing.T) {
	addr := func(extra map[string]any) map[string]any {
		a := map[string]any{"address1": "1 Main St", "city": "Toronto", "countryCode": "CA", "provinceCode": "ON", "zip": "M5V 2T6"}
		for k, v := range extra {
			a[k] = v
		}
		return a
	}
	for _, tc := range []struct {
		name string
		req  shopifytest.Request
		want string // a problem's text; "" when valid
	}{
		{"valid mutation", shopifytest.Request{Query: orderUpdate, Variables: map[string]any{
			"input": map[string]any{"id": "gid://shopify/Order/1", "shippingAddress": addr(nil)}}}, ""},
		{"valid query, no variables", shopifytest.Request{Query: `query DoorstepTestScopes { currentAppInstallation { accessScopes { handle } } }`}, ""},
		{"unknown field", shopifytest.Request{Query: `query DoorstepTestX { shop { nope } }`}, `Cannot query field "nope"`},
		{"deprecated field in the document", shopifytest.Request{Query: `query DoorstepTestX($id: ID!) { order(id: $id) { totalPrice } }`,
			Variables: map[string]any{"id": "gid://shopify/Order/1"}}, "deprecated"},
		{"deprecated input field in the variables", shopifytest.Request{Query: orderUpdate, Variables: map[string]any{
			"input": map[string]any{"id": "gid://shopify/Order/1", "shippingAddress": addr(map[string]any{"province": "Ontario"})}}},
			"MailingAddressInput.province is deprecated"},
		{"deprecated input field in a list", shopifytest.Request{
			Query: `mutation DoorstepTestReturn($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id } userErrors { message } } }`,
			Variables: map[string]any{"input": map[string]any{"orderId": "gid://shopify/Order/1", "returnLineItems": []any{
				map[string]any{"fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/2", "quantity": 1, "returnReason": "OTHER"}}}}},
			"ReturnRequestLineItemInput.returnReason is deprecated"},
		{"unknown input field", shopifytest.Request{Query: orderUpdate, Variables: map[string]any{
			"input": map[string]any{"id": "gid://shopify/Order/1", "shippingAddress": addr(map[string]any{"county": "x"})}}},
			`Field "county" is not defined`},
		{"missing required variable", shopifytest.Request{Query: orderUpdate}, `"$input" of required type "OrderInput!" was not provided`},
		{"wrong variable type", shopifytest.Request{Query: orderUpdate, Variables: map[string]any{
			"input": map[string]any{"id": "gid://shopify/Order/1", "shippingAddress": addr(map[string]any{"countryCode": "XX"})}}},
			`"XX"`},
		{"id that is not a gid", shopifytest.Request{Query: orderUpdate, Variables: map[string]any{
			"input": map[string]any{"id": "1001"}}}, "gid://shopify"},
		{"undeclared variable", shopifytest.Request{Query: orderUpdate, Variables: map[string]any{
			"input": map[string]any{"id": "gid://shopify/Order/1"}, "extra": 1}}, "$extra is sent but not declared"},
		{"decimal as a number", shopifytest.Request{
			Query: `mutation DoorstepTestRefund($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { message } } }`,
			Variables: map[string]any{"input": map[string]any{"orderId": "gid://shopify/Order/1", "transactions": []any{
				map[string]any{"orderId": "gid://shopify/Order/1", "gateway": "manual", "kind": "REFUND", "amount": 12.5}}}}},
			"want a decimal string"},
		{"required idempotency key missing", shopifytest.Request{
			Query:     `mutation DoorstepTestRefund($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { message } } }`,
			Variables: map[string]any{"input": map[string]any{"orderId": "gid://shopify/Order/1"}}},
			"refundCreate needs @idempotent"},
		{"idempotency key given", shopifytest.Request{
			Query:     `mutation DoorstepTestRefund($input: RefundInput!, $key: String!) { refundCreate(input: $input) @idempotent(key: $key) { refund { id } userErrors { message } } }`,
			Variables: map[string]any{"input": map[string]any{"orderId": "gid://shopify/Order/1"}, "key": "k-1"}}, ""},
		{"unnamed operation", shopifytest.Request{Query: `{ shop { name } }`}, "no name"},
		{"syntax error", shopifytest.Request{Query: `query DoorstepTestX { shop { name }`}, "Syntax Error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			problems, err := shopifytest.Validate(shopify.DefaultAPIVersion, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			joined := strings.Join(problems, "\n")
			switch {
			case tc.want == "" && len(problems) > 0:
				t.Errorf("problems with a valid request:\n%s", joined)
			case tc.want != "" && !strings.Contains(joined, tc.want):
				t.Errorf("problems:\n%s\nwant one saying %q", joined, tc.want)
			}
		})
	}
}

// Handler answers an invalid request with GraphQL errors, as Shopify does,
// and fails the test (seen here through a recording testing.TB).
func TestHandlerRejects(t *testing.T) {
	rec := &recorder{TB: t}
	called := false
	srv := httptest.NewServer(shopifytest.Handler(rec, shopify.DefaultAPIVersion, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true })))
	defer srv.Close()
	resp, err := http.Post(srv.URL, "application/json", strings.NewReader(`{"query":"query DoorstepTestX { shop { nope } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if called {
		t.Error("the fake behind the handler was called with an invalid request")
	}
	if len(rec.errors) == 0 {
		t.Error("an invalid request did not fail the test")
	}
}

type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) { r.errors = append(r.errors, format) }
func (r *recorder) Helper()                           {}

func TestOperationName(t *testing.T) {
	for doc, want := range map[string]string{
		"query DoorstepA($id: ID!) { x }":     "DoorstepA",
		"\n  mutation DoorstepB { y }":        "DoorstepB",
		"{ shop { name } }":                   "",
		"query { shop { name } }":             "",
		"# comment\nquery DoorstepC { shop }": "DoorstepC",
	} {
		if got := shopifytest.OperationName(doc); got != want {
			t.Errorf("OperationName(%q) = %q, want %q", doc, got, want)
		}
	}
}
