package eval

import "fmt"

// flow12 are issue 18's long parcel conversations that change course
// (held out in pkg/offline/heldout_flow12_test.go): a parcel reported as
// never received turns up, short of an item (the missing item is then
// made good, never the lost parcel) or whole (nothing is done); the
// customer says the answer did not help (a person is offered, and given
// on their yes); and, after a replacement was agreed, they ask when it
// comes (answered from the replacement order's own tracking). Each kind
// five ways or more, a typo among them. It picks without taking (each
// scenario runs on a stack of its own).
func (g *gen) flow12() {
	const file = "flow12.json"
	type phrase struct {
		text string
		typo bool
	}
	recent := func(o tbOrder) bool {
		if DeliveredDaysAgo(o.OrderID) > 20 {
			return false
		}
		for _, i := range uniqueItems(o) {
			if o.Items[i].Price <= 100 {
				return true
			}
		}
		return false
	}
	// cheapItem is o's first item of its own line worth at most 100.
	cheapItem := func(o tbOrder) tbItem {
		it := o.Items[uniqueItems(o)[0]]
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 100 {
				return o.Items[j]
			}
		}
		return it
	}
	lost := []string{
		"it says delivered but it's not here",
		"tracking says it was delivered, nothing at my door",
		"marked as delivered but i cant find the parcel anywhere",
		"says delivered?? theres no box here",
		"my order shows delivered but I never got it",
		"delivered according to the carrier but its not here",
	}

	// Found, short of an item: the missing item's report, its replacement
	// after the yes.
	short := []phrase{
		{"found it at my neighbours, but the %s is missing", false},
		{"ok it turned up but the %s isnt in there", false},
		{"got it from next door, the %s is not in the box though", false},
		{"found the box behind the bins but theres no %s inside", false},
		{"nvm found it, but the %s r missing", true},
	}
	// Worth no more than the policy lets the customer keep: the tool has
	// no "missing" problem, and above that it asks for the item back.
	keepable := func(o tbOrder) (tbItem, bool) {
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 30 {
				return o.Items[j], true
			}
		}
		return tbItem{}, false
	}
	orders := g.pick("delivered", len(short), func(o tbOrder) bool {
		_, ok := keepable(o)
		return recent(o) && ok
	})
	for i, p := range short {
		o := orders[i%len(orders)]
		it, _ := keepable(o)
		line := []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
		g.add(file, Scenario{Kind: "flow12_found_short", Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "follow_up"),
			Turns:  []string{lost[i%len(lost)], fmt.Sprintf(p.text, itemName(it.Name, false, i)), "a replacement please", "yes"},
			Expect: Expect{Tools: []string{"report_damage"}, Writes: []Write{{Type: "replacement", Order: name(o), Lines: line}}}})
	}

	// Found whole: the report ends, nothing is done to the order.
	whole := []phrase{
		{"nvm it turned up", false},
		{"oh wait my neighbour had it, all good now", false},
		{"sorry, found it behind the plant pot", false},
		{"never mind, it showed up this morning", false},
		{"nevermind it turnd up after all", true},
	}
	orders = g.pick("delivered", len(whole), recent)
	for i, p := range whole {
		o := orders[(i+1)%len(orders)]
		// Not tagged follow_up: its first message alone writes nothing
		// either; it judges that "never mind" runs nothing.
		g.add(file, Scenario{Kind: "flow12_found_whole", Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{lost[(i+1)%len(lost)], p.text},
			Expect: Expect{Writes: []Write{}}})
	}

	// The answer did not help: a person is offered, and given on a yes.
	status := []string{
		"where is my order",
		"when will my package get here?",
		"has my order shipped yet",
		"any update on my parcel?",
		"wheres my stuff",
		"whats the status of my order",
	}
	circles := []phrase{
		{"that doesn't help", false},
		{"you already said that", false},
		{"thats not helpful at all", false},
		{"useless, same answer again", false},
		{"that dosent help", true},
	}
	moving := g.pick("processed", len(circles), func(tbOrder) bool { return true })
	for i, p := range circles {
		o := moving[i%len(moving)]
		g.add(file, Scenario{Kind: "flow12_circles", Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "follow_up"),
			Turns:  []string{status[i%len(status)], p.text, "yes please"},
			Expect: Expect{Tools: []string{"track_order"}, Handover: yes(), Writes: []Write{}}})
	}

	// When the replacement comes: the replacement order's own status.
	when := []phrase{
		{"when will the replacement arrive?", false},
		{"ok and when does the new one get here", false},
		{"great, any tracking for the replacement yet?", false},
		{"whens the replacment coming", true},
		{"how long until the new one you sent gets here?", false},
	}
	broken := []string{
		"the %s arrived broken",
		"my %s came cracked",
		"the %s showed up smashed",
		"the %s is damaged, theres a big dent in it",
		"my %s arrived with a chip in it",
	}
	damaged := g.pick("delivered", len(when), recent)
	for i, p := range when {
		o := damaged[(i+2)%len(damaged)]
		it := cheapItem(o)
		line := []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
		writes := []Write{{Type: "replacement", Order: name(o), Lines: line}}
		if it.Price > 30 { // above the keep-it value it comes back first
			writes = append(writes, Write{Type: "return", Order: name(o), Lines: line})
		}
		g.add(file, Scenario{Kind: "flow12_replacement_when", Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "follow_up"),
			Turns: []string{fmt.Sprintf(broken[i], itemName(it.Name, false, i)), "a replacement please", "yes", p.text},
			Expect: Expect{Tools: []string{"report_damage", "track_order"}, Handover: no(),
				Writes:  writes,
				Answers: []Answer{{Turn: 4, Report: []string{"ships_by|estimated_delivery"}}}}})
	}
}
