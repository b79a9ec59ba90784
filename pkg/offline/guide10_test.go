package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// guide10Markers are facts only one demo guide holds: a reply holding one
// quotes that guide, whatever its heading line says.
var guide10Markers = map[string][]string{
	"Pour-Over Coffee Kit":     {"borosilicate", "medium-fine", "1:16", "descale", "gooseneck", "bloom for"},
	"Harbor Stoneware Mug":     {"reactive glaze", "baking soda", "crazing", "12 fl oz", "foot ring"},
	"Beeswax Pillar Candle":    {"beeswax", "wick", "soot", "60 hours"},
	"Cast-Iron Skillet":        {"kosher salt", "flaxseed", "re-season", "pre-seasoned"},
	"Stonewashed Linen Throw":  {"flax linen", "86°F", "shrinkage", "slubs", "optical brighteners"},
	"Olivewood Serving Board":  {"olive wood", "mineral oil", "half a lemon", "220 grit"},
	"Shipping and returns FAQ": {"$7.95", "30 days of delivery", "gift wrap"},
}

// guide10Others are the markers of every guide but doc found in reply.
func guide10Others(reply, doc string) []string {
	var out []string
	low := strings.ToLower(reply)
	for d, ms := range guide10Markers {
		if d == doc {
			continue
		}
		for _, m := range ms {
			if strings.Contains(low, strings.ToLower(m)) {
				out = append(out, d+": "+m)
			}
		}
	}
	return out
}

