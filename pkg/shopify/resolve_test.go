package shopify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

const (
	resolveShop  = "s.myshopify.com"
	resolveToken = "shpat_resolve"
)

const cost = `"extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10,
 "throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":1990,"restoreRate":100.0}}}`

const throttledBody = `{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],
 "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":null,
 "throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":0,"restoreRate":1000000.0}}}}`

// Order 1003 was paid in two parts: a $50 card capture and a $38.47 gift
// card sale; a failed sale and an authorization do not count.
const transactionsOK = `{"data":{"order":{"id":"gid://shopify/Order/1003","currencyCode":"USD","transactions":[
 {"id":"gid://shopify/OrderTransaction/1","kind":"AUTHORIZATION","status":"SUCCESS","gateway":"shopify_payments",
  "amountSet":{"shopMoney":{"amount":"50.00","currencyCode":"USD"}},"maximumRefundableV2":null},
 {"id":"gid://shopify/OrderTransaction/2","kind":"CAPTURE","status":"SUCCESS","gateway":"shopify_payments",
  "amountSet":{"shopMoney":{"amount":"50.00","currencyCode":"USD"}},"maximumRefundableV2":{"amount":"50.00","currencyCode":"USD"}},
 {"id":"gid://shopify/OrderTransaction/3","kind":"SALE","status":"FAILURE","gateway":"manual",
  "amountSet":{"shopMoney":{"amount":"10.00","currencyCode":"USD"}}},
 {"id":"gid://shopify/OrderTransaction/4","kind":"SALE","status":"SUCCESS","gateway":"gift_card",
  "amountSet":{"shopMoney":{"amount":"38.47","currencyCode":"USD"}},"maximumRefundableV2":{"amount":"38.47","currencyCode":"USD"}}
]}},` + cost + `}`

const refundOK = `{"data":{"refundCreate":{"refund":{"id":"gid://shopify/Refund/777",
 "totalRefundedSet":{"shopMoney":{"amount":"74.00","currencyCode":"USD"}}},"userErrors":[]}},` + cost + `}`

const refundRefused = `{"data":{"refundCreate":{"refund":null,"userErrors":[
 {"field":["transactions","0","amount"],"message":"Amount cannot exceed the refundable amount"}]}},` + cost + `}`

const orderCreateOK = `{"data":{"orderCreate":{"order":{"id":"gid://shopify/Order/9001","name":"#1013"},"userErrors":[]}},` + cost + `}`

// gql is a fake Admin GraphQL endpoint that records each operation's
// variables and answers with respond.
type gql struct {
	t       *testing.T
	respond func(n int, op string) (int, string)
	mu      sync.Mutex
	ops     []string
	vars    map[string]map[string]any
}

func (g *gql) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get(shopify.HeaderAccessToken) != resolveToken {
		g.t.Errorf("access token %q", r.Header.Get(shopify.HeaderAccessToken))
	}
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		g.t.Errorf("decode: %v", err)
	}
	op := ""
	switch {
	case strings.Contains(req.Query, "query DoorstepRefundable"):
		op = "transactions"
	case strings.Contains(req.Query, "refundCreate(input: $input)"):
		op = "refundCreate"
	case strings.Contains(req.Query, "orderCreate(order: $order, options: $options)"):
		op = "orderCreate"
	default:
		g.t.Errorf("unexpected operation:\n%s", req.Query)
	}
	g.mu.Lock()
	n := len(g.ops)
	g.ops = append(g.ops, op)
	if g.vars == nil {
		g.vars = map[string]map[string]any{}
	}
	g.vars[op] = req.Variables
	g.mu.Unlock()
	status, body := g.respond(n, op)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func (g *gql) calls() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return strings.Join(g.ops, ",")
}

// claims is an in-memory Claimer.
type claims struct {
	mu   sync.Mutex
	keys map[string]bool
}

func (c *claims) Claim(_ context.Context, key string, _ time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil {
		c.keys = map[string]bool{}
	}
	if c.keys[key] {
		return store.ErrDuplicate
	}
	c.keys[key] = true
	return nil
}

func (c *claims) Release(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.keys, key)
	return nil
}

func (c *claims) held(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.keys[key]
}

