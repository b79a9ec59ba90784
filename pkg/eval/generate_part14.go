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
	pending := g.pick("pending", 8, all)
	processed := g.pick("processed", 6, all)

	// Faster shipping: not changed here, the guide's options said.
	for i, p := range []phrase{
		{"can you upgrade it to express shipping? i need it sooner", "en", false},
		{"is overnight shiping possible for my order", "en", true},
		{"Gibt es Expressversand für meine Bestellung?", "de", false},
	} {
		o := pending[i%len(pending)]
		g.add(file, Scenario{Kind: "part14_faster", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Handover: no(), Mention: []string{"3 to 7"}}})
	}
	// The shipping cost, asked after a status.
	for i, p := range []phrase{
		{"ok thx. how much is shipping if i order one more thing?", "en", false},
		{"and is there free shiping over some amount?", "en", true},
	} {
		o := processed[i%len(processed)]
		g.add(file, Scenario{Kind: "part14_cost", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{"where is my order", p.text},
			Expect: Expect{Handover: no(), Answers: []Answer{{Turn: 2, Mention: []string{"75"}}}}})
	}
	// A check of the address: the address on file, nothing written.
	for i, ask := range []string{
		"just checking, its going to %s right?",
		"is it still going to %s?",
		"is the address on the order %s?",
	} {
		o := pending[(i+3)%len(pending)]
		g.add(file, Scenario{Kind: "part14_address_check", Start: verifiedStart(g, o),
			Turns:  []string{fmt.Sprintf(ask, o.Address.Address1)},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Mention: []string{o.Address.Address1}}})
	}
	// The money of a parcel lost or late: its replacement or refund.
	for i, p := range []phrase{
		{"and if it never arrives do i get my money back?", "en", false},
		{"what if the parcel gets lost, refund?", "en", false},
		{"y si se pierde el paquete, me devuelven el dinero?", "es", false},
	} {
		o := processed[(i+2)%len(processed)]
		g.add(file, Scenario{Kind: "part14_late_money", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Mention: []string{"replacement", "refund"}}})
	}
	// Which variant the order has: its line's.
	withColour := g.pick("pending", 2, func(o tbOrder) bool {
		return len(o.Items) > 0 && o.Items[0].Options["color"] != ""
	})
	for i, o := range withColour {
		it := o.Items[0]
		ask := []string{"which color is the %s i ordered? i thought i picked another one", "wait what colour did i get for the %s?"}[i%2]
		g.add(file, Scenario{Kind: "part14_variant", Start: verifiedStart(g, o),
			Turns:  []string{fmt.Sprintf(ask, strings.ToLower(it.Name))},
			Expect: Expect{Handover: no(), Mention: []string{it.Options["color"]}}})
	}
}
