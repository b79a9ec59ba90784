package eval

import "fmt"

// split11 are the classes of the split11 no-context trial of the offline
// model (pkg/offline/split11_test.go): a message of two or three parts
// about the customer's own order (where it is, what was paid, where it
// goes, its tracking number, and at most one thing to do to it), in
// English, Spanish, German or French, where the model answered one part
// and dropped the others. Every part is answered from the order tools in
// the one reply, and the shop is written to only when a part asked for a
// write and the customer said yes to it. Phrased differently from the
// held-out table, a typo among them. It picks without taking (each
// scenario runs on a stack of its own).
func (g *gen) split11() {
	const file = "split11.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	all := func(tbOrder) bool { return true }
	shipsBy := "ships_by|estimated_delivery"

	// Where it is, and what was paid: an order on its way.
	statusPaid := []phrase{
		{"is my package on its way yet, and what was the total", "en", false},
		{"any movement on my order? how much did it cost me in the end", "en", false},
		{"whens my stuff arriving n how much did i pay altogether", "en", true},
		{"¿ya salió mi pedido? ¿y cuánto pagué en total?", "es", false},
		{"Ist mein Paket schon unterwegs und was hat die Bestellung gekostet?", "de", false},
		{"mon colis est-il parti ? et combien ai-je payé ?", "fr", false},
	}
	moving := g.pick("processed", len(statusPaid), all)
	for i, p := range statusPaid {
		o := moving[i%len(moving)]
		g.add(file, Scenario{Kind: "split11_status_paid", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "multi_question"),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Stage: "in_transit", Report: []string{"order_total"}, Handover: no()}})
	}

	// Where it goes, and when it ships: an order not shipped yet.
	addressWhen := []phrase{
		{"which address is this going to and when does it ship", "en", false},
		{"wats the shipping adress on it also when will it ship out", "en", true},
		{"what address did i give you for this one, and when will it leave", "en", false},
		{"¿a qué dirección lo van a mandar y cuándo sale?", "es", false},
		{"An welche Adresse wird geliefert und wann wird sie verschickt?", "de", false},
		{"elle part à quelle adresse, et quand est-ce qu'elle sera expédiée ?", "fr", false},
	}
	waiting := g.pick("pending", len(addressWhen)+3, func(o tbOrder) bool { return len(o.Items) > 0 })
	for i, p := range addressWhen {
		o := waiting[i%len(waiting)]
		g.add(file, Scenario{Kind: "split11_address_when", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "multi_question"),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"ship_to", shipsBy}, Mention: []string{o.Address.Address1}, Handover: no()}})
	}

	// Three parts: the tracking number, where it goes, what it cost.
	three := []phrase{
		{"what's the tracking number, where's it being shipped to and what did it cost", "en", false},
		{"tracking # pls, also what address do you have and how much was the total", "en", false},
		{"need the trackng number + the adress its going to + what i paid", "en", true},
		{"¿me pasas el número de seguimiento? ¿a qué dirección va? ¿cuánto costó?", "es", false},
		{"Wie lautet die Sendungsnummer, an welche Adresse geht es und was hat es gekostet?", "de", false},
	}
	for i, p := range three {
		o := moving[(i+2)%len(moving)]
		g.add(file, Scenario{Kind: "split11_three_parts", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "multi_question"),
			Turns: []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"parcels.tracking_number", "ship_to", "order_total"},
				Mention: []string{o.Address.Address1}, Handover: no()}})
	}

	// What was paid beside a cancellation: the total told, the
	// cancellation stated, and done once after the yes.
	cheap := func(o tbOrder) bool { return total(o) <= 100 }
	paidCancel := []phrase{
		{"what was my order total? i'd like to cancel it please", "en", false},
		{"please cancel my order, and remind me how much it was", "en", false},
		{"cancel it pls n how much was it in total", "en", true},
		{"quiero cancelar mi pedido, ¿cuánto pagué?", "es", false},
		{"Bitte stornieren Sie meine Bestellung. Wie viel habe ich bezahlt?", "de", false},
	}
	yesIn := map[string]string{"en": "yes", "es": "sí", "de": "ja", "fr": "oui"}
	cancels := g.pick("pending", len(paidCancel)+len(addressWhen), cheap)
	for i, p := range paidCancel {
		o := cancels[(i+len(addressWhen))%len(cancels)]
		g.add(file, Scenario{Kind: "split11_paid_cancel", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{p.text, yesIn[p.lang]},
			Expect: Expect{Tools: []string{"track_order", "cancel_order"}, Handover: no(), Writes: []Write{{Type: "cancel", Order: name(o)}},
				Answers: []Answer{{Turn: 1, Report: []string{"order_total"}}}}})
	}

	// When it ships beside an address change: the date told, the new
	// address stated, and written once after the yes.
	whenMove := []phrase{
		{"when does it go out, and can you change the address to %s", "en", false},
		{"pls ship it to %s instead, and is it still shipping this week?", "en", false},
		{"has it left yet? also the address should be %s", "en", false},
		{"whens it going out and plz change the adress to %s", "en", true},
		{"could you update the address to %s, and when should it ship", "en", false},
	}
	for i, p := range whenMove {
		o := waiting[(i+3)%len(waiting)]
		a := newAddresses[(i+1)%len(newAddresses)]
		g.add(file, Scenario{Kind: "split11_when_address", Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{fmt.Sprintf(p.text, a.line), "yes"},
			Expect: Expect{Tools: []string{"track_order", "change_address"}, Handover: no(),
				Writes:  []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}},
				Answers: []Answer{{Turn: 1, Report: []string{shipsBy}}}}})
	}
}
