package eval

import (
	"fmt"
	"strings"
)

// guide10 are product questions a no-context trial saw answered from the
// wrong passage (issue 18, held out in pkg/offline/guide10_test.go): a
// thing named loosely ("the pour over thing", "the blanket", "my candle")
// with a care or use topic must be answered from that thing's guide, the
// section on the topic, and never from another product's guide; a topic
// its guide does not cover, or a thing no guide covers, is "I don't know"
// and the offer of a person. Beside them, a count of what came below what
// was ordered ("only 1 mug in it") is an item missing: report_damage.
// The docs questions take no order; the counts pick delivered orders
// without taking them, so neither changes another file's.
func (g *gen) guide10() {
	const file = "guide10.json"
	// Facts only one guide holds: a reply holding one quotes that guide.
	for _, c := range []struct {
		ask, guide, lang string
		facts            []string
		typo             bool
	}{
		{ask: "how do you clean the pour over thing?", guide: "kit", facts: []string{"vinegar|wooden collar"}},
		{ask: "what's the best way to wash the coffee kit", guide: "kit", facts: []string{"vinegar|wooden collar"}},
		{ask: "how do i set up the pour over kit", guide: "kit", facts: []string{"seam|zero it"}},
		{ask: "how do i put the coffee kit together", guide: "kit", facts: []string{"seam|zero it"}},
		{ask: "how do i look after my candle", guide: "candle"},
		{ask: "how should I wash the blanket?", guide: "throw", facts: []string{"86°F|30°C"}},
		{ask: "can the blanket go in the dryer", guide: "throw", facts: []string{"low heat"}},
		{ask: "hw do i wash the blankit", guide: "throw", facts: []string{"86°F|30°C"}, typo: true},
		{ask: "what's the throw made of?", guide: "throw", facts: []string{"flax"}},
		{ask: "how do i clean the mug", guide: "mug", facts: []string{"baking soda|dishwasher"}},
		{ask: "how do i clean my pan", guide: "pan", facts: []string{"kosher salt"}},
		{ask: "how do I oil the serving board?", guide: "board", facts: []string{"mineral oil"}},
		{ask: "is the chopping board dishwasher safe", guide: "board", facts: []string{"dishwasher"}},
		{ask: "¿Cómo se lava la manta?", guide: "throw", lang: "es", facts: []string{"86°F|30°C"}},
		{ask: "Wie reinige ich die Pfanne richtig?", guide: "pan", lang: "de", facts: []string{"kosher salt"}},
	} {
		g.add(file, Scenario{Kind: "guide10_product_topic", Lang: c.lang, Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: c.facts, Secrets: otherGuides(c.guide)}})
	}
	// No guide says: no passage of any guide, and a person offered.
	g.notInGuide(file, "guide10_not_in_guide", 4,
		"does the coffee kit have a warranty?",
		"is there a guarantee on the blanket",
		"how do i clean the tablecloth",
		"how do I wash the napkins?",
		"is there a waranty on the mug")
	// A count below the order's: an item missing from what came.
	twice := func(o tbOrder) bool {
		n := map[string]int{}
		for _, it := range o.Items {
			n[it.Name]++
		}
		for name, v := range n {
			// A noun the count reads as one: "1 kettle", not "1 earbuds".
			if v > 1 && !strings.HasSuffix(name, "s") {
				return DeliveredDaysAgo(o.OrderID) <= 25
			}
		}
		return false
	}
	picked := g.pick("delivered", 5, twice)
	for i, phrase := range []string{
		"only 1 %s in it",
		"the box came with just one %s",
		"there was only one %s in the package",
		"only got 1 %s in teh box",
		"just one %s came in the parcel",
	} {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		n := map[string]int{}
		name := ""
		for _, it := range o.Items {
			if n[it.Name]++; n[it.Name] == 2 && name == "" && !strings.HasSuffix(it.Name, "s") {
				name = it.Name
			}
		}
		f := strings.Fields(strings.ToLower(name))
		g.add(file, Scenario{Kind: "guide10_count_short", Start: verifiedStart(g, o), Tags: typoTag(i == 3), Turns: []string{fmt.Sprintf(phrase, f[len(f)-1])},
			Expect: Expect{Tools: []string{"report_damage"}}})
	}
}

// notInGuide adds a scenario of kind per ask that no guide answers: the
// docs are searched, no guide's passage is quoted, and a person is offered.
// The ask at typo carries the typo tag.
func (g *gen) notInGuide(file, kind string, typo int, asks ...string) {
	var all []string
	for _, k := range []string{"kit", "mug", "candle", "pan", "throw", "board"} {
		all = append(all, guideMarkers[k]...)
	}
	for i, ask := range asks {
		g.add(file, Scenario{Kind: kind, Tags: typoTag(i == typo), Turns: []string{ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: []string{"member of our team|a person"}, Secrets: all}})
	}
}

// guideMarkers are words only each demo guide holds: a reply quoting
// another guide than the one asked about holds one of its words.
var guideMarkers = map[string][]string{
	"kit":    {"borosilicate", "medium-fine", "descale", "gooseneck"},
	"mug":    {"baking soda", "crazing", "12 fl oz"},
	"candle": {"beeswax", "60 hours", "soot"},
	"pan":    {"kosher salt", "flaxseed", "pre-seasoned"},
	"throw":  {"flax linen", "86°F", "optical brighteners"},
	"board":  {"olive wood", "mineral oil", "half a lemon"},
}

// otherGuides are the marker words of every guide but guide, after also:
// what a reply about guide must not hold.
func otherGuides(guide string, also ...string) []string {
	out := append([]string(nil), also...)
	for _, k := range []string{"kit", "mug", "candle", "pan", "throw", "board"} {
		if k != guide {
			out = append(out, guideMarkers[k]...)
		}
	}
	return out
}
