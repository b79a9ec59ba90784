package eval

// docs13 are product and policy questions answered from the guides
// precisely (issue 18, held out in pkg/docs/testdata/docs13_questions.json,
// judged in pkg/docs and pkg/offline): the product a question names wins
// over a passage that shares only a generic word with it ("… the pan?
// dishwasher?" is the pan's, never the mug's "dishwasher safe"); "how long
// do they burn" is the total burn time, not the per-session rule; a bare
// topic beside a second question ("season skillet + do you ship to
// canada") is answered too, with nothing unasked after it. They take no
// order, so they change no other file's.
func (g *gen) docs13() {
	const file = "docs13.json"
	for i, ask := range []string{
		"¿cómo limpio la sartén sin estropear el curado? ¿lavavajillas?",
		"Wie reinige ich die Pfanne aus Gusseisen? Spülmaschine?",
		"comment nettoyer la poêle en fonte sans abîmer le culottage ? lave-vaisselle ?",
		"how do i clean the skillet? dishwasher?",
		"how should I wash the cast iron pan? dishwasher?",
		"how do i clean the skilet? dishwahser?",
	} {
		g.add(file, Scenario{Kind: "docs13_named_product", Tags: typoTag(i == 5), Turns: []string{ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: []string{"kosher salt|pan scraper"},
				Secrets: otherGuides("pan", "dishwasher safe")}})
	}
	for i, ask := range []string{
		"candles, how long do they burn",
		"how long do the candles burn?",
		"how long does the pillar candle burn",
		"how long will a beeswax candle burn?",
		"so the candle, how long does it burn?",
		"how long do the candels burn",
	} {
		g.add(file, Scenario{Kind: "docs13_total_lasts", Tags: typoTag(i == 5), Turns: []string{ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: []string{"60 hours"},
				Secrets: otherGuides("candle", "4 hours")}})
	}
	for i, ask := range []string{
		"season skillet + do you ship to canada",
		"reseason the pan + do you ship to the uk?",
		"how do I re-season the skillet? also do you ship to Mexico?",
		"re-season cast iron + do you deliver to canada",
		"seasoning the skillet + do you ship abroad",
		"reseason skilet + do u ship to canada",
	} {
		g.add(file, Scenario{Kind: "docs13_two_topics", Tags: typoTag(i == 5), Turns: []string{ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: []string{"re-season", "United States"},
				Secrets: otherGuides("pan")}})
	}
}
