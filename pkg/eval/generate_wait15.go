package eval

import "fmt"

// wait15 are issue 18's class held out in
// pkg/offline/heldout_wait15_test.go: a yes that carries more than a yes
// while a proposal waits, and a yes to the agent's own offer of a person.
// A yes with a question about what happens after writes exactly what was
// stated, once, and the question is answered; a yes held by a condition
// or a doubt writes nothing until the plain yes after it; a question
// about another order keeps the cancellation waiting; a yes to the offer
// of a person hands over. Phrasings differ from the offline table's. It
// picks without taking (each scenario runs on a stack of its own).
func (g *gen) wait15() {
	const file = "wait15.json"
	type phrase struct {
		text, lang, fact string
		typo             bool
	}
	all := func(tbOrder) bool { return true }
	pending := g.pick("pending", 10, all)
	// Cheap enough that policy wants no person to approve a cancellation.
	cheap := g.pick("pending", 10, func(o tbOrder) bool { return total(o) <= 100 })

	// An address change, then a yes with a question about what follows
	// (or the customer's own doubt settled on the address stated).
	addr := []phrase{
		{"yes thats it. will i get an email once it ships?", "en", "email", false},
		{"yep pls go ahead - will you email me the tracking?", "en", "email", false},
		{"ys corect. do i get a shiping email?", "en", "email", true},
		{"hmm is it %[1]s or %[2]s... yes %[1]s is right, go ahead. will i get tracking by email?", "en", "email", false},
		{"oui c'est bien ça. je recevrai un email avec le suivi ?", "fr", "email", false},
	}
	for i, p := range addr {
		o := pending[i%len(pending)]
		a := newAddresses[i%len(newAddresses)]
		text := p.text
		if i == 3 {
			text = fmt.Sprintf(p.text, a.zip, a.zip[:4]+"9")
		}
		g.add(file, Scenario{Kind: "wait15_address_yes_asks", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{"please change my shipping address to " + a.line, text},
			Expect: Expect{Tools: []string{"change_address"}, Handover: no(),
				Writes:  []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}},
				Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// A cancellation, then a yes with a question about the refund.
	cancels := []phrase{
		{"yes cancel pls. how long before i see the money?", "en", "business days", false},
		{"ok go ahead, when does the refund hit my card?", "en", "business days", false},
		{"yea do it. how lon does the refund take?", "en", "business days", true},
		{"sí, cancélalo. ¿cuándo me devuelven el dinero?", "es", "business days", false},
		{"ja bitte. wie lange dauert die Rückerstattung?", "de", "business days", false},
	}
	for i, p := range cancels {
		o := cheap[i%len(cheap)]
		g.add(file, Scenario{Kind: "wait15_cancel_yes_asks", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{cancelAsk[i%len(cancelAsk)], p.text},
			Expect: Expect{Tools: []string{"cancel_order"}, Handover: no(), Writes: []Write{{Type: "cancel", Order: name(o)}},
				Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// A cancellation, then a yes held by a condition or a doubt: nothing
	// written by it; the plain yes after it cancels, once.
	held := []phrase{
		{"yes but only if i get everything back", "en", "", false},
		{"ok as long as its a full refund", "en", "", false},
		{"yes but is that the entire order?", "en", "", false},
		{"yea onyl if the refund is the full amount", "en", "", true},
		{"oui, seulement si je suis remboursé en entier", "fr", "", false},
	}
	for i, p := range held {
		o := cheap[(i+3)%len(cheap)]
		g.add(file, Scenario{Kind: "wait15_cancel_yes_held", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns:  []string{cancelAsk[(i+1)%len(cancelAsk)], p.text, "yes"},
			Expect: Expect{Tools: []string{"cancel_order"}, Handover: no(), Writes: []Write{{Type: "cancel", Order: name(o)}}}})
	}

	// A question about another order while the cancellation waits: the
	// shipping threshold told, the yes after it cancels.
	asides := []phrase{
		{"if i order just one thing again later, is shipping free?", "en", "75", false},
		{"if i reorder only part of it, do i pay shipping?", "en", "75", false},
		{"if i buy only one item next time is shiping free?", "en", "75", true},
		{"and if i order again, how much is shipping?", "en", "75", false},
		{"if we order just one piece again, is delivery free?", "en", "75", false},
	}
	for i, p := range asides {
		o := cheap[(i+6)%len(cheap)]
		g.add(file, Scenario{Kind: "wait15_cancel_question_waits", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{cancelAsk[(i+2)%len(cancelAsk)], p.text, "yes"},
			Expect: Expect{Tools: []string{"cancel_order"}, Handover: no(), Writes: []Write{{Type: "cancel", Order: name(o)}},
				Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// The agent offers a person (a return past its window); the yes to
	// it hands over, and nothing is written.
	offers := []phrase{
		{"yes please", "en", "", false},
		{"yes pls that would be great, thanks", "en", "", false},
		{"ya plz", "en", "", true},
		{"sí, por favor", "es", "", false},
		{"ja, gerne", "de", "", false},
	}
	past := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) >= 35 && len(uniqueItems(o)) > 0 }
	for i, o := range g.pick("delivered", len(offers), past) {
		p := offers[i]
		it := o.Items[uniqueItems(o)[0]]
		g.add(file, Scenario{Kind: "wait15_yes_to_person_offer", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf("i want to return the %s", itemName(it.Name, false, i)), p.text},
			Expect: Expect{Handover: yes()}})
	}
}