func newResolver(t *testing.T, respond func(n int, op string) (int, string)) (*shopify.Resolver, *gql, *claims) {
	t.Helper()
	g := &gql{t: t, respond: respond}
	srv := httptest.NewServer(shopifytest.Handler(t, shopify.DefaultAPIVersion, g))
	t.Cleanup(srv.Close)
	admin := shopify.NewAdmin(resolveShop, resolveToken, shopify.WithEndpoint(srv.URL),
		shopify.WithBackoff(time.Millisecond, 2*time.Millisecond), shopify.WithMaxAttempts(3))
	c := &claims{}
	return shopify.NewResolver(admin, c), g, c
}

func refundRequest() resolution.RefundRequest {
	return resolution.RefundRequest{Shop: resolveShop, OrderID: "1003", Amount: 7400, Currency: "USD",
		Lines: []order.ReturnLine{{LineItemID: "11", Quantity: 1}, {LineItemID: "12", Quantity: 1}},
		Note:  "doorstep: late parcel 1Z", IdempotencyKey: "refund:problem:s:1003:f1:late"}
}

func TestRefundSplitsOverPaymentsAndRetriesThrottled(t *testing.T) {
	r, g, _ := newResolver(t, func(n int, op string) (int, string) {
		switch {
		case op == "transactions" && n == 0:
			return 200, throttledBody
		case op == "transactions":
			return 200, transactionsOK
		case op == "refundCreate" && n == 2:
			return 429, `{"errors":"Exceeded 2 calls per second for api client."}`
		}
		return 200, refundOK
	})
	res, err := r.Refund(t.Context(), refundRequest())
	if err != nil {
		t.Fatalf("Refund: %v", err)
	}
	if res.ID != "777" || res.Amount != 7400 {
		t.Errorf("result = %+v", res)
	}
	if got := g.calls(); got != "transactions,transactions,refundCreate,refundCreate" {
		t.Errorf("calls = %s", got)
	}
	want := map[string]any{"input": map[string]any{
		"orderId": "gid://shopify/Order/1003", "notify": false, "note": "doorstep: late parcel 1Z",
		"refundLineItems": []any{
			map[string]any{"lineItemId": "gid://shopify/LineItem/11", "quantity": float64(1), "restockType": "NO_RESTOCK"},
			map[string]any{"lineItemId": "gid://shopify/LineItem/12", "quantity": float64(1), "restockType": "NO_RESTOCK"},
		},
		"transactions": []any{
			map[string]any{"orderId": "gid://shopify/Order/1003", "parentId": "gid://shopify/OrderTransaction/2",
				"gateway": "shopify_payments", "kind": "REFUND", "amount": "50.00"},
			map[string]any{"orderId": "gid://shopify/Order/1003", "parentId": "gid://shopify/OrderTransaction/4",
				"gateway": "gift_card", "kind": "REFUND", "amount": "24.00"},
		},
	}}
	want["key"] = shopify.IdempotencyKey("shopify:refund:" + refundRequest().IdempotencyKey)
	if d := cmp.Diff(want, g.vars["refundCreate"]); d != "" {
		t.Errorf("refundCreate variables (-want +got):\n%s", d)
	}
}

func TestRefundIsOncePerKey(t *testing.T) {
	r, g, _ := newResolver(t, func(_ int, op string) (int, string) {
		if op == "transactions" {
			return 200, transactionsOK
		}
		return 200, refundOK
	})
	if _, err := r.Refund(t.Context(), refundRequest()); err != nil {
		t.Fatal(err)
	}
	_, err := r.Refund(t.Context(), refundRequest())
	if !errors.Is(err, resolution.ErrAlreadyDone) {
		t.Errorf("second Refund: %v, want ErrAlreadyDone", err)
	}
	if got := g.calls(); got != "transactions,refundCreate" {
		t.Errorf("calls = %s: the retry reached Shopify", got)
	}
}

func TestRefundRefusedReleasesTheKey(t *testing.T) {
	refuse := true
	r, _, c := newResolver(t, func(_ int, op string) (int, string) {
		if op == "transactions" {
			return 200, transactionsOK
		}
		if refuse {
			return 200, refundRefused
		}
		return 200, refundOK
	})
	_, err := r.Refund(t.Context(), refundRequest())
	if !errors.Is(err, resolution.ErrRejected) || !strings.Contains(err.Error(), "transactions.0.amount: Amount cannot exceed") {
		t.Fatalf("Refund = %v, want ErrRejected with Shopify's reason", err)
	}
	if c.held("shopify:refund:" + refundRequest().IdempotencyKey) {
		t.Error("a refused refund kept its claim")
	}
	refuse = false
	if _, err := r.Refund(t.Context(), refundRequest()); err != nil {
		t.Errorf("retry after a refusal: %v", err)
	}
}

