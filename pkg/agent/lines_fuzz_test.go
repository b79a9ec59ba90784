package agent

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// FuzzPickLines: whatever the customer wrote and the model passed, the
// chosen lines are the order's own, each once, with a quantity from one to
// what was ordered; nothing is chosen from an empty conversation; and with
// one named item and no "all", several lines are chosen only when the
// customer's words said both, all, every or a plural.
func FuzzPickLines(f *testing.F) {
	o := order.Order{Name: "#1006", LineItems: []order.LineItem{
		{ID: "sea", Title: "Harbor Stoneware Mug", Variant: "Sea Glass / 12 oz", Quantity: 2, Price: 2400},
		{ID: "char", Title: "Harbor Stoneware Mug", Variant: "Charcoal / 12 oz", Quantity: 1, Price: 2400},
		{ID: "kit", Title: "Pour-Over Coffee Kit", Variant: "Walnut", Quantity: 1, Price: 6400},
	}}
	f.Add("return the charcoal mug", "charcoal mug", "", 0, false)
	f.Add("return both mugs", "both mugs", "", 0, false)
	f.Add("return everything", "", "", 0, true)
	f.Add("return 5 mugs", "mug", "sea glass", 5, false)
	f.Add("", "kit", "", 1, false)
	f.Fuzz(func(t *testing.T, said, title, variant string, qty int, all bool) {
		var items []itemArg
		if title != "" || variant != "" {
			items = []itemArg{{Title: title, Variant: variant, Quantity: qty}}
		}
		lines, question := pickLines(o, items, all, strings.ToLower(said))
		if len(lines) > 0 && question != "" {
			t.Fatalf("lines and a question: %v, %q", lines, question)
		}
		seen := map[string]bool{}
		for _, l := range lines {
			var li *order.LineItem
			for i := range o.LineItems {
				if o.LineItems[i].ID == l.LineItemID {
					li = &o.LineItems[i]
				}
			}
			if li == nil || seen[l.LineItemID] || l.Quantity < 1 || l.Quantity > li.Quantity {
				t.Fatalf("bad line %+v", l)
			}
			seen[l.LineItemID] = true
		}
		if strings.TrimSpace(said) == "" && len(lines) > 0 {
			t.Fatalf("lines chosen from no words of the customer: %v", lines)
		}
		if !all && len(items) == 1 && len(lines) > 1 && !hasWord(title+" "+variant, "both", "all", "every") && !plural(title) {
			t.Fatalf("several lines for one singular item %q: %v", title, lines)
		}
	})
}

// Any text: WithProductNouns keeps it as it is and only adds English
// nouns after it, in brackets; text with no foreign product noun is left
// alone.
func FuzzWithProductNouns(f *testing.F) {
	for _, s := range []string{"Quiero devolver la mochila", "Ich möchte das Notizbuch zurückgeben", "le sac à dos", "the lamp", "", "SAC À DOS!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := WithProductNouns(s)
		if got == s {
			return
		}
		rest, ok := strings.CutPrefix(got, s+" (")
		if !ok || !strings.HasSuffix(rest, ")") || strings.TrimSuffix(rest, ")") == "" {
			t.Fatalf("WithProductNouns(%q) = %q: not the text followed by English nouns in brackets", s, got)
		}
	})
}
