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

// A line's tax and discounts are read, in the order's currency's minor
// units: what a refund of its units gives back (order.LineItem.Paid).
func TestParseLineTaxAndDiscount(t *testing.T) {
	for _, tc := range []struct {
		currency, price, tax, discount string
		wantTax, wantDiscount          int64
		wantOnePaid                    int64 // of 2 units
	}{
		{"USD", `"24.00"`, `"3.36"`, `"0.00"`, 336, 0, 2568},
		{"USD", `"24.00"`, `"3.01"`, `"4.00"`, 301, 400, 2350},
		{"JPY", `"1200"`, `"192"`, `"100"`, 192, 100, 1246},
	} {
		t.Run(tc.currency+tc.tax, func(t *testing.T) {
			body := `{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z", "currency": "` + tc.currency + `", "total_price": "1",
 "line_items": [{"id": 9, "title": "Mug", "quantity": 2, "price": ` + tc.price + `, "tax_lines": [{"price": ` + tc.tax + `, "rate": 0.07, "title": "Tax"}],
 "discount_allocations": [{"amount": ` + tc.discount + `}]}]}`
			p, err := ParseWebhook(TopicOrdersUpdated, "s.myshopify.com", []byte(body))
			if err != nil {
				t.Fatalf("ParseWebhook: %v", err)
			}
			li := p.Order.LineItems[0]
			if int64(li.Tax) != tc.wantTax || int64(li.Discount) != tc.wantDiscount {
				t.Errorf("tax %d discount %d, want %d %d", li.Tax, li.Discount, tc.wantTax, tc.wantDiscount)
			}
			if got := int64(li.Paid(1)); got != tc.wantOnePaid {
				t.Errorf("Paid(1) = %d, want %d", got, tc.wantOnePaid)
			}
			if got, want := int64(li.Paid(2)), 2*int64(li.Price)-tc.wantDiscount+tc.wantTax; got != want {
				t.Errorf("Paid(2) = %d, want the whole line %d", got, want)
			}
		})
	}
}
