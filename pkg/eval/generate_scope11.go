package eval

import (
	"fmt"
	"strings"
)

// scope11 are issue 18's no-context trial findings where a request's
// scope or reason was read wrongly (held out in
// pkg/offline/scope11_test.go, in other words): an item the customer
// says is fine beside a damaged one stays out of what is made good; a
// change of mind is a return recorded with a change-of-mind reason
// (UNWANTED), never as a defect; a cancellation taken back is not offered
// again, so a yes after it writes nothing; an address is read from the
// part of the message that is an address, and a second line sent after
// it amends it. Judged by the writes after the customer's yes. Several
// ways each, typos and other languages among them. It picks without
// taking (each scenario runs on a stack of its own).
func (g *gen) scope11() {
	const file = "scope11.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	line := func(it tbItem) []WriteLine {
		return []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
	}
	lower := func(it tbItem) string { return strings.ToLower(it.Name) }

	// Damage to one line (worth up to the keep-it value, $30), the other
	// said to be fine: only the damaged line is made good.
	var pairs []struct {
		o       tbOrder
		bad, ok tbItem
	}
	for _, o := range g.byStatus["delivered"] {
		if len(pairs) == 6 {
			break
		}
		idx := uniqueItems(o)
		if DeliveredDaysAgo(o.OrderID) > 25 || len(idx) < 2 {
			continue
		}
	found:
		for _, bi := range idx {
			for _, ai := range idx {
				b, a := o.Items[bi], o.Items[ai]
				if ai != bi && b.Price <= 30 && !sharesWord(a.Name, b.Name) {
					pairs = append(pairs, struct {
						o       tbOrder
						bad, ok tbItem
					}{o, b, a})
					break found
				}
			}
		}
	}
	fine := []struct {
		phrase
		remedy string
	}{
		{phrase{"the %[1]s broke in transit but the %[2]s is all good - refund it please", "en", false}, "refund"},
		{phrase{"the %[2]s arrived fine. the %[1]s came shattered, send a replacement", "en", false}, "replacement"},
		{phrase{"got everything, the %[2]s looks great, but the %[1]s was cracked. replacment pls", "en", true}, "replacement"},
		{phrase{"the %[1]s is damaged; nothing wrong with the %[2]s. a refund would be great", "en", false}, "refund"},
		{phrase{"my %[1]s arrived in pieces, the %[2]s survived. can i get a new one", "en", false}, "replacement"},
		{phrase{"el %[1]s llegó roto, el %[2]s está bien. quiero un reembolso", "es", false}, "refund"},
	}
	for i, p := range fine {
		if len(pairs) == 0 {
			break
		}
		pr := pairs[i%len(pairs)]
		w := Write{Type: "replacement", Order: name(pr.o), Lines: line(pr.bad)}
		if p.remedy == "refund" {
			w = Write{Type: "refund", Order: name(pr.o), Lines: line(pr.bad), Amount: price(pr.bad.Price)}
		}
		g.add(file, Scenario{Kind: "scope11_fine_lines", Lang: p.lang, Start: verifiedStart(g, pr.o), Tags: typoTag(p.typo),
			Turns:  []string{fill(p.text, lower(pr.bad), lower(pr.ok)), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"}, Writes: []Write{w}}})
	}

	// A change of mind: a return of that line, recorded as UNWANTED.
	picked, cheap := g.twoLinesOneCheap(6)
	mind := []phrase{
		{"i'd like to send back the %s, haven't used it at all, just changed my mind", "en", false},
		{"can i return the %s? it's unused, i changed my mind", "en", false},
		{"no longer need the %s, i want to return it", "en", false},
		{"chnged my mind on the %s, never used it, return pls", "en", true},
		{"quiero devolver el %s, cambié de opinión", "es", false},
		{"ich möchte den %s zurückgeben, ich habe es mir anders überlegt", "de", false},
	}
	for i, p := range mind {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		it := o.Items[cheap[i%len(picked)]]
		g.add(file, Scenario{Kind: "scope11_mind_reason", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(p.text, lower(it)), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"start_return"}, Done: []string{"start_return"},
				Writes: []Write{{Type: "return", Order: name(o), Lines: line(it), Reason: "UNWANTED"}}}})
	}

	// A cancellation taken back: nothing offered again, so the yes after
	// it writes nothing.
	all := func(tbOrder) bool { return true }
	pending := g.pick("pending", 10, all)
	back := []phrase{
		{"hold on, don't - i've decided to keep it", "en", false},
		{"scratch that, keep the order please", "en", false},
		{"wait dont!! i still want it", "en", false},
		{"no no, changed my mind, leave it", "en", false},
		{"oh wiat, dont, keep my order", "en", true},
	}
	asks := []string{"cancel the order please", "i need to cancel this one", "can you cancel my order?", "please cancel it, i ordered by mistake",
		"cancel my order pls"}
	for i, p := range back {
		o := pending[i%len(pending)]
		g.add(file, Scenario{Kind: "scope11_take_back", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{asks[i%len(asks)], p.text, "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"cancel_order"}}})
	}

	// The address is the part that is an address; a second line sent
	// after it amends it.
	clause := []phrase{
		{"i've got 3 things coming, could you ship them to my office instead - %s", "en", false},
		{"bought 2 gifts, pls deliver them to my sister's place instead: %s", "en", false},
		{"my 1 package should go to my work now, %s", "en", false},
		{"orderd a few things, can u sned them to my gym instead - %s", "en", true},
		{"i have 2 boxes on the way; deliver to my friend's flat: %s", "en", false},
	}
	for i, p := range clause {
		o := pending[(i+5)%len(pending)]
		a := newAddresses[[]int{0, 1, 3, 4, 2}[i]]
		g.add(file, Scenario{Kind: "scope11_address_clause", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, a.line), "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}
	units := []struct {
		phrase
		unit string
	}{
		{phrase{"oh and it's apt 5B", "en", false}, "apt 5B"},
		{phrase{"forgot to say: suite 210", "en", false}, "suite 210"},
		{phrase{"its the 4th floor btw", "en", false}, "4th floor"},
		{phrase{"sorry, its unit 12", "en", false}, "unit 12"},
		{phrase{"oops forgto the apt - apt 2C", "en", true}, "apt 2C"},
	}
	firsts := []string{"please send it to %s instead", "ship it to %s", "new address: %s", "can you change the address to %s",
		"deliver to %s please"}
	for i, p := range units {
		o := pending[(i+8)%len(pending)]
		a := newAddresses[[]int{4, 0, 1, 3, 4}[i]]
		a.a2 = p.unit
		g.add(file, Scenario{Kind: "scope11_address_unit", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(firsts[i], a.line), p.text, "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}
}
