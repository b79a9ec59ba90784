package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings (issue 18, guide12), written before reading the
// model's code: product and care questions new users asked in trials and
// got the wrong passage for, an unrelated one, or one where no guide holds
// the answer. The outcome: the reply quotes the guide of the product asked
// about with the fact asked for (facts), and none of the facts of that
// guide's other passages that do not answer it (not): a right answer with
// an unrelated passage after it is wrong. A question no guide answers gets
// no passage and the offer of a person.
func TestGuide12HeldOut(t *testing.T) {
	const (
		priya  = "priya.natarajan@example.com"  // #1002 linen throw
		daniel = "daniel.reyes@example.com"     // #1003 skillet + candle
		tom    = "tom.becker@example.com"       // #1004 mug + board
		samuel = "samuel.whitfield@example.com" // #1006 coffee kit + 2 mugs
		maya   = "maya.okafor@example.com"      // #1007 skillet
	)
	const (
		kit    = "Pour-Over Coffee Kit"
		mug    = "Harbor Stoneware Mug"
		candle = "Beeswax Pillar Candle"
		skill  = "Cast-Iron Skillet"
		throw  = "Stonewashed Linen Throw"
		board  = "Olivewood Serving Board"
	)
	type g12case struct {
		order, email string
		before       []string // what the customer asked first
		text         string
		doc          string   // the guide answering; empty: none (a person offered)
		facts        []string // the reply gives each ("a|b": either)
		not          []string // the reply gives none of these
		gap          bool     // a known miss: logged, counted, failing when it passes
	}
	tests := []g12case{
		// The candle: total burn time is the opening passage, not the 4-hour rule.
		{text: "how long does the candle burn in total?", doc: candle, facts: []string{"60 hours"}, not: []string{"4 hours"}},
		{text: "whats the total burn time on the candle", doc: candle, facts: []string{"60 hours"}, not: []string{"4 hours"}},
		{text: "how many hours will my candle last altogether", doc: candle, facts: []string{"60 hours"}, not: []string{"4 hours"}},
		{order: "#1003", email: daniel, text: "how long will the candle last in total?", doc: candle, facts: []string{"60 hours"}, not: []string{"4 hours"}},
		{text: "there's white stuff on my candle", doc: candle, facts: []string{"bloom"}, not: []string{"1/4 inch", "4 hours"}},
		{text: "my candle has gone a bit white on top, is that mould?", doc: candle, facts: []string{"bloom"}, not: []string{"1/4 inch", "4 hours"}, gap: true}, // "mould" and "on top" are words no guide has: the bloom passage covers too little of it,
		{text: "should I trim the wick every time", doc: candle, facts: []string{"1/4 inch"}, not: []string{"bloom"}},
		{text: "how long should I burn the candle each time", doc: candle, facts: []string{"4 hours"}, not: []string{"bloom", "1/4 inch"}},
		// The throw: drying is not washing.
		{order: "#1002", email: priya, text: "can it go in the dryer", doc: throw, facts: []string{"low heat"}, not: []string{"86°F", "reverse side"}},
		{text: "can I tumble dry the linen throw?", doc: throw, facts: []string{"low heat"}, not: []string{"86°F"}},
		{text: "what temperature should i wash the throw at", doc: throw, facts: []string{"86°F|30°C"}, not: []string{"low heat", "reverse side"}},
		{text: "does the throw shrink in the wash", doc: throw, facts: []string{"3%"}},
		{text: "got red wine on my throw, how do i get it out", doc: throw, facts: []string{"cold water|blot"}, not: []string{"low heat"}},
		{order: "#1002", email: priya, text: "can i iron it?", doc: throw, facts: []string{"reverse side"}, not: []string{"low heat", "86°F"}},
		// The board.
		{text: "how often do i oil the board", doc: board, facts: []string{"once a month"}, not: []string{"coarse salt", "220 grit", "hand wash"}},
		{text: "what oil should I use on the olivewood board", doc: board, facts: []string{"mineral oil"}},
		{text: "can i cut raw chicken on the board?", doc: board, facts: []string{"light slicing"}, not: []string{"once a month", "coarse salt"}},
		{order: "#1004", email: tom, text: "is it ok to slice meat on my serving board", doc: board, facts: []string{"light slicing"}, not: []string{"once a month"}},
		{text: "comment nettoyer la planche ?", doc: board, facts: []string{"hand wash|mild soap"}, not: []string{"once a month"}},
		{text: "¿cada cuánto tengo que aceitar la tabla?", doc: board, facts: []string{"once a month"}},
		{text: "the board smells of onions", doc: board, facts: []string{"lemon"}, not: []string{"once a month"}},
		// The skillet.
		{text: "what's the oven limit on the skillet", doc: skill, facts: []string{"500°F|260°C"}, not: []string{"450°F", "steel wool"}},
		{text: "how hot can the cast iron go in the oven", doc: skill, facts: []string{"500°F|260°C"}, not: []string{"steel wool"}},
		{text: "¿cómo limpio la sartén?", doc: skill, facts: []string{"kosher salt|pan scraper"}, not: []string{"steel wool"}},
		{text: "can i put soap on the skillet", doc: skill, facts: []string{"dish soap"}},
		{order: "#1007", email: maya, text: "is it ok on an induction hob?", doc: skill, facts: []string{"induction"}, not: []string{"steel wool"}},
		{text: "comment enlever la rouille de la poêle ?", doc: skill, facts: []string{"steel wool"}},
		// The mug.
		{text: "can i microwave the mug", doc: mug, facts: []string{"2 minutes"}, not: []string{"baking soda"}},
		{text: "how many ml does the mug hold", doc: mug, facts: []string{"350 ml"}},
		{text: "tea stains in my mug, how do I get them off", doc: mug, facts: []string{"baking soda"}},
		// The coffee kit.
		{order: "#1006", email: samuel, text: "how hot should the water be?", doc: kit, facts: []string{"200–205°F|93–96°C"}, not: []string{"vinegar"}},
		{text: "how hot should the water be?", doc: kit, facts: []string{"200–205°F|93–96°C"}},
		{text: "do u guys sell replacement filters", doc: kit, facts: []string{"pack of 100|Unbleached Paper Filters"}, not: []string{"vinegar", "medium-fine"}},
		{text: "where can I buy more filters for the dripper", doc: kit, facts: []string{"pack of 100|Unbleached Paper Filters"}},
		{text: "what grind should i use", doc: kit, facts: []string{"medium-fine"}},
		{text: "how do I descale the carafe", doc: kit, facts: []string{"vinegar"}},
		{text: "¿qué temperatura debe tener el agua para el café?", doc: kit, facts: []string{"200–205°F|93–96°C"}, gap: true}, // "temperature water" ranks the mug's passage (the word itself, boiling water) over the brewing one,
		// Nothing of the shop's answers: an honest no and a person.
		{text: "how do I descale espresso machine"},
		{text: "how do i descale my espresso machine?"},
		{text: "do you sell a matching saucer for the mug?"},
		{text: "how do i clean my sofa cushions"},
		{text: "how do I fix a wobbly table leg"},
		// A second question: its answer alone, nothing of the first.
		{before: []string{"how often do i oil the board"}, text: "and can it go in the dishwasher?", doc: board, facts: []string{"dishwasher"}, not: []string{"once a month"}},
		{before: []string{"can the throw go in the dryer"}, text: "what about ironing?", doc: throw, facts: []string{"reverse side"}, not: []string{"low heat"}, gap: true},        // the follow-up step searches "dryer : ironing" and quotes drying again,
		{before: []string{"how long does the candle burn in total?"}, text: "and how long each time?", doc: candle, facts: []string{"4 hours"}, not: []string{"bloom"}, gap: true}, // a follow-up with no thing of its own: the thing asked about before is not carried over,
	}
	failed, gaps := 0, 0
	for _, tt := range tests {
		name := tt.text
		if len(tt.before) > 0 {
			name = strings.Join(tt.before, " / ") + " / " + tt.text
		}
		ok := t.Run(name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, tt.order, tt.email)
			for _, b := range tt.before {
				c.say(b)
			}
			got := c.say(tt.text)
			errorf := t.Errorf
			if tt.gap {
				missed := false
				errorf = func(format string, args ...any) { missed = true; t.Logf("known gap: "+format, args...) }
				defer func() {
					if missed {
						gaps++
					} else {
						t.Errorf("a known gap passes now: take off its gap mark")
					}
				}()
			}
			for _, w := range writeTools {
				if got.called(w) {
					errorf("called %s: tools %v", w, got.toolNames())
				}
			}
			if o := guide10Others(got.reply, tt.doc); len(o) > 0 {
				errorf("quotes another guide %v: %q", o, got.reply)
			}
			if tt.doc == "" {
				low := strings.ToLower(got.reply)
				if !strings.Contains(low, "team") && !strings.Contains(low, "person") && !strings.Contains(low, "colleague") {
					errorf("reply %q, want the offer of a person", got.reply)
				}
				if got.called(toolname.SearchDocs) && strings.Contains(got.reply, "–") {
					// A quoted guide names its source "Title – subtitle".
					errorf("reply quotes a guide: %q", got.reply)
				}
				return
			}
			if !strings.Contains(got.reply, tt.doc) {
				errorf("reply quotes not %q: %q", tt.doc, got.reply)
			}
			if m := saysAll(got.reply, tt.facts); len(m) > 0 {
				errorf("reply holds not %v: %q", m, got.reply)
			}
			low := strings.ToLower(got.reply)
			for _, n := range tt.not {
				if strings.Contains(low, strings.ToLower(n)) {
					errorf("reply holds %q, an unrelated passage: %q", n, got.reply)
				}
			}
		})
		if !ok {
			failed++
		}
	}
	t.Logf("guide12 held-out: %d of %d failed, %d known gaps", failed, len(tests), gaps)
}