func TestRefundMoreThanRefundableIsRejectedBeforeTheCall(t *testing.T) {
	r, g, _ := newResolver(t, func(int, string) (int, string) { return 200, transactionsOK })
	req := refundRequest()
	req.Amount = 9000
	if _, err := r.Refund(t.Context(), req); !errors.Is(err, resolution.ErrRejected) {
		t.Errorf("Refund = %v, want ErrRejected", err)
	}
	if got := g.calls(); got != "transactions" {
		t.Errorf("calls = %s", got)
	}
}

// A refundCreate that failed with 5xx every time may have run: the claim
// stays and the answer is ErrUncertain, so a person checks.
func TestRefundServerErrorIsUncertain(t *testing.T) {
	r, g, c := newResolver(t, func(_ int, op string) (int, string) {
		if op == "transactions" {
			return 200, transactionsOK
		}
		return 502, `bad gateway`
	})
	_, err := r.Refund(t.Context(), refundRequest())
	if !errors.Is(err, resolution.ErrUncertain) {
		t.Fatalf("Refund = %v, want ErrUncertain", err)
	}
	if !c.held("shopify:refund:" + refundRequest().IdempotencyKey) {
		t.Error("an uncertain refund released its claim: a retry could refund twice")
	}
	if got := g.calls(); got != "transactions,refundCreate,refundCreate,refundCreate" {
		t.Errorf("calls = %s", got)
	}
}

// Throttled past every attempt: Shopify ran nothing, so the key is free
// for the next run.
func TestRefundThrottledOutReleases(t *testing.T) {
	r, _, c := newResolver(t, func(_ int, op string) (int, string) {
		if op == "transactions" {
			return 200, transactionsOK
		}
		return 200, throttledBody
	})
	_, err := r.Refund(t.Context(), refundRequest())
	if !errors.Is(err, shopify.ErrThrottled) || errors.Is(err, resolution.ErrUncertain) {
		t.Fatalf("Refund = %v, want ErrThrottled", err)
	}
	if c.held("shopify:refund:" + refundRequest().IdempotencyKey) {
		t.Error("claim kept after throttling")
	}
}

func replaceRequest() resolution.ReplaceRequest {
	return resolution.ReplaceRequest{Shop: resolveShop, OrderID: "1003", OrderName: "#1003", Email: "daniel.reyes@example.com",
		Customer: order.Customer{ID: "7700000000103"}, Currency: "USD",
		ShippingAddress: &order.Address{Name: "Daniel Reyes", Address1: "2931 Gilpin Street", City: "Denver", Province: "CO", Zip: "80205", CountryCode: "US"},
		Lines: []resolution.ReplaceLine{
			{LineItemID: "11", VariantID: "4700000000401", Title: "Cast-Iron Skillet", Quantity: 1, Price: 5200},
			{LineItemID: "12", Title: "Custom engraving", SKU: "ENG-1", Quantity: 2, Price: 500},
		},
		Note: "Replacement for #1003 (lost parcel 1Z), sent by doorstep", IdempotencyKey: "replace:problem:s:1003:f1:lost"}
}

