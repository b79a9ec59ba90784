package eval

import (
	"fmt"
	"strings"
)

// pending8 are issue 18's trial classes held out in
// pkg/offline/pending8_test.go: a question about a return proposal while
// it waits for the yes (answered, the proposal kept: the plain yes after
// it writes exactly the return stated), a yes that asks a question too
// (answered; one return written, whether that yes confirmed or code
// stated it again), a yes to a cancellation that keeps an item (an order
// is cancelled as a whole: nothing written, the customer told so), and a
// status question beside a code that failed at checkout (the tracking
// number, and honestly that the code can't be fixed here, a person
// offered). Each five ways or more, a typo among them. It picks without
// taking (each scenario runs on a stack of its own).
func (g *gen) pending8() {
	const file = "pending8.json"
	type phrase struct {
		text, lang, fact string
		typo             bool
	}
	picked, cheap := g.twoLinesOneCheap(6)
	returnLine := func(i int) (tbOrder, []WriteLine, string) {
		o, r := picked[i%len(picked)], cheap[i%len(picked)]
		it := o.Items[r]
		return o, []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, strings.ToLower(it.Name)
	}
	asks := []string{"I'd like to return the %s", "can i send the %s back?", "return the %s please", "I need to send back the %s", "the %s isn't for me, I want to return it", "please return the %s"}

	// Asked before the yes: answered, and the yes after it writes the
	// return stated.
	before := []phrase{
		{"do i have to pay the postage to send it back?", "en", "paid by you", false},
		{"who pays for the postge on this?", "en", "paid by you", true},
		{"if i agree, how long till the money is back on my card?", "en", "5 to 10", false},
		{"will you send me a prepaid label?", "en", "prepaid", false},
		{"¿tengo que pagar yo el envío?", "es", "paid by you", false},
		{"Wie lange dauert die Rückerstattung?", "de", "5 to 10", false},
		{"est-ce que je vais recevoir une étiquette ?", "fr", "prepaid", false},
	}
	for i, p := range before {
		o, lines, item := returnLine(i)
		g.add(file, Scenario{Kind: "pending8_question", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(asks[i%len(asks)], item), p.text, "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: []Write{{Type: "return", Order: name(o), Lines: lines}},
				Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// A yes with a question: answered; one return written either way.
	with := []phrase{
		{"yep - when will the refund show up?", "en", "5 to 10", false},
		{"yes and will i need to pay for postage?", "en", "paid by you", false},
		{"yeah ok, do i get a lable?", "en", "prepaid", true},
		{"yes pls, how long until i see my money?", "en", "5 to 10", false},
		{"sí, ¿cuándo me llega el reembolso?", "es", "5 to 10", false},
		{"ja, muss ich das Porto zahlen?", "de", "paid by you", false},
	}
	for i, p := range with {
		o, lines, item := returnLine(i + 1)
		g.add(file, Scenario{Kind: "pending8_yes_question", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(asks[(i+1)%len(asks)], item), p.text, "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: []Write{{Type: "return", Order: name(o), Lines: lines}},
				Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// A yes to a cancellation that keeps an item: nothing written.
	twoUnshipped := func(o tbOrder) bool {
		return len(uniqueItems(o)) == 2 && !sharesWord(o.Items[uniqueItems(o)[0]].Name, o.Items[uniqueItems(o)[1]].Name)
	}
	keeps := []phrase{
		{"yes but can i keep the %s?", "en", "", false},
		{"ok but i want to keep the %s", "en", "", false},
		{"yes, cancel everything except the %s", "en", "", false},
		{"yeah but not the %s, i'll kepe that", "en", "", true},
		{"ja, aber die %s möchte ich behalten", "de", "", false},
		{"oui mais je garde la %s", "fr", "", false},
	}
	unshipped := g.pick("pending", len(keeps), twoUnshipped)
	for i, p := range keeps {
		o := unshipped[i%len(unshipped)]
		kept := strings.ToLower(o.Items[uniqueItems(o)[1]].Name)
		g.add(file, Scenario{Kind: "pending8_keep_part", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{cancelAsk[i%len(cancelAsk)], fmt.Sprintf(p.text, kept)},
			Expect: Expect{Tools: []string{"cancel_order"}, Handover: no(), Answers: []Answer{{Turn: 2, Mention: []string{"as a whole"}}}}})
	}

	// Where the order is, beside a code that failed at checkout.
	codes := []phrase{
		{"where is my order? also the discount code didn't work at checkout", "en", "", false},
		{"wheres my parcel, and my promo code was rejectd", "en", "", true},
		{"my coupon didn't apply when I paid. and when will my order arrive?", "en", "", false},
		{"¿dónde está mi pedido? además el código de descuento no funcionó", "es", "", false},
		{"Wo ist meine Bestellung? Außerdem hat der Rabattcode nicht funktioniert.", "de", "", false},
	}
	shipped := g.pick("processed", len(codes), func(tbOrder) bool { return true })
	for i, p := range codes {
		o := shipped[i%len(shipped)]
		g.add(file, Scenario{Kind: "pending8_status_code", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Mention: []string{tracking(o)}, Answers: []Answer{{Turn: 1, Mention: []string{"team|person"}}}}})
	}
}
