package eval

import "fmt"

// heldoutStatus are phrasings written for a held-out trial of the
// offline model (issue 18, pkg/offline/heldout_status_test.go) that it
// answers: where an order is, asked beside a question for the guides or
// about a refund in one message (numbered lists, new lines, "+", ";",
// question marks without spaces), follow-ups that lean on the answer
// before ("when then?", "what about the tracking number"), and a parcel
// marked delivered that is not there. Each part is judged by its facts:
// the order's (a tracking number, a ship-by date or estimate) and the
// guide's figure. It runs last; the orders it picks may be other files'
// too (each scenario runs on a stack of its own).
func (g *gen) heldoutStatus() {
	const file = "heldout_status.json"
	all := func(tbOrder) bool { return true }
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 }
	shipsBy := "ships_by|estimated_delivery"

	// Not shipped yet: the ship-by date or estimate, and the guide.
	for i, c := range []struct {
		ask, fact string
		typo      bool
	}{
		{"when does it ship? and can the carafe go on the stove?", "stovetop", false},
		{"1) whens it shipping 2) is the dripper dishwasher safe", "top rack", false},
		{"hey 2 things: 1. has it shipped 2. do you do gift wrapping", "$5", false},
		{"status of my order?how much is shipping", "$7.95", false},
		{"1) when will it arrive 2) whats your return policy 3) do you gift wrap", "30", false},
		{"hasnt shiped yet?? also is the carafe microwave safe", "microwave", true},
	} {
		o := g.pick("pending", i+1, all)[i]
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(c.typo), "multi_question"),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Report: []string{shipsBy}, Mention: []string{c.fact}, Handover: no()}})
	}

	// On its way: the tracking number, and the guide.
	for i, c := range []struct{ ask, fact, lang string }{
		{"tracking number pls?also whats your return policy", "30", ""},
		{"where's my package and how do i season the skillet", "season", ""},
		{"its been ages, is my order lost? and whats the return window", "30", ""},
		{"where is it, what's the tracking number, and can the skillet go in the oven?", "500", ""},
		{"Quick q's - where's my order; do you offer gift wrap", "$5", ""},
		{"1. where's my parcel\n2. how do I oil the olive wood board", "overnight", ""},
		{"my order hasnt moved in days, whats going on\ndo you ship to canada?", "United States", ""},
		{"eta? + how much is shipping", "$7.95", ""},
		{"¿Dónde está mi pedido? ¿y cuál es su política de devoluciones?", "30", "es"},
		{"Wann kommt mein Paket an? Und wie lange habe ich Zeit für eine Rückgabe?", "30", "de"},
		{"Où est mon colis ? Et quelle est votre politique de retour ?", "30", "fr"},
	} {
		o := g.pick("processed", i+1, all)[i]
		kind, tags := "multi_question", []string{"multi_question"}
		if c.lang != "" {
			kind = "language_" + c.lang
		}
		g.add(file, Scenario{Kind: kind, Lang: c.lang, Start: verifiedStart(g, o), Tags: tags,
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Mention: []string{tracking(o), c.fact}}})
	}

	// Marked delivered, not there, and a question for the guides.
	for i, c := range []struct{ ask, fact string }{
		{"it says delivered but i never got it. also how long do refunds take", "5-10"},
		{"tracking says delivered, not here tho. and how do i descale the carafe", "vinegar"},
	} {
		o := g.pick("delivered", i+1, inWindow)[i]
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: []string{"multi_question"},
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"report_not_received", "search_docs"}, Mention: []string{c.fact}}})
	}

	// A cancelled order: where its refund is, and what became of it.
	for i, ask := range []string{
		"did my refund go through? and what happened to the order?",
		"1) where's my money 2) why was the order cancelled",
	} {
		o := g.pick("cancelled", i+1, all)[i]
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: []string{"multi_question"},
			Turns:  []string{ask},
			Expect: Expect{Tools: []string{"refund_status", "track_order"}, Report: []string{"refunded_total"}, Stage: "cancelled", Handover: no()}})
	}

	// Where it is, and a request: the status first, then the request
	// stated for its own yes.
	for i, c := range []struct {
		turns  []string
		tools  []string
		writes bool
	}{
		{[]string{"1) has it shipped yet 2) if not pls cancel it", "yes"}, []string{"track_order", "cancel_order"}, true},
		{[]string{"where's my order? also i want to cancel"}, []string{"track_order", "cancel_order"}, false},
	} {
		// Cheap enough for the policy to let the customer's yes cancel it.
		o := g.pick("pending", i+1, func(o tbOrder) bool { return total(o) <= 100 })[i]
		var writes []Write
		if c.writes {
			writes = []Write{{Type: "cancel", Order: name(o)}}
		}
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: []string{"multi_question"},
			Turns:  c.turns,
			Expect: Expect{Tools: c.tools, Report: []string{shipsBy}, Writes: writes, Handover: no()}})
	}
	for i, o := range g.pick("delivered", 1, inWindow) {
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: []string{"multi_question"},
			Turns:  []string{[]string{"1. was it delivered 2. how do i start a return"}[i]},
			Expect: Expect{Tools: []string{"track_order", "start_return"}, Mention: []string{fmt.Sprintf("date:-%dd", DeliveredDaysAgo(o.OrderID))}, Handover: no()}})
	}
	for i, c := range []struct{ ask, fact, lang string }{
		{"has my order shipped; whats the carrier", "", ""},
		{"whens it getting here?? its for a birthday on friday. also do u do gift wrap", "$5", ""},
		{"Mon colis est où ? Et combien coûte la livraison ?", "$7.95", "fr"},
	} {
		o := g.pick("processed", i+12, all)[i+11]
		kind, tools, mention := "multi_question", []string{"track_order"}, []string{tracking(o)}
		if c.fact != "" {
			tools, mention = append(tools, "search_docs"), append(mention, c.fact)
		}
		if c.lang != "" {
			kind = "language_" + c.lang
		}
		g.add(file, Scenario{Kind: kind, Lang: c.lang, Start: verifiedStart(g, o), Tags: []string{"multi_question"},
			Turns:  []string{c.ask},
			Expect: Expect{Tools: tools, Mention: mention, Handover: no()}})
	}

	// Follow-ups: the reply to the second message states the fact asked.
	for i, c := range []struct {
		status string
		turns  [2]string
		tools  []string
		report string
	}{
		{"processed", [2]string{"where is my order?", "what about the tracking number"}, []string{"track_order"}, "tracking_number"},
		{"pending", [2]string{"has it shipped?", "when then?"}, []string{"track_order"}, shipsBy},
		{"processed", [2]string{"how do I season the skillet?", "ok and when will it get here"}, []string{"search_docs", "track_order"}, "estimated_delivery"},
		{"processed", [2]string{"can the skillet go in the oven?", "cool. whens it arriving and whats the tracking"}, []string{"search_docs", "track_order"}, "tracking_number"},
		{"processed", [2]string{"is the board dishwasher safe?", "thx. and where is the package right now"}, []string{"search_docs", "track_order"}, "tracking_number"},
		{"pending", [2]string{"do you gift wrap?", "ok. so whens it shipping"}, []string{"search_docs", "track_order"}, shipsBy},
	} {
		o := g.pick(c.status, i+1, all)[i]
		g.add(file, Scenario{Kind: "follow_up", Start: verifiedStart(g, o), Tags: []string{"follow_up"},
			Turns:  c.turns[:],
			Expect: Expect{Tools: c.tools, Handover: no(), Answers: []Answer{{Turn: 2, Report: []string{c.report}}}}})
	}
	for i, o := range g.pick("delivered", 2, inWindow) {
		g.add(file, Scenario{Kind: "follow_up", Start: verifiedStart(g, o), Tags: []string{"follow_up"},
			Turns:  []string{[]string{"where is my order?", "has it been delivered?"}[i], []string{"but i dont have it, nothing at the door", "well it's not here, i don't have it"}[i]},
			Expect: Expect{Tools: []string{"track_order", "report_not_received"}}})
	}

	// When it ships or comes, in a customer's short words.
	for i, ask := range []string{"whens it gonna ship", "when does it ship?", "when is my stuff coming"} {
		o := g.pick("pending", i+1, all)[i]
		g.add(file, Scenario{Kind: "status_not_shipped", Start: verifiedStart(g, o),
			Turns:  []string{ask},
			Expect: Expect{Tools: []string{"track_order"}, Stage: "pre_shipment", Report: []string{shipsBy}, Handover: no()}})
	}
	for i, ask := range []string{"eta?", "when is it coming", "wen is it gonna be here"} {
		o := g.pick("processed", i+1, all)[i]
		g.add(file, Scenario{Kind: "status_in_transit", Start: verifiedStart(g, o), Tags: typoTag(i == 2),
			Turns:  []string{ask},
			Expect: Expect{Tools: []string{"track_order"}, Mention: []string{tracking(o)}, Stage: "in_transit", Handover: no()}})
	}
}
