package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// g16case is one held-out case of guide16 (issue 18, two no-context
// trials of `make dev`): a product or policy question answered from the
// wrong passage of the right guide, or a nearby question answered instead
// ("dishwasher safe?" met the stain passage, "other colours?" the storage
// passage, "a bigger size?" a scent's stock, "do you ship to France?" the
// order's status, a damage report with no intent word the return policy).
// Judged by outcome: the passage quoted (a fact only it holds is in the
// reply, the wrong passage's is not), the tool called, nothing proposed
// for a question. Written before reading the model's code.
type g16case struct {
	name         string
	order, email string
	before       []string // said first
	text         string
	tool         string     // a tool this turn calls ("a|b": either)
	notTools     []string   // tools this turn must not call
	doc          string     // the guide whose passage comes first
	orDoc        string     // with doc empty: this guide may be quoted, no other (an honest no otherwise)
	facts        []string   // the reply gives each ("a|b": either), case folded
	unsaid       []string   // the reply holds none of these, case folded
	mentions     [][]string // each group: the reply holds one of them, case folded
	damage       bool       // a damage report: report_damage is the write this turn may call
	gap          string     // a known miss, with why: logged, counted, failing once it passes
}

func TestGuide16HeldOut(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"      // #1007 skillet, delivered
		priya  = "priya.natarajan@example.com"  // #1002 throw
		daniel = "daniel.reyes@example.com"     // #1003 skillet + cedar candle, in transit
		tom    = "tom.becker@example.com"       // #1004 2 charcoal mugs + board
		grace  = "grace.liu@example.com"        // #1005 throw + 2 fig candles
		samuel = "samuel.whitfield@example.com" // #1006 kit + 2 sea glass mugs, delivered
		elena  = "elena.petrova@example.com"    // #1011 kit delivered, candles in transit
	)
	const (
		kit    = "Pour-Over Coffee Kit"
		mug    = "Harbor Stoneware Mug"
		candle = "Beeswax Pillar Candle"
		skill  = "Cast-Iron Skillet"
		throw  = "Stonewashed Linen Throw"
		board  = "Olivewood Serving Board"
		faq    = "Shipping and returns FAQ"
	)
	person := []string{"team", "person", "colleague"}
	returnPolicy := []string{"30 days of delivery", "original packaging"}
	noDocs := []string{toolname.SearchDocs}
	cases := []g16case{
		// A: care and use: the passage that answers, not its neighbour.
		{name: "mug dishwasher or hand wash", text: "mugs ok in the dishwasher or hand wash only?", doc: mug,
			facts: []string{"dishwasher safe|top rack"}, unsaid: []string{"baking soda", "400°f"}},
		{name: "mug micro reheat", text: "can i pop the mug in the micro to reheat my tea", doc: mug,
			facts: []string{"2 minutes"}, unsaid: []string{"baking soda", "400°f"}},
		{name: "mug oven warm", text: "will the mug survive the oven? want to warm it up", doc: mug,
			facts: []string{"400°f|200°c"}, unsaid: []string{"baking soda", "2 minutes"}},
		{name: "mug freezer", text: "is it ok to keep the mug in the freezer", doc: mug,
			facts: []string{"freezer"}, unsaid: []string{"baking soda", "crazing"}},
		{name: "skillet oven how hot", text: "how hot can the skillet go in the oven", doc: skill,
			facts: []string{"500°f|260°c"}, unsaid: []string{"steel wool", "kosher salt"}},
		{name: "skillet dishwasher typo", text: "skillet in dishwsher ok?", doc: skill,
			facts: []string{"dishwasher"}, unsaid: []string{"steel wool", "500°f", "induction"}},
		{name: "throw wash temp", text: "what temp should i wash the linen blanket at", doc: throw,
			facts: []string{"86°f|30°c"}, unsaid: []string{"ventilated", "medium-hot"}},
		{name: "throw store summer", text: "how do i store the throw over the summer", doc: throw,
			facts: []string{"ventilated|plastic bags"}, unsaid: []string{"86°f", "tumble"}},
		{name: "throw tumble dry", text: "can the throw go in the tumble dryer", doc: throw,
			facts: []string{"low heat|slightly damp"}, unsaid: []string{"ventilated", "bleach"}},
		{name: "throw iron", text: "do i need to iron the linen one", doc: throw,
			facts: []string{"reverse side|linen setting"}, unsaid: []string{"ventilated", "86°f"}},
		{name: "board oil best way", text: "whats the best way to oil the olive wood board", doc: board,
			facts: []string{"mineral oil"}, unsaid: []string{"half a lemon", "220 grit"}},
		{name: "board garlic smell", text: "the board smells of garlic now, any fix?", doc: board,
			facts: []string{"lemon"}, unsaid: []string{"mineral oil", "220 grit"}},
		{name: "board dishwasher typo", text: "can i put the serving bord in the dishwaher", doc: board,
			facts: []string{"swell|warp|hand wash"}, unsaid: []string{"mineral oil", "half a lemon"}},
		{name: "carafe on the stove", text: "can the glass carafe go on the stove", doc: kit,
			facts: []string{"stovetop"}, unsaid: []string{"medium-fine", "1:16"}},
		{name: "dripper dishwasher", text: "is the ceramic dripper dishwasher safe", doc: kit,
			facts: []string{"top rack|dishwasher safe"}, unsaid: []string{"medium-fine", "12 fl oz", "baking soda"}},
		{name: "candles store", text: "best way to store the candles i'm not using yet?", doc: candle,
			facts: []string{"cool, dark|sunlight"}, unsaid: []string{"1/4 inch", "4 hours"}},
		{name: "es mug microwave", text: "puedo calentar la taza en el microondas?", doc: mug,
			facts: []string{"2 minutes|microwave safe"}, unsaid: []string{"baking soda"}},
		{name: "de throw wash", text: "bei wie viel grad kann ich die leinendecke waschen", doc: throw,
			facts: []string{"86°f|30°c"}, unsaid: []string{"ventilated"}},
		{name: "fr board dishwasher", text: "la planche en bois passe au lave-vaisselle ?", doc: board,
			facts: []string{"swell|warp|hand wash"}, unsaid: []string{"mineral oil", "half a lemon"}},

		// B: colours and sizes offered: the product's options, the guide's
		// colour or size passage, or an honest no and a person.
		{name: "mug colours unverified", text: "what colours does the mug come in", doc: mug,
			facts: []string{"charcoal", "sea glass"}, unsaid: []string{"baking soda", "400°f"}},
		{name: "candle scents unverified", text: "which scents are the candles available in", doc: candle,
			facts: []string{"cedar", "fig"}, unsaid: []string{"1/4 inch", "cool, dark"}},
		{name: "board sizes unverified", text: "what sizes does the olive board come in", doc: board,
			facts: []string{"large"}, unsaid: []string{"mineral oil", "half a lemon"}},
		{name: "es mug colours", text: "la taza viene en otros colores?", doc: mug,
			facts: []string{"charcoal", "sea glass"}, unsaid: []string{"baking soda"}},
		{name: "throw other colours unverified", text: "does the throw come in any other colors?", orDoc: throw,
			mentions: [][]string{person}, unsaid: []string{"ventilated", "86°f", "blot"}},
		// #1002 and #1005 have not arrived: item_options is not offered, and the guide lists no colours.
		{name: "throw other colours verified", order: "#1002", email: priya, text: "does this blanket come in other colours",
			orDoc: throw, mentions: [][]string{person}, unsaid: []string{"ventilated", "86°f", "blot"}, gap: "a colour asked of an order's own item is left to the variant steps (variant15, fresh7b, multi13 read the next turn from their answer), which quote a guide here"},
		{name: "de throw colours verified", order: "#1005", email: grace, text: "gibt es die Decke auch in anderen Farben?",
			orDoc: throw, mentions: [][]string{person}, unsaid: []string{"ventilated", "86°f", "fedex"}},
		{name: "mugs other glaze verified", order: "#1006", email: samuel, text: "any other glaze colours for these mugs?",
			tool: toolname.ItemOptions, facts: []string{"charcoal"}, unsaid: []string{"baking soda", "crazing"}, gap: "a colour asked of an order's own item is left to the variant steps (variant15, fresh7b, multi13 read the next turn from their answer), which quote a guide here"},
		{name: "mugs bigger verified", order: "#1006", email: samuel, text: "do the mugs come bigger? 12oz is a bit small for me",
			tool: toolname.ItemOptions, facts: []string{"16 oz"}, unsaid: []string{"baking soda", "capacity"}},
		// #1007's return window has closed: item_options is not offered; the guide states one size.
		{name: "skillet bigger past window", order: "#1007", email: maya, text: "is there a bigger version of the skillet",
			orDoc: skill, mentions: [][]string{person}, unsaid: []string{"steel wool", "500°f", "you got"}},
		{name: "kit other wood verified", order: "#1006", email: samuel, text: "does the coffe kit come in another wood?",
			tool: toolname.ItemOptions, facts: []string{"oak"}, unsaid: []string{"medium-fine", "descale"}},
		{name: "candle larger size", order: "#1005", email: grace, text: "do u do the candles in a larger size",
			mentions: [][]string{append([]string{"3 in", "7.5 cm"}, person...)}, unsaid: []string{"in stock", "1/4 inch", "fedex"}},
		{name: "skillet bigger unverified", text: "do you sell the skillet in a bigger size", orDoc: skill,
			mentions: [][]string{append([]string{"10-inch", "10 inch", "10.25"}, person...)}, unsaid: []string{"steel wool", "kosher salt", "500°f"}}, // first written with "flaxseed oil" unsaid: the intro that states the size names it

		// C: shipping countries and costs, any language, with or without an order.
		{name: "shipping cost en", text: "how much do you charge for shipping", doc: faq,
			facts: []string{"$7.95"}, unsaid: returnPolicy},
		{name: "shipping free threshold", text: "when is shipping free", doc: faq,
			facts: []string{"$75"}, unsaid: returnPolicy},
		{name: "deliver australia", text: "do you deliver to australia", doc: faq,
			facts: []string{"united states"}, unsaid: returnPolicy},
		{name: "es cost", text: "cuanto cuesta el envio?", doc: faq,
			facts: []string{"7.95|7,95"}, unsaid: returnPolicy},
		{name: "es mexico no accents", text: "envian a mexico", doc: faq,
			facts: []string{"united states|estados unidos"}, unsaid: returnPolicy},
		{name: "de austria", text: "Liefert ihr auch nach Österreich?", doc: faq,
			facts: []string{"united states|usa"}, unsaid: returnPolicy},
		{name: "de cost germany", text: "was kostet der versand nach deutschland", doc: faq,
			facts: []string{"united states|usa"}, unsaid: returnPolicy},
		{name: "fr belgium", text: "vous expédiez en Belgique ?", doc: faq,
			facts: []string{"united states|états-unis"}, unsaid: returnPolicy},
		{name: "fr shipping cost", text: "les frais de port c'est combien ?", doc: faq,
			facts: []string{"7.95|7,95"}, unsaid: returnPolicy},
		{name: "fr switzerland verified", order: "#1003", email: daniel, text: "Vous livrez en Suisse aussi ?", doc: faq,
			facts: []string{"united states|états-unis"}, notTools: []string{toolname.TrackOrder}, unsaid: []string{"in transit"}},
		{name: "de ship verified", order: "#1004", email: tom, text: "schickt ihr auch in die Schweiz?", doc: faq,
			facts: []string{"united states|usa"}, notTools: []string{toolname.TrackOrder}, unsaid: []string{"out for delivery"}},

		// D: a damage report with no intent word: the damage path, not the return policy.
		{name: "carafe in pieces", order: "#1006", email: samuel, text: "carafe was in pieces when i opened the box",
			tool: toolname.ReportDamage, damage: true, notTools: noDocs, unsaid: returnPolicy},
		{name: "mug handle snapped", order: "#1006", email: samuel, text: "handle of one mug snapped off in the box",
			tool: toolname.ReportDamage, damage: true, notTools: noDocs, unsaid: returnPolicy},
		// #1007's window has closed: a person, not the return policy (first written wanting report_damage).
		{name: "skillet dented past window", order: "#1007", email: maya, text: "skillet has a big dent in it, just unboxed",
			damage: true, notTools: noDocs, mentions: [][]string{person}, unsaid: returnPolicy},
		{name: "collar split", order: "#1006", email: samuel, text: "wooden collar on the dripper came split",
			tool: toolname.ReportDamage, damage: true, notTools: noDocs, unsaid: returnPolicy},
		{name: "mug craked typo", order: "#1006", email: samuel, text: "got my mugs, one is craked",
			tool: toolname.ReportDamage, damage: true, notTools: noDocs, unsaid: returnPolicy},
		{name: "dripper cracked in transit", order: "#1006", email: samuel, text: "dripper cracked in transit",
			tool: toolname.ReportDamage, damage: true, notTools: noDocs, unsaid: returnPolicy},
		{name: "damage unverified", text: "my mug turned up scuffed and chipped",
			damage: true, mentions: [][]string{{"order"}}, unsaid: returnPolicy},

		// E: mid-conversation: the passage asked, not the order's status.
		{name: "oven after tracking", order: "#1006", email: samuel, before: []string{"where is my order"},
			text: "and can the mugs go in the oven?", doc: mug, facts: []string{"400°f|200°c"}, unsaid: []string{"baking soda", "delivered"}},
		{name: "tumble after tracking", order: "#1005", email: grace, before: []string{"where's my stuff"},
			text: "also can the blanket be tumble dried", doc: throw, facts: []string{"low heat|slightly damp"}, unsaid: []string{"fedex", "ventilated"}},
	}
	failed, gaps := 0, 0
	for _, tt := range cases {
		ok := t.Run(tt.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, tt.order, tt.email)
			for _, b := range tt.before {
				c.say(b)
			}
			got := c.say(tt.text)
			errorf := t.Errorf
			if tt.gap != "" {
				missed := false
				errorf = func(format string, args ...any) { missed = true; t.Logf("known gap ("+tt.gap+"): "+format, args...) }
				defer func() {
					if missed {
						gaps++
					} else {
						t.Errorf("a known gap passes now: take off its gap mark")
					}
				}()
			}
			guide16Check(got, tt, errorf)
		})
		if !ok {
			failed++
		}
	}
	t.Logf("guide16 held-out: %d of %d failed, %d known gaps", failed, len(cases), gaps)
}

