package shopify

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

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
)

const (
	testShop  = "s.myshopify.com"
	testToken = "shpat_test"
)

// costOK is the cost extension of an answered call.
const costOK = `"extensions":{"cost":{"requestedQueryCost":12,"actualQueryCost":10,
 "throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":1990,"restoreRate":100.0}}}`

// throttled answers a call Shopify did not run. With restore 1e6 points/s
// the wait it implies is about a microsecond.
const throttled = `{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED",
 "documentation":"https://shopify.dev/api/usage/rate-limits"}}],
 "extensions":{"cost":{"requestedQueryCost":12,"actualQueryCost":null,
 "throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":0,"restoreRate":1000000.0}}}}`

// throttledBare is a throttle answer with no throttle status.
const throttledBare = `{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}]}`

// Order 1001: line 9001 (2 units) and 9003 (2 units, in two parcels) are
// fulfilled; 9002 was only in a cancelled fulfillment.
const lookupOK = `{"data":{"order":{"id":"gid://shopify/Order/1001","fulfillments":[
 {"status":"CANCELLED","fulfillmentLineItems":{"nodes":[
   {"id":"gid://shopify/FulfillmentLineItem/700","quantity":1,"lineItem":{"id":"gid://shopify/LineItem/9002"}}]}},
 {"status":"SUCCESS","fulfillmentLineItems":{"nodes":[
   {"id":"gid://shopify/FulfillmentLineItem/701","quantity":2,"lineItem":{"id":"gid://shopify/LineItem/9001"}},
   {"id":"gid://shopify/FulfillmentLineItem/702","quantity":1,"lineItem":{"id":"gid://shopify/LineItem/9003"}}]}},
 {"status":"SUCCESS","fulfillmentLineItems":{"nodes":[
   {"id":"gid://shopify/FulfillmentLineItem/703","quantity":1,"lineItem":{"id":"gid://shopify/LineItem/9003"}}]}}
 ]},` + reasonLibrary + `},` + costOK + `}`

// reasonLibrary is part of Shopify's return reason library ("defective"
// was deleted from it).
const reasonLibrary = `"returnReasonDefinitions":{"nodes":[
 {"id":"gid://shopify/ReturnReasonDefinition/11","handle":"wrong-item","deleted":false},
 {"id":"gid://shopify/ReturnReasonDefinition/12","handle":"too-small","deleted":false},
 {"id":"gid://shopify/ReturnReasonDefinition/13","handle":"defective","deleted":true},
 {"id":"gid://shopify/ReturnReasonDefinition/19","handle":"other","deleted":false}]}`

const returnOK = `{"data":{"returnRequest":{"return":{"id":"gid://shopify/Return/555","status":"REQUESTED"},
 "userErrors":[]}},` + costOK + `}`

const orderUpdateOK = `{"data":{"orderUpdate":{"order":{"id":"gid://shopify/Order/1001"},"userErrors":[]}},` + costOK + `}`

var t0 = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)

// fakeAdmin is a GraphQL Admin API: it checks the token and the variables
// of each operation, records what it was asked, and answers with respond.
type fakeAdmin struct {
	t *testing.T
	// want is the exact variables expected per operation ("lookup",
	// "returnRequest", "orderUpdate"); an operation not in it is not checked.
	want    map[string]map[string]any
	respond func(n int, op string) (status int, body string)

	mu  sync.Mutex
	ops []string
}

func (f *fakeAdmin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if got := r.Header.Get(HeaderAccessToken); got != testToken {
		f.t.Errorf("access token %q, want %q", got, testToken)
	}
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		f.t.Errorf("%s with content type %q, want a JSON POST", r.Method, r.Header.Get("Content-Type"))
	}
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		f.t.Errorf("decode request: %v", err)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	op := operation(req.Query)
	if op == "" {
		f.t.Errorf("unknown operation:\n%s", req.Query)
	}
	if want, ok := f.want[op]; ok {
		if d := cmp.Diff(want, req.Variables); d != "" {
			f.t.Errorf("%s variables (-want +got):\n%s", op, d)
		}
	}
	f.mu.Lock()
	n := len(f.ops)
	f.ops = append(f.ops, op)
	f.mu.Unlock()

	status, body := f.respond(n, op)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func (f *fakeAdmin) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ops...)
}

