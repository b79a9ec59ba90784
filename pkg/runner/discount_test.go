package runner_test

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/discount"
)

// Discount codes are real (issue 16), on the runner with the offline model:
// a happy check-in answer brings two new codes made in the demo shop (the
// customer's own and a friend's), the customer can ask for the friend's
// again, the demo checkout accepts each once, and the orders that used
// them are the suggestion's and the referral's revenue in the console.
func TestDiscountCodesOnTheRunner(t *testing.T) {
	srv := actionsServer(t)
	if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": "72h"}, nil); code != 200 {
		t.Fatalf("clock: %d", code)
	}
	c, verified := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	if !verified {
		t.Fatal("not verified")
	}
	reply, _ := c.say("Love it, thank you!")
	wantIn(t, reply, "wonderful")

	codes := ofType(shopActions(t, srv), "discount_code")
	if len(codes) != 2 {
		t.Fatalf("discount codes made: %+v, want 2", codes)
	}
	own, friend := codes[0].Detail["code"].(string), codes[1].Detail["code"].(string)
	for _, a := range codes {
		if a.Order != "#1006" || a.Detail["percentage"] != 10.0 || a.Detail["usage_limit"] != 1.0 {
			t.Errorf("code action %+v", a)
		}
	}
	if !strings.HasPrefix(own, "THANKS-") || !strings.HasPrefix(friend, "FRIEND-") || codes[0].Detail["customer"] != "samuel.whitfield@example.com" ||
		codes[0].Detail["customer_id"] != "7700000000106" || codes[1].Detail["customer"] != "anyone" {
		t.Errorf("codes %+v", codes)
	}
	for _, code := range []string{own, friend} {
		if p, ok := discount.Parse(code); !ok || p != code {
			t.Errorf("%q is not one of our codes", code)
		}
	}
	var thanks string
	for _, line := range c.transcript() {
		if strings.Contains(line, own) {
			thanks = line
		}
	}
	t.Logf("thank-you in the chat: %s", thanks)
	wantIn(t, thanks, "Unbleached Paper Filters", "code "+own+" takes 10% off your next order", friend)

	reply, _ = c.say("Can I get a discount code for my friend?")
	wantIn(t, reply, friend, "10% off")
	if n := len(ofType(shopActions(t, srv), "discount_code")); n != 2 {
		t.Errorf("asking again made codes: %d", n)
	}

	checkout := func(email, code string, want int) map[string]any {
		t.Helper()
		var out map[string]any
		body := map[string]any{"email": email, "discount_code": code,
			"lines": []map[string]any{{"title": "Unbleached Paper Filters", "price": "12.00", "quantity": 3}}}
		if got := post(t, srv.URL+"/dev/shop/orders", "", body, &out); got != want {
			t.Fatalf("checkout %s with %s: %d %v, want %d", email, code, got, out, want)
		}
		t.Logf("checkout %s with %s: %v", email, code, out)
		return out
	}
	checkout("new.friend@example.com", own, http.StatusUnprocessableEntity) // Samuel's own code is his
	if o := checkout("samuel.whitfield@example.com", own, http.StatusCreated); o["discount"] != "3.60" || o["total"] != "32.40" {
		t.Errorf("own code order %v", o)
	}
	checkout("samuel.whitfield@example.com", own, http.StatusUnprocessableEntity) // used
	friendOrder := checkout("new.friend@example.com", friend, http.StatusCreated)
	if friendOrder["total"] != "32.40" {
		t.Errorf("friend's order %v", friendOrder)
	}

	con := signIn(t, srv)
	var rep struct {
		Total map[string]any `json:"total"`
	}
	if code := con.do("GET", "/console/api/metrics?days=7", nil, &rep); code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	tot := rep.Total
	b, _ := json.Marshal(tot)
	if tot["suggestions_sent"] != 1.0 || tot["attributed_orders"] != 1.0 || tot["revenue_cents"] != 3240.0 ||
		tot["referrals_sent"] != 1.0 || tot["referral_orders"] != 1.0 || tot["referral_revenue_cents"] != 3240.0 {
		t.Errorf("metrics total %s", b)
	}

	// The friend cancels their order (Shopify's orders/cancelled): its
	// referral revenue is taken back, once, however often Shopify says so.
	body, err := fs.ReadFile(events.Shopify(), "orders_cancelled.json")
	if err != nil {
		t.Fatal(err)
	}
	var cancelled map[string]any
	if err := json.Unmarshal(body, &cancelled); err != nil {
		t.Fatal(err)
	}
	id, _ := strconv.ParseInt(friendOrder["order_id"].(string), 10, 64)
	cancelled["id"], cancelled["name"], cancelled["email"] = id, friendOrder["name"], "new.friend@example.com"
	cancelled["updated_at"], cancelled["refunds"] = "2030-01-01T00:00:00Z", []any{}
	body, _ = json.Marshal(cancelled)
	for range 2 {
		if code := sendWebhook(t, srv.URL, "orders/cancelled", body, "s"); code != 200 {
			t.Fatalf("orders/cancelled: %d", code)
		}
	}
	if code := con.do("GET", "/console/api/metrics?days=7", nil, &rep); code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	tot = rep.Total
	b, _ = json.Marshal(tot)
	if tot["attributed_orders"] != 1.0 || tot["revenue_cents"] != 3240.0 || tot["referral_orders"] != 0.0 || tot["referral_revenue_cents"] != 0.0 {
		t.Errorf("metrics total after the friend's order was cancelled %s", b)
	}
}
