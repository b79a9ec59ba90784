package eval

// multi4 are multi-part messages from issue 18's held-out trial
// (pkg/offline/multi4_test.go): three and four questions in one message
// (the guides' facts beside the order's return window or tracking), a
// product question beside a status question (the guide's section that
// answers it), and policy pairs and "what if" questions, which are
// answered and never proposed (the shop is left untouched). It runs
// last; the orders it picks may be other files' too (each scenario runs
// on a stack of its own).
func (g *gen) multi4() {
	const file = "multi4.json"
	all := func(tbOrder) bool { return true }
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 }

	// Delivered: the guide's facts and the order's last day for returns.
	for i, c := range []struct {
		ask, fact string
		typo      bool
	}{
		{"how much does the mug hold, can it go in the oven? and until when can i send stuff back?", "400", false},
		{"1) mug capacity 2) microwave ok? 3) last day for returns", "12 fl oz", false},
		{"Whats the capacty of the mug + is it oven safe + when does the return windw end", "400", true},
		{"3 questions: how heavy is the mug? is it dishwasher safe? whens the return window over?", "370", false},
		{"whats the grind size for the coffee kit, what ratio should i use, and when does my return window close?", "1:16", false},
	} {
		o := g.pick("delivered", i+1, inWindow)[i]
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(c.typo), "multi_question"),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Report: []string{"return_window_ends"}, Mention: []string{c.fact}, Handover: no()}})
	}

	// On its way: the tracking number, and the product question's own section.
	for i, c := range []struct {
		ask, fact string
		typo      bool
	}{
		{"wheres my parcel? also can i chop veg on the board and is it safe for food", "slicing|food-safe", false},
		{"where's my package? also does the skillet work on induction", "induction", false},
		{"whens my order arriving, and how do i get rust off the skillet", "steel wool", false},
		{"track my order pls + how do i get garlic smell out of the board", "lemon", false},
		{"status of my ordr? and is the skillet handle hot", "oven mitt", true},
	} {
		o := g.pick("processed", i+1, all)[i]
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(c.typo), "multi_question"),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Mention: []string{tracking(o), c.fact}, Handover: no()}})
	}

	// Policy pairs and "what if": answered from the guides, nothing proposed.
	for i, c := range []struct {
		ask, fact string
		typo      bool
	}{
		{"Do you deliver to Canada? and what if my package goes missing?", "United States", false},
		{"what happens if the skillet arrives damaged? and how long do refunds take?", "photo", false},
		{"would I need to send a broken item back? and how fast are refunds", "5 to 10", false},
		{"Do you ship internationally? What would happen if my order got lost in the mail?", "United States", false},
		{"ship to canada?? and what if it gets stolen off my porch", "United States", true},
	} {
		o := g.pick("processed", i+1, all)[i]
		g.add(file, Scenario{Kind: "docs_policy", Start: verifiedStart(g, o), Tags: withTag(typoTag(c.typo), "multi_question"),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{c.fact}, Handover: no()}})
	}
}
