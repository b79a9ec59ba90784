package eval

import (
	"fmt"
	"strings"
)

// correct14 are issue 18's new-user trial of `make dev`: a correction
// right after a proposal (held out in
// pkg/offline/heldout_correct14_test.go, in other words). The correction
// runs nothing; what the customer says yes to next is the corrected
// proposal: the other remedy for a damaged item or a late parcel, the one
// line of a return or a late parcel they still want, the address they
// gave last; a cancellation taken back, or narrowed to one line of an
// order only cancelled whole, leaves the shop untouched after the yes.
// Judged by the writes. It picks without taking (each scenario runs on a
// stack of its own).
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
	// Worth up to what the policy makes good without a person ($100).
	small := func(its ...tbItem) bool {
		var sum float64
		for _, it := range its {
			sum += it.Price
		}
		return sum <= 85
	}

	// Another remedy. A damaged item worth up to the keep-it value ($30)
	// or a late parcel: the remedy changed right after it was stated.
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
	damaged := []string{"the %s arrived cracked", "my %s came broken", "the %s showed up damaged", "got my %s today and its smashed"}
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
		g.add(file, Scenario{Kind: "correct14_remedy", Lang: p.lang, Start: verifiedStart(g, c.o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(damaged[i], lower(c.it)), p.first, p.text, "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"}, Writes: []Write{w}}})
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
		g.add(file, Scenario{Kind: "correct14_remedy", Start: verifiedStart(g, o), Wait: "14d",
			Turns: []string{"my parcel still hasnt come, can i get a refund", "hmm no actually, send a replacement instead, its a gift", "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"follow_up"}, Done: []string{"follow_up"},
				Writes: []Write{{Type: "replacement", Order: name(o), Lines: lines}}}})
	}

	// Fewer lines: a return of two lines narrowed to one, a late parcel
	// narrowed to one item, a cancellation narrowed to one line (an order
	// is cancelled whole: nothing is written, whether or not the yes
	// after it takes the offer of a person).
	picked, cheapIdx := g.twoLinesOneCheap(3)
	narrow := []struct {
		phrase
		first string
	}{
		{phrase{"only the %[1]s actually, the %[2]s can stay", "en", false}, "i changed my mind, i'd like to return the %s and the %s"},
		{phrase{"hmm no, just the %[1]s. i'll keep the %[2]s", "en", false}, "can i send back the %s and the %s? dont need them"},
		{phrase{"sorry, jsut the %[1]s, keeping the %[2]s", "en", true}, "id like to return both the %s and the %s, changed my mind"},
	}
	for i, p := range narrow {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		back, kept := o.Items[cheapIdx[i%len(picked)]], o.Items[1-cheapIdx[i%len(picked)]]
		g.add(file, Scenario{Kind: "correct14_narrowed", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(p.first, lower(back), lower(kept)), fill(p.text, lower(back), lower(kept)), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"start_return"}, Done: []string{"start_return"},
				Writes: []Write{{Type: "return", Order: name(o), Lines: line(back)}}}})
	}
	if len(two) == 1 {
		o := two[0]
		g.add(file, Scenario{Kind: "correct14_narrowed", Start: verifiedStart(g, o), Wait: "14d",
			Turns: []string{"my order never arrived", "send a replacement",
				fmt.Sprintf("only the %s actually, i dont need the %s anymore", lower(o.Items[0]), lower(o.Items[1])), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"follow_up"}, Done: []string{"follow_up"},
				Writes: []Write{{Type: "replacement", Order: name(o), Lines: line(o.Items[0])}}}})
	}
	pending := g.pick("pending", 6, func(o tbOrder) bool { return len(uniqueItems(o)) >= 2 })
	if len(pending) == 0 {
		return
	}
	o := pending[0]
	g.add(file, Scenario{Kind: "correct14_narrowed", Start: verifiedStart(g, o),
		Turns:  []string{"please cancel this order", fmt.Sprintf("no wait, only cancel the %s", lower(o.Items[uniqueItems(o)[0]])), "yes"},
		Expect: Expect{Tools: []string{"cancel_order"}}})

	// A cancellation taken back or turned into an address change, an
	// address change corrected: the yes writes what was said last.
	dropped := []struct {
		phrase
		first string
	}{
		{phrase{"hmm ok then dont cancel it, leave it as it is", "en", false}, "cancel my order please"},
		{phrase{"nvm dont cancle, ill keep it as is", "en", true}, "can you cancel this order?"},
	}
	for i, p := range dropped {
		o := pending[(i+1)%len(pending)]
		g.add(file, Scenario{Kind: "correct14_cancel_address", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.first, p.text, "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"cancel_order"}}})
	}
	o = pending[3%len(pending)]
	a := newAddresses[4]
	g.add(file, Scenario{Kind: "correct14_cancel_address", Start: verifiedStart(g, o),
		Turns:  []string{"i need to cancel my order", "actually dont cancel, just send it to " + a.line + " instead", "yes"},
		Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	corrected := []phrase{
		{"sorry no, to my work address instead: %s", "en", false},
		{"wait wrong one, send it to %s pls", "en", false},
	}
	for i, p := range corrected {
		o := pending[(i+4)%len(pending)]
		first, last := newAddresses[i], newAddresses[(i+3)%len(newAddresses)]
		g.add(file, Scenario{Kind: "correct14_cancel_address", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{"please ship it to " + first.line + " instead", fmt.Sprintf(p.text, last.line), "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, last)}}}})
	}
}
