package demoshop_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/discount"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// The demo shop keeps the codes it is asked to make (a code it has is
// taken), logs each, and its checkout accepts a code under Shopify's rules
// for the codes doorstep issues: active, once, by its customer when it has
// one. An accepted order carries the code in its orders/create body.
func TestDemoDiscounts(t *testing.T) {
	s, st := setup(t)
	ctx := t.Context()
	now := s.Clock.Now()
	mk := func(code, customerID, email string, v discount.Value, starts, ends time.Time) {
		t.Helper()
		_, err := s.CreateDiscount(ctx, discount.Request{Shop: shop, Code: code, Title: "t", Value: v, CustomerID: customerID, CustomerEmail: email,
			StartsAt: starts, EndsAt: ends, Order: "#1003"})
		if err != nil {
			t.Fatal(err)
		}
	}
	ten := discount.Value{Percent: 10}
	mk("THANKS-AAAA-BBBB-CCCC", "", "daniel@example.com", ten, now, now.Add(30*24*time.Hour))
	mk("FRIEND-AAAA-BBBB-CCCC", "", "", discount.Value{Amount: 500, Currency: "USD"}, now, now.Add(30*24*time.Hour))
	mk("THANKS-DDDD-EEEE-FFFF", "", "", ten, now.Add(-48*time.Hour), now.Add(-time.Hour))
	mk("THANKS-GGGG-HHHH-JJJJ", "", "", ten, now.Add(time.Hour), now.Add(48*time.Hour))
	if _, err := s.CreateDiscount(ctx, discount.Request{Shop: shop, Code: "thanks-aaaa-bbbb-cccc", Title: "t", Value: ten,
		StartsAt: now, EndsAt: now.Add(time.Hour)}); !errors.Is(err, discount.ErrTaken) {
		t.Errorf("a code the shop has: %v, want ErrTaken", err)
	}
	acts, err := demoshop.Actions(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 4 || acts[0].Type != "discount_code" || acts[0].Detail["code"] != "THANKS-AAAA-BBBB-CCCC" ||
		acts[0].Detail["customer"] != "daniel@example.com" || acts[1].Detail["customer"] != "anyone" || acts[1].Amount != "5.00" {
		t.Errorf("actions %+v", acts)
	}

	order := func(email, code string) demoshop.CheckoutRequest {
		r := demoshop.CheckoutRequest{Email: email, DiscountCode: code}
		r.Lines = append(r.Lines, struct {
			Title    string `json:"title"`
			Price    string `json:"price"`
			Quantity int    `json:"quantity"`
		}{"Unbleached Paper Filters", "12.00", 2})
		return r
	}
	for _, tc := range []struct {
		name, email, code string
		off               string // "" refused
		why               string
	}{
		{"unknown code", "daniel@example.com", "THANKYOU10", "", "not a code of this shop"},
		{"another customer's code", "someone@example.com", "THANKS-AAAA-BBBB-CCCC", "", "for another customer"},
		{"ended", "daniel@example.com", "THANKS-DDDD-EEEE-FFFF", "", "ended"},
		{"not started", "daniel@example.com", "THANKS-GGGG-HHHH-JJJJ", "", "not active yet"},
		{"own code, typed loosely", "Daniel@example.com", "thanks aaaa bbbb cccc", "2.40", ""},
		{"own code again", "daniel@example.com", "THANKS-AAAA-BBBB-CCCC", "", "has been used"},
		{"friend's code, by anyone", "new.friend@example.com", "FRIEND-AAAA-BBBB-CCCC", "5.00", ""},
		{"no code", "new.friend@example.com", "", "0.00", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Checkout(ctx, shop, order(tc.email, tc.code))
			if tc.off == "" {
				if !errors.Is(err, demoshop.ErrCodeRefused) || !strings.Contains(err.Error(), tc.why) {
					t.Errorf("err %v, want refused: %s", err, tc.why)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Discount != tc.off || got.Subtotal != "24.00" {
				t.Errorf("checkout %+v, want %s off 24.00", got, tc.off)
			}
			p, err := shopify.ParseWebhook(shopify.TopicOrdersCreate, shop, got.Body)
			if err != nil {
				t.Fatal(err)
			}
			if tc.code != "" && (len(p.Order.DiscountCodes) != 1 || p.Order.DiscountCodes[0] != got.Code || p.Order.ID != got.OrderID) {
				t.Errorf("orders/create order %+v", p.Order)
			}
		})
	}
}
