package eval

import "fmt"

// person13 are issue 18's class held out in pkg/offline/person13_test.go:
// a person asked for in so many words (handed over, whatever waits: a
// return proposed first is never written), a refund or fault past the
// return window (the window's close told, nothing written), a new order
// asked of the chat (the shop named, nothing written) and the account's
// address (the account named, no order's address written). Phrasings
// differ from the offline table's. It picks without taking (each scenario
// runs on a stack of its own).
func (g *gen) person13() {
	const file = "person13.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	asks := []phrase{
		{"i'd rather talk to a real person about this", "en", false},
		{"can u get me someone from the store pls", "en", false},
		{"let me speak to a manger", "en", true},
		{"necesito hablar con una persona, por favor", "es", false},
		{"Ich möchte bitte mit einem Mitarbeiter sprechen", "de", false},
		{"Est-ce que je peux parler à un conseiller ?", "fr", false},
	}
	recent := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 20 && len(uniqueItems(o)) > 0 }
	for i, o := range g.pick("delivered", len(asks), recent) {
		p := asks[i]
		it := o.Items[uniqueItems(o)[0]]
		// A return proposed first: the person request hands over and the
		// "yes" after it writes nothing.
		g.add(file, Scenario{Kind: "person13_person_while_pending", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf("I want to return the %s", itemName(it.Name, false, i)), p.text, "yes"},
			Expect: Expect{Handover: yes()}})
	}

	// A refund for a fault past the window: the window's close, no write.
	faults := []phrase{
		{"the %s has gone rusty, I want a refund", "en", false},
		{"my %s is cracked now, i want my mony back", "en", true},
		{"the %s stopped working, please refund me", "en", false},
		{"quiero un reembolso, el %s está defectuoso", "es", false},
		{"je veux un remboursement, le %s est défectueux", "fr", false},
	}
	past := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) >= 35 && len(uniqueItems(o)) > 0 }
	for i, o := range g.pick("delivered", len(faults), past) {
		p := faults[i]
		it := o.Items[uniqueItems(o)[0]]
		ex := pastWindowFacts(o)
		ex.Handover = no()
		g.add(file, Scenario{Kind: "person13_fault_past_window", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(p.text, itemName(it.Name, false, i))}, Expect: ex})
	}

	// A new order asked of the chat: the shop is where to buy.
	buys := []phrase{
		{"can i buy another one thru you?", "en", true},
		{"could you place a new order for me, same again", "en", false},
		{"¿puedo pedir otro aquí?", "es", false},
		{"Kann ich hier eine neue Bestellung aufgeben?", "de", false},
		{"je voudrais passer commande d'un autre ici", "fr", false},
	}
	for i, o := range g.pick("processed", len(buys), func(tbOrder) bool { return true }) {
		p := buys[i]
		g.add(file, Scenario{Kind: "person13_new_order", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{p.text}, Expect: Expect{Handover: no(), Mention: []string{"shop|store|website"}}})
	}

	// The account's address: not an order's; nothing written.
	moves := []phrase{
		{"we're moving soon, can you change my address for future orders?", "en", false},
		{"pls update the adress on my account", "en", true},
		{"¿pueden cambiar la dirección de mi cuenta?", "es", false},
		{"Pouvez-vous changer l'adresse de mon compte ?", "fr", false},
		{"Bitte ändern Sie die Adresse in meinem Kundenkonto", "de", false},
	}
	for i, o := range g.pick("pending", len(moves), func(tbOrder) bool { return true }) {
		p := moves[i]
		g.add(file, Scenario{Kind: "person13_account_address", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{p.text}, Expect: Expect{Handover: no(), Mention: []string{"account"}}})
	}
}
