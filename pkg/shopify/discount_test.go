package shopify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/discount"
	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
)

// discountFake is Shopify's discountCodeBasicCreate: every request is
// validated against the Admin schema (shopifytest.Handler); the fake keeps
// the variables it got and answers with the next body.
type discountFake struct {
	t      *testing.T
	bodies []string
	got    []map[string]any
}

func (f *discountFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req shopifytest.Request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		f.t.Errorf("decode: %v", err)
		return
	}
	if req.Name() != "DoorstepDiscountCode" {
		f.t.Errorf("operation %q, want DoorstepDiscountCode", req.Name())
	}
	f.got = append(f.got, req.Variables)
	body := f.bodies[min(len(f.got), len(f.bodies))-1]
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, body)
}

const discountOK = `{"data":{"discountCodeBasicCreate":{"codeDiscountNode":{"id":"gid://shopify/DiscountCodeNode/77"},"userErrors":[]}},` + costOK + `}`

const discountTaken = `{"data":{"discountCodeBasicCreate":{"codeDiscountNode":null,"userErrors":[
 {"field":["basicCodeDiscount","code"],"code":"TAKEN","message":"Code must be unique. Please try a different code."}]}},` + costOK + `}`

const discountRefused = `{"data":{"discountCodeBasicCreate":{"codeDiscountNode":null,"userErrors":[
 {"field":["basicCodeDiscount","customerGets","value","percentage"],"code":"VALUE_OUTSIDE_RANGE","message":"Value must be between 0 and 1"}]}},` + costOK + `}`

func newDiscountFake(t *testing.T, bodies ...string) (*Admin, *discountFake) {
	f := &discountFake{t: t, bodies: bodies}
	srv := httptest.NewServer(shopifytest.Handler(t, DefaultAPIVersion, f))
	t.Cleanup(srv.Close)
	return NewAdmin(testShop, testToken, WithEndpoint(srv.URL), WithBackoff(time.Millisecond, 5*time.Millisecond),
		WithMaxAttempts(2), WithClock(clock.NewFixed(t0))), f
}

func TestCreateDiscount(t *testing.T) {
	start := time.Date(2026, 12, 5, 15, 4, 5, 0, time.FixedZone("EST", -5*3600))
	base := discount.Request{Shop: testShop, Code: "THANKS-7KQ2-M9XD-4TPA", Title: "Thank you for order #1006",
		StartsAt: start, EndsAt: start.Add(30 * 24 * time.Hour), Order: "#1006"}
	common := func(ctx map[string]any, value map[string]any) map[string]any {
		return map[string]any{"input": map[string]any{
			"title": "Thank you for order #1006", "code": "THANKS-7KQ2-M9XD-4TPA",
			"startsAt": "2026-12-05T20:04:05Z", "endsAt": "2027-01-04T20:04:05Z",
			"usageLimit": 1.0, "appliesOncePerCustomer": true, "context": ctx,
			"customerGets": map[string]any{"value": value, "items": map[string]any{"all": true}},
			"combinesWith": map[string]any{"orderDiscounts": false, "productDiscounts": false, "shippingDiscounts": true},
		}}
	}
	for _, tc := range []struct {
		name string
		mod  func(*discount.Request)
		want map[string]any
	}{
		{"percent, for the customer", func(r *discount.Request) { r.Value = discount.Value{Percent: 15}; r.CustomerID = "6012" },
			common(map[string]any{"customers": map[string]any{"add": []any{"gid://shopify/Customer/6012"}}}, map[string]any{"percentage": 0.15})},
		{"amount, for anyone (a friend)", func(r *discount.Request) { r.Value = discount.Value{Amount: 500, Currency: "USD"} },
			common(map[string]any{"all": "ALL"}, map[string]any{"discountAmount": map[string]any{"amount": "5.00", "appliesOnEachItem": false}})},
		{"amount in a currency without minor units", func(r *discount.Request) { r.Value = discount.Value{Amount: 1000, Currency: "JPY"} },
			common(map[string]any{"all": "ALL"}, map[string]any{"discountAmount": map[string]any{"amount": "1000", "appliesOnEachItem": false}})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, f := newDiscountFake(t, discountOK)
			r := base
			tc.mod(&r)
			d, err := a.CreateDiscount(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if d != (discount.Discount{ID: "gid://shopify/DiscountCodeNode/77", Code: r.Code}) {
				t.Errorf("got %+v", d)
			}
			if len(f.got) != 1 {
				t.Fatalf("%d calls, want 1", len(f.got))
			}
			if diff := cmp.Diff(tc.want, f.got[0]); diff != "" {
				t.Errorf("variables (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreateDiscountErrors(t *testing.T) {
	start := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	r := discount.Request{Shop: testShop, Code: "THANKS-7KQ2-M9XD-4TPA", Title: "t", Value: discount.Value{Percent: 10},
		StartsAt: start, EndsAt: start.Add(time.Hour)}
	t.Run("taken", func(t *testing.T) {
		a, _ := newDiscountFake(t, discountTaken)
		if _, err := a.CreateDiscount(context.Background(), r); !errors.Is(err, discount.ErrTaken) {
			t.Errorf("err %v, want ErrTaken", err)
		}
	})
	t.Run("refused", func(t *testing.T) {
		a, _ := newDiscountFake(t, discountRefused)
		_, err := a.CreateDiscount(context.Background(), r)
		if err == nil || errors.Is(err, discount.ErrTaken) || !strings.Contains(err.Error(), "Value must be between 0 and 1") {
			t.Errorf("err %v, want the shop's reason", err)
		}
	})
	t.Run("another shop", func(t *testing.T) {
		a, f := newDiscountFake(t, discountOK)
		other := r
		other.Shop = "other.myshopify.com"
		if _, err := a.CreateDiscount(context.Background(), other); err == nil || len(f.got) != 0 {
			t.Errorf("err %v after %d calls, want a refusal before any call", err, len(f.got))
		}
	})
	// discount.Issue draws a new code after TAKEN, and the shop gets a
	// different, valid code each time.
	t.Run("issue retries a taken code", func(t *testing.T) {
		a, f := newDiscountFake(t, discountTaken, discountTaken, discountOK)
		d, err := discount.Issue(context.Background(), a, discount.PrefixThanks, r)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.got) != 3 {
			t.Fatalf("%d calls, want 3", len(f.got))
		}
		codes := map[string]bool{}
		for _, v := range f.got {
			codes[v["input"].(map[string]any)["code"].(string)] = true
		}
		last := f.got[2]["input"].(map[string]any)["code"].(string)
		if len(codes) != 3 || d.Code != last {
			t.Errorf("codes tried %v; issued %s, want the last one %s", codes, d.Code, last)
		}
		if _, ok := discount.Parse(d.Code); !ok {
			t.Errorf("issued %q, not one of our codes", d.Code)
		}
	})
}
