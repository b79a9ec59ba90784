package eval

import (
	"fmt"
	"strings"
)

// scope12 are the scope and details of writes the customer asks for
// (held out in pkg/offline/heldout_scope12_test.go, in other words): a
// unit said on its own is the second line of the order's address, or of
// the address just stated, nothing else changed; a change of mind about
// one line of two is a return of that line only, recorded as UNWANTED; an
// address change asked for with no address gets the address asked for,
// and the one given next is written; a yes that asks for another refund
// figure runs nothing, and the yes after the proposal is stated again runs
// it as stated. Judged by the writes. It picks without taking (each
// scenario runs on a stack of its own).
func (g *gen) scope12() {
	const file = "scope12.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	all := func(tbOrder) bool { return true }
	pending := g.pick("pending", 12, all)
	own := func(o tbOrder, unit string) map[string]string {
		a := newAddr{a1: o.Address.Address1, a2: unit, city: o.Address.City, prov: o.Address.State, zip: o.Address.Zip}
		return g.newAddress(o, a)
	}

	// A unit on its own: the order's address with it as the second line.
	onOrder := []struct {
		phrase
		unit string
	}{
		{phrase{"oh wait, my flat number is missing - flat 9", "en", false}, "flat 9"},
		{phrase{"btw it's suite 5, i forgot to put it on the order", "en", false}, "suite 5"},
		{phrase{"unit 21 please, its not on the address", "en", false}, "unit 21"},
		{phrase{"can you add apt 12 to my address", "en", false}, "apt 12"},
		{phrase{"forgto my apt number, its apt 3B", "en", true}, "apt 3B"},
	}
	for i, p := range onOrder {
		o := pending[i%len(pending)]
		g.add(file, Scenario{Kind: "scope12_unit_order", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text, "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: own(o, p.unit)}}}})
	}

	// A unit after an address just stated: that address with the unit.
	afterStated := []struct {
		phrase
		unit string
	}{
		{phrase{"oh, it's unit 4 btw", "en", false}, "unit 4"},
		{phrase{"sorry, add apt 12B", "en", false}, "apt 12B"},
		{phrase{"and it's the 2nd floor", "en", false}, "2nd floor"},
		{phrase{"wait, suite 300 too", "en", false}, "suite 300"},
		{phrase{"sory forgot, its unit 8", "en", true}, "unit 8"},
	}
	firsts := []string{"change the address to %s", "send it to %s instead please", "my new address is %s", "ship to %s",
		"please deliver it to %s"}
	for i, p := range afterStated {
		o := pending[(i+5)%len(pending)]
		a := newAddresses[[]int{0, 1, 3, 4, 0}[i]]
		a.a2 = p.unit
		g.add(file, Scenario{Kind: "scope12_unit_stated", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(firsts[i], a.line), p.text, "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}

	// An address change with no address: the one given next is written.
	asks := []phrase{
		{"change the shipping adress", "en", true},
		{"i need to update my delivery address", "en", false},
		{"can i change where this is being shipped?", "en", false},
		{"the shipping address on this order is wrong, i need to change it", "en", false},
		{"pls update my delivery adress", "en", true},
	}
	for i, p := range asks {
		o := pending[(i+7)%len(pending)]
		a := newAddresses[[]int{1, 3, 4, 0, 1}[i]]
		g.add(file, Scenario{Kind: "scope12_address_ask", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text, a.line, "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}

	// A change of mind about one line of two: that line, UNWANTED.
	picked, cheap := g.twoLinesOneCheap(5)
	mind := []phrase{
		{"changed my mind about the %s, i want to send it back", "en", false},
		{"i don't need the %s anymore, i'd like to return it", "en", false},
		{"the %s works fine but i no longer want it, please return it", "en", false},
		{"dont want the %s after all, can i return it", "en", true},
		{"i'd like to return the %s, i've had second thoughts", "en", false},
	}
	for i, p := range mind {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		it := o.Items[cheap[i%len(picked)]]
		g.add(file, Scenario{Kind: "scope12_mind_line", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(p.text, strings.ToLower(it.Name)), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"start_return"}, Done: []string{"start_return"},
				Writes: []Write{{Type: "return", Order: name(o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, Reason: "UNWANTED"}}}})
	}

	// Another refund figure asked for with the yes: nothing runs; the
	// yes after it runs the refund as stated.
	var cheapDamaged []struct {
		o  tbOrder
		it tbItem
	}
	for _, o := range g.byStatus["delivered"] {
		if len(cheapDamaged) == 4 {
			break
		}
		if DeliveredDaysAgo(o.OrderID) > 25 {
			continue
		}
		for _, i := range uniqueItems(o) {
			if o.Items[i].Price <= 30 {
				cheapDamaged = append(cheapDamaged, struct {
					o  tbOrder
					it tbItem
				}{o, o.Items[i]})
				break
			}
		}
	}
	amounts := []phrase{
		{"yes, but make it $120", "en", false},
		{"ok but can you do $150 instead?", "en", false},
		{"sure, though i'd like $95 back", "en", false},
		{"yes pls but refund 200 dollars", "en", false},
		{"yeah but make it $80, it cost me more than that", "en", true},
	}
	reports := []string{"the %s arrived broken, i want a refund for it", "my %s came damaged, refund please",
		"the %s was cracked when i opened the box, can i get my money back", "%s arrived smashed. refund pls",
		"the %s is broken, i'd like a refund"}
	for i, p := range amounts {
		if len(cheapDamaged) == 0 {
			break
		}
		c := cheapDamaged[i%len(cheapDamaged)]
		g.add(file, Scenario{Kind: "scope12_other_amount", Lang: p.lang, Start: verifiedStart(g, c.o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(reports[i], strings.ToLower(c.it.Name)), p.text, "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"},
				Writes: []Write{{Type: "refund", Order: name(c.o), Lines: []WriteLine{{Title: c.it.Name, Variant: variant(c.it.Options), Quantity: 1}}, Amount: price(c.it.Price)}}}})
	}
}
