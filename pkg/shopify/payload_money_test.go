package shopify

import "testing"

// Amounts are read in the minor units of the order's currency: whole yen,
// cents, fils (pkg/money).
func TestParseAmountsByCurrency(t *testing.T) {
	for _, tc := range []struct {
		currency, total, price string
		wantTotal, wantPrice   int64
		wantRefund             int64
	}{
		{"USD", `"49.99"`, `"19.99"`, 4999, 1999, 500},
		{"JPY", `"4800"`, `"1200.0"`, 4800, 1200, 5},
		{"KWD", `"12.345"`, `1.5`, 12345, 1500, 5000},
	} {
		t.Run(tc.currency, func(t *testing.T) {
			body := `{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z", "currency": "` + tc.currency + `",
 "total_price": ` + tc.total + `, "line_items": [{"id": 9, "title": "Mug", "quantity": 1, "price": ` + tc.price + `}],
 "refunds": [{"id": 3, "created_at": "2026-11-19T11:00:00Z", "transactions": [{"amount": "5", "kind": "refund", "status": "success"}]}]}`
			p, err := ParseWebhook(TopicOrdersUpdated, "s.myshopify.com", []byte(body))
			if err != nil {
				t.Fatalf("ParseWebhook: %v", err)
			}
			if got := int64(p.Order.TotalPrice); got != tc.wantTotal {
				t.Errorf("total %d, want %d", got, tc.wantTotal)
			}
			if got := int64(p.Order.LineItems[0].Price); got != tc.wantPrice {
				t.Errorf("price %d, want %d", got, tc.wantPrice)
			}
			if len(p.Refunds) != 1 || int64(p.Refunds[0].Amount) != tc.wantRefund {
				t.Errorf("refunds %+v, want one of %d", p.Refunds, tc.wantRefund)
			}
		})
	}
	// More decimals than the currency has is not silently rounded.
	_, err := ParseWebhook(TopicOrdersUpdated, "s.myshopify.com", []byte(`{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z",
 "currency": "JPY", "total_price": "1200.50"}`))
	if err == nil {
		t.Error("a yen total with sen was accepted")
	}
}
