package eval

import (
	"fmt"
	"strings"
)

// ask15 are issue 18's trial findings where the agent answered another
// question than the one asked (held out in
// pkg/offline/heldout_ask15_test.go): where the order goes, asked beside
// a move, read as an address change; "my other order" in Spanish, German
// or French answered about the current one; "tracking says delivered but
// nothing is here" in those languages read as a status question; keeping
// a damaged item for some money back answered from the guides; a
// cancellation asked in the passive ("can the kettle order be cancelled
// instead?") answered with the order's status. Judged by the tools, the
// facts of the reply and the writes after the yes. Each five ways or
// more, typos among them. It picks without taking (each scenario runs on
// a stack of its own).
func (g *gen) ask15() {
	const file = "ask15.json"
	type phrase struct {
		text, lang string
		typo       bool
	}

	// Where it goes, a move beside it: the order's address, nothing
	// written.
	moved := []phrase{
		{"what adress is my order going to? i moved recently", "", true},
		{"which address did this order go to? we moved last month", "", false},
		{"wher is it shipping to, i just moved n cant remember which one i put", "", true},
		{"¿a qué dirección va mi pedido? me mudé hace poco", "es", false},
		{"An welche Adresse geht meine Bestellung? Ich bin umgezogen", "de", false},
	}
	all := func(tbOrder) bool { return true }
	pending := g.pick("pending", len(moved), all)
	for i, p := range moved {
		if i >= len(pending) {
			break
		}
		o := pending[i]
		g.add(file, Scenario{Kind: "ask15_address_moved", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Handover: no(), Tools: []string{"track_order"}, Mention: []string{o.Address.Address1}}})
	}

	// "My other order" in another language: of two, the one not
	// discussed.
	other := []phrase{
		{"y mi otro pedido, ya salió?", "es", false},
		{"¿y el otro pedido? ¿cuándo lo envían?", "es", false},
		{"und meine andere Bestellung, ist die schon raus?", "de", false},
		{"et mon autre commande, elle est partie ?", "fr", false},
		{"y mi otro pedidoo ya salio??", "es", true},
	}
	two := g.refer11Pairs(len(other), true, false, func(refer11Pair) bool { return true })
	whenCame := []string{"when did my order arrive?", "was my order delivered?", "what day did it come", "did my package get delivered?", "has my order been delivered"}
	for i, p := range other {
		if len(two) == 0 {
			break
		}
		pr := two[i%len(two)]
		g.add(file, Scenario{Kind: "ask15_other_order", Lang: p.lang, Start: verifiedStart(g, pr.o[0]), Tags: typoTag(p.typo),
			Turns: []string{whenCame[i%len(whenCame)], p.text},
			Expect: Expect{Handover: no(), Tools: []string{"track_order"},
				Answers: []Answer{{Turn: 2, Mention: []string{name(pr.o[1])}}}}})
	}

	// Says delivered, nothing here: the not-received report.
	notHere := []phrase{
		{"Tracking sagt zugestellt aber hier ist kein Paket", "de", false},
		{"el seguimiento dice entregado pero aquí no hay ningún paquete", "es", false},
		{"le suivi dit livré mais il n'y a pas de colis ici", "fr", false},
		{"laut sendungsverfolgung zugestelt, aber nix da", "de", true},
		{"dice entregado pero no está aquí", "es", false},
	}
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 }
	delivered := g.pick("delivered", len(notHere), inWindow)
	for i, p := range notHere {
		if i >= len(delivered) {
			break
		}
		g.add(file, Scenario{Kind: "ask15_not_here", Lang: p.lang, Start: verifiedStart(g, delivered[i]), Tags: typoTag(p.typo),
			Turns: []string{p.text}, Expect: Expect{Tools: []string{"report_not_received"}}})
	}

	// Keep the damaged item for some money back: the policy's own remedy
	// (a cheap item kept and refunded in full), stated, run after the yes.
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
	keep := []phrase{
		{"can i keep it and get like 10 bucks back?", "", false},
		{"could i just keep it and get a partial refund instead?", "", false},
		{"cant i just keep it n get a few bucks off", "", true},
		{"i'd rather keep it, maybe a discount?", "", false},
		{"kann ich es behalten und einen Teil des Geldes zurückbekommen?", "de", false},
	}
	reports := []string{"the %s arrived chipped", "my %s came cracked", "the %s showed up broken", "the %s arrived damaged", "the %s came with a chip in it"}
	cheap := g.pick("delivered", len(keep), func(o tbOrder) bool { _, ok := keepIt(o); return ok })
	for i, p := range keep {
		if len(cheap) == 0 {
			break
		}
		o := cheap[i%len(cheap)]
		it, _ := keepIt(o)
		g.add(file, Scenario{Kind: "ask15_keep_part", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(reports[i%len(reports)], strings.ToLower(it.Name)), p.text, "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"},
				Writes: []Write{{Type: "refund", Order: name(o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, Amount: price(it.Price)}}}})
	}

	// A cancellation asked in the passive, by another order's item: that
	// order cancelled after the yes.
	passive := []phrase{
		{"can the %s order be cancelled?", "", false},
		{"could my %s order be canceled instead", "", false},
		{"can the %s one be cancelled pls", "", false},
		{"cn the %s order be cancled", "", true},
		{"would the order with the %s be cancelled if i asked?", "", false},
	}
	whatIn := []string{"what was in my order?", "remind me what i got", "which items were in this order", "what did i buy again?", "what's on this order"}
	named := g.refer11Pairs(len(passive), false, false, func(p refer11Pair) bool { return total(p.o[1]) <= 100 && p.item >= 0 })
	for i, p := range passive {
		if len(named) == 0 {
			break
		}
		pr := named[i%len(named)]
		it := strings.ToLower(pr.o[1].Items[pr.item].Name)
		g.add(file, Scenario{Kind: "ask15_cancel_passive", Start: verifiedStart(g, pr.o[0]), Tags: typoTag(p.typo),
			Turns:  []string{whatIn[i%len(whatIn)], fmt.Sprintf(p.text, it), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"cancel_order"}, Writes: []Write{{Type: "cancel", Order: name(pr.o[1])}}}})
	}
}
