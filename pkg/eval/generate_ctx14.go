package eval

import (
	"fmt"
	"strings"
)

// ctx14 are issue 18's follow-ups about another order of the same
// customer, described rather than numbered (held out in
// pkg/offline/heldout_ctx14_test.go): by an item in it ("the lamp one"),
// by its state ("the one that hasn't shipped", "the delivered one"), and
// the customer's orders asked for ("what other orders do i have"). Judged
// by the tool that ran and the order the reply names, never the other
// one's facts alone. It picks without taking (each scenario runs on a
// stack of its own).
func (g *gen) ctx14() {
	const file = "ctx14.json"
	type phrase struct {
		text string
		typo bool
	}
	whenCame := []string{"when did my order arrive?", "was my order delivered?", "what day did it come", "did my package get delivered?"}

	// An item of the other order names it: its shipping date.
	byItem := []phrase{
		{"ok and the %s one, has that shipped yet?", false},
		{"what about my %s order, when does it go out", false},
		{"and teh %s one?? when will it ship", true},
	}
	named := g.refer11Pairs(len(byItem), false, false, func(p refer11Pair) bool { return p.item >= 0 })
	for i, p := range byItem {
		if len(named) == 0 {
			break
		}
		pr := named[i%len(named)]
		it := strings.ToLower(pr.o[1].Items[pr.item].Name)
		if w := strings.Fields(it); len(w) > 0 {
			it = w[len(w)-1]
		}
		g.add(file, Scenario{Kind: "ctx14_described", Start: verifiedStart(g, pr.o[0]), Tags: typoTag(p.typo),
			Turns: []string{whenCame[i%len(whenCame)], fmt.Sprintf(p.text, it)},
			Expect: Expect{Handover: no(), Tools: []string{"track_order"},
				Answers: []Answer{{Turn: 2, Mention: []string{name(pr.o[1])}, Report: []string{"ships_by|estimated_delivery"}}}}})
	}

	// Its state names it: the one order not shipped yet.
	unshipped := []phrase{
		{"the one that hasnt shipped yet, when will it go out?", false},
		{"and my order that hasn't been sent yet - any date?", false},
		{"wat about the one that hasnt shiped", true},
	}
	open := g.refer11Pairs(len(unshipped), false, true, func(refer11Pair) bool { return true })
	for i, p := range unshipped {
		if len(open) == 0 {
			break
		}
		pr := open[i%len(open)]
		g.add(file, Scenario{Kind: "ctx14_described", Start: verifiedStart(g, pr.o[0]), Tags: typoTag(p.typo),
			Turns: []string{whenCame[(i+1)%len(whenCame)], p.text},
			Expect: Expect{Handover: no(), Tools: []string{"track_order"},
				Answers: []Answer{{Turn: 2, Mention: []string{name(pr.o[1])}}}}})
	}

	// Of two orders, "the delivered one" is the one that came.
	delivered := []phrase{
		{"and the delivered one, what day did that arrive?", false},
		{"ok what about the one that already arrived, when was that", false},
	}
	two := g.refer11Pairs(len(delivered), true, false, func(refer11Pair) bool { return true })
	for i, p := range delivered {
		if len(two) == 0 {
			break
		}
		pr := two[i%len(two)]
		g.add(file, Scenario{Kind: "ctx14_described", Start: verifiedStart(g, pr.o[1]), Tags: typoTag(p.typo),
			Turns: []string{[]string{"when will my order ship?", "has my order shipped yet?"}[i%2], p.text},
			Expect: Expect{Handover: no(), Tools: []string{"track_order"},
				Answers: []Answer{{Turn: 2, Mention: []string{name(pr.o[0])}}}}})
	}

	// The customer's orders asked for: both, from the tool.
	list := []phrase{
		{"whatever. what other orders do i have with you", false},
		{"can u show me all my orders pls", false},
		{"¿qué otros pedidos tengo?", false},
		{"welche bestellungen habe ich noch?", false},
		{"whatevr. what other orders do i have w u", true},
	}
	both := g.refer11Pairs(len(list), true, false, func(refer11Pair) bool { return true })
	for i, p := range list {
		if len(both) == 0 {
			break
		}
		pr := both[i%len(both)]
		g.add(file, Scenario{Kind: "ctx14_list_orders", Start: verifiedStart(g, pr.o[0]), Tags: typoTag(p.typo),
			Turns: []string{append(whenCame, "has my order been delivered yet")[(i+2)%(len(whenCame)+1)], p.text},
			Expect: Expect{Handover: no(), Tools: []string{"list_orders"},
				Answers: []Answer{{Turn: 2, Mention: []string{name(pr.o[0]), name(pr.o[1])}}}}})
	}
}
