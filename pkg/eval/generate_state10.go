package eval

import (
	"fmt"
	"strings"
)

// state10 are issue 18's no-context trial findings where the offline
// model lost the conversation's state between turns (held out in
// pkg/offline/state10_test.go): the remedy chosen in the message after
// the damaged item was named, or before it; the item corrected after a
// proposal ("no wait, it's the B not the A"); "a new one please" after a
// damage report was refused (nothing written, nothing promised); and an
// order named by its bare number in answer to a refusal about another
// ("the 1234567 one"). Judged by the writes after the customer's yes.
// Each five ways or more, typos among them. It picks without taking (each
// scenario runs on a stack of its own).
func (g *gen) state10() {
	const file = "state10.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	// Delivered in the window with a line of its own worth up to the
	// keep-it value ($30): made good at once, nothing comes back.
	keepIt := func(o tbOrder) (tbItem, bool) {
		if DeliveredDaysAgo(o.OrderID) > 25 {
			return tbItem{}, false
		}
		for _, i := range uniqueItems(o) {
			if o.Items[i].Price <= 30 {
				return o.Items[i], true
			}
		}
		return tbItem{}, false
	}
	// How each conversation reports the damage: a different first
	// message each.
	reports := []string{"the %s arrived broken", "my %s came damaged, it's cracked", "the %s is defective, it doesn't work",
		"the %s arrived damaged in the box", "my %s showed up smashed", "the %s came with a big crack in it"}
	cheap := g.pick("delivered", 6, func(o tbOrder) bool { _, ok := keepIt(o); return ok })
	lineOf := func(it tbItem) []WriteLine {
		return []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
	}
	lower := func(it tbItem) string { return strings.ToLower(it.Name) }
	writeFor := func(o tbOrder, it tbItem, remedy string) []Write {
		if remedy == "refund" {
			return []Write{{Type: "refund", Order: name(o), Lines: lineOf(it), Amount: price(it.Price)}}
		}
		return []Write{{Type: "replacement", Order: name(o), Lines: lineOf(it)}}
	}

	// The item first, the remedy in the next message.
	later := []struct {
		phrase
		remedy string
	}{
		{phrase{"refund", "en", false}, "refund"},
		{phrase{"a new one please", "en", false}, "replacement"},
		{phrase{"refnd pls", "en", true}, "refund"},
		{phrase{"replacment", "en", true}, "replacement"},
		{phrase{"just the money back", "en", false}, "refund"},
		{phrase{"Ersatz bitte", "de", false}, "replacement"},
	}
	for i, p := range later {
		o := cheap[i%len(cheap)]
		it, _ := keepIt(o)
		g.add(file, Scenario{Kind: "state10_remedy_later", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(reports[i%len(reports)], lower(it)), p.text, "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"},
				Writes: writeFor(o, it, p.remedy)}})
	}

	// The remedy first, the item in answer to "which one?".
	first := []struct {
		phrase
		remedy string
	}{
		{phrase{"I need a replacement for something that arrived broken", "en", false}, "replacement"},
		{phrase{"i'd like a refund, an item came damaged", "en", false}, "refund"},
		{phrase{"something in my order is brokn, can i get my money back", "en", true}, "refund"},
		{phrase{"one of my items arrived cracked, please send a new one", "en", false}, "replacement"},
		{phrase{"an item came damagd, i want a refund", "en", true}, "refund"},
	}
	for i, p := range first {
		o := cheap[(i+1)%len(cheap)]
		it, _ := keepIt(o)
		g.add(file, Scenario{Kind: "state10_remedy_first", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{p.text, "the " + lower(it), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"},
				Writes: writeFor(o, it, p.remedy)}})
	}

	// The item corrected after the proposal: the remedy stays, only the
	// item named last (worth up to the keep-it value) is made good.
	type pair struct {
		o    tbOrder
		a, b tbItem
	}
	var twoCheap []pair
	for _, o := range g.byStatus["delivered"] {
		if len(twoCheap) == 5 || DeliveredDaysAgo(o.OrderID) > 25 {
			continue
		}
		idx := uniqueItems(o)
	found:
		for _, bi := range idx {
			for _, ai := range idx {
				a, b := o.Items[ai], o.Items[bi]
				if ai != bi && b.Price <= 30 && a.Price <= 100 && !sharesWord(a.Name, b.Name) {
					twoCheap = append(twoCheap, pair{o, a, b})
					break found
				}
			}
		}
	}
	corrections := []phrase{
		{"no wait, its the %[2]s not the %[1]s", "en", false},
		{"sorry, i meant the %[2]s, not the %[1]s", "en", false},
		{"oops its actually the %[2]s thats broken, not the %[1]s", "en", false},
		{"no the %[2]s, not the %[1]s", "en", false},
		{"wiat, it's the %[2]s not the %[1]s", "en", true},
	}
	for i, p := range corrections {
		if len(twoCheap) == 0 {
			break
		}
		pr := twoCheap[i%len(twoCheap)]
		o, a, b := pr.o, pr.a, pr.b
		g.add(file, Scenario{Kind: "state10_item_corrected", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(reports[i%len(reports)], lower(a)), "replacement please", fill(p.text, lower(a), lower(b)), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"},
				Writes: writeFor(o, b, "replacement")}})
	}

	// A damage report on an order not yet delivered is refused; a new
	// one asked for after it writes nothing and promises nothing.
	pending := g.pick("pending", 5, func(o tbOrder) bool { return len(uniqueItems(o)) > 0 })
	again := []phrase{
		{"a new one please", "en", false},
		{"can you just send a new one", "en", false},
		{"ok then send me a replacment", "en", true},
		{"then i want a replacement", "en", false},
		{"pls send another one", "en", true},
	}
	for i, p := range again {
		o := pending[i%len(pending)]
		it := o.Items[uniqueItems(o)[0]]
		g.add(file, Scenario{Kind: "state10_refused_new_one", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(damageAsk[i%len(damageAsk)], lower(it)), p.text, "yes"},
			Expect: Expect{Writes: []Write{}}})
	}

	// Asked to cancel a delivered order (refused), the customer names
	// their other order, not yet shipped, by its bare number: that order
	// is cancelled after the yes.
	pairs := g.state10Pairs(5)
	answers := []phrase{
		{"the %s one", "en", false},
		{"i meant %s", "en", false},
		{"%s pls", "en", false},
		{"the otehr one, %s", "en", true},
		{"no, %s", "en", false},
	}
	asks := []string{"can I cancel?", "please cancel my order", "i want to cancel", "cancle it pls", "Can you cancel it?"}
	for i, p := range answers {
		if len(pairs) == 0 {
			break
		}
		pr := pairs[i%len(pairs)]
		g.add(file, Scenario{Kind: "state10_order_answer", Lang: p.lang, Start: verifiedStart(g, pr[0]), Tags: typoTag(p.typo),
			Turns:  []string{asks[i%len(asks)], fmt.Sprintf(p.text, strings.TrimPrefix(name(pr[1]), "#")), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"cancel_order"}, Writes: []Write{{Type: "cancel", Order: name(pr[1])}}}})
	}
}

// state10Pairs are up to n pairs of one customer's orders: one delivered
// (the conversation's order), one not yet shipped and cheap enough to be
// cancelled on the customer's yes.
func (g *gen) state10Pairs(n int) [][2]tbOrder {
	var out [][2]tbOrder
	for _, o := range g.byStatus["delivered"] {
		if len(out) == n {
			break
		}
		u := g.d.Users[o.UserID]
		for _, id := range u.Orders {
			p, ok := g.d.Orders[id]
			if !ok || id == o.OrderID || p.Status != "pending" || total(p) > 100 {
				continue
			}
			out = append(out, [2]tbOrder{o, p})
			break
		}
	}
	return out
}
