package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// part is one question or request of a multi-part message and how its
// answer is judged: by the tool that ran for it, the proposal it got (its
// lines), and a fact of the reply (any of facts, case folded).
type part struct {
	kind    string   // status, doc, write, cant, next (a second write said to come next)
	tool    string   // status: track_order; write: the write proposed
	stated  string   // write: the proposal states these lines
	facts   []string // the reply holds one of these
	orHuman bool     // in another language: an honest offer of a person answers it too
}

// multiPart is a held-out multi-part message and its parts.
type multiPart struct {
	name         string
	order, email string
	text         string
	parts        []part
}

func statusPart(facts ...string) part {
	return part{kind: "status", tool: toolname.TrackOrder, facts: facts}
}
func docPart(facts ...string) part { return part{kind: "doc", facts: facts} }
func writePart(tool, stated string, facts ...string) part {
	return part{kind: "write", tool: tool, stated: stated, facts: facts}
}
func cantPart(facts ...string) part { return part{kind: "cant", facts: facts} }
func nextPart(facts ...string) part { return part{kind: "next", facts: facts} }
func human(p part) part             { p.orHuman = true; return p }

// Held-out multi-part messages (issue 18: each question of a
// multi-question message answered), written before reading the model's
// code: status with a how-to, status with a policy question, a request
// with a question, a question with something the shop cannot do,
// conditionals, other languages, typos, run-ons and "also/btw/oh and/plus".
// Each part is judged by outcome; none may be dropped silently.
func TestHeldOutMultiPart(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
		samuel = "samuel.whitfield@example.com"
		marcus = "marcus.johnson@example.com"
	)
	ups1003 := []string{"1Z9HH4870345612786", "UPS"}
	ups1010 := []string{"1Z9HH4870342290158", "UPS"}
	today1004 := []string{"today", "out for delivery"}
	unshipped := []string{"hasn't shipped", "has not shipped", "not shipped", "not yet shipped", "yet to ship", "hasn't left", "not left", "business day"}
	season := []string{"450°F", "flaxseed", "1 hour"}
	window := []string{"30 days", "30-day", "30 day"}
	refundTime := []string{"5 to 10 business days", "5-10 business days"}
	stain := []string{"baking soda"}
	grind := []string{"medium-fine", "table salt"}
	oven := []string{"500°F", "500 °F", "260°C"}
	shipCost := []string{"$7.95", "$75"}
	usOnly := []string{"United States", "outside the US"}
	noRedirect := []string{"redirect", "no longer", "can't be changed", "cannot be changed", "can't change", "can no longer"}
	giftWrap := []string{"$5", "checkout"}
	mugReturn1 := "1 × Harbor Stoneware Mug"
	mugReturn2 := "2 × Harbor Stoneware Mug"
	kitReturn := "1 × Pour-Over Coffee Kit"
	tests := []multiPart{
		// Status with a how-to.
		{name: "status+howto: whens it arriving, re-season", order: "#1003", email: daniel, text: "hey whens my skillet arriving, also how do I re-season it",
			parts: []part{statusPart(ups1003...), docPart(season...)}},
		{name: "status+howto: still on its way, dishwasher", order: "#1003", email: daniel, text: "Is my parcel still on its way? And can the pan go in the dishwasher?",
			parts: []part{statusPart(ups1003...), docPart("never", "rust", "strip")}},
		{name: "status+howto: plus oven temp", order: "#1010", email: marcus, text: "tracking update pls + whats the max oven temp for the skillet",
			parts: []part{statusPart(ups1010...), docPart(oven...)}},
		{name: "status+howto: btw microwave", order: "#1004", email: tom, text: "is it coming today? btw can the mugs go in the microwave",
			parts: []part{statusPart(today1004...), docPart("2 minutes")}},
		{name: "status+howto: shipped and grind", order: "#1001", email: maya, text: "has my order shipped yet and what grind should i use with the kit",
			parts: []part{statusPart(unshipped...), docPart(grind...)}},
		{name: "status+howto: typos clean", order: "#1003", email: daniel, text: "wheres my ordr, n how do i clean the skilet after cooking",
			parts: []part{statusPart(ups1003...), docPart("kosher salt", "scrape", "stiff brush")}},
		{name: "status+howto: run-on oil the board", order: "#1004", email: tom, text: "when does my package get here how often do i oil the serving board",
			parts: []part{statusPart(today1004...), docPart("once a month", "mineral oil")}},
		// Known gap of the guides' search (not of the parts): "oven
		// limit" finds no passage; the part is answered honestly, with a
		// person offered, never dropped.
		{name: "status+howto: oh and oven", order: "#1003", email: daniel, text: "track my order pls. oh and what's the oven limit on the skillet",
			parts: []part{statusPart(ups1003...), human(docPart(oven...))}},
		{name: "howto+status: grind first", order: "#1001", email: maya, text: "btw what grind size for pour over, also is my order shipped",
			parts: []part{docPart(grind...), statusPart(unshipped...)}},
		{name: "status+howto: es", order: "#1003", email: daniel, text: "¿Dónde está mi pedido? ¿Y cómo curo la sartén de hierro?",
			parts: []part{statusPart(ups1003...), human(docPart(season...))}},
		// Status with a policy question.
		{name: "status+policy: return policy", order: "#1003", email: daniel, text: "when will it get here, and what's your return policy?",
			parts: []part{statusPart(ups1003...), docPart(window...)}},
		{name: "status+policy: change address in transit", order: "#1003", email: daniel, text: "when will it arrive and is it too late to change the delivery address?",
			parts: []part{statusPart(ups1003...), docPart(noRedirect...)}},
		{name: "status+policy: shipping cost first", order: "#1003", email: daniel, text: "how much is shipping and where is my parcel rn",
			parts: []part{docPart(shipCost...), statusPart(ups1003...)}},
		{name: "status+policy: oh and canada", order: "#1003", email: daniel, text: "Where's my order? oh and do you ship to Canada",
			parts: []part{statusPart(ups1003...), docPart(usOnly...)}},
		{name: "status+policy: plus refund time", order: "#1003", email: daniel, text: "whens it landing plus how long do refunds usually take",
			parts: []part{statusPart(ups1003...), docPart(refundTime...)}},
		{name: "status+policy: typos", order: "#1003", email: daniel, text: "wen wil my pakage arive and wats ur retrn policy",
			parts: []part{statusPart(ups1003...), docPart(window...)}},
		{name: "status+policy: fr", order: "#1003", email: daniel, text: "Où est ma commande ? Et quelle est votre politique de retour ?",
			parts: []part{statusPart(ups1003...), human(docPart(window...))}},
		{name: "status+policy: cancel after shipping", order: "#1003", email: daniel, text: "Where's my stuff? Also, can I still cancel?",
			parts: []part{statusPart(ups1003...), docPart(append([]string{"already shipped", "on its way", "can't cancel", "cannot cancel", "can't be cancel"}, window...)...)}},
		// A request with a question.
		{name: "write+question: kit, refund time", order: "#1006", email: samuel, text: "I'd like to return the coffee kit. how long until i see the refund?",
			parts: []part{writePart(toolname.StartReturn, kitReturn), docPart(refundTime...)}},
		{name: "write+question: one mug, postage", order: "#1006", email: samuel, text: "send back one mug pls, also who pays for the return postage",
			parts: []part{writePart(toolname.StartReturn, mugReturn1), docPart("prepaid", "paid by you", "postage is paid")}},
		{name: "write+question: de", order: "#1006", email: samuel, text: "Ich will den Kaffeebereiter zurückschicken. Wann bekomme ich mein Geld?",
			parts: []part{writePart(toolname.StartReturn, kitReturn), human(docPart(refundTime...))}},
		{name: "write+question: es", order: "#1006", email: samuel, text: "Quiero devolver una taza, ¿cuánto tarda el reembolso?",
			parts: []part{writePart(toolname.StartReturn, mugReturn1), human(docPart(refundTime...))}},
		{name: "write+question: address, when ship", order: "#1001", email: maya, text: "pls change the address to 21 Oak Ave, Austin TX 78704 - and when will it ship?",
			parts: []part{writePart(toolname.ChangeAddress, "78704"), statusPart(unshipped...)}},
		{name: "write+question: cancel, refund time", order: "#1001", email: maya, text: "cancel my order please, and how long does the refund take?",
			parts: []part{writePart(toolname.CancelOrder, "#1001"), docPart(refundTime...)}},
		{name: "write+question: kit, clean mugs", order: "#1006", email: samuel, text: "return the coffee kit, and how should I get coffee stains off the mugs I'm keeping?",
			parts: []part{writePart(toolname.StartReturn, kitReturn), docPart(stain...)}},
		{name: "write+question: run-on how long", order: "#1006", email: samuel, text: "i want to return both mugs how many days do i have left to do that",
			parts: []part{writePart(toolname.StartReturn, mugReturn2), docPart(append([]string{"until", "return window"}, window...)...)}},
		{name: "write+question: credit plus stains", order: "#1006", email: samuel, text: "I'd like store credit for the coffee kit. plus how do I clean coffee stains off the mugs",
			parts: []part{writePart(toolname.StartReturn, kitReturn), docPart(stain...)}},
		{name: "write+question: fr", order: "#1006", email: samuel, text: "Je voudrais retourner le kit café. Combien de temps pour le remboursement ?",
			parts: []part{writePart(toolname.StartReturn, kitReturn), human(docPart(refundTime...))}},
		// A question with something the shop cannot do.
		{name: "question+cant: window, discount", order: "#1006", email: samuel, text: "how long do i have to send stuff back and can i get a discount code for next time",
			parts: []part{docPart(window...), cantPart("discount")}},
		{name: "status+cant: express", order: "#1003", email: daniel, text: "where's my package? btw can you upgrade it to express shipping",
			parts: []part{statusPart(ups1003...), cantPart("express", "faster", "upgrade", "speed")}},
		{name: "cant+question: price match, refund", order: "#1006", email: samuel, text: "can you price match a cheaper store, and what's the refund timeline?",
			parts: []part{cantPart("price"), docPart(refundTime...)}},
		// Gift wrap is chosen at checkout: the guides' answer (the
		// model does not yet say it is too late for this order).
		{name: "status+docs: gift wrap", order: "#1004", email: tom, text: "is it arriving today, and could you gift wrap it?",
			parts: []part{statusPart(today1004...), docPart(giftWrap...)}},
		{name: "status+cant: de discount", order: "#1003", email: daniel, text: "Wann kommt mein Paket? Und können Sie mir einen Rabattcode geben?",
			parts: []part{statusPart(ups1003...), cantPart("discount", "rabatt", "code")}},
		// Conditionals.
		{name: "if not: friday or cancel", order: "#1003", email: daniel, text: "will it be here by friday? if not i want to cancel",
			parts: []part{statusPart(ups1003...), docPart(append([]string{"already shipped", "on its way", "can't cancel", "cannot cancel", "can't be cancel", "return"}, window...)...)}},
		{name: "if not: shipped? cancel", order: "#1001", email: maya, text: "has it shipped? if not, cancel it please",
			parts: []part{statusPart(unshipped...), writePart(toolname.CancelOrder, "#1001")}},
		{name: "if so: change address", order: "#1001", email: maya, text: "is it still possible to change the address? if so send it to 7 Maple St, Madison WI 53703",
			parts: []part{writePart(toolname.ChangeAddress, "53703")}},
		{name: "otherwise: after weekend return", order: "#1003", email: daniel, text: "when is it arriving? if it's after the weekend i'd rather send it back",
			parts: []part{statusPart(ups1003...), docPart(window...)}},
		{name: "otherwise: before monday or refund", order: "#1003", email: daniel, text: "is it gonna arrive before monday, otherwise can i just get a refund",
			// The refund asked for if it is late: the promise of a
			// replacement or refund once it is late, proposed.
			parts: []part{statusPart(ups1003...), writePart(toolname.FollowUp, "#1003")}},
		// Three parts.
		{name: "three: where, window, gift wrap", order: "#1003", email: daniel, text: "where is it, what's the return window, and do you offer gift wrapping?",
			parts: []part{statusPart(ups1003...), docPart(window...), docPart(giftWrap...)}},
		{name: "three: mug, refund time, kit dishwasher", order: "#1006", email: samuel, text: "return one mug, how long do refunds take, and is the coffee kit dishwasher safe?",
			parts: []part{writePart(toolname.StartReturn, mugReturn1), docPart(refundTime...), docPart("top rack", "carafe")}},
		{name: "three: coming, oil board, discount", order: "#1004", email: tom, text: "when's it coming, how do i oil the board, also can i get a discount",
			parts: []part{statusPart(today1004...), docPart("once a month", "mineral oil"), cantPart("discount")}},
		{name: "three: skillet, season, canada", order: "#1010", email: marcus, text: "where's the skillet, how do I season it and do you ship to canada",
			parts: []part{statusPart(ups1010...), docPart(season...), docPart(usOnly...)}},
		// Two writes: one proposed, the other said to come next.
		{name: "two writes: return kit, exchange mug", order: "#1006", email: samuel, text: "return the coffee kit and also swap one mug for a charcoal one",
			parts: []part{writePart(toolname.StartReturn, kitReturn), nextPart("charcoal", "exchange", "swap")}},
		// Past the window, and a how-to.
		{name: "closed+howto: rust", order: "#1007", email: maya, text: "can i still return the skillet? and how do i get rust off it",
			parts: []part{docPart(append([]string{"closed", "ended", "passed", "expired"}, window...)...), docPart("steel wool")}},
	}
	shared, sharedLog := demoStack(t)
	failed := 0
	for _, tt := range tests {
		ok := t.Run(tt.name, func(t *testing.T) {
			c := chat(t, shared, sharedLog, tt.order, tt.email)
			got := c.say(tt.text)
			low := strings.ToLower(got.reply)
			holds := func(facts []string) bool {
				for _, f := range facts {
					if strings.Contains(low, strings.ToLower(f)) {
						return true
					}
				}
				return false
			}
			writes := 0
			for _, p := range tt.parts {
				if p.kind == "write" {
					writes++
				}
			}
			for i, p := range tt.parts {
				answered := p.facts == nil || holds(p.facts)
				if p.orHuman && !answered {
					answered = holds(personForms)
				}
				switch p.kind {
				case "status":
					if !got.called(p.tool) {
						t.Errorf("part %d (status): tools %v, want %s", i, got.toolNames(), p.tool)
					}
				case "write":
					if !got.hasStatus(p.tool, "proposed") {
						t.Errorf("part %d (write): actions %v, want %s proposed", i, got.actions, p.tool)
					}
					if !strings.Contains(got.reply, p.stated) {
						t.Errorf("part %d (write): reply does not state %q", i, p.stated)
					}
				case "cant":
					if !holds(refusalForms) || !holds(personForms) {
						t.Errorf("part %d (can't): reply says neither it can't nor offers a person", i)
					}
				}
				if !answered {
					t.Errorf("part %d (%s): reply %q holds none of %q", i, p.kind, got.reply, p.facts)
				}
			}
			if writes == 0 && got.proposed() != "" && !hasNext(tt.parts) {
				t.Errorf("proposed %s, want nothing proposed", got.proposed())
			}
		})
		if !ok {
			failed++
		}
	}
	t.Logf("multi-part held-out: %d of %d fail", failed, len(tests))
}

func hasNext(ps []part) bool {
	for _, p := range ps {
		if p.kind == "next" {
			return true
		}
	}
	return false
}
