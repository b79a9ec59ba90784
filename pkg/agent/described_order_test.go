package agent

import (
	"slices"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// TestDescribedOrder checks which of a customer's orders a message points
// at without its number, and when it points at none or at two.
func TestDescribedOrder(t *testing.T) {
	orders := []StateOrder{
		{Name: "#2001", Items: []string{"Desk Lamp (Brass)", "Paper Shades"}, Stage: "not shipped yet"},
		{Name: "#2002", Items: []string{"Wool Blanket"}, Stage: "in transit"},
		{Name: "#2003", Items: []string{"2 × Tea Kettle"}, Stage: "returned or refunded"},
	}
	done := []StateDone{{Tool: toolname.ChangeAddress, Status: "done", Order: "#2001"}}
	tests := []struct {
		text, discussed string
		want            string
		fits            []string
	}{
		{text: "ok and the lamp one, when does it ship", discussed: "#2002", want: "#2001"},
		{text: "and the one with the blanket in it?", discussed: "#2001", want: "#2002"},
		{text: "what about my kettel order", discussed: "#2001", want: "#2003"},
		{text: "the one that hasnt shipped yet", discussed: "#2002", want: "#2001"},
		{text: "and the one thats still on its way?", discussed: "#2001", want: "#2002"},
		{text: "my refunded order, how much was it", discussed: "#2001", want: "#2003"},
		{text: "where is the one i changed the address on going", discussed: "#2003", want: "#2001"},
		{text: "et la commande remboursée ?", discussed: "#2001", want: "#2003"},
		{text: "el pedido del blanket, ¿dónde está?", discussed: "#2001", want: "#2002"},
		{text: "the one that shipped, where is it", discussed: "", fits: []string{"#2002", "#2003"}},
		{text: "the one that shipped, where is it", discussed: "#2002", want: "#2002"},
		// Not a description of an order.
		{text: "has my order shipped?", discussed: "#2002"},
		{text: "is the order cancelled?", discussed: "#2002"},
		{text: "was the blanket in that order?", discussed: "#2001"},
		{text: "please remove the shades from my order", discussed: "#2002"},
		{text: "can i cancel the order", discussed: "#2001"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, fits := DescribedOrder(tc.text, orders, done, tc.discussed)
			if got != tc.want || !slices.Equal(fits, tc.fits) {
				t.Errorf("DescribedOrder = %q, %v, want %q, %v", got, fits, tc.want, tc.fits)
			}
		})
	}
}

// TestOnlyPointsAtOrder checks the messages that only say which order a
// question before was about.
func TestOnlyPointsAtOrder(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"the one i cancelled today, 1001", true},
		{"oh sorry i meant the lamp one", true},
		{"#2003", true},
		{"the one i cancelled, can i undo it?", false},
		{"where is 2003", false},
		{"thanks", false},
	}
	for _, tc := range tests {
		if got := OnlyPointsAtOrder(tc.text); got != tc.want {
			t.Errorf("OnlyPointsAtOrder(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
