package agent

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Items are named by their product first: a word of a variant option
// names a line only with the whole option ("sea glass", "charcoal"), so
// "the glass is chipped" on an order of a Sea Glass mug and a kit asks
// which item instead of choosing the mug.
func TestPickLinesPrefersTheProduct(t *testing.T) {
	o := order.Order{Name: "#1006", LineItems: []order.LineItem{
		{ID: "kit", Title: "Pour-Over Coffee Kit", Variant: "Walnut", Quantity: 1, Price: 6400},
		{ID: "sea", Title: "Harbor Stoneware Mug", Variant: "Sea Glass / 12 oz", Quantity: 2, Price: 2400},
		{ID: "char", Title: "Harbor Stoneware Mug", Variant: "Charcoal / 12 oz", Quantity: 1, Price: 2400},
	}}
	for _, tc := range []struct {
		said string
		item itemArg
		want string // the chosen line ids, or "?" for a question
	}{
		{"the glass is chipped", itemArg{Title: "glass"}, "?"},
		{"the glass arrived cracked", itemArg{Title: "the glass"}, "?"},
		{"the sea glass mug is chipped", itemArg{Title: "sea glass mug"}, "sea"},
		{"the sea glass one is chipped", itemArg{Title: "sea glass"}, "sea"},
		{"the charcoal one is chipped", itemArg{Title: "charcoal"}, "char"},
		{"the mug is chipped", itemArg{Title: "mug"}, "?"}, // two mugs: which?
		{"the kit is broken", itemArg{Title: "kit"}, "kit"},
		{"the walnut kit is broken", itemArg{Title: "kit", Variant: "walnut"}, "kit"},
	} {
		t.Run(tc.said, func(t *testing.T) {
			lines, q := pickLines(o, []itemArg{tc.item}, false, tc.said)
			var ids []string
			for _, l := range lines {
				ids = append(ids, l.LineItemID)
			}
			got := strings.Join(ids, ",")
			if q != "" {
				got = "?"
			}
			if got != tc.want {
				t.Errorf("chose %q (question %q), want %q", got, q, tc.want)
			}
		})
	}
}

// An item named in another language is named: the model may pick the
// Backpack for "la mochila", and the check that the customer named it
// agrees; an item the customer named in no language is still asked about.
func TestPickLinesInOtherLanguages(t *testing.T) {
	o := order.Order{Name: "#2001", LineItems: []order.LineItem{
		{ID: "pack", Title: "Hiking Backpack", Variant: "green", Quantity: 1, Price: 8000},
		{ID: "lamp", Title: "Reading Lamp", Variant: "black", Quantity: 1, Price: 3500},
		{ID: "wallet", Title: "Leather Wallet", Variant: "brown", Quantity: 1, Price: 4000},
	}}
	for _, tc := range []struct {
		said string
		item itemArg
		want string
	}{
		{"quiero devolver la mochila", itemArg{Title: "backpack"}, "pack"},
		{"ich möchte die lampe zurückschicken", itemArg{Title: "lamp"}, "lamp"},
		{"je voudrais renvoyer le portefeuille", itemArg{Title: "wallet"}, "wallet"},
		{"quiero devolver algo", itemArg{Title: "backpack"}, "?"},
		{"ich möchte die lampe zurückschicken", itemArg{Title: "wallet"}, "?"},
	} {
		t.Run(tc.said, func(t *testing.T) {
			lines, q := pickLines(o, []itemArg{tc.item}, false, tc.said)
			got := "?"
			if q == "" && len(lines) == 1 {
				got = lines[0].LineItemID
			}
			if got != tc.want {
				t.Errorf("chose %q (question %q), want %q", got, q, tc.want)
			}
		})
	}
}
