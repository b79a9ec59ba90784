package eval

// docs5 are single docs questions from issue 18's fourth no-context
// trial (held out in pkg/offline/docs5_test.go): a greeting before the
// question, the product named in another language deciding whose guide
// answers, and two halves of a question one passage answers, both said.
// Each asks no order of anyone's: the docs answer it whoever asks.
func (g *gen) docs5() {
	const file = "docs5.json"
	for _, c := range []struct {
		ask, kind, lang string
		facts           []string
		typo            bool
	}{
		// A greeting hides nothing.
		{ask: "hello! can the skillet go in the oven?", kind: "docs_greeting", facts: []string{"500°F"}},
		{ask: "hey there, can the mug go in the dishwasher?", kind: "docs_greeting", facts: []string{"dishwasher safe"}},
		{ask: "Hi :) does the candle wick need trimming?", kind: "docs_greeting", facts: []string{"1/4 inch"}},
		{ask: "good morning, is the mug microwave safe?", kind: "docs_greeting", facts: []string{"microwave safe"}},
		{ask: "hiya. what grind for the cofee kit?", kind: "docs_greeting", facts: []string{"medium-fine"}, typo: true},
		// Both halves answered by one passage.
		{ask: "how much is shipping and is it free over some amount?", kind: "docs_both", facts: []string{"$7.95", "$75"}},
		{ask: "what does shipping cost, and do you do free shipping?", kind: "docs_both", facts: []string{"$7.95", "$75"}},
		{ask: "how much for delivery and is there a free shiping threshold", kind: "docs_both", facts: []string{"$7.95", "$75"}, typo: true},
		{ask: "shipping price? free above a certain total?", kind: "docs_both", facts: []string{"$7.95", "$75"}},
		{ask: "whats the cost of standard shipping, and how long does it take?", kind: "docs_both", facts: []string{"$7.95", "3 to 7"}},
	} {
		g.add(file, Scenario{Kind: c.kind, Lang: c.lang, Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: c.facts}})
	}
}
