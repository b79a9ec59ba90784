package eval

// follow6 are short follow-ups of issue 18's no-context trial (held out
// in pkg/offline/follow6_test.go): a message with no request of its own
// takes its intent from the customer's previous message and its subject
// from itself. The reply to the follow-up is judged: the time of day of a
// parcel (the tracking again, and no time invented), the tracking asked
// by email (the chat sends none: the number again), the same docs
// question about a new subject, and how long a thing lasts in all. Each
// intent is phrased five ways or more, with a typo.
func (g *gen) follow6() {
	const file = "follow6.json"
	all := func(tbOrder) bool { return true }
	for i, c := range []struct {
		first, ask, kind, lang string
		typo                   bool
	}{
		{"where is my order?", "what time roughly", "follow_time", "", false},
		{"where's my parcel", "wat time roughly?", "follow_time", "", true},
		{"where is my package?", "and what time?", "follow_time", "", false},
		{"has it shipped?", "around what hour?", "follow_time", "", false},
		{"is it out for delivery?", "morning or afternoon?", "follow_time", "", false},
		{"where is my order?", "can you email me that?", "follow_email", "", false},
		{"what's my tracking number?", "could you send that to my email", "follow_email", "", false},
		{"what's the tracking number?", "can u emial it to me", "follow_email", "", true},
		{"tracking number please", "can you email it?", "follow_email", "", false},
		{"where's my parcel?", "pls email me the tracking", "follow_email", "", false},
	} {
		o := g.pick("processed", i+1, all)[i]
		g.add(file, Scenario{Kind: c.kind, Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{c.first, c.ask},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Answers: []Answer{{Turn: 2, Report: []string{"tracking_number"}}}}})
	}
	for _, c := range []struct {
		first, ask, kind string
		facts            []string
		typo             bool
	}{
		{"do you ship to PO boxes?", "what about the UK?", "follow_docs", []string{"outside the United States"}, false},
		{"do you ship to Canada?", "what about the UK?", "follow_docs", []string{"outside the United States"}, false},
		{"do you ship to canada", "waht about england?", "follow_docs", []string{"outside the United States"}, true},
		{"what grind size should i use for the coffee kit?", "and water temp?", "follow_docs", []string{"205"}, false},
		{"what grind for the coffee kit?", "and wter temp?", "follow_docs", []string{"205"}, true},
		{"what grind size for the pour over kit", "how hot?", "follow_docs", []string{"205"}, false},
		{"how long should i burn the candle the first time?", "and how long does one burn?", "follow_docs_total", []string{"60 hours"}, false},
		{"how long is the first burn for the candle?", "how long does the whole candle last?", "follow_docs_total", []string{"60 hours"}, false},
		{"candle first burn how long", "and how long dose one burn for?", "follow_docs_total", []string{"60 hours"}, true},
		{"do i need to trim the candle wick?", "how many hours of burning in total?", "follow_docs_total", []string{"60 hours"}, false},
		{"how long should the first burn of the candle be?", "and in total?", "follow_docs_total", []string{"60 hours"}, false},
	} {
		g.add(file, Scenario{Kind: c.kind, Tags: typoTag(c.typo), Turns: []string{c.first, c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Answers: []Answer{{Turn: 2, Mention: c.facts}}}})
	}
}
