package console_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// TestMetricsCurrency: the metrics page's revenue is in the shop's
// currency, formatted by pkg/money, not in dollars whatever the shop
// sells in.
func TestMetricsCurrency(t *testing.T) {
	tests := []struct {
		currency string // the settings'; "" for the default
		code     string
		revenue  string
	}{
		{"", "USD", "$12.34"},
		{"EUR", "EUR", "€12.34"},
		{"JPY", "JPY", "¥1,234"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			e := newEnv(t)
			ctx := t.Context()
			if tt.currency != "" {
				s, err := e.sets.Get(ctx, shop)
				if err != nil {
					t.Fatal(err)
				}
				s.Currency = tt.currency
				if _, err := e.sets.Put(ctx, shop, s, "test"); err != nil {
					t.Fatal(err)
				}
			}
			now := e.r.Clock.Now()
			if err := e.rec.Suggest(ctx, metrics.Suggestion{Shop: shop, ID: "s1", CustomerEmail: "ada@example.com", Kind: metrics.SuggestReorder,
				OrderID: "1", DiscountCode: "THANKS-ABC", SentAt: now.Add(-time.Hour), Until: now.Add(24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			o := order.Order{Shop: shop, ID: "9001", Name: "#9001", Email: "ada@example.com", Currency: tt.code, TotalPrice: 1234,
				DiscountCodes: []string{"THANKS-ABC"}, CreatedAt: now, UpdatedAt: now}
			if ok, err := e.rec.AttributeOrder(ctx, o); err != nil || !ok {
				t.Fatalf("attribute: %v %v", ok, err)
			}
			var rep struct {
				Total    metrics.Day       `json:"total"`
				Amounts  map[string]string `json:"amounts"`
				Currency struct {
					Code string `json:"code"`
				} `json:"currency"`
			}
			if code := e.call(t, e.staff, http.MethodGet, "/console/api/metrics?days=7", nil, &rep); code != http.StatusOK {
				t.Fatalf("metrics: %d", code)
			}
			if rep.Total.RevenueCents != 1234 || rep.Currency.Code != tt.code || rep.Amounts["revenue"] != tt.revenue {
				t.Errorf("revenue %d, currency %q, amounts %v; want %s in %s", rep.Total.RevenueCents, rep.Currency.Code, rep.Amounts, tt.revenue, tt.code)
			}
		})
	}
}
