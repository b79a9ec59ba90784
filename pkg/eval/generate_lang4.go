package eval

import "fmt"

// lang4 are customers writing in Spanish, German and French as they
// type: accents left out, umlauts spelt out, a typo, a single word that
// gives the language away. Each core intent is routed to the tool it is
// in English: where the order is, a late or stalled parcel (the offer to
// look into it, and a yes), damage with or without the item named, a
// parcel marked delivered that never came, a return of a named item and a
// yes, store credit instead of a refund, a cancellation and a yes, a new
// address and a yes, and how to use or clean a product (the guides). A
// yes in the customer's language runs the proposal once. It runs after
// the other files and picks, so it changes no other file's orders (each
// scenario runs on a stack of its own).
func (g *gen) lang4() {
	const file = "lang4.json"
	all := func(tbOrder) bool { return true }
	yesIn := map[string]string{"es": "sí", "de": "ja", "fr": "oui"}
	type ask struct {
		text, lang string
		typo       bool
	}
	add := func(s Scenario, a ask) {
		s.Kind, s.Lang = "language_"+a.lang, a.lang
		if a.typo {
			s.Tags = withTag(s.Tags, "typo")
		}
		g.add(file, s)
	}

	// Where the order is: its tracking.
	for i, a := range []ask{
		{"donde esta mi pedido??", "es", true},
		{"¿Cuándo llegará mi paquete?", "es", false},
		{"wo bleibt meine bestelung", "de", true},
		{"Wann kommt mein Paket an?", "de", false},
		{"ou est ma commande", "fr", true},
		{"quand est-ce que mon colis arrive ?", "fr", false},
	} {
		o := g.lang4Pick("processed", 60+i, all)
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{a.text},
			Expect: Expect{Tools: []string{"track_order"}, Mention: []string{tracking(o)}, Handover: no()}}, a)
	}

	// Late or stalled: the status, the offer to look into it, and a yes.
	for i, a := range []ask{
		{"mi pedido va con retraso", "es", false},
		{"el paquete no se ha movido en varios dias", "es", true},
		{"Meine Lieferung ist verspätet", "de", false},
		{"das paket hat sich seit tagen nicht bewegt", "de", true},
		{"ma commande est en retard", "fr", false},
		{"le colis n'a pas bouge depuis une semaine", "fr", true},
	} {
		o := g.lang4Pick("processed", 70+i, all)
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{a.text, yesIn[a.lang]},
			Expect: Expect{Tools: []string{"track_order", "follow_up"}, Done: []string{"follow_up"}, Handover: no()}}, a)
	}

	// Damage: report_damage, the item named in the customer's language or
	// not named at all.
	named := func(lang string) func(tbOrder) bool {
		return func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && lang4Item(o, lang) >= 0 }
	}
	for i, a := range []ask{
		{"Hola, %s llegó rota. ¿Qué hago?", "es", false},
		{"%s llego roto", "es", true},
		{"Ich habe %s kaputt bekommen", "de", false},
		{"ich hab %s beschadigt erhalten", "de", true},
		{"%s est arrivé cassé", "fr", true},
		{"j'ai reçu %s abîmé, que faire ?", "fr", false},
	} {
		o := g.lang4Pick("delivered", 30+i, named(a.lang))
		a.text = fmt.Sprintf(a.text, itemNames[o.Items[lang4Item(o, a.lang)].Name][a.lang])
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{a.text}, Expect: Expect{Tools: []string{"report_damage"}}}, a)
	}
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 }
	for i, a := range []ask{
		{"mi pedido llego dañado", "es", true},
		{"Todo vino roto en la caja", "es", false},
		{"Die Lieferung kam kaputt an", "de", false},
		{"paket beschaedigt angekommen", "de", true},
		{"Mon colis est arrivé endommagé", "fr", false},
		{"tout est arrive casse", "fr", true},
	} {
		o := g.lang4Pick("delivered", 40+i, inWindow)
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{a.text}, Expect: Expect{Tools: []string{"report_damage"}}}, a)
	}

	// Marked delivered, never came: report_not_received.
	delivered := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) >= 3 && DeliveredDaysAgo(o.OrderID) <= 25 }
	for i, a := range []ask{
		{"dice entregado pero no he recibido nada", "es", false},
		{"sale como entregado pero no me llego nada", "es", true},
		{"Laut Sendungsverfolgung zugestellt, aber ich habe nichts erhalten", "de", false},
		{"als zugestelt markiert aber nie angekommen", "de", true},
		{"le suivi dit livré mais je n'ai rien reçu", "fr", false},
		{"marque livre mais jamais recu", "fr", true},
	} {
		o := g.lang4Pick("delivered", 50+i, delivered)
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{a.text}, Expect: Expect{Tools: []string{"report_not_received"}}}, a)
	}

	// A return of a named item, and a yes: exactly that item comes back.
	returnable := func(lang string) func(tbOrder) bool {
		return func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && lang4Item(o, lang) >= 0 }
	}
	for i, a := range []ask{
		{"Quisiera devolver %s", "es", false},
		{"quiero devolver %s porfa", "es", true},
		{"Ich möchte %s zurückschicken", "de", false},
		{"ich will %s zuruckgeben", "de", true},
		{"je veux retourner %s", "fr", false},
		{"je voudrais renvoyer %s svp", "fr", true},
	} {
		o := g.lang4Pick("delivered", 60+i, returnable(a.lang))
		it := o.Items[lang4Item(o, a.lang)]
		a.text = fmt.Sprintf(a.text, itemNames[it.Name][a.lang])
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{a.text, yesIn[a.lang]},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(),
				Writes: []Write{{Type: "return", Order: name(o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, Amount: price(it.Price)}}}}, a)
	}

	// Store credit instead of a refund: a return for credit (nothing is
	// written before the customer's yes).
	for i, a := range []ask{
		{"prefiero credito de tienda en vez de reembolso por %s", "es", true},
		{"quiero devolver %s a cambio de crédito", "es", false},
		{"Lieber einen Gutschein statt Erstattung für %s", "de", false},
		{"ich möchte %s zuruckgeben, bitte als gutschrift", "de", true},
		{"je préfère un avoir plutôt qu'un remboursement pour %s", "fr", false},
		{"je veux retourner %s contre un avoir", "fr", false},
	} {
		o := g.lang4Pick("delivered", 40+i, returnable(a.lang))
		it := o.Items[lang4Item(o, a.lang)]
		a.text = fmt.Sprintf(a.text, itemNames[it.Name][a.lang])
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{a.text}, Expect: Expect{Tools: []string{"start_return"}, Handover: no()}}, a)
	}

	// A cancellation before it ships, and a yes.
	cheap := func(o tbOrder) bool { return total(o) <= 100 } // the customer's yes cancels it
	for i, a := range []ask{
		{"Quiero cancelar mi pedido", "es", false},
		{"cancelen el pedido porfavor", "es", true},
		{"Ich möchte meine Bestellung stornieren", "de", false},
		{"bitte bestellung storniren", "de", true},
		{"je veux annuler ma commande", "fr", false},
		{"annulez ma comande svp", "fr", true},
	} {
		o := g.lang4Pick("pending", 60+i, cheap)
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{a.text, yesIn[a.lang]},
			Expect: Expect{Tools: []string{"cancel_order"}, Handover: no(), Writes: []Write{{Type: "cancel", Order: name(o)}}}}, a)
	}

	// A new address before it ships, and a yes.
	for i, a := range []ask{
		{"Cambien la dirección de envío a %s", "es", false},
		{"porfavor envienlo a %s", "es", true},
		{"Bitte ändern Sie die Lieferadresse auf %s", "de", false},
		{"neue adrese: %s", "de", true},
		{"Changez l'adresse de livraison : %s", "fr", false},
		{"nouvelle adresse de livraison %s svp", "fr", false},
	} {
		o := g.lang4Pick("pending", 70+i, all)
		na := newAddresses[i%len(newAddresses)]
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{fmt.Sprintf(a.text, na.line), yesIn[a.lang]},
			Expect: Expect{Tools: []string{"change_address"}, Handover: no(),
				Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, na)}}}}, a)
	}

	// How to use or look after a product: the guides' facts.
	for i, c := range []struct {
		ask
		fact string
	}{
		{ask{"¿Cómo limpio la sartén de hierro fundido?", "es", false}, "dishwasher|soap|brush"},
		{ask{"las tazas se pueden meter en el lavavajillas?", "es", false}, "dishwasher"},
		{ask{"Wie reinige ich die Pfanne aus Gusseisen?", "de", false}, "dishwasher|soap|brush"},
		{ask{"darf die tasse in die spulmaschine", "de", true}, "dishwasher"},
		{ask{"comment nettoyer la poele en fonte ?", "fr", true}, "dishwasher|soap|brush"},
		{ask{"est-ce que la tasse va au lave-vaisselle ?", "fr", false}, "dishwasher"},
	} {
		o := g.lang4Pick("processed", 80+i, all)
		add(Scenario{Start: verifiedStart(g, o), Turns: []string{c.text},
			Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{c.fact}, Handover: no()}}, c.ask)
	}
}

// lang4Item is the index of o's first line with a name in lang that is
// the only one of its title and worth at most $100, or -1.
func lang4Item(o tbOrder, lang string) int {
	for _, j := range uniqueItems(o) {
		if _, ok := itemNames[o.Items[j].Name][lang]; ok && o.Items[j].Price <= 100 {
			return j
		}
	}
	return -1
}

// lang4Pick is the order of status kept by keep at index i, counted
// round the list when there are fewer.
func (g *gen) lang4Pick(status string, i int, keep func(tbOrder) bool) tbOrder {
	all := g.pick(status, len(g.byStatus[status]), keep)
	return all[i%len(all)]
}
