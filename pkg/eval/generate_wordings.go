package eval

import "fmt"

// wordings are what a new user's trial of the offline model found it
// missed, each phrased at least five ways: two questions in one message,
// address changes in other words, follow-ups in German and French after
// the English-only note, follow-ups that need the conversation, docs
// questions asked about "my" order, and a yes to the offer of a person.
// It runs after every other part, so the orders it takes change no other
// file's.
func (g *gen) wordings() {
	const file = "wordings.json"
	g.twoPolicyQuestions(file)
	g.statusAndProduct(file)
	g.addressWordings(file)
	g.foreignFollowUps(file)
	g.contextFollowUps(file)
	g.docsAboutMine(file)
	g.trialMisses(file)
}

// trialMisses: what a second new-user trial found missing: policy
// questions in Spanish, German and French, and a status question with a
// new address. (A parcel still missing after the look-around step is not
// here: the suite's delivered orders are past the look-around hours, so
// the first message settles it; pkg/offline's demo tests hold it.)
func (g *gen) trialMisses(file string) {
	for _, q := range []struct{ lang, ask, fact string }{
		{"es", "¿Cuánto tiempo tengo para devolver algo?", "30"},
		{"es", "¿Cuál es su política de devoluciones?", "30"},
		{"de", "Was kostet der Versand?", "$7.95"},
		{"de", "Wie lange habe ich Zeit für eine Rückgabe?", "30"},
		{"fr", "Quelle est votre politique de retour ?", "30"},
		{"fr", "Combien coûte la livraison ?", "$7.95"},
	} {
		g.add(file, Scenario{Kind: "language_" + q.lang, Lang: q.lang, Tags: []string{"docs"}, Turns: []string{q.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{q.fact}, Handover: no()}})
	}
	asks := []string{"has my order shipped yet? also can i change the address to %s", "is it on its way? and could it go to %s instead"}
	for i, o := range g.take("pending", len(asks), nil) {
		a := newAddresses[i%len(newAddresses)]
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: []string{"multi_question"},
			Turns: []string{fmt.Sprintf(asks[i], a.line), "yes"},
			Expect: Expect{Tools: []string{"track_order", "change_address"}, Handover: no(),
				Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}
}

// twoPolicyQuestions: two questions the documentation answers, in one
// message, from a customer who has not said who they are.
func (g *gen) twoPolicyQuestions(file string) {
	for _, q := range []struct {
		ask   string
		facts []string
	}{
		{"what's your return policy and do you ship to Canada?", []string{"30", "United States"}},
		{"How much is shipping, and do you offer gift wrap?", []string{"$7.95", "$5"}},
		{"do u ship internationally? and how long do refunds take", []string{"United States", "5-10"}},
		{"Two questions: how long do I have to return something, and is shipping free?", []string{"30", "$75|$7.95"}},
		{"is gift wraping available? also whats the retrun window", []string{"$5", "30"}},
		{"Can I get an order delivered to the UK, and how much does delivery cost?", []string{"United States", "$7.95"}},
	} {
		g.add(file, Scenario{Kind: "multi_question", Tags: withTag(tagsFor(q.ask), "multi_question"), Turns: []string{q.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Mention: q.facts, Handover: no()}})
	}
}

// statusAndProduct: a question about the customer's order and one about a
// product, in one message; each is answered.
func (g *gen) statusAndProduct(file string) {
	asks := []struct{ ask, fact string }{
		{"when will my order arrive and is the skillet oven safe?", "500|260"},
		{"where's my package? also can the stoneware mug go in the microwave?", "2 minutes"},
		{"has my ordr shipped, and how do i clean the pour over kit?", "top rack|vinegar"},
		{"Is my parcel on its way? And what temperature should I wash the linen throw at?", "30|86"},
		{"track my order please, and how short should the candle wick be", "1/4|6 mm"},
	}
	for i, o := range g.take("processed", len(asks), nil) {
		q := asks[i]
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: withTag(tagsFor(q.ask), "multi_question"),
			Turns:  []string{q.ask},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Mention: []string{tracking(o), q.fact}, Handover: no()}})
	}
}

