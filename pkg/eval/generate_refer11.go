package eval

import (
	"fmt"
	"strings"
)

// refer11 are issue 18's ninth-trial follow-ups that name which of the
// customer's orders they mean, read against the wrong one (held out in
// pkg/offline/refer11_test.go): the other order's item named in a
// cancellation ("the order with the lamp") while a delivered order is
// discussed; "my other order" for the one of two not discussed; "my open
// order" for the one still under way; "that one" for the order the agent
// just spoke of. Judged by the write after the yes (the order named, not
// the one discussed) and by the facts of the reply. Each five ways or
// more, typos among them. It picks without taking (each scenario runs on
// a stack of its own).
func (g *gen) refer11() {
	const file = "refer11.json"
	type phrase struct {
		text string
		typo bool
	}

	// The first message: about the conversation's (delivered) order, or
	// for "that one", about the other order by its number.
	whatIn := []string{"what was in my order?", "remind me what i got", "which items were in this order", "what did i buy again?", "what's on this order"}
	whenCame := []string{"when was it delivered?", "when did my order arrive?", "did my package get delivered?", "what day did it come", "has my order been delivered"}
	askOther := []string{"has order %s been delivered?", "is %s here yet?", "what's the status of %s", "did %s arrive?", "where is order %s"}

	// Another order's item names the order to cancel.
	byItem := []phrase{
		{"actually i want to cancel the one with the %s", false},
		{"can the %s order be cancelled instead?", false},
		{"cancel the order that has the %s pls", false},
		{"cancle my %s order", true},
		{"pls cancel the %s one, i dont need it anymore", true},
	}
	cheap := func(p refer11Pair) bool { return total(p.o[1]) <= 100 }
	named := func(p refer11Pair) bool { return p.item >= 0 }
	items := g.refer11Pairs(len(byItem), false, false, func(p refer11Pair) bool { return cheap(p) && named(p) })
	for i, p := range byItem {
		if len(items) == 0 {
			break
		}
		pr := items[i%len(items)]
		it := strings.ToLower(pr.o[1].Items[pr.item].Name)
		g.add(file, Scenario{Kind: "refer11_item_cancel", Start: verifiedStart(g, pr.o[0]), Tags: typoTag(p.typo),
			Turns:  []string{whatIn[i%len(whatIn)], fmt.Sprintf(p.text, it), "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"cancel_order"}, Writes: []Write{{Type: "cancel", Order: name(pr.o[1])}}}})
	}

	// Of two orders, "the other one" is the one not discussed: the
	// cancellation stated is that order's (no yes: the shop untouched).
	other := []phrase{
		{"ok, then please cancel the other order", false},
		{"right. i'd like my other order cancelled", false},
		{"can you cancel my second order instead", false},
		{"cancel the othr order then", true},
		{"fine, cancel the other one", false},
	}
	two := g.refer11Pairs(len(other), true, false, func(refer11Pair) bool { return true })
	for i, p := range other {
		if len(two) == 0 {
			break
		}
		pr := two[i%len(two)]
		g.add(file, Scenario{Kind: "refer11_other_cancel", Start: verifiedStart(g, pr.o[0]), Tags: typoTag(p.typo),
			Turns: []string{whenCame[i%len(whenCame)], p.text},
			Expect: Expect{Handover: no(), Tools: []string{"cancel_order"},
				Answers: []Answer{{Turn: 2, Mention: []string{name(pr.o[1])}}}}})
	}

	// "My open order" is the one still under way, not the one delivered.
	open := []phrase{
		{"and my open order, when does that ship?", false},
		{"what about my current order, has it shipped?", false},
		{"and the active order, when will it go out", false},
		{"whens my curent order shipping", true},
		{"my pending order - when will it ship?", false},
	}
	under := g.refer11Pairs(len(open), false, true, func(refer11Pair) bool { return true })
	for i, p := range open {
		if len(under) == 0 {
			break
		}
		pr := under[i%len(under)]
		g.add(file, Scenario{Kind: "refer11_open_status", Start: verifiedStart(g, pr.o[0]), Tags: typoTag(p.typo),
			Turns: []string{whenCame[(i+2)%len(whenCame)], p.text},
			Expect: Expect{Handover: no(), Tools: []string{"track_order"},
				Answers: []Answer{{Turn: 2, Mention: []string{name(pr.o[1])}, Report: []string{"ships_by|estimated_delivery"}}}}})
	}

	// "That one" is the order the agent's last reply spoke of.
	that := []phrase{
		{"what was in that one?", false},
		{"remind me what's in that one", false},
		{"what did i order in that one", false},
		{"wat was in that one again", true},
		{"and what's in that one", false},
	}
	mine := g.refer11Pairs(len(that), false, false, named)
	for i, p := range that {
		if len(mine) == 0 {
			break
		}
		pr := mine[i%len(mine)]
		d := pr.o[0]
		item := d.Items[0].Name
		for _, it := range d.Items {
			if !strings.Contains(strings.ToLower(fmt.Sprint(pr.o[1].Items)), strings.ToLower(it.Name)) {
				item = it.Name
				break
			}
		}
		g.add(file, Scenario{Kind: "refer11_that_one_items", Start: verifiedStart(g, pr.o[1]), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(askOther[i%len(askOther)], name(d)), p.text},
			Expect: Expect{Handover: no(), Tools: []string{"track_order"},
				Answers: []Answer{{Turn: 2, Mention: []string{item}}}}})
	}
}

// refer11Pair is one customer's delivered order (o[0], the conversation's)
// and an order of theirs not yet shipped (o[1]), with the line of o[1]
// whose last word no other order of theirs has (-1: none).
type refer11Pair struct {
	o    [2]tbOrder
	item int
}

// refer11Pairs are up to n pairs whose o[1] passes keep; with only, of
// customers with exactly these two orders; with open, o[1] is their one
// order under way (pending or processed).
func (g *gen) refer11Pairs(n int, only, open bool, keep func(refer11Pair) bool) []refer11Pair {
	var out []refer11Pair
	for _, d := range g.byStatus["delivered"] {
		if len(out) == n {
			break
		}
		u := g.d.Users[d.UserID]
		if only && len(u.Orders) != 2 {
			continue
		}
		var pending []tbOrder
		var names []string
		under := 0
		for _, id := range u.Orders {
			o, ok := g.d.Orders[id]
			if !ok {
				continue
			}
			switch o.Status {
			case "pending":
				pending = append(pending, o)
				under++
			case "processed":
				under++
			}
			for _, it := range o.Items {
				names = append(names, strings.ToLower(it.Name))
			}
		}
		if len(pending) == 0 || open && under != 1 {
			continue
		}
		for _, p := range pending {
			pr := refer11Pair{o: [2]tbOrder{d, p}, item: -1}
			for _, i := range uniqueItems(p) {
				w := strings.Fields(strings.ToLower(p.Items[i].Name))
				seen := 0
				for _, nm := range names {
					if strings.Contains(nm, w[len(w)-1]) {
						seen++
					}
				}
				if seen == 1 {
					pr.item = i
					break
				}
			}
			if keep(pr) {
				out = append(out, pr)
				break
			}
		}
	}
	return out
}
