package eval

import (
	"fmt"
	"strings"
)

// guide16 are product and policy questions that two no-context trials of
// `make dev` saw answered from the wrong passage of the right guide, or
// answered with a nearby question's answer (issue 18; held out in
// pkg/offline/heldout_guide16_test.go): where a product may go (the
// dishwasher, the microwave, the freezer, the hob, the dryer) and how to
// store it come from the passage that names it; the colours, scents or
// sizes a product comes in from the passage that lists them, or an honest
// "I don't know" and a person; whether the shop ships abroad, asked in
// any language, from the shipping policy, not the order's status; and a
// damage report in words with no intent word goes down the damage path.
// Only the damage reports take an order, and they pick without taking.
func (g *gen) guide16() {
	const file = "guide16.json"
	var all []string
	for _, k := range []string{"kit", "mug", "candle", "pan", "throw", "board"} {
		all = append(all, guideMarkers[k]...)
	}

	// Where it may go, how to store it: that passage alone.
	for i, c := range []struct {
		ask, guide string
		facts, not []string
	}{
		{"can the stoneware mug handle the dishwasher", "mug", []string{"dishwasher safe|top rack"}, []string{"400°F", "baking soda", "crazing"}},
		{"is it fine to nuke the mug in the microwave for a bit", "mug", []string{"2 minutes"}, []string{"400°F", "baking soda"}},
		{"how should candles be stored between uses", "candle", []string{"cool, dark|sunlight"}, []string{"1/4 inch", "4 hours"}},
		{"does the linen throw survive a tumble dryer", "throw", []string{"low heat|slightly damp"}, []string{"ventilated", "86°F"}},
		{"can the serving board go in the dishwashr", "board", []string{"swell|warp|hand wash"}, []string{"220 grit", "mineral oil", "half a lemon"}},
		{"is the mug alright in the freezer for iced coffee", "mug", []string{"400°F|200°C"}, []string{"2 minutes", "baking soda"}},
		{"can the coffee carafe go on a gas hob", "kit", []string{"stovetop"}, []string{"1:16", "medium-fine"}},
	} {
		g.add(file, Scenario{Kind: "guide16_facet", Tags: typoTag(i == 4), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: c.facts, Secrets: otherGuides(c.guide, c.not...)}})
	}

	// What it comes in: the passage that lists it, or an honest no.
	for i, c := range []struct {
		ask, guide string
		facts, not []string
	}{
		{"what colours can i get the stoneware mug in", "mug", []string{"Charcoal", "Sea Glass"}, []string{"baking soda"}},
		{"which scents does the beeswax candle come in?", "candle", []string{"Cedar", "Fig"}, []string{"cool, dark", "1/4 inch"}},
		{"does the olivewood board come in different sizes", "board", []string{"Large", "Medium"}, []string{"mineral oil"}},
		{"do you make the skillet in a larger size", "pan", []string{"member of our team|a person"}, []string{"kosher salt", "500°F"}},
		{"wat colours is the mug avalable in", "mug", []string{"Charcoal", "Sea Glass"}, []string{"baking soda"}},
		// The throw's opening states its one size: that, and a person for another.
		{"do you have the linen throw in a smaller size", "throw", []string{"50 x 70", "member of our team"}, []string{"86°F", "ventilated"}},
	} {
		g.add(file, Scenario{Kind: "guide16_options", Tags: typoTag(i == 4), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: c.facts, Secrets: otherGuides(c.guide, c.not...)}})
	}
	g.notInGuide(file, "guide16_options_not_in_guide", 3,
		"does the linen throw come in other colors?",
		"is the pour over kit available in other colours",
		"any other colurs for the throw?",
		"does the pillar candle come in other colours",
		"is the linen throw sold in any other colour")

	// Whether the shop ships abroad, in any language: the shipping policy.
	for i, c := range []struct{ ask, lang string }{
		{"do you ship to germany?", ""},
		{"¿hacen envíos a Chile?", "es"},
		{"Versendet ihr auch nach Italien?", "de"},
		{"Est-ce que vous livrez au Royaume-Uni ?", "fr"},
		{"envian a colombia??", "es"},
		{"do u deliver to the netherlands", ""},
	} {
		g.add(file, Scenario{Kind: "guide16_ship_abroad", Lang: c.lang, Tags: typoTag(i == 4), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: []string{"United States|Estados Unidos|USA|États-Unis"}, Secrets: all}})
	}

	// Damage said with no intent word: the damage path.
	recent := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && len(o.Items) > 0 }
	picked := g.pick("delivered", 5, recent)
	for i, report := range []string{
		"the %s came split down the side",
		"my %s arrived all scuffed up",
		"the %s was warped when i unboxed it",
		"%s turned up crushed",
		"the %s arived in bits",
	} {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		item := strings.ToLower(o.Items[0].Name)
		g.add(file, Scenario{Kind: "guide16_damage_words", Start: verifiedStart(g, o), Tags: typoTag(i == 4), Turns: []string{fmt.Sprintf(report, item)},
			Expect: Expect{Tools: []string{"report_damage"}, Secrets: []string{"30 days of delivery", "original packaging"}}})
	}
}
