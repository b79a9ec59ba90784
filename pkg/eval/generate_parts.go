package eval

import (
	"fmt"
	"strings"
)

// parts are messages of several parts of different kinds (issue 18: each
// question of a multi-question message answered): where the order is
// beside a question for the guides, a question beside something the shop
// cannot do, a request beside a question, and a question with a
// condition on its answer ("if not, …"). Each phrased at least five
// ways, typos, run-ons and "btw/oh and/plus" among them. It picks orders
// without taking them: it changes no other file's.
func (g *gen) parts() {
	const file = "parts.json"
	all := func(tbOrder) bool { return true }
	tags := func(typo bool) []string { return withTag(withTag(typoTag(typo), "multi_question"), "parts") }

	// On its way, and a question for the guides: the tracking number and
	// the guide's fact.
	for i, c := range []struct {
		ask, fact string
		typo      bool
	}{
		{"whens it landing plus how long do refunds usually take", "5 to 10", false},
		{"wen wil my pakage arive and wats ur retrn policy", "30 days", true},
		{"track my order pls. btw how do i re-season the skillet", "450", false},
		{"where is my parcel oh and do you ship to canada", "United States", false},
		{"when does my package get here how often do i oil the serving board", "once a month", false},
	} {
		o := g.pick("processed", i+1, all)[i]
		g.add(file, Scenario{Kind: "multi_part", Start: verifiedStart(g, o), Tags: tags(c.typo),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Mention: []string{tracking(o), c.fact}, Handover: no()}})
	}

	// A question for the guides beside something the shop cannot do: the
	// guide's fact, and the code named (it is not issued).
	for i, c := range []struct {
		ask, fact string
		typo      bool
	}{
		{"how long do i have to send stuff back and can i get a discount code for next time", "30 days", false},
		{"whats ur return policy and can i get a discount code", "30 days", true},
		{"how long do refunds take? also do you have any discount codes", "5 to 10", false},
		{"can I get a discount for my next order, and what's the return window?", "30 days", false},
		{"do you ship to canada + can you give me a discount code", "United States", false},
	} {
		o := g.pick("delivered", i+1, all)[i]
		g.add(file, Scenario{Kind: "multi_part", Start: verifiedStart(g, o), Tags: tags(c.typo),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{c.fact, "discount"}, Handover: no()}})
	}

	// On its way, with a condition: where it is; nothing cancelled or
	// returned (it has shipped).
	for i, c := range []struct {
		ask  string
		typo bool
	}{
		{"will it be here by friday? if not i want to cancel", false},
		{"is it gonna arrive before monday, otherwise can i just cancel", false},
		{"when is it arriving? if it's after the weekend i'd rather send it back", false},
		{"is my ordr on the way?? if not pls cancel it", true},
		{"has it shipped yet? if it hasn't, cancel it", false},
	} {
		o := g.pick("processed", i+1, all)[i]
		g.add(file, Scenario{Kind: "multi_part", Start: verifiedStart(g, o), Tags: tags(c.typo),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"track_order"}, Mention: []string{tracking(o)}}})
	}

	// A return beside a question: the return of exactly the line named,
	// once the customer says yes, and the guide's fact.
	var picked []tbOrder
	var rets []int
	for _, o := range g.byStatus["delivered"] {
		if len(picked) == 5 {
			break
		}
		if DeliveredDaysAgo(o.OrderID) > 25 || len(o.Items) != 2 || len(uniqueItems(o)) != 2 || sharesWord(o.Items[0].Name, o.Items[1].Name) {
			continue
		}
		switch {
		case o.Items[0].Price <= 100:
			picked, rets = append(picked, o), append(rets, 0)
		case o.Items[1].Price <= 100:
			picked, rets = append(picked, o), append(rets, 1)
		}
	}
	for i, c := range []struct {
		ask, fact string
		typo      bool
	}{
		{"return the %s, and how long until i see the refund?", "5 to 10", false},
		{"i'd like to return the %s. who pays for the return postage?", "paid by you|prepaid", false},
		{"pls retrun the %s, also whats ur refund timeline", "5 to 10", true},
		{"return the %s plus how do I clean coffee stains off a mug", "baking soda", false},
		{"I want to return the %s how long do refunds take", "5 to 10", false},
	} {
		if i >= len(picked) {
			break
		}
		o, it := picked[i], picked[i].Items[rets[i]]
		g.add(file, Scenario{Kind: "multi_part", Start: verifiedStart(g, o), Tags: tags(c.typo),
			Turns: []string{fmt.Sprintf(c.ask, strings.ToLower(it.Name)), "yes"},
			Expect: Expect{Tools: []string{"start_return", "search_docs"}, Mention: []string{c.fact}, Handover: no(),
				Writes: []Write{{Type: "return", Order: name(o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, Amount: price(it.Price)}}}})
	}
}
