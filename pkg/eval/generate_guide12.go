package eval

// guide12 are product questions whose shape decides the passage (issue
// 18, held out in pkg/offline/heldout_guide12_test.go and
// pkg/docs/heldout_guide12_test.go): a total burn time is the guide's
// opening figure, not the per-session rule; drying is not washing; an
// oven limit is the stated maximum; how hot the water should be is the
// brewing step. One passage answers, with no unrelated passage after it,
// and a question no guide covers is "I don't know" and the offer of a
// person. They take no order, so they change no other file's.
func (g *gen) guide12() {
	const file = "guide12.json"
	// The whole burn time: the opening figure, never the 4-hour rule.
	for i, ask := range []string{
		"how long does the candle burn in total?",
		"what's the total burn time of the pillar candle",
		"how many hours will my candle last altogether?",
		"how long does the beeswax candle burn all the way down",
		"roughly how long will the candle last in total",
		"how long dose the candle burn in total?",
	} {
		g.add(file, Scenario{Kind: "guide12_total_burn", Tags: typoTag(i == 5), Turns: []string{ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: []string{"60 hours"}, Secrets: otherGuides("candle", "4 hours")}})
	}
	// The passage the question's shape points at, alone.
	for _, c := range []struct {
		ask, guide string
		facts, not []string
		typo       bool
	}{
		{ask: "what's the oven limit on the skillet", guide: "pan", facts: []string{"500°F|260°C"}, not: []string{"450°F"}},
		{ask: "how hot can the cast iron pan get in the oven?", guide: "pan", facts: []string{"500°F|260°C"}, not: []string{"450°F"}},
		{ask: "how hot should the water be for the pour over?", guide: "kit", facts: []string{"200–205°F|93–96°C"}, not: []string{"vinegar"}},
		{ask: "can I tumble dry the linen throw?", guide: "throw", facts: []string{"low heat"}, not: []string{"86°F"}},
		{ask: "is it ok to cut raw meat on the serving board", guide: "board", facts: []string{"light slicing"}, not: []string{"once a month"}},
		{ask: "how often should I oil the board", guide: "board", facts: []string{"once a month"}, not: []string{"half a lemon", "220 grit"}},
		{ask: "there's white stuff on my candle", guide: "candle", facts: []string{"bloom"}, not: []string{"4 hours", "1/4 inch"}},
		{ask: "what's the oven limit on the skilet", guide: "pan", facts: []string{"500°F|260°C"}, not: []string{"450°F"}, typo: true},
	} {
		g.add(file, Scenario{Kind: "guide12_shaped_question", Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: c.facts, Secrets: otherGuides(c.guide, c.not...)}})
	}
	// No guide covers it: no passage, and a person offered.
	g.notInGuide(file, "guide12_not_in_guide", 1,
		"how do I descale espresso machine",
		"how do i descale my esspresso maker?",
		"how do I fix a wobbly table leg",
		"how do i clean my sofa cushions",
		"do you sell a matching saucer for the mug?")
}
