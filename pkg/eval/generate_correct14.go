package eval

import (
	"fmt"
	"strings"
)

// correct14 are issue 18's new-user trial of `make dev`: a correction
// right after a proposal (held out in
// pkg/offline/heldout_correct14_test.go, in other words). The correction
// runs nothing; what the customer says yes to next is the corrected
// proposal: the other remedy for a damaged item, the one line of a
// return they still send back, the address they gave last; a
// cancellation taken back, or narrowed to one line of an order only
// cancelled whole, leaves the shop untouched after the yes. Judged by
// the writes. It picks without taking (each scenario runs on a stack of
// its own).
func (g *gen) correct14() {
	const file = "correct14.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	lower := func(it tbItem) string { return strings.ToLower(it.Name) }
	line := func(it tbItem) []WriteLine {
		return []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
	}

	// A damaged item worth up to the keep-it value ($30): the remedy
	// changed right after it was stated.
	var cheap []struct {
		o  tbOrder
		it tbItem
	}
	for _, o := range g.byStatus["delivered"] {
		if len(cheap) == 4 {
			break
		}
		if DeliveredDaysAgo(o.OrderID) > 25 {
			continue
		}
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 30 {
				cheap = append(cheap, struct {
					o  tbOrder
					it tbItem
				}{o, o.Items[j]})
				break
			}
		}
	}
	remedy := []struct {
		phrase
		first, want string
	}{
		{phrase{"hmm actually no, send me a new one instead", "en", false}, "refund please", "replacement"},
		{phrase{"on second thought id rather have my money back, not another one", "en", false}, "a replacement please", "refund"},
		{phrase{"wait make that a replacment instead, i still want it", "en", true}, "refund please", "replacement"},
		{phrase{"mejor un reembolso en vez de otro", "es", false}, "a replacement please", "refund"},
	}
	for i, p := range remedy {
		if len(cheap) == 0 {
			break
		}
		c := cheap[i%len(cheap)]
		w := Write{Type: "replacement", Order: name(c.o), Lines: line(c.it)}
		if p.want == "refund" {
			w = Write{Type: "refund", Order: name(c.o), Lines: line(c.it), Amount: price(c.it.Price)}
		}
		g.add(file, Scenario{Kind: "correct14_damage_remedy", Lang: p.lang, Start: verifiedStart(g, c.o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf("the %s arrived cracked", lower(c.it)), p.first, p.text, "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"}, Writes: []Write{w}}})
	}

	// A return of two lines narrowed to one: only that one comes back.
	picked, cheapIdx := g.twoLinesOneCheap(3)
	narrow := []phrase{
		{"only the %[1]s actually, the %[2]s can stay", "en", false},
		{"hmm no, just the %[1]s. i'll keep the %[2]s", "en", false},
		{"sorry, jsut the %[1]s, keeping the %[2]s", "en", true},
	}
	for i, p := range narrow {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		back, kept := o.Items[cheapIdx[i%len(picked)]], o.Items[1-cheapIdx[i%len(picked)]]
		g.add(file, Scenario{Kind: "correct14_return_narrowed", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf("i changed my mind, i'd like to return the %s and the %s", lower(back), lower(kept)),
				fill(p.text, lower(back), lower(kept)), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"start_return"}, Done: []string{"start_return"},
				Writes: []Write{{Type: "return", Order: name(o), Lines: line(back)}}}})
	}

	// A cancellation taken back, or narrowed to one line: the yes after it
	// writes nothing.
	pending := g.pick("pending", 6, func(o tbOrder) bool { return len(uniqueItems(o)) >= 2 })
	dropped := []phrase{
		{"hmm ok then dont cancel it, leave it as it is", "en", false},
		{"nvm dont cancel, ill keep it as is", "en", true},
		{"no wait, only cancel the %s", "en", false},
	}
	for i, p := range dropped {
		if len(pending) == 0 {
			break
		}
		o := pending[i%len(pending)]
		text := p.text
		if strings.Contains(text, "%s") {
			text = fmt.Sprintf(text, lower(o.Items[uniqueItems(o)[0]]))
		}
		// The yes after "only cancel the A" may take the offer of a person;
		// it writes nothing either way.
		var handover *bool
		if text == p.text {
			handover = no()
		}
		g.add(file, Scenario{Kind: "correct14_cancel_dropped", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{"cancel my order please", text, "yes"},
			Expect: Expect{Handover: handover, Tools: []string{"cancel_order"}}})
	}

	// An address change corrected to another address: the last one given.
	corrected := []phrase{
		{"sorry no, to my work address instead: %s", "en", false},
		{"wait wrong one, send it to %s pls", "en", false},
	}
	for i, p := range corrected {
		if len(pending) < 2 {
			break
		}
		o := pending[(i+3)%len(pending)]
		first, last := newAddresses[i], newAddresses[(i+3)%len(newAddresses)]
		g.add(file, Scenario{Kind: "correct14_address_corrected", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{"please ship it to " + first.line + " instead", fmt.Sprintf(p.text, last.line), "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, last)}}}})
	}

	// A late parcel's remedy changed, or narrowed to one of its two
	// items, right after it was stated (the clock moved past its
	// estimate): the yes makes good what the correction said.
	// Worth up to what the policy makes good without a person ($100).
	small := func(its ...tbItem) bool {
		var sum float64
		for _, it := range its {
			sum += it.Price
		}
		return sum <= 85
	}
	whole := g.pick("processed", 1, func(o tbOrder) bool { return len(uniqueItems(o)) == len(o.Items) && small(o.Items...) })
	two := g.pick("processed", 1, func(o tbOrder) bool {
		return len(o.Items) == 2 && len(uniqueItems(o)) == 2 && !sharesWord(o.Items[0].Name, o.Items[1].Name) && small(o.Items[0])
	})
	if len(whole) == 1 {
		o := whole[0]
		var lines []WriteLine
		for _, it := range o.Items {
			lines = append(lines, line(it)...)
		}
		g.add(file, Scenario{Kind: "correct14_late_remedy", Start: verifiedStart(g, o), Wait: "14d",
			Turns: []string{"my parcel still hasnt come, can i get a refund", "hmm no actually, send a replacement instead, its a gift", "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"follow_up"}, Done: []string{"follow_up"},
				Writes: []Write{{Type: "replacement", Order: name(o), Lines: lines}}}})
	}
	if len(two) == 1 {
		o := two[0]
		g.add(file, Scenario{Kind: "correct14_late_remedy", Start: verifiedStart(g, o), Wait: "14d",
			Turns: []string{"my order never arrived", "send a replacement",
				fmt.Sprintf("only the %s actually, i dont need the %s anymore", lower(o.Items[0]), lower(o.Items[1])), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"follow_up"}, Done: []string{"follow_up"},
				Writes: []Write{{Type: "replacement", Order: name(o), Lines: line(o.Items[0])}}}})
	}
}
