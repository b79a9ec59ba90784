package eval

import (
	"fmt"
	"strings"
)

// part14 are issue 18's class held out in pkg/offline/heldout_part14_test.go:
// a request or question the shop can or cannot meet gets its own honest
// answer. Faster shipping is declined with the guide's shipping passage;
// the shipping cost asked after a status is the guide's; a check of the
// address states the address on file and writes nothing; what happens to
// the money of a parcel lost or late is its replacement or refund; which
// variant the order has is its line's. Phrasings differ from the offline
// table's. It picks without taking (each scenario runs on a stack of its
// own).
func (g *gen) part14() {
	const file = "part14.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	all := func(tbOrder) bool { return true }
	pending := g.pick("pending", 10, all)
	processed := g.pick("processed", 10, all)

	// Faster shipping: not changed here, the guide's options said.
	for i, p := range []phrase{
		{"can you upgrade it to express shipping? i need it sooner", "en", false},
		{"is overnight shiping possible for my order", "en", true},
		{"do u have next day delivery for this one", "en", false},
		{"Gibt es Expressversand für meine Bestellung?", "de", false},
		{"¿tienen envío urgente para mi pedido?", "es", false},
	} {
		o := pending[i%len(pending)]
		g.add(file, Scenario{Kind: "part14_faster", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Handover: no(), Mention: []string{"3 to 7"}}})
	}
	// The shipping cost, asked after a status.
	for i, p := range []phrase{
		{"where is my order", "en", false},
		{"has it shipped yet?", "en", false},
		{"wheres my pakage", "en", true},
		{"any update on my order?", "en", false},
		{"is it on its way?", "en", false},
	} {
		o := processed[i%len(processed)]
		ask := []string{"ok thx. how much is shipping if i order one more thing?", "and is there free shiping over some amount?",
			"whats the shipping cost on a small order", "do i pay for shipping if i order again?", "cool. free shipping over what amount?"}[i]
		g.add(file, Scenario{Kind: "part14_cost", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text, ask},
			Expect: Expect{Handover: no(), Answers: []Answer{{Turn: 2, Mention: []string{"75"}}}}})
	}
	// A check of the address: the address on file, nothing written.
	for i, p := range []phrase{
		{"just checking, its going to %s right?", "en", false},
		{"is it still going to %s?", "en", false},
		{"is the address on the order %s?", "en", false},
		{"its goin to %s corect?", "en", true},
		{"is my order still headed to %s?", "en", false},
	} {
		o := pending[(i+5)%len(pending)]
		g.add(file, Scenario{Kind: "part14_address_check", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, o.Address.Address1)},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Mention: []string{o.Address.Address1}}})
	}
	// The money of a parcel lost or late: its replacement or refund.
	for i, p := range []phrase{
		{"and if it never arrives do i get my money back?", "en", false},
		{"what if the parcel gets lost, refund?", "en", false},
		{"wat if it gets lost in the mail, do i get a refnd", "en", true},
		{"y si se pierde el paquete, me devuelven el dinero?", "es", false},
		{"Und wenn es verloren geht, bekomme ich mein Geld zurück?", "de", false},
	} {
		o := processed[(i+5)%len(processed)]
		g.add(file, Scenario{Kind: "part14_late_money", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Mention: []string{"replacement", "refund"}}})
	}
	// Which variant the order has: its line's.
	withColour := g.pick("pending", 5, func(o tbOrder) bool {
		return len(o.Items) > 0 && o.Items[0].Options["color"] != ""
	})
	for i, o := range withColour {
		it := o.Items[0]
		p := []phrase{
			{"which color is the %s i ordered? i thought i picked another one", "en", false},
			{"wait what colour did i get for the %s?", "en", false},
			{"wich color %s did i order", "en", true},
			{"what color was the %s on my order again", "en", false},
			{"hang on, which colour %s is in my order?", "en", false},
		}[i%5]
		g.add(file, Scenario{Kind: "part14_variant", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, strings.ToLower(it.Name))},
			Expect: Expect{Handover: no(), Mention: []string{it.Options["color"]}}})
	}
}