func operation(q string) string {
	switch {
	case strings.Contains(q, "returnRequest("):
		return "returnRequest"
	case strings.Contains(q, "orderUpdate("):
		return "orderUpdate"
	case strings.Contains(q, "fulfillmentLineItems"):
		return "lookup"
	case strings.Contains(q, "ianaTimezone"):
		return "shopTimezone"
	}
	return ""
}

// answer answers each operation with its own body, HTTP 200.
func answer(bodies map[string]string) func(int, string) (int, string) {
	return func(_ int, op string) (int, string) { return http.StatusOK, bodies[op] }
}

func newFake(t *testing.T, f *fakeAdmin, opts ...AdminOption) *Admin {
	t.Helper()
	f.t = t
	srv := httptest.NewServer(shopifytest.Handler(t, DefaultAPIVersion, f))
	t.Cleanup(srv.Close)
	opts = append([]AdminOption{
		WithEndpoint(srv.URL),
		WithBackoff(time.Millisecond, 5*time.Millisecond),
		WithMaxAttempts(4),
		WithClock(clock.NewFixed(t0)),
	}, opts...)
	return NewAdmin(testShop, testToken, opts...)
}

func lookupVars(reasons ...string) map[string]any {
	return map[string]any{"id": "gid://shopify/Order/1001", "reasons": toAny(reasons)}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func TestRequestReturn(t *testing.T) {
	f := &fakeAdmin{
		want: map[string]map[string]any{
			"lookup": lookupVars("wrong-item", "received-wrong-item", "other"),
			"returnRequest": {"input": map[string]any{
				"orderId": "gid://shopify/Order/1001",
				"returnLineItems": []any{
					map[string]any{"fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/701", "quantity": 1.0,
						"returnReasonDefinitionId": "gid://shopify/ReturnReasonDefinition/11", "customerNote": "Sent the blue one"},
					map[string]any{"fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/702", "quantity": 1.0,
						"returnReasonDefinitionId": "gid://shopify/ReturnReasonDefinition/11", "customerNote": "Sent the blue one"},
					map[string]any{"fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/703", "quantity": 1.0,
						"returnReasonDefinitionId": "gid://shopify/ReturnReasonDefinition/11", "customerNote": "Sent the blue one"},
				},
			}},
		},
		respond: answer(map[string]string{"lookup": lookupOK, "returnRequest": returnOK}),
	}
	a := newFake(t, f)
	lines := []order.ReturnLine{{LineItemID: "9001", Quantity: 1}, {LineItemID: "9003", Quantity: 2}}
	got, err := a.RequestReturn(context.Background(), agent.ReturnRequest{
		Shop: testShop, OrderID: "1001", Lines: lines, Reason: "wrong_item", Note: "  Sent the blue one ",
	})
	if err != nil {
		t.Fatalf("RequestReturn: %v", err)
	}
	want := order.Return{Shop: testShop, OrderID: "1001", ID: "555", Status: "requested", Lines: lines,
		Reason: "WRONG_ITEM", CreatedAt: t0}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("return (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"lookup", "returnRequest"}, f.calls()); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}

func TestRequestReturnReasonAndNote(t *testing.T) {
	for _, tc := range []struct {
		reason, note string
		wantItem     map[string]any
	}{
		{"", "", map[string]any{"returnReasonDefinitionId": "gid://shopify/ReturnReasonDefinition/19"}},
		{"SIZE_TOO_SMALL", "", map[string]any{"returnReasonDefinitionId": "gid://shopify/ReturnReasonDefinition/12"}},
		// "defective" is deleted from the library and the other handles are absent.
		{"DEFECTIVE", "", map[string]any{"returnReasonDefinitionId": "gid://shopify/ReturnReasonDefinition/19"}},
		{"because", strings.Repeat("é", 310), map[string]any{"returnReasonDefinitionId": "gid://shopify/ReturnReasonDefinition/19", "customerNote": strings.Repeat("é", 300)}},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			item := map[string]any{"fulfillmentLineItemId": "gid://shopify/FulfillmentLineItem/701", "quantity": 2.0}
			for k, v := range tc.wantItem {
				item[k] = v
			}
			f := &fakeAdmin{
				want: map[string]map[string]any{"returnRequest": {"input": map[string]any{
					"orderId": "gid://shopify/Order/1001", "returnLineItems": []any{item}}}},
				respond: answer(map[string]string{"lookup": lookupOK, "returnRequest": returnOK}),
			}
			a := newFake(t, f)
			_, err := a.RequestReturn(context.Background(), agent.ReturnRequest{Shop: testShop, OrderID: "1001",
				Lines: []order.ReturnLine{{LineItemID: "9001", Quantity: 2}}, Reason: tc.reason, Note: tc.note})
			if err != nil {
				t.Fatalf("RequestReturn: %v", err)
			}
		})
	}
}

func TestRequestReturnRefusedBeforeMutation(t *testing.T) {
	for _, tc := range []struct {
		name    string
		lines   []order.ReturnLine
		wantMsg string
	}{
		{"only in a cancelled fulfillment", []order.ReturnLine{{LineItemID: "9002", Quantity: 1}}, "item not fulfilled"},
		{"not in any fulfillment", []order.ReturnLine{{LineItemID: "9001", Quantity: 1}, {LineItemID: "9999", Quantity: 1}}, "item not fulfilled"},
		{"more than fulfilled", []order.ReturnLine{{LineItemID: "9003", Quantity: 3}}, "3 to return but 2 fulfilled"},
		{"same line twice past what was fulfilled", []order.ReturnLine{{LineItemID: "9001", Quantity: 2}, {LineItemID: "9001", Quantity: 1}}, "3 to return but 2 fulfilled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeAdmin{
				want:    map[string]map[string]any{"lookup": lookupVars("unwanted", "changed-mind", "no-longer-needed", "other")},
				respond: answer(map[string]string{"lookup": lookupOK, "returnRequest": returnOK}),
			}
			a := newFake(t, f)
			_, err := a.RequestReturn(context.Background(), agent.ReturnRequest{Shop: testShop, OrderID: "1001",
				Lines: tc.lines, Reason: "UNWANTED"})
			if !errors.Is(err, agent.ErrCommerceRejected) {
				t.Fatalf("err = %v, want ErrCommerceRejected", err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("err = %q, want it to say %q", err, tc.wantMsg)
			}
			if d := cmp.Diff([]string{"lookup"}, f.calls()); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
		})
	}
}

