package shopify

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// An order's shipping lines become what the customer chose and paid for
// delivery: after shipping discounts, removed lines left out, and nothing
// at all (not "free") when the payload has no lines.
func TestParseShipping(t *testing.T) {
	for _, tc := range []struct {
		name, currency, lines string
		want                  *order.Shipping
	}{
		{"none", "USD", ``, nil},
		{"empty list", "USD", `, "shipping_lines": []`, nil},
		{"paid", "USD", `, "shipping_lines": [{"title": "Standard Shipping", "price": "7.95", "discounted_price": "7.95"}]`,
			&order.Shipping{Method: "Standard Shipping", Paid: 795}},
		{"free", "USD", `, "shipping_lines": [{"title": "Free Standard Shipping", "price": "0.00", "discounted_price": "0.00"}]`,
			&order.Shipping{Method: "Free Standard Shipping", Paid: 0}},
		{"discounted", "USD", `, "shipping_lines": [{"title": "Express", "price": "15.00", "discounted_price": "5.00"}]`,
			&order.Shipping{Method: "Express", Paid: 500}},
		{"older payload without discounted_price", "USD", `, "shipping_lines": [{"title": "Express", "price": "15.00"}]`,
			&order.Shipping{Method: "Express", Paid: 1500}},
		{"two lines, one removed", "USD", `, "shipping_lines": [{"title": "Express", "price": "15.00", "is_removed": true}, {"title": "Standard", "price": 4.5}]`,
			&order.Shipping{Method: "Standard", Paid: 450}},
		{"two methods", "JPY", `, "shipping_lines": [{"title": "Yamato", "price": "800"}, {"title": "Sagawa", "price": "600"}]`,
			&order.Shipping{Method: "Yamato, Sagawa", Paid: 1400}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z", "currency": "` + tc.currency + `", "total_price": "1"` + tc.lines + `}`
			p, err := ParseWebhook(TopicOrdersUpdated, "s.myshopify.com", []byte(body))
			if err != nil {
				t.Fatalf("ParseWebhook: %v", err)
			}
			if d := cmp.Diff(tc.want, p.Order.Shipping); d != "" {
				t.Errorf("shipping (-want +got):\n%s", d)
			}
		})
	}
	// A price that is not an amount is a clear error naming the line.
	body := `{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z", "currency": "USD", "shipping_lines": [{"title": "x", "price": "1.00"}, {"title": "y", "price": "1.234"}]}`
	if _, err := ParseWebhook(TopicOrdersUpdated, "s", []byte(body)); err == nil || !strings.Contains(err.Error(), "shipping_lines[1]") {
		t.Errorf("err = %v, want one naming shipping_lines[1]", err)
	}
}
