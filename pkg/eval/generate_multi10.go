package eval

import (
	"fmt"
	"strings"
)

// multi10 are the classes of the multi10 no-context trial of the offline
// model (pkg/offline/multi10_test.go): a message of two parts where one
// was dropped (what the order holds and when it comes; a damage report
// and when the refund shows), and a yes to an address change that asks a
// question too. A clear yes with a question about what follows writes
// exactly the address stated, once, and the question is answered from the
// order tools; a yes that names another place or number writes nothing.
// Each phrased five ways or more, a typo among them. It picks without
// taking (each scenario runs on a stack of its own).
func (g *gen) multi10() {
	const file = "multi10.json"
	type phrase struct {
		text string
		typo bool
	}
	shipsBy := "ships_by|estimated_delivery"
	twoItems := func(o tbOrder) bool {
		u := uniqueItems(o)
		return len(u) >= 2 && !sharesWord(o.Items[u[0]].Name, o.Items[u[1]].Name)
	}

	// What the order holds and when it comes: both items named, the
	// ship-by date or estimate.
	items := []phrase{
		{"wht did i order again and whens it coming", true},
		{"what was in my order and when will it get here?", false},
		{"remind me what i bought, and when does it ship?", false},
		{"which items are on my order & when should they show up", false},
		{"cant remember what i got lol. when do i get it", true},
		{"what did i order, and when is it shipping?", false},
	}
	two := g.pick("pending", len(items), twoItems)
	for i, p := range items {
		o := two[i%len(two)]
		u := uniqueItems(o)
		g.add(file, Scenario{Kind: "multi10_items_when", Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "multi_question"),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"lines.item", shipsBy}, Mention: []string{o.Items[u[0]].Name, o.Items[u[1]].Name}, Handover: no()}})
	}

	// A clear yes to an address change with a question about what
	// follows: the address stated, written once; the ship-by date told.
	all := func(tbOrder) bool { return true }
	yes := []phrase{
		{"yes change it. and will the shipping date change?", false},
		{"yes please. when will it ship?", false},
		{"ok do it. will it still arrive this week?", false},
		{"yess thats correct, does it still ship soon?", true},
		{"yep go ahead - when does it go out?", false},
		{"yes update it, whens it shiping now?", true},
	}
	pending := g.pick("pending", len(yes)+6, all)
	for i, p := range yes {
		o := pending[i]
		a := newAddresses[i%len(newAddresses)]
		g.add(file, Scenario{Kind: "multi10_yes_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{"please change my shipping address to " + a.line, p.text},
			Expect: Expect{Tools: []string{"change_address", "track_order"}, Report: []string{shipsBy}, Handover: no(),
				Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}

	// A yes whose question names other terms: nothing written.
	other := []phrase{
		{"yes but can it be the other address?", false},
		{"yes, could you send it to my office instead?", false},
		{"yes, will it go to 24 Elm Street?", false},
		{"yes but can the zip be 02140?", false},
		{"yes change it. is apt 4 on it?", false},
		{"yes but only if it still ships today?", false},
		{"yea but to my wrok address pls", true},
	}
	for i, p := range other {
		o := pending[(i+len(yes))%len(pending)]
		a := newAddresses[(i+2)%len(newAddresses)]
		g.add(file, Scenario{Kind: "multi10_yes_other", Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns:  []string{"please change my shipping address to " + a.line, p.text},
			Expect: Expect{Tools: []string{"change_address"}, Handover: no()}})
	}

	// A damage report beside when the refund shows: the report made, the
	// guide's figure told.
	damage := []phrase{
		{"the %s showed up smashed!! how fast is the refund", false},
		{"my %s arrived broken. if i get a refund when will i see the money?", false},
		{"the %s came cracked, how long does a refund take?", false},
		{"%s was chipped when i opened the box. when would a refund land on my card?", false},
		{"the %s is damaged, how long til the refund shows up on my card", true},
	}
	picked, cheap := g.twoLinesOneCheap(len(damage))
	for i, p := range damage {
		o, r := picked[i%len(picked)], cheap[i%len(picked)]
		g.add(file, Scenario{Kind: "multi10_damage_refund_when", Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "multi_question"),
			Turns:  []string{fmt.Sprintf(p.text, strings.ToLower(o.Items[r].Name))},
			Expect: Expect{Tools: []string{"report_damage"}, Mention: []string{"5 to 10"}, Handover: no()}})
	}
}
