package eval

import (
	"fmt"
	"strings"
)

// facts11 are questions about a fact of the customer's own order that the
// tools give and that a no-context trial saw answered with the tracking
// status or a guide passage (issue 18, held out in
// pkg/offline/facts11_test.go): which variant of an item they got (its
// colour, its size), whether the order had tax, a refund's amount and day
// asked after the refund was looked up, and every order on their account
// (their own: list_orders, never refused). Each is answered from the tool
// results, the shop untouched. It picks without taking (each scenario runs
// on a stack of its own), so it changes no other file's.
func (g *gen) facts11() {
	const file = "facts11.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	// An order with a line whose option (colour, size) no other line of
	// the order shares a name with: the line the question names is one.
	withOption := func(opt string) func(tbOrder) bool {
		return func(o tbOrder) bool {
			_, ok := optionLine(o, opt)
			return ok
		}
	}

	colours := []phrase{
		{"what colour was the %s i ordered?", "en", false},
		{"remind me which color %s i went with", "en", false},
		{"wat color is the %s i bought", "en", true},
		{"¿de qué color es el %s que pedí?", "es", false},
		{"welche Farbe hat das %s, das ich bestellt habe?", "de", false},
		{"c'est quelle couleur, le %s que j'ai commandé ?", "fr", false},
	}
	picked := g.pick("delivered", len(colours), withOption("color"))
	for i, p := range colours {
		o := picked[i%len(picked)]
		li, _ := optionLine(o, "color")
		it := o.Items[li]
		g.add(file, Scenario{Kind: "facts11_variant_colour", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, strings.ToLower(it.Name))},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"lines.item"}, Mention: []string{it.Options["color"]}, Handover: no()}})
	}

	sizes := []phrase{
		{"which size %s did i end up getting", "en", false},
		{"the %s, was it the small or large size i picked?", "en", false},
		{"wich sise was my %s", "en", true},
		{"¿qué talla de %s elegí?", "es", false},
		{"welche Größe hatte der %s, den ich gekauft habe?", "de", false},
	}
	picked = g.pick("processed", len(sizes), withOption("size"))
	for i, p := range sizes {
		o := picked[i%len(picked)]
		li, _ := optionLine(o, "size")
		it := o.Items[li]
		g.add(file, Scenario{Kind: "facts11_variant_size", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, strings.ToLower(it.Name))},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"lines.item"}, Mention: []string{it.Options["size"]}, Handover: no()}})
	}

	// The order's tax: the data's orders carry none, which the reply says
	// as the tool's figure.
	taxes := []phrase{
		{"did i pay any tax on this order?", "en", false},
		{"was tax added to my order", "en", false},
		{"how much tax was on it", "en", false},
		{"was ther any tax??", "en", true},
		{"¿me cobraron impuestos en este pedido?", "es", false},
		{"y avait-il des taxes sur ma commande ?", "fr", false},
	}
	picked = g.pick("pending", len(taxes), func(o tbOrder) bool { return len(o.Items) > 0 })
	for i, p := range taxes {
		o := picked[i%len(picked)]
		g.add(file, Scenario{Kind: "facts11_tax", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"tax"}, Handover: no()}})
	}

	// A refund looked up, then its figure and day asked for.
	refunds := []phrase{
		{"ok how much was that and what day?", "en", false},
		{"and when was it, and for how much", "en", false},
		{"how much did u send back and when", "en", true},
		{"¿y cuánto fue y cuándo?", "es", false},
		{"und wie viel war das und wann?", "de", false},
	}
	firsts := []string{"has my refund been processed?", "did the refund go through", "is my money back yet?",
		"¿ya me hicieron el reembolso?", "wurde meine Erstattung schon gemacht?"}
	picked = g.pick("cancelled", len(refunds), func(o tbOrder) bool { return len(o.Items) > 0 })
	for i, p := range refunds {
		o := picked[i%len(picked)]
		g.add(file, Scenario{Kind: "facts11_refund_figure", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{firsts[i%len(firsts)], p.text},
			Expect: Expect{Tools: []string{"refund_status"}, Handover: no(),
				Answers: []Answer{{Turn: 2, Report: []string{"refunds.amount", "refunds.date"}}}}})
	}

	// Every order on the account: the customer's own.
	accounts := []phrase{
		{"pull up every order on my account", "en", false},
		{"show me all the orders on this account please", "en", false},
		{"can you show all my ordres", "en", true},
		{"muéstrame todos mis pedidos", "es", false},
		{"zeig mir bitte alle meine Bestellungen", "de", false},
		{"montre-moi toutes mes commandes", "fr", false},
	}
	multi := func(o tbOrder) bool { return len(g.d.Users[o.UserID].Orders) >= 2 }
	picked = g.pick("processed", len(accounts), multi)
	for i, p := range accounts {
		o := picked[i%len(picked)]
		var other string
		for _, id := range g.d.Users[o.UserID].Orders {
			if id != o.OrderID {
				other = ShopifyName(id)
				break
			}
		}
		g.add(file, Scenario{Kind: "facts11_account_orders", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"list_orders"}, Mention: []string{other}, Handover: no()}})
	}
}

// optionLine is the index of o's first line with option opt whose name no
// other line of o has, and whether there is one.
func optionLine(o tbOrder, opt string) (int, bool) {
	for i, it := range o.Items {
		if it.Options[opt] == "" {
			continue
		}
		shared := false
		for j, other := range o.Items {
			shared = shared || j != i && other.Name == it.Name
		}
		if !shared {
			return i, true
		}
	}
	return 0, false
}
