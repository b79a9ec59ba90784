package eval

import "fmt"

// heldoutReturns are phrasings of the returns area written before the
// offline model was read (issue 18), kept once it answered them: a return
// asked about before the order has arrived ("if I don't like it…"),
// answered from the return policy with nothing written; a refund asked
// for an item that came, which is a return; changing one's mind before
// shipping (a cancellation) and after delivery (a return); the ZIP code
// of a stated address put right; a condition of the return policy and a
// refund's timing asked about. It runs after the other files, so the
// orders it picks may be theirs too (each scenario runs on a stack of its
// own).
func (g *gen) heldoutReturns() {
	const file = "heldout_returns.json"
	all := func(tbOrder) bool { return true }
	inWindow := func(o tbOrder) bool {
		if DeliveredDaysAgo(o.OrderID) > 25 {
			return false
		}
		for _, i := range uniqueItems(o) {
			if o.Items[i].Price <= 100 {
				return true
			}
		}
		return false
	}

	// A return asked about before the order arrives: the return policy's
	// window, no write, no person.
	whatIf := []struct{ ask, lang, status string }{
		{"if i dont like it can i send it back later?", "", "pending"},
		{"can I return it once it arrives if it's not what I expected?", "", "pending"},
		{"is this returnable?", "", "pending"},
		{"wat happens if i want to retrun it when it gets here", "", "pending"},
		{"in case it turns out to be the wrong size, could i get my money back?", "", "pending"},
		{"what if it turns up and I don't like it, can i send it back?", "", "processed"},
		{"could I get store credit instead if I end up returning it?", "", "processed"},
		{"¿Puedo devolverlo si no me gusta cuando llegue?", "es", "pending"},
		{"Kann ich es zurückschicken, falls es mir nicht gefällt?", "de", "pending"},
		{"Si ça ne me plaît pas, est-ce que je peux le renvoyer ?", "fr", "processed"},
		{"say it doesnt fit, do i get a full refund?", "", "pending"},
		{"Do you accept returns? just checking before it ships", "", "pending"},
		{"Falls es nicht passt, bekomme ich mein Geld zurück?", "de", "pending"},
	}
	for i, c := range whatIf {
		o := g.pick(c.status, i+1, all)[i]
		g.add(file, Scenario{Kind: "return_policy_question", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(i == 3 || i == 10),
			Turns: []string{c.ask}, Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{"30 days"}, Handover: no()}})
	}
	// How long a refund takes, asked before the order arrives.
	for i, ask := range []string{"what's the refund timeline if I return it?", "if I send it back when it comes, how long until I see the refund?"} {
		o := g.pick("processed", i+16, all)[i+15]
		g.add(file, Scenario{Kind: "return_policy_question", Start: verifiedStart(g, o),
			Turns: []string{ask}, Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{"5-10"}, Handover: no()}})
	}

	// A refund asked for an item that came: a return of it, once the
	// customer says yes.
	refundAsk := []string{
		"can I get a refund for the %s?",
		"I want my money back for the %s",
		"i'd like a refund on the %s pls",
		"could you refund me for the %s, it's not for me",
		"give me a refund for teh %s",
	}
	for i, o := range g.pick("delivered", len(refundAsk)+20, inWindow)[20:] {
		var it tbItem
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 100 {
				it = o.Items[j]
				break
			}
		}
		ask := fmt.Sprintf(refundAsk[i], itemName(it.Name, false, i))
		g.add(file, Scenario{Kind: "return_item", Start: verifiedStart(g, o), Tags: typoTag(i == 4),
			Turns: []string{ask, "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "return", Order: name(o),
				Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, Amount: price(it.Price)}}}})
	}

	// Changed one's mind before it ships: cancel_order, in any words.
	for i, c := range []struct{ ask, lang string }{
		{"actually i changed my mind, dont send it", ""},
		{"I don't need it anymore, please don't ship it", ""},
		{"Ich habe es mir anders überlegt, bitte nicht verschicken", "de"},
		{"j'ai changé d'avis, je n'en veux plus", "fr"},
		{"He cambiado de opinión, ya no lo quiero", "es"},
	} {
		o := g.pick("pending", i+21, all)[i+20]
		g.add(file, Scenario{Kind: "cancel_order", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(i == 0),
			Turns: []string{c.ask}, Expect: Expect{Tools: []string{"cancel_order"}, Handover: no()}})
	}
	// Changed one's mind after it came: a return, not a cancellation.
	for i, ask := range []string{"I don't want it anymore", "changed my mind about this order, I dont want it"} {
		o := g.pick("delivered", i+31, inWindow)[i+30]
		g.add(file, Scenario{Kind: "return_item", Start: verifiedStart(g, o), Tags: typoTag(i == 1),
			Turns: []string{ask}, Expect: Expect{Tools: []string{"start_return"}, Handover: no()}})
	}

	// The ZIP code of a stated address put right, then yes: the address
	// with the new ZIP code is written.
	for i, o := range g.pick("pending", 3+25, all)[25:] {
		a := newAddresses[i%len(newAddresses)]
		fixed := a
		fixed.zip = fmt.Sprintf("%05d", (atoiZip(a.zip)+1)%100000)
		fix := []string{"sorry, the zip is %s", "oops, zip code should be %s", "my mistake, postcode %s"}[i]
		g.add(file, Scenario{Kind: "address_change", Start: verifiedStart(g, o), Tags: []string{"consent"},
			Turns:  []string{fmt.Sprintf("please change my address to %s", a.line), fmt.Sprintf(fix, fixed.zip), "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, fixed)}}}})
	}

	// A condition of the return policy, about an order that came: the
	// policy's words, nothing written.
	for i, ask := range []string{"is it returnable if I've used it?", "can I still return it if I threw away the box?"} {
		o := g.pick("delivered", i+41, inWindow)[i+40]
		g.add(file, Scenario{Kind: "return_policy_question", Start: verifiedStart(g, o),
			Turns: []string{ask}, Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{"unused|original packaging"}, Handover: no()}})
	}
}

// atoiZip is a five-digit ZIP code as a number.
func atoiZip(zip string) int {
	n := 0
	for _, r := range zip {
		n = n*10 + int(r-'0')
	}
	return n
}
