package eval

import (
	"fmt"
	"strings"
)

// itemReply are what a no-context trial of the offline model found it
// missed in conversations about a return (issue 18, itemreply): the
// customer's answer to the agent's own question "which items?" (the title
// pasted, a typo, a plural), a question about the proposal before the yes
// ("how much would I get back?"), until when an item can be returned,
// and "can I do that for the …?" after a question about returns. Each
// phrased five ways, typos among them. It runs after every other part;
// the orders it picks may be another file's too (each scenario runs on a
// stack of its own).
func (g *gen) itemReply() {
	const file = "itemreply.json"
	// Delivered in the window, with an item of its own title the shop
	// returns without a person (at most $100).
	var picked []tbOrder
	var items []int
	for _, o := range g.byStatus["delivered"] {
		if len(picked) == 5 {
			break
		}
		if DeliveredDaysAgo(o.OrderID) > 25 {
			continue
		}
		for _, i := range uniqueItems(o) {
			if o.Items[i].Price <= 100 {
				picked, items = append(picked, o), append(items, i)
				break
			}
		}
	}
	returned := func(o tbOrder, i int) []Write {
		it := o.Items[i]
		return []Write{{Type: "return", Order: name(o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, Amount: price(it.Price)}}
	}

	// "Which items?" answered: the write is exactly the item named.
	asks := []string{"I want to return something", "can I send something back?", "i'd like to make a return", "I need to return an item", "i want to retrun somthing"}
	answers := []string{"%s", "the %s", "the %s please", "ok the %s then", "the %s"}
	for i, o := range picked {
		it := o.Items[items[i]]
		named := it.Name
		if i > 0 {
			named = itemName(it.Name, i == 4, i)
		}
		g.add(file, Scenario{Kind: "items_answer", Start: verifiedStart(g, o), Tags: withTag(typoTag(i == 4), "follow_up"),
			Turns:  []string{asks[i], fmt.Sprintf(answers[i], named), "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: returned(o, items[i])}})
	}

	// A question about the proposal before the yes: answered, and the
	// next yes carries the return out once.
	returnFirst := []string{"I want to return the %s", "can I send the %s back?", "i'd like to return my %s", "please start a return for the %s", "I want to retrun the %s"}
	terms := []string{"wait, how much would I get back?", "how much will I get back?", "hold on, when would the refund arrive?",
		"how much would the refund be?", "hang on, how much wuold i get back?"}
	for i, o := range picked {
		it := o.Items[items[i]]
		g.add(file, Scenario{Kind: "proposal_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(i == 4), "consent"),
			Turns:  []string{fmt.Sprintf(returnFirst[i], strings.ToLower(it.Name)), terms[i], "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: returned(o, items[i])}})
	}

	// Until when: the order's window, from the tools; nothing written.
	until := []string{"until when can I return the %s?", "how long do I have to send the %s back?", "whats the last day i can return the %s?",
		"what's the deadline to return my %s?", "untill when can i retrun the %s?"}
	for i, o := range picked {
		it := o.Items[items[i]]
		g.add(file, Scenario{Kind: "return_deadline", Start: verifiedStart(g, o), Tags: typoTag(i == 2 || i == 4),
			Turns:  []string{fmt.Sprintf(until[i], strings.ToLower(it.Name))},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Answers: []Answer{{Turn: 1, Report: []string{"return_window_ends"}}}}})
	}

	// "Can I do that for …?" after a question about returns: that item's
	// return.
	policy := []string{"what's your return policy?", "can I send things back?", "how do returns work?", "do you take returns?", "whats ur retrun policy"}
	same := []string{"ok can I do that for the %s?", "great, can I do that with the %s?", "same for the %s please", "ok can i do that for my %s", "can I do that for the %s then?"}
	for i, o := range picked {
		it := o.Items[items[i]]
		g.add(file, Scenario{Kind: "return_same_for", Start: verifiedStart(g, o), Tags: withTag(typoTag(i == 4), "follow_up"),
			Turns:  []string{policy[i], fmt.Sprintf(same[i], strings.ToLower(it.Name)), "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: returned(o, items[i])}})
	}
}