func TestReplace(t *testing.T) {
	r, g, _ := newResolver(t, func(n int, _ string) (int, string) {
		if n == 0 {
			return 200, throttledBody
		}
		return 200, orderCreateOK
	})
	res, err := r.Replace(t.Context(), replaceRequest())
	if err != nil || res.OrderID != "9001" || res.Name != "#1013" {
		t.Fatalf("Replace = %+v, %v", res, err)
	}
	zero := map[string]any{"shopMoney": map[string]any{"amount": "0.00", "currencyCode": "USD"}}
	want := map[string]any{
		"order": map[string]any{
			"currency": "USD", "financialStatus": "PAID", "email": "daniel.reyes@example.com",
			"tags":             []any{"doorstep-replacement", "replaces-1003"},
			"sourceIdentifier": "replace:problem:s:1003:f1:lost",
			"note":             "Replacement for #1003 (lost parcel 1Z), sent by doorstep",
			"customer":         map[string]any{"toAssociate": map[string]any{"id": "gid://shopify/Customer/7700000000103"}},
			"shippingAddress": map[string]any{"firstName": "Daniel", "lastName": "Reyes", "address1": "2931 Gilpin Street", "address2": "",
				"city": "Denver", "zip": "80205", "phone": "", "countryCode": "US", "provinceCode": "CO"},
			"lineItems": []any{
				map[string]any{"variantId": "gid://shopify/ProductVariant/4700000000401", "quantity": float64(1), "priceSet": zero},
				map[string]any{"title": "Custom engraving", "sku": "ENG-1", "requiresShipping": true, "quantity": float64(2), "priceSet": zero},
			},
		},
		"options": map[string]any{"inventoryBehaviour": "DECREMENT_OBEYING_POLICY", "sendReceipt": false, "sendFulfillmentReceipt": true},
	}
	if d := cmp.Diff(want, g.vars["orderCreate"]); d != "" {
		t.Errorf("orderCreate variables (-want +got):\n%s", d)
	}
	if _, err := r.Replace(t.Context(), replaceRequest()); !errors.Is(err, resolution.ErrAlreadyDone) {
		t.Errorf("second Replace = %v, want ErrAlreadyDone", err)
	}
	if got := g.calls(); got != "orderCreate,orderCreate" {
		t.Errorf("calls = %s", got)
	}
}

func TestReplaceRefusedAndWrongShop(t *testing.T) {
	r, _, c := newResolver(t, func(int, string) (int, string) {
		return 200, `{"data":{"orderCreate":{"order":null,"userErrors":[{"field":["order","lineItems","0","variantId"],"message":"Variant is not available"}]}},` + cost + `}`
	})
	if _, err := r.Replace(t.Context(), replaceRequest()); !errors.Is(err, resolution.ErrRejected) {
		t.Errorf("Replace = %v, want ErrRejected", err)
	}
	if c.held("shopify:replace:" + replaceRequest().IdempotencyKey) {
		t.Error("refused replacement kept its claim")
	}
	req := replaceRequest()
	req.Shop = "other.myshopify.com"
	if _, err := r.Replace(t.Context(), req); err == nil || !strings.Contains(err.Error(), "not other.myshopify.com") {
		t.Errorf("wrong shop: %v", err)
	}
}

// A yen order: amounts are whole yen both ways ("1200", not "12.00").
func TestRefundInYen(t *testing.T) {
	const yenTransactions = `{"data":{"order":{"id":"gid://shopify/Order/1003","currencyCode":"JPY","transactions":[
 {"id":"gid://shopify/OrderTransaction/2","kind":"SALE","status":"SUCCESS","gateway":"shopify_payments",
  "amountSet":{"shopMoney":{"amount":"4800.0","currencyCode":"JPY"}},"maximumRefundableV2":{"amount":"4800.0","currencyCode":"JPY"}}
]}},` + cost + `}`
	const yenRefund = `{"data":{"refundCreate":{"refund":{"id":"gid://shopify/Refund/778",
 "totalRefundedSet":{"shopMoney":{"amount":"1200.0","currencyCode":"JPY"}}},"userErrors":[]}},` + cost + `}`
	r, g, _ := newResolver(t, func(_ int, op string) (int, string) {
		if op == "transactions" {
			return 200, yenTransactions
		}
		return 200, yenRefund
	})
	req := refundRequest()
	req.Amount, req.Currency, req.Lines = 1200, "JPY", nil
	res, err := r.Refund(t.Context(), req)
	if err != nil {
		t.Fatalf("Refund: %v", err)
	}
	if res.Amount != 1200 {
		t.Errorf("refunded %d yen, want 1200", res.Amount)
	}
	txs := g.vars["refundCreate"]["input"].(map[string]any)["transactions"].([]any)
	if got := txs[0].(map[string]any)["amount"]; got != "1200" {
		t.Errorf("refund transaction amount %v, want \"1200\"", got)
	}
}

func TestIdempotencyKey(t *testing.T) {
	a, b := shopify.IdempotencyKey("refund:x"), shopify.IdempotencyKey("refund:y")
	if a != shopify.IdempotencyKey("refund:x") || a == b || len(a) != 36 {
		t.Errorf("keys %q, %q: want stable, distinct, 36 characters", a, b)
	}
}
