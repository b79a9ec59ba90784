package agent

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// ownReason only ever keeps the reason or drops it to UNKNOWN, drops only
// a damage reason, and keeps it when the clause naming the line says it
// is damaged.
func FuzzOwnReason(f *testing.F) {
	for _, s := range []string{"one mug arrived cracked, and separately I want to return the coffee kit",
		"the coffee kit is broken", "return the kit; the mug is chipped", ""} {
		f.Add(s, "DEFECTIVE")
		f.Add(s, "UNWANTED")
	}
	o := order.Order{LineItems: []order.LineItem{{ID: "k", Title: "Pour-Over Coffee Kit", Variant: "Walnut"}, {ID: "m", Title: "Harbor Stoneware Mug", Variant: "Sea Glass / 12 oz"}}}
	lines := []conversation.ProposalLine{{LineItemID: "k", Quantity: 1}}
	f.Fuzz(func(t *testing.T, text, reason string) {
		got := ownReason(o, lines, reason, text)
		if got != reason && (reason != "DEFECTIVE" || got != "UNKNOWN") {
			t.Fatalf("ownReason(%q, %q) = %q", text, reason, got)
		}
		if k := "the coffee kit is cracked. " + text; ownReason(o, lines, "DEFECTIVE", k) != "DEFECTIVE" {
			t.Fatalf("the kit's own damage dropped in %q", k)
		}
	})
}
