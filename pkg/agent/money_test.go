package agent

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// What the customer is told, and says yes to, is in the order's currency
// with its own minor units.
func TestMoneyInTheOrdersCurrency(t *testing.T) {
	for _, tt := range []struct {
		m        order.Money
		currency string
		want     string
	}{
		{6809, "JPY", "¥6,809"},
		{-1200, "JPY", "-¥1,200"},
		{1500, "KWD", "KWD 1.500"},
		{680900, "USD", "$6,809.00"},
		{550, "", "$5.50"},
	} {
		if got := money(tt.m, tt.currency); got != tt.want {
			t.Errorf("money(%d, %q) = %q, want %q", tt.m, tt.currency, got, tt.want)
		}
	}
}
