package eval

import "fmt"

// found13 is a customer's own report that a parcel never came which turns
// out wrong (issue 18, found13; held out in
// pkg/offline/heldout_found13_test.go): once they say it came after all,
// the report closes (parcel_arrived) and a return of one of its items
// goes as for any delivered order; a parcel already made good is never
// undone (a person looks at it, the replacement stands). Each kind five
// ways, a typo among them. It picks without taking.
func (g *gen) found13() {
	const file = "found13.json"
	type phrase struct {
		text string
		typo bool
	}
	lost := []string{
		"it says delivered but it's not here",
		"the app says delivered?? no box here",
		"tracking says delivered but theres nothing at my door",
		"marked as delivered but i cant find it anywhere",
		"says it was delivered but i never got it",
	}
	recent := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 20 && len(uniqueItems(o)) > 0 }

	// Above the automatic limit, the report goes to a person (the check's
	// own record); the customer then finds it and returns one item.
	found := []phrase{
		{"found it! it was behind the bins the whole time", false},
		{"oh wait my son took it in yesterday, i have it", false},
		{"my neighbour had it, all good now", false},
		{"pakage finaly showed up lol", true},
		{"my mistake, its here. sorry", false},
	}
	// cheap is o's cheapest item of its own line: a return of it needs no
	// person's approval.
	cheap := func(o tbOrder) tbItem {
		it := o.Items[uniqueItems(o)[0]]
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price < it.Price {
				it = o.Items[j]
			}
		}
		return it
	}
	big := g.pick("delivered", len(found), func(o tbOrder) bool { return recent(o) && total(o) > 100 && cheap(o).Price <= 50 })
	for i, p := range found {
		o := big[i%len(big)]
		it := cheap(o)
		line := []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
		turns := []string{lost[i%len(lost)], p.text, fmt.Sprintf("ok can i return the %s? havent used it", itemName(it.Name, false, i)), "yes"}
		if i%2 == 1 {
			// The correction and the request in one message.
			turns = []string{lost[i%len(lost)], fmt.Sprintf("my parcel DID arrive, never said it didn't; i want to return the %s", itemName(it.Name, false, i)), "yes"}
		}
		g.add(file, Scenario{Kind: "found13_arrived_return", Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: turns,
			Expect: Expect{Tools: []string{"report_not_received", "parcel_arrived", "start_return"},
				Writes: []Write{{Type: "return", Order: name(o), Lines: line}}}})
	}

	// Within the limit, a replacement was agreed and made; the parcel
	// then turns up: nothing is undone, a person takes it.
	after := []phrase{
		{"oh it came after all, sorry", false},
		{"found it at my neighbours", false},
		{"nvm it turnd up this morning", true},
		{"my wife grabbed it from the porch, so we have it", false},
		{"it DID arrive actually", false},
	}
	small := g.pick("delivered", len(after), func(o tbOrder) bool { return recent(o) && total(o) <= 100 })
	for i, p := range after {
		o := small[i%len(small)]
		g.add(file, Scenario{Kind: "found13_arrived_made_good", Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{lost[(i+1)%len(lost)], "yes", p.text},
			Expect: Expect{Tools: []string{"report_not_received", "parcel_arrived"}, Handover: yes(), Writes: []Write{{Type: "replacement", Order: name(o)}}}})
	}
}
