package order_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

func TestLineItemPaid(t *testing.T) {
	for _, tc := range []struct {
		name  string
		li    order.LineItem
		units int
		want  order.Money
	}{
		{"one of two, tax shared", order.LineItem{Quantity: 2, Price: 2400, Tax: 336}, 1, 2568},
		{"all units: the exact line", order.LineItem{Quantity: 3, Price: 1000, Tax: 100, Discount: 1}, 3, 3099},
		{"share rounds down", order.LineItem{Quantity: 3, Price: 1000, Tax: 100}, 1, 1033},
		{"discount out", order.LineItem{Quantity: 1, Price: 2400, Discount: 400, Tax: 140}, 1, 2140},
		{"more than the line", order.LineItem{Quantity: 1, Price: 500}, 4, 500},
		{"no units", order.LineItem{Quantity: 1, Price: 500}, 0, 0},
		{"no tax data: the price", order.LineItem{Quantity: 2, Price: 2400}, 1, 2400},
	} {
		if got := tc.li.Paid(tc.units); got != tc.want {
			t.Errorf("%s: Paid(%d) = %d, want %d", tc.name, tc.units, got, tc.want)
		}
	}
}
