package shopify

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// An order's discount codes come with orders/create, as Shopify sends them
// (events/shopify/new_order_create.json with a code entered at checkout).
func TestOrderDiscountCodes(t *testing.T) {
	body, err := os.ReadFile("../../events/shopify/new_order_create.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		codes string
		want  []string
	}{
		{"none", `[]`, nil},
		{"one of ours", `[{"code":"THANKS-7KQ2-M9XD-4TPA","amount":"6.40","type":"percentage"}]`, []string{"THANKS-7KQ2-M9XD-4TPA"}},
		{"blank dropped", `[{"code":" ","amount":"0.00","type":"fixed_amount"},{"code":"summer20","amount":"2.00","type":"fixed_amount"}]`, []string{"summer20"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := strings.Replace(string(body), `"discount_codes": []`, `"discount_codes": `+tc.codes, 1)
			p, err := ParseWebhook(TopicOrdersCreate, testShop, []byte(b))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, p.Order.DiscountCodes); d != "" {
				t.Errorf("codes (-want +got):\n%s", d)
			}
		})
	}
}