// guide16Check reports through errorf every way got misses tt.
func guide16Check(got turnOut, tt g16case, errorf func(string, ...any)) {
	low := strings.ToLower(got.reply)
	if tt.tool != "" {
		ok := false
		for _, alt := range strings.Split(tt.tool, "|") {
			ok = ok || got.called(alt)
		}
		if !ok {
			errorf("tools %v, want %s", got.toolNames(), tt.tool)
		}
	}
	for _, n := range tt.notTools {
		if got.called(n) {
			errorf("called %s: tools %v", n, got.toolNames())
		}
	}
	for _, w := range writeTools {
		if tt.damage && w == toolname.ReportDamage {
			continue
		}
		if got.called(w) {
			errorf("called %s: tools %v", w, got.toolNames())
		}
	}
	if p := got.proposed(); p != "" && !(tt.damage && strings.HasPrefix(p, toolname.ReportDamage+":")) {
		errorf("proposed %s to a question (actions %v)", p, got.actions)
	}
	switch {
	case tt.doc != "":
		if o := guide10Others(got.reply, tt.doc); len(o) > 0 {
			errorf("quotes another guide %v: %q", o, got.reply)
		}
		if d := passageDocs(got.reply); len(d) == 0 || d[0] != tt.doc {
			errorf("passages %v, want first %q: %q", d, tt.doc, got.reply)
		}
	case tt.orDoc != "":
		if o := guide10Others(got.reply, tt.orDoc); len(o) > 0 {
			errorf("quotes another guide %v: %q", o, got.reply)
		}
	case tt.damage:
		if d := passageDocs(got.reply); len(d) > 0 {
			errorf("a damage report quotes guides %v: %q", d, got.reply)
		}
	}
	if m := saysAll(got.reply, tt.facts); len(m) > 0 {
		errorf("reply holds not %v: %q", m, got.reply)
	}
	for _, g := range tt.mentions {
		if m := saysAll(got.reply, []string{strings.Join(g, "|")}); len(m) > 0 {
			errorf("reply holds none of %v: %q", g, got.reply)
		}
	}
	for _, u := range tt.unsaid {
		if strings.Contains(low, strings.ToLower(u)) {
			errorf("reply holds %q: %q", u, got.reply)
		}
	}
}
