package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out questions the shop's docs answer (or are silent on), written by
// a new user before reading the model (issue 18, fresh7c): policies,
// product care and how-to for the order's items, questions no guide
// answers, and the same in Spanish, German and French. Judged by outcome:
// search_docs ran, the reply gives the doc's fact (a number of days, a
// temperature, a step) and quotes only the guide that holds it, or, where
// the docs are silent, quotes nothing and offers a person; no write is
// proposed either way.
func TestFresh7cDocsQuestions(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"      // #1001 coffee kit + filters (unshipped)
		daniel = "daniel.reyes@example.com"     // #1003 skillet + candle
		tom    = "tom.becker@example.com"       // #1004 mug + board
		grace  = "grace.liu@example.com"        // #1005 throw + candle
		samuel = "samuel.whitfield@example.com" // #1006 coffee kit + mug
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
	type tcase struct {
		class        string
		order, email string
		before       []string
		text         string
		doc          string   // every passage quoted is of this guide ("a|b": either)
		facts        []string // the reply gives each ("a|b": either), any case
		silent       bool     // no guide answers: nothing quoted, a person offered
	}
	tests := []tcase{
		// Returns policy.
		{class: "returns", text: "quick q whats the return window", doc: faq, facts: []string{"30 days"}},
		{class: "returns", text: "how many days do i get to send stuff back", doc: faq, facts: []string{"30 days"}},
		{class: "returns", text: "retrun policy pls", doc: faq, facts: []string{"30 days"}},
		{class: "returns", text: "is there a time limit on sending things back?", doc: faq, facts: []string{"30 days"}},
		{class: "returns", text: "do returns need to be unopened or can i send back something i tried", doc: faq, facts: []string{"unused|original packaging"}},
		{class: "returns", text: "can u return a candle u already lit once", doc: faq, facts: []string{"burned"}},
		{class: "returns", text: "what about personalized stuff, can that go back?", doc: faq, facts: []string{"personalised"}},
		{class: "returns", text: "who pays for return postage, me or you", doc: faq, facts: []string{"paid by you"}},
		{class: "returns", text: "do u guys send a prepaid return label", doc: faq, facts: []string{"prepaid"}},
		{class: "returns", text: "where do i mail returns to", doc: faq, facts: []string{"address"}},
		// Refund timing.
		{class: "refunds", text: "how long til the refund actually hits my bank", doc: faq, facts: []string{"5 to 10"}},
		{class: "refunds", text: "mailed my return back on monday, when do i see the money?", doc: faq, facts: []string{"2 business days|5 to 10"}},
		{class: "refunds", text: "does the refund go back on my card or do i get store credit", doc: faq, facts: []string{"original payment method"}},
		{class: "refunds", text: "how quickly do you process a refund once you get the return", doc: faq, facts: []string{"2 business days"}},
		// Shipping cost.
		{class: "shipcost", text: "hw much is shiping", doc: faq, facts: []string{"$7.95"}},
		{class: "shipcost", text: "is delivery free??", doc: faq, facts: []string{"$75"}},
		{class: "shipcost", text: "whats the minimum spend for free delivery", doc: faq, facts: []string{"$75"}},
		{class: "shipcost", text: "my cart is like $60, am i gonna pay for shipping", doc: faq, facts: []string{"$7.95|$75"}},
		// Shipping times.
		{class: "shiptime", text: "how many days does delivery usually take", doc: faq, facts: []string{"3 to 7"}},
		{class: "shiptime", text: "if i order today when does it leave your warehouse", doc: faq, facts: []string{"2 business days|next business day"}},
		{class: "shiptime", text: "whats the cutoff for same day dispatch", doc: faq, facts: []string{"2 pm"}},
		{class: "shiptime", text: "which courier do you guys use", doc: faq, facts: []string{"USPS|UPS|FedEx"}},
		// The guides describe standard shipping only: that, and that the
		// speed can't be changed here (misfire8), not "I don't know".
		{class: "shiptime", text: "do you offer overnight or express shipping?", doc: faq, facts: []string{"3 to 7"}},
		// Countries and address kinds.
		{class: "countries", text: "do u ship to australia", doc: faq, facts: []string{"outside the United States"}},
		{class: "countries", text: "can i get it sent to my sister in toronto", doc: faq, facts: []string{"outside the United States"}},
		{class: "countries", text: "im in the uk, can i still order from you?", doc: faq, facts: []string{"outside the United States"}},
		{class: "countries", text: "can i use a po box as the delivery address", doc: faq, facts: []string{"PO box"}},
		{class: "countries", text: "my husband is deployed, can you send to an APO address", doc: faq, facts: []string{"APO"}},
		// Exchanges: no guide covers them.
		{class: "exchanges", text: "do you do exchanges", silent: true},
		{class: "exchanges", text: "whats ur exchange policy", silent: true},
		// Damaged on arrival.
		{class: "damaged", text: "what do i do if something shows up smashed", doc: faq, facts: []string{"photo"}},
		{class: "damaged", text: "if it arrives broken do i have to ship the broken one back", doc: faq, facts: []string{"don't need to send"}},
		{class: "damaged", text: "what do you need from me if an item arrives cracked", doc: faq, facts: []string{"photo"}},
		// Gift wrap.
		{class: "gift", text: "can u giftwrap it", doc: faq, facts: []string{"$5"}},
		{class: "gift", text: "is gift wrap extra or free", doc: faq, facts: []string{"$5"}},
		{class: "gift", text: "its a present, will the price show on the packing slip?", doc: faq, facts: []string{"no prices"}},
		{class: "gift", text: "can you add a little card with a message?", doc: faq, facts: []string{"handwritten card"}},
		// Product care and how-to for the order's items.
		{class: "care", order: "#1004", email: tom, text: "my board has gone all pale, help", doc: board, facts: []string{"mineral oil|board oil"}},
		{class: "care", order: "#1004", email: tom, text: "can i use olive oil on the board or nah", doc: board, facts: []string{"rancid|mineral oil"}},
		{class: "care", order: "#1004", email: tom, text: "board smells like garlic now lol how do i get rid of that", doc: board, facts: []string{"lemon"}},
		{class: "care", order: "#1004", email: tom, text: "theres knife marks all over the board, can i fix that", doc: board, facts: []string{"sandpaper|220"}},
		{class: "care", order: "#1004", email: tom, text: "can i set a hot pan down on the board", doc: board, facts: []string{"heat-proof"}},
		{class: "care", order: "#1004", email: tom, text: "whats the capacity of the mug in ml", doc: mug, facts: []string{"12 fl oz|350 ml"}},
		{class: "care", order: "#1004", email: tom, text: "got brown tea rings inside my mug, how do i get them out", doc: mug, facts: []string{"baking soda"}},
		{class: "care", order: "#1004", email: tom, text: "theres tiny hairline lines in the glaze of the mug, is that bad?", doc: mug, facts: []string{"crazing"}},
		{class: "care", order: "#1004", email: tom, text: "will the mug fit under my espresso machine", doc: mug, facts: []string{"4 in|10 cm"}},
		{class: "care", order: "#1003", email: daniel, text: "my skillet has a few rust spots :( what now", doc: skill, facts: []string{"steel wool"}},
		{class: "care", order: "#1003", email: daniel, text: "can i use the skillet on my induction stove", doc: skill, facts: []string{"induction"}},
		{class: "care", order: "#1003", email: daniel, text: "is it ok to use soap on the cast iron", doc: skill, facts: []string{"dish soap"}},
		{class: "care", order: "#1003", email: daniel, text: "eggs keep sticking to my skillet, what am i doing wrong", doc: skill, facts: []string{"450°F|re-season"}},
		{class: "care", order: "#1003", email: daniel, text: "does the handle of the skillet get hot", doc: skill, facts: []string{"oven mitt"}},
		{class: "care", order: "#1003", email: daniel, text: "the candle keeps smoking and leaving black soot", doc: candle, facts: []string{"1/4 inch"}},
		{class: "care", order: "#1003", email: daniel, text: "whats the right way to put the candle out", doc: candle, facts: []string{"snuffer"}},
		{class: "care", order: "#1005", email: grace, text: "can the throw go in the dryer", doc: throw, facts: []string{"low heat"}},
		{class: "care", order: "#1005", email: grace, text: "will the linen throw shrink in the wash", doc: throw, facts: []string{"3%"}},
		{class: "care", order: "#1005", email: grace, text: "spilled red wine on the throw, help!!", doc: throw, facts: []string{"blot"}},
		{class: "care", order: "#1005", email: grace, text: "do i have to iron the throw", doc: throw, facts: []string{"reverse side|don't iron"}},
		{class: "care", order: "#1005", email: grace, text: "can i bleach the throw", doc: throw, facts: []string{"bleach"}},
		{class: "care", order: "#1006", email: samuel, text: "my coffee tastes super bitter, what am i doing wrong", doc: kit, facts: []string{"too fine"}},
		{class: "care", order: "#1006", email: samuel, text: "the carafe has white crusty buildup, how do i clean that", doc: kit, facts: []string{"vinegar"}},
		{class: "care", order: "#1006", email: samuel, text: "can i warm the carafe up on the stove", doc: kit, facts: []string{"not suitable"}},
		{class: "care", order: "#1006", email: samuel, text: "is a kettle included w the kit", doc: kit, facts: []string{"not included"}},
		{class: "care", order: "#1006", email: samuel, text: "how much coffee does one scoop hold", doc: kit, facts: []string{"10 g"}},
		{class: "care", order: "#1001", email: maya, text: "do i need to do anything to the paper filter before brewing", doc: kit, facts: []string{"rinse"}},
		// Follow-ups on the other item of the order.
		{class: "followup", order: "#1004", email: tom, before: []string{"can the mug go in the dishwasher?"}, text: "and the board?", doc: board, facts: []string{"never put the board in the dishwasher"}},
		{class: "followup", order: "#1003", email: daniel, before: []string{"how do i clean my skillet"}, text: "what about the candle, how should i store it", doc: candle, facts: []string{"cool, dark"}},
		{class: "followup", order: "#1005", email: grace, before: []string{"how do i wash the throw"}, text: "ok and the other one, how long can it burn at a time?", doc: candle, facts: []string{"4 hours"}},
		// Questions no guide answers.
		{class: "silent", text: "do you have a physical store i can visit", silent: true},
		{class: "silent", order: "#1004", email: tom, text: "are the mugs lead free?", silent: true},
		{class: "silent", text: "do you offer a student discount", silent: true},
		{class: "silent", text: "can i pay with paypal", silent: true},
		{class: "silent", text: "do you price match if i find it cheaper", silent: true},
		{class: "silent", text: "when will you restock the sand colour?", silent: true},
		// Spanish.
		{class: "es", text: "¿cuántos días tengo para devolver algo?", doc: faq, facts: []string{"30 days"}},
		{class: "es", text: "el envio es gratis?", doc: faq, facts: []string{"$75"}},
		{class: "es", text: "hola, cuanto tarda en llegar un pedido", doc: faq, facts: []string{"3 to 7"}},
		{class: "es", text: "¿hacen envíos a Argentina?", doc: faq, facts: []string{"outside the United States"}},
		{class: "es", order: "#1005", email: grace, text: "¿puedo meter la manta en la lavadora?", doc: throw, facts: []string{"86°F|30°C"}},
		{class: "es", text: "¿hacen envoltorio de regalo?", doc: faq, facts: []string{"$5"}},
		{class: "es", text: "¿aceptan pagos con PayPal?", silent: true},
		// German.
		{class: "de", text: "Wie lange dauert es, bis ich mein Geld zurückbekomme?", doc: faq, facts: []string{"5 to 10|2 business days"}},
		{class: "de", text: "Was kostet der Versand nach Österreich?", doc: faq, facts: []string{"outside the United States"}},
		{class: "de", order: "#1004", email: tom, text: "Darf die Tasse in die Mikrowelle?", doc: mug, facts: []string{"microwave safe"}},
		{class: "de", text: "Bieten Sie Geschenkverpackung an?", doc: faq, facts: []string{"$5"}},
		{class: "de", text: "Muss ich das Rückporto selbst zahlen?", doc: faq, facts: []string{"paid by you"}},
		{class: "de", text: "Haben Sie einen Laden in Berlin?", silent: true},
		// French.
		{class: "fr", text: "Combien coûtent les frais de port ?", doc: faq, facts: []string{"$7.95"}},
		{class: "fr", text: "Vous livrez en Belgique ?", doc: faq, facts: []string{"outside the United States"}},
		{class: "fr", text: "je peux renvoyer un article au bout de 3 semaines ?", doc: faq, facts: []string{"30 days"}},
		{class: "fr", text: "mon colis est arrivé abîmé, je fais quoi ?", doc: faq, facts: []string{"photo"}},
		{class: "fr", order: "#1003", email: daniel, text: "comment enlever la rouille sur la poêle ?", doc: skill, facts: []string{"steel wool"}},
		{class: "fr", text: "Est-ce que vous acceptez les cartes cadeaux ?", silent: true},
	}
	// gaps are the questions still answered wrong (README, Known gaps):
	// logged and counted, never passing; one that passes must lose its mark.
	gaps := map[string]bool{
		// The customer's own return: asked for the order (a refund check
		// would answer too), not the refund timing of the guides.
		"mailed my return back on monday, when do i see the money?": true,
		// "the other one" after a question about the throw finds the
		// candle but quotes its opening, not "How long to burn it".
		"ok and the other one, how long can it burn at a time?": true,
		// "free" alone ranks the shipping passage: no answer is better.
		"are the mugs lead free?": true,
		// Their own parcel arrived damaged: the order is asked for (to
		// report it), not the guides' "send a photo". Defensible.
		"mon colis est arrivé abîmé, je fais quoi ?": true,
		// Gift cards read as gift wrapping.
		"Est-ce que vous acceptez les cartes cadeaux ?": true,
	}
	person := []string{"team", "person", "colleague"}
	base, log := docs5Stack(t)
	failed, gapped, total := map[string]int{}, map[string]int{}, map[string]int{}
	var classes []string
	for _, tt := range tests {
		if total[tt.class] == 0 {
			classes = append(classes, tt.class)
		}
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
			for _, w := range writeTools {
				if got.called(w) {
					t.Errorf("called %s: tools %v", w, got.toolNames())
				}
			}
			if p := got.proposed(); p != "" {
				t.Errorf("proposed %s", p)
			}
			if !got.called(toolname.SearchDocs) {
				errorf("tools %v, want %s", got.toolNames(), toolname.SearchDocs)
			}
			quoted := passageDocs(got.reply)
			low := strings.ToLower(got.reply)
			if tt.silent {
				if len(quoted) > 0 {
					errorf("quoted %v, want nothing (no guide answers): %q", quoted, got.reply)
				}
				if len(saysAll(got.reply, []string{strings.Join(person, "|")})) > 0 {
					errorf("reply %q, want the offer of a person", got.reply)
				}
				return
			}
			if m := saysAll(got.reply, tt.facts); len(m) > 0 {
				errorf("reply %q, want it to say %q", got.reply, m)
			}
			if strings.Contains(low, "couldn't find") || strings.Contains(low, "don't know") {
				errorf("reply %q, want an answer, not a no-answer", got.reply)
			}
			for _, q := range quoted {
				if !strings.Contains("|"+tt.doc+"|", "|"+q+"|") {
					errorf("quoted %v, want passages of %s only", quoted, tt.doc)
				}
			}
		})
		if !ok {
			failed[tt.class]++
		}
	}
	all, allGaps := 0, 0
	for _, c := range classes {
		all += failed[c] + gapped[c]
		allGaps += gapped[c]
		t.Logf("fresh7c %s: %d of %d failed, %d of them known gaps", c, failed[c]+gapped[c], total[c], gapped[c])
	}
	t.Logf("fresh7c: %d of %d failed, %d of them known gaps", all, len(tests), allGaps)
}