func TestRequestReturnOrderNotFound(t *testing.T) {
	f := &fakeAdmin{respond: answer(map[string]string{"lookup": `{"data":{"order":null},` + costOK + `}`})}
	a := newFake(t, f)
	_, err := a.RequestReturn(context.Background(), agent.ReturnRequest{Shop: testShop, OrderID: "1001",
		Lines: []order.ReturnLine{{LineItemID: "9001", Quantity: 1}}})
	if !errors.Is(err, agent.ErrCommerceRejected) || !strings.Contains(err.Error(), "order not found") {
		t.Errorf("err = %v, want ErrCommerceRejected saying order not found", err)
	}
}

func TestRequestReturnUserErrors(t *testing.T) {
	f := &fakeAdmin{respond: answer(map[string]string{
		"lookup": lookupOK,
		"returnRequest": `{"data":{"returnRequest":{"return":null,"userErrors":[
		  {"field":["input","returnLineItems","0","quantity"],"message":"Quantity is not returnable.","code":"INVALID"},
		  {"field":null,"message":"Return is not allowed for this order."}]}},` + costOK + `}`,
	})}
	a := newFake(t, f)
	_, err := a.RequestReturn(context.Background(), agent.ReturnRequest{Shop: testShop, OrderID: "1001",
		Lines: []order.ReturnLine{{LineItemID: "9001", Quantity: 1}}, Reason: "DEFECTIVE"})
	if !errors.Is(err, agent.ErrCommerceRejected) {
		t.Fatalf("err = %v, want ErrCommerceRejected", err)
	}
	for _, want := range []string{"input.returnLineItems.0.quantity: Quantity is not returnable.", "Return is not allowed for this order."} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err = %q, want it to include %q", err, want)
		}
	}
	if d := cmp.Diff([]string{"lookup", "returnRequest"}, f.calls()); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}

