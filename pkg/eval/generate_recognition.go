package eval

import (
	"fmt"
	"strings"
)

// recognition are the misses a second no-context trial of the offline
// model found (issue 18), each phrased five ways or more, other languages
// and typos among them: calling an order off in words other than
// "cancel", damage and a parcel marked delivered but not there in
// Spanish, German and French, an item missing from a parcel, when the
// things arrive in slang, and messages with two questions (an order's
// dates with a return, a tracking number with a product question, the
// return window with the refund's timing). It runs after retrials, so
// the orders it picks may be other files' too (each scenario runs on a
// stack of its own).
func (g *gen) recognition() {
	const file = "recognition.json"
	all := func(tbOrder) bool { return true }
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 }

	// Calling an order off before it ships: cancel_order, in any words.
	for i, c := range []struct{ ask, lang string }{
		{"forget that order, i dont need it anymore", ""},
		{"please call off my purchase", ""},
		{"nix the order, changed my mind", ""},
		{"Quisiera cancelar mi pedido, por favor", "es"},
		{"Können Sie meine Bestellung bitte stornieren?", "de"},
		{"Pouvez-vous annuler ma commande s'il vous plaît ?", "fr"},
		{"i dont want this order any more, scrap it", ""},
	} {
		o := g.pick("pending", i+1, all)[i]
		kind := "cancel_order"
		if c.lang != "" {
			kind = "language_" + c.lang
		}
		g.add(file, Scenario{Kind: kind, Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(i == 0 || i == 6),
			Turns: []string{c.ask}, Expect: Expect{Tools: []string{"cancel_order"}, Handover: no()}})
	}

	// Damage in other languages: report_damage (which asks which item
	// when the customer's noun is not the order's title).
	for i, c := range []struct{ ask, lang string }{
		{"Mi pedido llegó dañado", "es"},
		{"Todo llegó roto, qué hago?", "es"},
		{"Die Lieferung ist beschädigt angekommen", "de"},
		{"Alles kam kaputt an", "de"},
		{"Ma commande est arrivée abîmée", "fr"},
		{"Tout est arrivé cassé", "fr"},
	} {
		o := g.pick("delivered", i+1, inWindow)[i]
		g.add(file, Scenario{Kind: "language_" + c.lang, Lang: c.lang, Start: verifiedStart(g, o),
			Turns: []string{c.ask}, Expect: Expect{Tools: []string{"report_damage"}}})
	}

	// Marked delivered, not there, in other languages.
	for i, c := range []struct{ ask, lang string }{
		{"El seguimiento dice entregado pero no lo encuentro por ningún lado", "es"},
		{"Aparece como entregado, pero nunca llegó", "es"},
		{"Angeblich zugestellt, aber ich finde das Paket nicht", "de"},
		{"Es steht zugestellt, ist aber nie angekommen", "de"},
		{"Le suivi dit livré mais je ne le trouve nulle part", "fr"},
		{"Marqué comme livré, mais jamais reçu", "fr"},
	} {
		o := g.pick("delivered", i+1, inWindow)[i]
		g.add(file, Scenario{Kind: "language_" + c.lang, Lang: c.lang, Start: verifiedStart(g, o),
			Turns: []string{c.ask}, Expect: Expect{Tools: []string{"report_not_received"}}})
	}

	// An item missing from a parcel that came: report_damage.
	missing := []string{
		"the %s wasn't in the box",
		"one %s is missing from my package",
		"my parcel came without the %s",
		"the %s was left out of the delivery",
		"teh %s is missing from the box",
	}
	for i, o := range g.pick("delivered", len(missing), inWindow) {
		g.add(file, Scenario{Kind: "damaged_missing", Start: verifiedStart(g, o), Tags: typoTag(i == 4),
			Turns: []string{fmt.Sprintf(missing[i], strings.ToLower(o.Items[0].Name))}, Expect: Expect{Tools: []string{"report_damage"}}})
	}

	// When the things get here, in slang and typos: the order's tracking.
	arrive := []string{
		"hw long til my stuff gets here",
		"how long until it gets to me",
		"when does my stuff reach me",
		"how long befor my things arrive here",
		"wen will it get here",
	}
	for i, o := range g.pick("processed", len(arrive), all) {
		g.add(file, Scenario{Kind: "status_in_transit", Start: verifiedStart(g, o), Tags: typoTag(i == 0 || i == 3 || i == 4),
			Turns: []string{arrive[i]}, Expect: Expect{Tools: []string{"track_order"}, Stage: "in_transit", Handover: no()}})
	}

	// Two questions: the order's delivery date and a return; the
	// tracking number and a product question; the return window and the
	// refund's timing. Each is answered.
	dated := []string{
		"when was my order delivered, and can I still return the %s?",
		"what day did it arrive and could I send the %s back",
		"when did it get delivered? also can i retrun the %s",
		"when did it arrive, and is it too late to send the %s back?",
		"what date was my order delivered and can I return the %s",
	}
	for i, o := range g.pick("delivered", len(dated), inWindow) {
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(i == 2), "multi_question"),
			Turns: []string{fmt.Sprintf(dated[i], strings.ToLower(o.Items[0].Name))}, Expect: Expect{Tools: []string{"track_order"}, Stage: "delivered"}})
	}
	tracked := []string{
		"I need the tracking number and also want to know if the mug is dishwasher safe",
		"can I have my tracking number, and also is the skillet ok on induction?",
		"tracking number please, plus how do I clean the serving board",
		"whats my tracking nr and also how do i wash the linen throw",
		"send me the tracking number and I'd like to know how to care for the coffee kit",
	}
	for i, o := range g.pick("processed", len(tracked), all) {
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(i == 3), "multi_question"),
			Turns: []string{tracked[i]}, Expect: Expect{Tools: []string{"track_order", "search_docs"}, Report: []string{"tracking_number|carrier"}}})
	}
	window := []string{
		"what's the return window for my order and how long do refunds take?",
		"how many days do I have to send stuff back, and when do refunds show up",
		"whats the return period and how long till i see my refund",
		"what is the return policy, and how long does a refund take?",
		"how long is the return window? and how soon is the refund after",
	}
	for i, o := range g.pick("delivered", len(window), inWindow) {
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(i == 2), "multi_question"),
			Turns: []string{window[i]}, Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{"30", "business days"}, Writes: nil, Handover: no()}})
	}
}