// addressWordings: a new address asked for in other words, and written
// with its commas elsewhere; an address abroad, which needs a person, and
// a yes to the offer of one; a yes to that offer after a shipped order's
// address could not be changed.
func (g *gen) addressWordings(file string) {
	asks := []struct{ ask, line string }{
		{"send it to %s instead", "12 Oak Street, Springfield, IL 62704"},
		{"can you ship to my work address: %s", "450 Pine Avenue, Portland, OR 97205"},
		{"Actually, please send the parcel to %s", "7 Elm Court, Austin, TX 78701"},
		{"i need it delivered to %s, not my old place", "1600 Lake Drive, Madison, WI 53703"},
		{"new adress: %s", "88 Harbor Road, Apt 3, Boston, MA 02110"},
		{"It should go to my office instead: %s", "450 Pine Avenue, Portland OR 97205"},
		{"could u send my order to %s pls", "12 Oak Street, Springfield, Illinois 62704"},
	}
	for i, o := range g.take("pending", len(asks), nil) {
		a := newAddresses[[]int{0, 1, 3, 4, 2, 1, 0}[i]]
		ask := fmt.Sprintf(asks[i].ask, asks[i].line)
		g.add(file, Scenario{Kind: "address_change", Start: verifiedStart(g, o), Tags: tagsFor(ask),
			Turns:  []string{ask, "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}
	abroad := []struct{ ask, yes string }{
		{"please send it to 14 Rue de la Paix, 75002 Paris, France instead", "yes please"},
		{"Can you change the address to Friedrichstraße 12, 10117 Berlin, Germany?", "yes"},
		{"ship it to 221B Baker Street, London NW1 6XE, United Kingdom", "ok yes"},
		{"I'm moving, new adress: 300 King Street West, Toronto, ON M5V 1J5, Canada", "yes, a person please"},
		{"deliver it to Calle Mayor 5, 3º izquierda, 28013 Madrid, Spain please", "sure"},
	}
	for i, o := range g.take("pending", len(abroad), nil) {
		g.add(file, Scenario{Kind: "address_abroad", Start: verifiedStart(g, o), Tags: tagsFor(abroad[i].ask),
			Turns:  []string{abroad[i].ask, abroad[i].yes},
			Expect: Expect{Tools: []string{"change_address", "handover"}, Handover: yes()}})
	}
	yeses := []string{"yes please", "yes", "yeah, do that", "ok yes pls", "sure, thanks"}
	for i, o := range g.take("processed", 4, nil) {
		a := newAddresses[i%len(newAddresses)]
		phrase := addressAsk[(i+1)%len(addressAsk)]
		g.add(file, Scenario{Kind: "address_after_shipping", Start: verifiedStart(g, o), Tags: tagsFor(phrase),
			Turns:  []string{fmt.Sprintf(phrase, a.line), yeses[i%len(yeses)]},
			Expect: Expect{Tools: []string{"handover"}, Handover: yes()}})
	}
}

// foreignFollowUps: a German or French customer asks about their order,
// hears the answer with the English-only note, and asks on in their own
// language: the follow-up is answered from the tools, not handed over.
func (g *gen) foreignFollowUps(file string) {
	for _, lang := range []string{"de", "fr"} {
		first := map[string][]string{
			"de": {"Hallo, wo ist meine Bestellung %s? E-Mail: %s", "Bestellung %s, %s. Ist sie schon unterwegs?",
				"Wo bleibt mein Paket %s? Meine E-Mail ist %s", "Status bitte: %s / %s"},
			"fr": {"Bonjour, où en est ma commande %s ? e-mail %s", "Commande %s, %s : elle est partie ?",
				"Où est mon colis %s ? Mon e-mail : %s", "Le statut de %s s'il vous plaît, %s"},
		}[lang]
		// Each follow-up is judged by its own reply: the field the tools
		// give that answers it ("where is it now": the last scan or the
		// tracking number to follow it).
		then := map[string][]struct{ ask, field string }{
			"de": {{"Und welcher Paketdienst bringt es?", "carrier"}, {"Wie lautet die Sendungsnummer?", "tracking_number"},
				{"Danke. Wann kommt es an?", "estimated_delivery"}, {"ok, und wo ist das Paket gerade?", "last_scan|tracking_number"}},
			"fr": {{"Et quel transporteur ?", "carrier"}, {"Quel est le numéro de suivi ?", "tracking_number"},
				{"Merci. Quand est-ce qu'il arrivera ?", "estimated_delivery"}, {"D'accord, et où est le colis maintenant ?", "last_scan|tracking_number"}},
		}[lang]
		for i, o := range g.take("processed", len(first), nil) {
			g.add(file, Scenario{Kind: "language_" + lang, Lang: lang, Tags: []string{"follow_up"},
				Turns: []string{fmt.Sprintf(first[i], name(o), g.email(o)), then[i].ask},
				Expect: Expect{Tools: []string{"verify_customer", "track_order"}, Handover: no(),
					Answers: []Answer{{Turn: 2, Report: []string{then[i].field}}}}})
		}
		// A follow-up on an order that has not shipped.
		more := map[string][]string{
			"de": {"Wurde meine Bestellung schon verschickt?", "Wann wird sie verschickt?"},
			"fr": {"Ma commande est-elle déjà partie ?", "Et quand sera-t-elle expédiée ?"},
		}[lang]
		for _, o := range g.take("pending", 1, nil) {
			g.add(file, Scenario{Kind: "language_" + lang, Lang: lang, Start: verifiedStart(g, o), Tags: []string{"follow_up"},
				Turns: more, Expect: Expect{Tools: []string{"track_order"}, Stage: "pre_shipment", Handover: no(),
					Answers: []Answer{{Turn: 2, Report: []string{"ships_by"}}}}})
		}
		// A yes that goes on to ask is no request for a person.
		yesAnd := map[string][]string{
			"de": {"Hallo, wo ist meine Bestellung?", "Ja, und wann wird sie verschickt"},
			"fr": {"Bonjour, où est ma commande ?", "Oui, et quand est-ce qu'elle sera expédiée"},
		}[lang]
		for _, o := range g.take("pending", 1, nil) {
			g.add(file, Scenario{Kind: "language_" + lang, Lang: lang, Start: verifiedStart(g, o), Tags: []string{"follow_up"},
				Turns: yesAnd, Expect: Expect{Tools: []string{"track_order"}, Stage: "pre_shipment", Handover: no(),
					Answers: []Answer{{Turn: 2, Report: []string{"ships_by"}}}}})
		}
	}
}

// contextFollowUps: a follow-up that means something only after the
// answer before it: "what about my other order?", "when will it arrive?".
func (g *gen) contextFollowUps(file string) {
	// A customer with exactly two orders, the other one not used elsewhere.
	var others []string
	two := func(o tbOrder) bool {
		u := g.d.Users[o.UserID]
		if len(u.Orders) != 2 {
			return false
		}
		for _, id := range u.Orders {
			if _, ok := g.d.Orders[id]; !ok || (id != o.OrderID && g.used[id]) {
				return false
			}
		}
		return true
	}
	other := []string{"what about my other order?", "and the other one?", "ok and my other ordr?",
		"What's the status of my other order?", "how about the second order I placed?", "and my other package?"}
	firsts := []string{"Where is my order?", "has my order shipped?", "whats the status of my order"}
	for i, o := range g.take("pending", len(other), two) {
		for _, id := range g.d.Users[o.UserID].Orders {
			if id != o.OrderID {
				g.used[id] = true
				others = append(others, ShopifyName(id))
			}
		}
		turns := []string{firsts[i%len(firsts)], other[i]}
		g.add(file, Scenario{Kind: "follow_up", Start: verifiedStart(g, o), Tags: withTag(tagsFor(other[i]), "follow_up"),
			Turns: turns, Expect: Expect{Tools: []string{"track_order"}, Mention: []string{name(o)}, Handover: no(),
				Answers: []Answer{{Turn: 2, Mention: []string{others[i]}}}}})
	}
	when := []string{"when will it arrive?", "and when does it get here", "ok. when will it come?", "so whens it arriving", "When can I expect it?"}
	for i, o := range g.take("pending", len(when), nil) {
		g.add(file, Scenario{Kind: "follow_up", Start: verifiedStart(g, o), Tags: []string{"follow_up"},
			Turns: []string{firsts[(i+1)%len(firsts)], when[i]},
			Expect: Expect{Tools: []string{"track_order"}, Stage: "pre_shipment", Handover: no(),
				Answers: []Answer{{Turn: 2, Report: []string{"estimated_delivery"}}}}})
	}
}

// docsAboutMine: questions the documentation answers, asked as a customer
// does ("my refund", "my order"), and one more product question.
func (g *gen) docsAboutMine(file string) {
	for _, q := range []struct {
		kind, fact string
		asks       []string
	}{
		{"product", "500|260", []string{"is the skillet oven safe?", "can the cast iron pan go in the oven?", "can i put the skilet in the oven",
			"what's the max oven temperature for the skillet?", "Is it ok to bake with the cast-iron skillet in the oven?"}},
		{"policy", "5-10", []string{"when will I get my refund?", "how long will my refund take?", "when do i get my money back after I return something?",
			"how long until my refund shows on my card", "My refund, how many days does it take?"}},
		{"policy", "$5", []string{"can you gift wrap my order?", "I'd like my order gift wrapped, is that possible?", "can i get my present wrapped",
			"do you gift wrap? it's for my mom", "how much to giftwrap my order?"}},
	} {
		for _, ask := range q.asks {
			g.add(file, Scenario{Kind: "docs_" + q.kind, Tags: tagsFor(ask), Turns: []string{ask},
				Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{q.fact}, Handover: no()}})
		}
	}
}