func TestRequestReturnOtherShop(t *testing.T) {
	f := &fakeAdmin{respond: answer(nil)}
	a := newFake(t, f)
	_, err := a.RequestReturn(context.Background(), agent.ReturnRequest{Shop: "other.myshopify.com", OrderID: "1001",
		Lines: []order.ReturnLine{{LineItemID: "9001", Quantity: 1}}})
	if err == nil {
		t.Fatal("RequestReturn for another shop succeeded")
	}
	if n := len(f.calls()); n != 0 {
		t.Errorf("%d calls, want none", n)
	}
}

func TestUpdateShippingAddress(t *testing.T) {
	full := order.Address{Name: "Ada King Lovelace", Address1: "12 St James's Sq", Address2: "Flat 3", City: "Toronto",
		Province: "on", Zip: "M5V 2T6", Country: "Canada", CountryCode: "ca", Phone: "+14165550100"}
	for _, tc := range []struct {
		name string
		addr order.Address
		want map[string]any
	}{
		{"whole address with codes", full, map[string]any{
			"firstName": "Ada King", "lastName": "Lovelace", "address1": "12 St James's Sq", "address2": "Flat 3",
			"city": "Toronto", "provinceCode": "ON", "zip": "M5V 2T6", "countryCode": "CA", "phone": "+14165550100",
		}},
		{"province code beside its name, no address2 or phone", order.Address{Name: "Cher", Address1: "1 George St", City: "Sydney",
			Province: "New South Wales", ProvinceCode: "NSW", Zip: "2000", CountryCode: "AU"}, map[string]any{
			"firstName": "", "lastName": "Cher", "address1": "1 George St", "address2": "",
			"city": "Sydney", "provinceCode": "NSW", "zip": "2000", "countryCode": "AU", "phone": "",
		}},
		{"no province", order.Address{Name: "Ada Lovelace", Address1: "1 Main St", City: "London",
			Zip: "SW1A 1AA", Country: "United Kingdom", CountryCode: "GB"}, map[string]any{
			"firstName": "Ada", "lastName": "Lovelace", "address1": "1 Main St", "address2": "",
			"city": "London", "provinceCode": "", "zip": "SW1A 1AA", "countryCode": "GB", "phone": "",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeAdmin{
				want: map[string]map[string]any{"orderUpdate": {"input": map[string]any{
					"id": "gid://shopify/Order/1001", "shippingAddress": tc.want}}},
				respond: answer(map[string]string{"orderUpdate": orderUpdateOK}),
			}
			a := newFake(t, f)
			if err := a.UpdateShippingAddress(context.Background(), testShop, "1001", tc.addr); err != nil {
				t.Fatalf("UpdateShippingAddress: %v", err)
			}
			if d := cmp.Diff([]string{"orderUpdate"}, f.calls()); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
		})
	}
}