// Held-out phrasings (issue 18, guide10), written before reading the
// model's code: a product named loosely ("the pour over thing", "the
// blanket", "my candle") and a topic (clean, wash, set up, assemble, care,
// made of, warranty). The outcome: a passage of THAT product's guide that
// holds the fact asked for, or, when its guide holds no such passage, no
// passage at all and the offer of a person; never another product's
// passage. A count of what came below what was ordered ("only 1 mug in
// it") is a missing item: report_damage for that line, no passage.
func TestGuide10HeldOut(t *testing.T) {
	const (
		priya  = "priya.natarajan@example.com"  // #1002 linen throw
		daniel = "daniel.reyes@example.com"     // #1003 skillet + candle
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
	type g10case struct {
		order, email string
		text         string
		doc          string   // the guide answering; empty: none (a person offered)
		facts        []string // the reply gives each ("a|b": either)
		missing      string   // a missing item: report_damage naming this line
		gap          bool     // a known miss: logged, counted, failing when it passes
	}
	tests := []g10case{
		// The pour-over kit, named loosely.
		{text: "how do i clean the pour over thing", doc: kit, facts: []string{"vinegar|collar"}},
		{text: "how do I clen the pour-ovr kit?", doc: kit, facts: []string{"vinegar|collar"}},
		{text: "can the coffee kit go in the dishwasher", doc: kit, facts: []string{"vinegar|collar"}},
		{text: "how do I set up the coffee kit", doc: kit, facts: []string{"seam|zero it"}},
		{text: "how do i assemble the pour over", doc: kit, facts: []string{"seam|zero it"}},
		{order: "#1006", email: samuel, text: "how do i wash my coffee kit?", doc: kit, facts: []string{"vinegar|collar"}},
		{text: "what comes in the box with the coffee kit", doc: kit, facts: []string{"measuring scoop"}},
		{text: "does the pour over kit come with a kettle", doc: kit, facts: []string{"not included"}},
		{text: "what grind should I use for the pourover", doc: kit, facts: []string{"medium-fine"}},
		{text: "how much coffee per cup with the pour over", doc: kit, facts: []string{"1:16|20 g"}},
		{text: "what is the pour over made of", doc: kit, facts: []string{"borosilicate|ceramic"}, gap: true}, // its guide has no opening passage; what it is made of is in "What's in the box",
		{text: "is there a warranty on the coffee kit?"},
		{text: "¿Cómo se limpia el kit de café?", doc: kit, facts: []string{"vinegar|collar"}},
		// The mug.
		{text: "is the mug dishwasher safe", doc: mug, facts: []string{"dishwasher safe"}},
		{text: "how do i get coffee stains out of my mug", doc: mug, facts: []string{"baking soda"}},
		{text: "how big is the mug", doc: mug, facts: []string{"12 fl oz|350 ml"}},
		{text: "what's the mug made of", doc: mug, facts: []string{"stoneware"}},
		{text: "can the mugg go in the ovn", doc: mug, facts: []string{"400°F"}, gap: true}, // a three-letter typo of an appliance ("ovn") is read as no word,
		{text: "Ist die Tasse spülmaschinenfest?", doc: mug, facts: []string{"dishwasher safe"}},
		{order: "#1006", email: samuel, text: "only 1 mug in it", missing: "1 × " + mug},
		{order: "#1006", email: samuel, text: "box came with just one mug", missing: "1 × " + mug},
		{order: "#1006", email: samuel, text: "there was only one mug in the package", missing: "1 × " + mug},
		{order: "#1006", email: samuel, text: "Solo venía una taza en la caja", missing: "1 × " + mug},
		// The candle.
		{text: "how do i care for my candle", doc: candle},
		{text: "how long should I burn the candle the first time", doc: candle, facts: []string{"3 hours"}},
		{text: "what's the candle made of", doc: candle, facts: []string{"beeswax"}},
		{text: "there's a white film on my candle", doc: candle, facts: []string{"bloom"}},
		{text: "how do I trim the wik on my candel", doc: candle, facts: []string{"1/4 inch"}},
		{text: "comment couper la mèche de la bougie ?", doc: candle, facts: []string{"1/4 inch"}, gap: true}, // "couper" and "mèche" are no words the model reads,
		{text: "is there a warranty on the candle"},
		// The skillet.
		{text: "how do i clean the pan", doc: skill, facts: []string{"kosher salt"}},
		{text: "how do i season the skillet", doc: skill, facts: []string{"450°F"}},
		{text: "how do i get rust off the skillet", doc: skill, facts: []string{"steel wool"}},
		{text: "does the cast iron work on induction", doc: skill, facts: []string{"induction"}},
		{text: "Wie reinige ich die Pfanne?", doc: skill, facts: []string{"kosher salt"}},
		{text: "what's the warranty on the skillet"},
		{order: "#1007", email: maya, text: "how do i set up my pan before using it", doc: skill, facts: []string{"low burner|rinse the skillet"}},
		{order: "#1003", email: daniel, text: "how do i clean the pan", doc: skill, facts: []string{"kosher salt"}},
		// The throw, called a blanket.
		{text: "how do i wash the blanket", doc: throw, facts: []string{"86°F|30°C|gentle cycle"}},
		{text: "can i put the throw in the dryer", doc: throw, facts: []string{"low heat"}},
		{text: "will the blanket shrink", doc: throw, facts: []string{"3%"}},
		{text: "what is the blanket made of", doc: throw, facts: []string{"flax"}},
		{order: "#1002", email: priya, text: "how should i wash it?", doc: throw, facts: []string{"86°F|30°C|gentle cycle"}},
		{text: "¿Cómo lavo la manta?", doc: throw, facts: []string{"86°F|30°C|gentle cycle"}},
		{text: "how do i iron the throw", doc: throw, facts: []string{"reverse side"}},
		{text: "care instructions for the blanket", doc: throw},
		// The board.
		{text: "how do i wash the serving board", doc: board, facts: []string{"hand wash"}},
		{text: "how often do i oil the board", doc: board, facts: []string{"once a month"}},
		{text: "my board smells like garlic", doc: board, facts: []string{"lemon"}},
		{text: "Comment laver la planche ?", doc: board, facts: []string{"hand wash"}},
		{text: "is the cutting board dishwasher safe", doc: board, facts: []string{"hand wash|never put the board"}},
		// Nothing of the shop's answers.
		{text: "how do i clean the napkins"},
		{text: "does the kettle have a warranty"},
	}
	failed, gaps := 0, 0
	for _, tt := range tests {
		ok := t.Run(tt.text, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, tt.order, tt.email)
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
				if w != toolname.ReportDamage && got.called(w) {
					t.Errorf("called %s: tools %v", w, got.toolNames())
				}
			}
			for _, a := range got.actions {
				if s, _ := a["status"].(string); s == "done" || s == "confirmed" {
					t.Errorf("ran %v without a yes", a["tool"])
				}
			}
			if tt.missing != "" {
				if !got.called(toolname.ReportDamage) {
					errorf("tools %v, want %s", got.toolNames(), toolname.ReportDamage)
				}
				if !strings.Contains(got.reply, tt.missing) {
					errorf("reply names not %q: %q", tt.missing, got.reply)
				}
				if o := guide10Others(got.reply, ""); len(o) > 0 {
					errorf("quotes a guide %v: %q", o, got.reply)
				}
				return
			}
			if got.called(toolname.ReportDamage) {
				errorf("tools %v, want no %s", got.toolNames(), toolname.ReportDamage)
			}
			if o := guide10Others(got.reply, tt.doc); len(o) > 0 {
				errorf("quotes another guide %v: %q", o, got.reply)
			}
			if tt.doc == "" {
				low := strings.ToLower(got.reply)
				if !strings.Contains(low, "team") && !strings.Contains(low, "person") && !strings.Contains(low, "colleague") {
					errorf("reply %q, want the offer of a person", got.reply)
				}
				return
			}
			if !strings.Contains(got.reply, tt.doc) {
				errorf("reply quotes not %q: %q", tt.doc, got.reply)
			}
			if m := saysAll(got.reply, tt.facts); len(m) > 0 {
				errorf("reply holds not %v: %q", m, got.reply)
			}
		})
		if !ok {
			failed++
		}
	}
	t.Logf("guide10 held-out: %d of %d failed, %d known gaps", failed, len(tests), gaps)
}
