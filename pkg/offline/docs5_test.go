package offline_test

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// docs5Stack is demoStack with no limit on chat requests a minute: one
// shop for many conversations that write nothing.
func docs5Stack(t *testing.T) (string, *toolLog) {
	t.Helper()
	log := &toolLog{}
	guides, err := docs.LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Start: demoStart, Shop: "demo-shop.myshopify.com", WebhookSecret: "s", ClientLimit: -1,
		Demo: events.DemoOrders(), Model: log, Docs: docs.NewLibrary(guides), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, log
}

// quoteHeadRe finds the "(Title – subtitle, Section):" head of each
// passage a docs reply quotes.
var quoteHeadRe = regexp.MustCompile(`\(([^()\n]+)\):`)

// passageDocs are the demo documents whose passages a reply quotes, one
// entry a passage.
func passageDocs(reply string) []string {
	var out []string
	for _, m := range quoteHeadRe.FindAllStringSubmatch(reply, -1) {
		for _, d := range docTitles {
			if strings.HasPrefix(m[1], d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// saysAll is whether reply holds each fact ("a|b": either), any case.
func saysAll(reply string, facts []string) []string {
	var missing []string
	low := strings.ToLower(reply)
	for _, f := range facts {
		found := false
		for _, alt := range strings.Split(f, "|") {
			found = found || strings.Contains(low, strings.ToLower(alt))
		}
		if !found {
			missing = append(missing, f)
		}
	}
	return missing
}

// Held-out phrasings for the docs answers of a single question and for
// follow-ups read from the conversation (issue 18, a no-context trial),
// written before the code that answers them. Judged by outcome: which
// guide's passages the reply quotes (the product named decides; a passage
// of another product's guide is no answer), the fact it gives, a question
// back where the customer's "it" could be either item, a status reply with
// no docs tail, and no write called.
func TestDocs5HeldOut(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"      // #1001 coffee kit + filters (unshipped)
		priya  = "priya.natarajan@example.com"  // #1002 linen throw (label printed)
		daniel = "daniel.reyes@example.com"     // #1003 skillet + candle (in transit); #1008 throw
		tom    = "tom.becker@example.com"       // #1004 mug + board (out for delivery)
		grace  = "grace.liu@example.com"        // #1005 throw + candle
		samuel = "samuel.whitfield@example.com" // #1006 coffee kit + mug (delivered)
	)
	const (
		board  = "Olivewood Serving Board"
		kit    = "Pour-Over Coffee Kit"
		mug    = "Harbor Stoneware Mug"
		skill  = "Cast-Iron Skillet"
		candle = "Beeswax Pillar Candle"
		throw  = "Stonewashed Linen Throw"
		faq    = "Shipping and returns FAQ"
	)
	const (
		track1003 = "1Z9HH4870345612786"
		track1004 = "9400111899561122334455"
	)
	type tcase struct {
		class        string // the trial's problem it is a phrasing of
		order, email string
		before       []string
		text         string
		// docs: every passage quoted is of one of these guides ("a|b"), and
		// at least one is quoted. Empty: no passage may be quoted.
		docs  string
		facts []string // the reply gives each ("a|b": either)
		not   []string // the reply says none of these
		// ask: a question back (which item), or the guide of docs when set.
		ask bool
		// status: track_order ran (or the order's given facts answered).
		status bool
	}
	// An answer found says it found none for no part of the question.
	never := []string{"couldn't find"}
	tests := []tcase{
		// 1. The product named (any language) decides whose guide.
		{class: "product", order: "#1004", email: tom, text: "Wie reinige ich das Holzbrett?", docs: board, facts: []string{"hand wash"}},
		{class: "product", order: "#1004", email: tom, text: "wie wasche ich das brett?", docs: board, facts: []string{"hand wash"}},
		{class: "product", order: "#1004", email: tom, text: "how do i clean the board after cutting bread", docs: board, facts: []string{"hand wash"}},
		{class: "product", order: "#1004", email: tom, text: "can the board go in the dishwasher?", docs: board, facts: []string{"dishwasher"}},
		{class: "product", order: "#1004", email: tom, text: "Comment laver la planche ?", docs: board, facts: []string{"hand wash"}},
		{class: "product", order: "#1004", email: tom, text: "¿Cómo limpio la tabla de madera?", docs: board, facts: []string{"hand wash"}},
		{class: "product", order: "#1004", email: tom, text: "how do I wash my serving bord", docs: board, facts: []string{"hand wash"}},
		{class: "product", order: "#1006", email: samuel, text: "Comment nettoyer la cafetière ? Elle va au lave-vaisselle ?", docs: kit, facts: []string{"dishwasher safe"}},
		{class: "product", order: "#1006", email: samuel, text: "can the coffee kit go in the dishwasher?", docs: kit, facts: []string{"dishwasher"}},
		{class: "product", order: "#1006", email: samuel, text: "¿La cafetera se puede lavar en el lavavajillas?", docs: kit, facts: []string{"dishwasher"}},
		{class: "product", order: "#1006", email: samuel, text: "Kann der Kaffeebereiter in die Spülmaschine?", docs: kit, facts: []string{"dishwasher"}},
		{class: "product", order: "#1006", email: samuel, text: "how do i clean the pourover dripper", docs: kit, facts: []string{"dishwasher"}},
		{class: "product", order: "#1006", email: samuel, text: "is the carafe dishwasher safe", docs: kit, facts: []string{"dishwasher safe"}},
		{class: "product", order: "#1006", email: samuel, text: "how do I clean the mug?", docs: mug, facts: []string{"baking soda|dishwasher"}},
		{class: "product", order: "#1003", email: daniel, text: "how do i clean the skillet", docs: skill, facts: []string{"scrape|brush"}},
		{class: "product", order: "#1003", email: daniel, text: "Wie reinige ich die Pfanne?", docs: skill, facts: []string{"scrape|brush"}},
		{class: "product", order: "#1004", email: tom, text: "Wie reinige ich die Tasse?", docs: mug, facts: []string{"baking soda|dishwasher"}},
		{class: "product", order: "#1001", email: maya, text: "Comment nettoyer la cafetière ?", docs: kit, facts: []string{"dishwasher"}},
		{class: "product", order: "#1005", email: grace, text: "Comment laver le plaid ?", docs: throw, facts: []string{"30°C|86°F"}},
		{class: "product", order: "#1003", email: daniel, text: "how do I clean the olive wood board?", docs: board, facts: []string{"hand wash"}},

		// 2. A greeting before the question hides nothing.
		{class: "greeting", text: "hi, is the olive wood board ok to cut raw meat on", docs: board, facts: []string{"light slicing"}},
		{class: "greeting", order: "#1004", email: tom, text: "hi, is the olive wood board ok to cut raw meat on", docs: board, facts: []string{"light slicing"}},
		{class: "greeting", order: "#1003", email: daniel, text: "hi, is it ok to cut raw meat on the board", docs: board, facts: []string{"light slicing"}, not: []string{"damaged"}},
		{class: "greeting", order: "#1003", email: daniel, text: "hey is it ok to use metal utensils on it", ask: true},
		{class: "greeting", order: "#1003", email: daniel, text: "hello! can the skillet go in the oven?", docs: skill, facts: []string{"500°F"}},
		{class: "greeting", order: "#1004", email: tom, text: "hey there, how often do i oil the board", docs: board, facts: []string{"once a month"}},
		{class: "greeting", order: "#1005", email: grace, text: "Hi :) does the candle wick need trimming?", docs: candle, facts: []string{"1/4 inch"}},
		{class: "greeting", order: "#1004", email: tom, text: "good morning, is the mug microwave safe?", docs: mug, facts: []string{"microwave safe"}},
		{class: "greeting", order: "#1006", email: samuel, text: "hiya. what grind for the coffee kit?", docs: kit, facts: []string{"medium-fine"}},
		{class: "greeting", order: "#1004", email: tom, text: "Bonjour, la tasse va au micro-ondes ?", docs: mug, facts: []string{"microwave"}},
		{class: "greeting", order: "#1003", email: daniel, text: "hola, ¿la sartén va al horno?", docs: skill, facts: []string{"500°F"}},
		{class: "greeting", order: "#1004", email: tom, text: "hi there!! is the board ok for cutting raw chicken", docs: board, facts: []string{"light slicing"}},
		{class: "greeting", order: "#1002", email: priya, text: "hey, quick question - can I wash the throw in hot water?", docs: throw, facts: []string{"86°F|30°C"}},
		{class: "greeting", order: "#1003", email: daniel, text: "hi, thanks. is it ok to put the board in the dishwasher", docs: board, facts: []string{"dishwasher"}, not: []string{"damaged"}},
		{class: "greeting", order: "#1005", email: grace, text: "hello, is it normal that the candle has white stuff on top?", docs: candle, facts: []string{"bloom"}},
		{class: "greeting", order: "#1003", email: daniel, text: "hey is it ok to put it in the oven", ask: true, docs: skill},
		{class: "greeting", order: "#1004", email: tom, text: "hi! can i put it in the dishwasher", ask: true, docs: mug + "|" + board},
		{class: "greeting", order: "#1003", email: daniel, text: "hey whats the best way to clean it", ask: true, docs: skill},

		// 3. The section that answers, and a status question gets no docs.
		{class: "section", order: "#1005", email: grace, before: []string{"how do i trim the candle wick?"}, text: "and how long does one burn?", docs: candle, facts: []string{"60 hours"}},
		{class: "section", order: "#1005", email: grace, text: "how long does a candle last in total?", docs: candle, facts: []string{"60 hours"}},
		{class: "section", order: "#1003", email: daniel, text: "how many hours of burn time do i get from one candle", docs: candle, facts: []string{"60 hours"}},
		{class: "section", order: "#1003", email: daniel, text: "whats the total burn time of the pillar candle", docs: candle, facts: []string{"60 hours"}},
		{class: "section", order: "#1005", email: grace, text: "how long can I burn the candle at one time?", docs: candle, facts: []string{"4 hours"}},
		{class: "section", order: "#1006", email: samuel, text: "what water temp for the coffee kit?", docs: kit, facts: []string{"200–205°F|93–96°C"}},
		{class: "section", order: "#1006", email: samuel, text: "how hot should the water be for the pour over", docs: kit, facts: []string{"200–205°F|93–96°C"}},
		{class: "section", order: "#1006", email: samuel, text: "what temperature water do i use with the dripper", docs: kit, facts: []string{"200–205°F|93–96°C"}},
		{class: "section", order: "#1006", email: samuel, text: "¿A qué temperatura debe estar el agua para la cafetera?", docs: kit, facts: []string{"200–205°F|93–96°C"}},
		{class: "section", order: "#1006", email: samuel, text: "Welche Wassertemperatur für den Kaffeebereiter?", docs: kit, facts: []string{"200–205°F|93–96°C"}},
		{class: "section", order: "#1006", email: samuel, text: "how long should the brew take with the kit", docs: kit, facts: []string{"3 to 4 minutes"}},
		{class: "section", order: "#1006", email: samuel, text: "how many grams of coffee for two cups", docs: kit, facts: []string{"30 g"}},
		{class: "section", order: "#1003", email: daniel, text: "whats the max oven temp for the skillet", docs: skill, facts: []string{"500°F"}},
		{class: "section", order: "#1004", email: tom, text: "how hot can the mug go in the oven", docs: mug, facts: []string{"400°F"}},
		{class: "section", order: "#1002", email: priya, text: "what temperature do i wash the throw at", docs: throw, facts: []string{"86°F"}},
		{class: "section", order: "#1003", email: daniel, text: "¿Dónde está mi pedido? Lo pedí hace días", status: true, facts: []string{track1003}},
		{class: "section", order: "#1003", email: daniel, text: "Wo ist meine Bestellung? Ich habe sie vor Tagen bestellt", status: true, facts: []string{track1003}},
		{class: "section", order: "#1003", email: daniel, text: "Où est ma commande ? Je l'ai commandée il y a une semaine", status: true, facts: []string{track1003}},
		{class: "section", order: "#1003", email: daniel, text: "where's my order? i ordered it days ago", status: true, facts: []string{track1003}},
		{class: "section", order: "#1004", email: tom, text: "hi, wheres my package, i ordered it last week and still nothing", status: true, facts: []string{track1004}},

		// 4. Follow-ups read from the previous turn.
		{class: "followup", order: "#1004", email: tom, before: []string{"where is my order?"}, text: "what time roughly", facts: []string{"today", track1004 + "|usps.com"}},
		{class: "followup", order: "#1004", email: tom, before: []string{"where's my parcel"}, text: "roughly what time will it come?", facts: []string{"today", track1004 + "|usps.com"}},
		{class: "followup", order: "#1004", email: tom, before: []string{"is it out for delivery?"}, text: "any idea what time?", facts: []string{"today", track1004 + "|usps.com"}},
		{class: "followup", before: []string{"do you ship to PO boxes?"}, text: "what about the UK?", docs: faq, facts: []string{"outside the United States"}},
		{class: "followup", before: []string{"can you ship to a po box"}, text: "and canada?", docs: faq, facts: []string{"outside the United States"}},
		{class: "followup", before: []string{"do you deliver to APO addresses?"}, text: "what about mexico", docs: faq, facts: []string{"outside the United States"}},
		{class: "followup", order: "#1006", email: samuel, before: []string{"what grind should I use for the coffee kit?"}, text: "and water temp?", docs: kit, facts: []string{"200–205°F|93–96°C"}},
		{class: "followup", order: "#1006", email: samuel, before: []string{"what grind for the pour over?"}, text: "how hot should the water be?", docs: kit, facts: []string{"200–205°F|93–96°C"}},
		{class: "followup", order: "#1006", email: samuel, before: []string{"what's the coffee to water ratio for the kit?"}, text: "and the grind?", docs: kit, facts: []string{"medium-fine"}},
		{class: "followup", order: "#1005", email: grace, before: []string{"how do i trim the candle wick?"}, text: "and how long should the first burn be?", docs: candle, facts: []string{"memory|3 hours"}},
		{class: "followup", order: "#1003", email: daniel, before: []string{"what's my tracking number?"}, text: "can you email me that?", facts: []string{track1003, "email"}},
		{class: "followup", order: "#1003", email: daniel, before: []string{"tracking number please"}, text: "could you send it to my email?", facts: []string{track1003, "email"}},
		{class: "followup", order: "#1003", email: daniel, before: []string{"where is my order?"}, text: "can u email me the tracking link", facts: []string{track1003 + "|ups.com", "email"}},
		{class: "followup", order: "#1004", email: tom, before: []string{"how do I oil the board?"}, text: "and how often?", docs: board, facts: []string{"once a month"}},
		{class: "followup", order: "#1003", email: daniel, before: []string{"how do i season the skillet?"}, text: "what oven temp?", docs: skill, facts: []string{"450°F"}},
		{class: "followup", order: "#1004", email: tom, before: []string{"is the mug dishwasher safe?"}, text: "and the microwave?", docs: mug, facts: []string{"microwave safe"}},
		{class: "followup", order: "#1003", email: daniel, before: []string{"what's the tracking number?"}, text: "which carrier is that?", facts: []string{"UPS"}},
		{class: "followup", order: "#1002", email: priya, before: []string{"how do I wash the throw?"}, text: "and drying?", docs: throw, facts: []string{"low heat"}},

		// 5. Both halves answered by one passage are both answered.
		{class: "both", text: "how much is shipping and is it free over some amount?", docs: faq, facts: []string{"$7.95", "$75"}},
		{class: "both", text: "what does shipping cost, and do you do free shipping?", docs: faq, facts: []string{"$7.95", "$75"}},
		{class: "both", text: "how much for delivery and is there a free shipping threshold", docs: faq, facts: []string{"$7.95", "$75"}},
		{class: "both", text: "shipping price? free above a certain total?", docs: faq, facts: []string{"$7.95", "$75"}},
		{class: "both", text: "how long does delivery take and which carriers do you use?", docs: faq, facts: []string{"3 to 7", "UPS"}},
		{class: "both", text: "do you ship to canada and how much does it cost?", docs: faq, facts: []string{"outside the United States", "$7.95"}},
		{class: "both", text: "how long do I have to return and do I get my money back on my card?", docs: faq, facts: []string{"30 days", "original payment method"}},
		{class: "both", text: "do you gift wrap and how much is it?", docs: faq, facts: []string{"$5"}},
		{class: "both", text: "is gift wrapping available and does the packing slip show prices?", docs: faq, facts: []string{"$5", "no prices"}},
		{class: "both", text: "can I return a burned candle, and what if it's faulty?", docs: faq, facts: []string{"faulty"}},
		{class: "both", order: "#1006", email: samuel, text: "what size filters does the dripper take and do yours fit?", docs: kit, facts: []string{"size 02", "fit exactly"}},
		{class: "both", order: "#1004", email: tom, text: "is the mug dishwasher safe and can it go in the microwave?", docs: mug, facts: []string{"dishwasher safe", "microwave safe"}},
		{class: "both", order: "#1006", email: samuel, text: "how much coffee per cup and how much water?", docs: kit, facts: []string{"20 g", "320 g"}},
		{class: "both", order: "#1005", email: grace, text: "how long should i burn the candle and how long to let it cool?", docs: candle, facts: []string{"4 hours", "2 hours"}},
		{class: "both", text: "whats the cost of standard shipping, and how long does it take?", docs: faq, facts: []string{"$7.95", "3 to 7"}},
		{class: "both", text: "when will i get my refund and how long till it shows on my card", docs: faq, facts: []string{"2 business days", "5 to 10"}},
	}
	for i, tt := range tests {
		// How to use a thing is no fault: no offer to report damage
		// (only "is it normal that..." asks whether it is one).
		if tt.class == "greeting" && !strings.Contains(tt.text, "normal") {
			tests[i].not = append(tests[i].not, "damaged")
		}
	}
	// gaps are the phrasings still answered wrong (README, Known gaps):
	// logged and counted, never passing; one that passes must lose its mark.
	gaps := map[string]bool{
		"Comment nettoyer la cafetière ? Elle va au lave-vaisselle ?": true,
		"hola, ¿la sartén va al horno?":                               true,
		"hey, quick question - can I wash the throw in hot water?":    true,
		"how many hours of burn time do i get from one candle":        true,
		"what temperature water do i use with the dripper":            true,
		"Welche Wassertemperatur für den Kaffeebereiter?":             true,
		"and how often?": true,
		"what size filters does the dripper take and do yours fit?": true,
	}
	base, log := docs5Stack(t)
	failed, gapped := map[string]int{}, map[string]int{}
	total := map[string]int{}
	for _, tt := range tests {
		total[tt.class]++
		ok := t.Run(tt.class+"/"+tt.text, func(t *testing.T) {
			c := chat(t, base, log, tt.order, tt.email)
			for _, s := range tt.before {
				c.say(s)
			}
			got := c.say(tt.text)
			errorf, missed := t.Errorf, false
			if gaps[tt.text] {
				errorf = func(format string, args ...any) { missed = true; t.Logf("known gap: "+format, args...) }
				defer func() {
					if missed {
						gapped[tt.class]++
					} else {
						t.Errorf("a known gap passes now: take off its mark")
					}
				}()
			}
			defer func() {
				if t.Failed() || missed {
					for _, u := range got.tools {
						t.Logf("  %s %s", u.Name, u.Input)
					}
				}
			}()
			for _, w := range writeTools {
				if got.called(w) {
					errorf("called %s: tools %v", w, got.toolNames())
				}
			}
			if m := saysAll(got.reply, tt.facts); len(m) > 0 && !tt.ask {
				errorf("reply %q, want it to say %q", got.reply, m)
			}
			low := strings.ToLower(got.reply)
			not := tt.not
			if !tt.ask {
				not = append(not, never...)
			}
			for _, s := range not {
				if strings.Contains(low, strings.ToLower(s)) {
					errorf("reply %q, want it not to say %q", got.reply, s)
				}
			}
			quoted := passageDocs(got.reply)
			allowed := strings.Split(tt.docs, "|")
			fromAllowed := len(quoted) > 0
			for _, q := range quoted {
				if !strings.Contains("|"+tt.docs+"|", "|"+q+"|") {
					fromAllowed = false
				}
			}
			switch {
			case tt.ask:
				asked := len(quoted) == 0 && strings.Contains(got.reply, "?") &&
					!strings.Contains(got.reply, track1003) && !strings.Contains(got.reply, track1004)
				if !asked && !(tt.docs != "" && fromAllowed) {
					errorf("reply %q, want a question which item (or a passage of %v)", got.reply, allowed)
				}
			case tt.docs == "":
				if len(quoted) > 0 {
					errorf("quoted %v, want no passage: %q", quoted, got.reply)
				}
			default:
				if !fromAllowed {
					errorf("quoted %v, want passages of %v only: %q", quoted, allowed, got.reply)
				}
			}
			if tt.status && !got.called(toolname.TrackOrder) && !strings.Contains(got.reply, track1003) {
				errorf("tools %v, want the order's status", got.toolNames())
			}
		})
		if !ok {
			failed[tt.class]++
		}
	}
	for _, c := range []string{"product", "greeting", "section", "followup", "both"} {
		t.Logf("docs5 held-out %s: %d of %d failed, %d of them known gaps", c, failed[c]+gapped[c], total[c], gapped[c])
	}
}