func TestUpdateShippingAddressRefused(t *testing.T) {
	f := &fakeAdmin{respond: answer(map[string]string{"orderUpdate": `{"data":{"orderUpdate":{"order":null,"userErrors":[
	  {"field":["shippingAddress","zip"],"message":"Zip is invalid for Canada"}]}},` + costOK + `}`})}
	a := newFake(t, f)
	err := a.UpdateShippingAddress(context.Background(), testShop, "1001",
		order.Address{Name: "Ada Lovelace", Address1: "1 Main St", City: "Toronto", Zip: "nope", CountryCode: "CA"})
	if !errors.Is(err, agent.ErrCommerceRejected) || !strings.Contains(err.Error(), "shippingAddress.zip: Zip is invalid for Canada") {
		t.Errorf("err = %v, want ErrCommerceRejected with the message", err)
	}

	for _, tc := range []struct {
		addr    order.Address
		wantMsg string
	}{
		{order.Address{Name: "Ada", Address1: "1 Main St"}, "no two-letter country code"},
		{order.Address{Name: "Ada", Address1: "1 Main St", Country: "United States"}, "no two-letter country code"},
		{order.Address{Name: "Cher", Address1: "1 George St", Province: "New South Wales", CountryCode: "AU"}, "province by name"},
	} {
		err = a.UpdateShippingAddress(context.Background(), testShop, "1001", tc.addr)
		if !errors.Is(err, agent.ErrCommerceRejected) || !strings.Contains(err.Error(), tc.wantMsg) {
			t.Errorf("address %+v: err = %v, want ErrCommerceRejected saying %q", tc.addr, err, tc.wantMsg)
		}
	}
	if n := len(f.calls()); n != 1 {
		t.Errorf("%d calls, want 1 (none for the addresses Shopify cannot take)", n)
	}
}

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name      string
		failures  []string // bodies of the first answers; "503", "429" are HTTP statuses
		wantCalls int
	}{
		{"throttled twice with throttle status", []string{throttled, throttled}, 3},
		{"throttled twice without throttle status", []string{throttledBare, throttledBare}, 3},
		{"HTTP 503 then success", []string{"503"}, 2},
		{"HTTP 429 then success", []string{"429"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeAdmin{respond: func(n int, op string) (int, string) {
				if n < len(tc.failures) {
					switch b := tc.failures[n]; b {
					case "503":
						return http.StatusServiceUnavailable, `{"errors":"Service Unavailable"}`
					case "429":
						return http.StatusTooManyRequests, `{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}`
					default:
						return http.StatusOK, b
					}
				}
				return http.StatusOK, orderUpdateOK
			}}
			a := newFake(t, f)
			if err := a.UpdateShippingAddress(context.Background(), testShop, "1001",
				order.Address{Name: "Ada Lovelace", Address1: "1 Main St", City: "Toronto", Zip: "M5V 2T6", CountryCode: "CA"}); err != nil {
				t.Fatalf("UpdateShippingAddress: %v", err)
			}
			if n := len(f.calls()); n != tc.wantCalls {
				t.Errorf("%d calls, want %d", n, tc.wantCalls)
			}
		})
	}
}

func TestGiveUp(t *testing.T) {
	for _, tc := range []struct {
		name      string
		status    int
		body      string
		wantCalls int
		wantErr   error
	}{
		{"throttled forever", http.StatusOK, throttled, 3, ErrThrottled},
		{"503 forever", http.StatusServiceUnavailable, `{"errors":"Service Unavailable"}`, 3, nil},
		{"graphql error is not retried", http.StatusOK, `{"errors":[{"message":"Field 'nope' doesn't exist on type 'Order'",
		  "extensions":{"code":"undefinedField","typeName":"Order","fieldName":"nope"}}]}`, 1, nil},
		{"401 is not retried", http.StatusUnauthorized, `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeAdmin{respond: func(int, string) (int, string) { return tc.status, tc.body }}
			a := newFake(t, f, WithMaxAttempts(3))
			err := a.UpdateShippingAddress(context.Background(), testShop, "1001",
				order.Address{Name: "Ada Lovelace", Address1: "1 Main St", City: "Toronto", Zip: "M5V 2T6", CountryCode: "CA"})
			if err == nil {
				t.Fatal("UpdateShippingAddress succeeded")
			}
			if errors.Is(err, agent.ErrCommerceRejected) {
				t.Errorf("err = %v, is ErrCommerceRejected", err)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
			if n := len(f.calls()); n != tc.wantCalls {
				t.Errorf("%d calls, want %d", n, tc.wantCalls)
			}
		})
	}
}

func TestDeadlineWhileThrottled(t *testing.T) {
	// Restoring 100 points at 1 a second takes a minute (the longest wait
	// taken), past the 30s deadline: give up at once, well before the
	// deadline, rather than sleep into it.
	slowRestore := `{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],
	 "extensions":{"cost":{"requestedQueryCost":100,"actualQueryCost":null,
	 "throttleStatus":{"maximumAvailable":1000.0,"currentlyAvailable":0,"restoreRate":1.0}}}}`
	t.Run("restore wait past the deadline", func(t *testing.T) {
		f := &fakeAdmin{respond: func(int, string) (int, string) { return http.StatusOK, slowRestore }}
		a := newFake(t, f)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := a.UpdateShippingAddress(ctx, testShop, "1001",
			order.Address{Name: "Ada Lovelace", Address1: "1 Main St", City: "Toronto", Zip: "M5V 2T6", CountryCode: "CA"})
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrThrottled) {
			t.Errorf("err = %v, want context.DeadlineExceeded carrying ErrThrottled", err)
		}
		if ctx.Err() != nil {
			t.Error("returned at the deadline: it slept into it")
		}
		if n := len(f.calls()); n != 1 {
			t.Errorf("%d calls, want 1", n)
		}
	})
	t.Run("backing off until the deadline", func(t *testing.T) {
		// Each wait is 20-40ms, so a 300ms deadline leaves room for at most
		// 16 calls however fast the machine; a slow one makes fewer.
		f := &fakeAdmin{respond: func(int, string) (int, string) { return http.StatusOK, throttledBare }}
		a := newFake(t, f, WithBackoff(40*time.Millisecond, 40*time.Millisecond), WithMaxAttempts(1000))
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		err := a.UpdateShippingAddress(ctx, testShop, "1001",
			order.Address{Name: "Ada Lovelace", Address1: "1 Main St", City: "Toronto", Zip: "M5V 2T6", CountryCode: "CA"})
		// A loaded machine may not even finish the first call in time; once
		// a second call was made, the first was answered "throttled", and
		// the error must say so.
		n := len(f.calls())
		if !errors.Is(err, context.DeadlineExceeded) || (n >= 2 && !errors.Is(err, ErrThrottled)) {
			t.Errorf("err = %v after %d calls, want context.DeadlineExceeded, carrying ErrThrottled once retried", err, n)
		}
		if n > 16 {
			t.Errorf("%d calls, want at most 16", n)
		}
	})
}

func TestGIDs(t *testing.T) {
	for in, want := range map[string]string{
		"1001":                          "gid://shopify/Order/1001",
		"gid://shopify/Order/1001":      "gid://shopify/Order/1001",
		"gid://shopify/DraftOrder/1001": "gid://shopify/DraftOrder/1001",
	} {
		if got := OrderGID(in); got != want {
			t.Errorf("OrderGID(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"gid://shopify/Return/555":                  "555",
		"gid://shopify/FulfillmentLineItem/701?x=y": "701",
		"9001": "9001",
		"":     "",
		"gid://shopify/InventoryLevel/1?inventory_item_id=2": "1",
	} {
		if got := idFromGID(in); got != want {
			t.Errorf("idFromGID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitName(t *testing.T) {
	for in, want := range map[string][2]string{
		"Ada Lovelace":         {"Ada", "Lovelace"},
		" Ada  King  Lovelace": {"Ada King", "Lovelace"},
		"Cher":                 {"", "Cher"},
		"":                     {"", ""},
	} {
		if f, l := splitName(in); f != want[0] || l != want[1] {
			t.Errorf("splitName(%q) = %q, %q, want %q, %q", in, f, l, want[0], want[1])
		}
	}
}
