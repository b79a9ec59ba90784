package eval

import "fmt"

// state16 are issue 18's class held out in
// pkg/offline/heldout_state16_test.go: mid-conversation questions about
// what was done or what happens next, answered from the conversation's
// real state, never the guides. A yes to a wrong-item replacement with a
// question whether the wrong item goes back runs the replacement and is
// told it is kept; a replacement asked about ("did you cancel it?") is not
// cancelled and is named; a cancellation asked about is confirmed with
// its refund; what happens after a return is the return's own next step;
// the new item asked after when the unit was refunded is told it was
// refunded. Phrasings differ from the offline table's. It picks without
// taking (each scenario runs on a stack of its own).
func (g *gen) state16() {
	const file = "state16.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	yesIn := map[string]string{"en": "yes", "es": "sí", "de": "ja", "fr": "oui"}
	recent := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && len(uniqueItems(o)) > 0 }
	// Worth no more than the policy lets the customer keep.
	keepable := func(o tbOrder) (tbItem, bool) {
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 30 {
				return o.Items[j], true
			}
		}
		return tbItem{}, false
	}
	lineOf := func(it tbItem) []WriteLine {
		return []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
	}
	wrong := []string{"the %s you sent isn't what i ordered", "i got the wrong %s", "the %s in my parcel is the wrong one",
		"this %s is not the one i ordered", "you shipped me the wrong %s"}
	damaged := []string{"the %s came with a big crack", "my %s arrived in pieces", "the %s is chipped, it came that way", "opened the box and the %s is broken",
		"the %s arrived dented"}

	// A yes to the replacement of a wrong item, with a question whether
	// it goes back: the replacement written, the item said to be kept.
	keep := []phrase{
		{"yes please. do i need to mail the wrong one back?", "en", false},
		{"sure go ahead, do i send the one i got back to you?", "en", false},
		{"yes pls. do i hav to send the wrong one back?", "en", true},
		{"yes. can i just keep the wrong one?", "en", false},
		{"sí, adelante. ¿debo devolver el que me llegó mal?", "es", false},
	}
	orders := g.pick("delivered", len(keep), func(o tbOrder) bool { _, ok := keepable(o); return recent(o) && ok })
	for i, p := range keep {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		it, _ := keepable(o)
		g.add(file, Scenario{Kind: "state16_wrong_item_keep", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{fmt.Sprintf(wrong[i%len(wrong)], itemName(it.Name, false, i)), "send me the right one please", p.text},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"},
				Writes:  []Write{{Type: "replacement", Order: name(o), Lines: lineOf(it)}},
				Answers: []Answer{{Turn: 3, Mention: []string{"no need|keep"}}}}})
	}

	// A replacement that ran, asked whether it was cancelled: it was not,
	// nothing more is written, and the replacement order is named.
	notCancelled := []phrase{
		{"hold on, did you cancel the replacement?", "en", false},
		{"so the replacement wasnt cancelled, right?", "en", false},
		{"did u cancle the replacment?", "en", true},
		{"has the replacement been cancelled?", "en", false},
		{"haben Sie den Ersatz storniert?", "de", false},
	}
	orders = g.pick("delivered", len(notCancelled), func(o tbOrder) bool { _, ok := keepable(o); return recent(o) && ok })
	for i, p := range notCancelled {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		it, _ := keepable(o)
		g.add(file, Scenario{Kind: "state16_replacement_not_cancelled", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(damaged[i%len(damaged)], itemName(it.Name, false, i)), "a replacement please", "yes", p.text},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"},
				Writes:  []Write{{Type: "replacement", Order: name(o), Lines: lineOf(it)}},
				Answers: []Answer{{Turn: 4, Mention: []string{name(o) + "-R"}}}}})
	}

	// A cancellation that ran, asked about: confirmed with its refund.
	cancelled := []phrase{
		{"just checking, is my order cancelled now?", "en", false},
		{"has it actually been cancelled?", "en", false},
		{"so its definately canceled?", "en", true},
		{"¿entonces está cancelado?", "es", false},
		{"ist die Bestellung jetzt storniert?", "de", false},
	}
	cheap := g.pick("pending", len(cancelled), func(o tbOrder) bool { return total(o) <= 100 })
	for i, p := range cancelled {
		if len(cheap) == 0 {
			break
		}
		o := cheap[i%len(cheap)]
		g.add(file, Scenario{Kind: "state16_cancel_asked", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{cancelAsk[i%len(cancelAsk)], yesIn[p.lang], p.text},
			Expect: Expect{Handover: no(), Tools: []string{"cancel_order"}, Writes: []Write{{Type: "cancel", Order: name(o)}},
				Answers: []Answer{{Turn: 3, Mention: []string{name(o), "business days"}}}}})
	}

	// A return that ran, then what happens next: its own next step (the
	// emailed instructions), not a guide passage.
	next := []phrase{
		{"ok, and now what?", "en", false},
		{"cool, what's next?", "en", false},
		{"okay thx, what happens next wiht it?", "en", true},
		{"¿y ahora qué hago?", "es", false},
		{"et maintenant, je fais quoi ?", "fr", false},
	}
	returnable := func(o tbOrder) (tbItem, bool) {
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 100 {
				return o.Items[j], true
			}
		}
		return tbItem{}, false
	}
	returnAsk := []string{"i'd like to send the %s back, not for me", "please start a return of my %s", "i want to return the %s, changed my mind",
		"can i return the %s? never used it", "returning the %s please"}
	orders = g.pick("delivered", len(next), func(o tbOrder) bool { _, ok := returnable(o); return recent(o) && ok })
	for i, p := range next {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		it, _ := returnable(o)
		g.add(file, Scenario{Kind: "state16_return_next", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(returnAsk[i%len(returnAsk)], itemName(it.Name, false, i)), yesIn[p.lang], p.text},
			Expect: Expect{Handover: no(), Tools: []string{"start_return"}, Writes: []Write{{Type: "return", Order: name(o), Lines: lineOf(it)}},
				Answers: []Answer{{Turn: 3, Mention: []string{"email"}}}}})
	}

	// A damaged unit refunded, then the new one asked after: told it was
	// refunded, nothing new coming.
	newOne := []phrase{
		{"great, and when will the new one get here?", "en", false},
		{"is the replacement on its way?", "en", false},
		{"wen will the new one arrive?", "en", true},
		{"so the new one ships when?", "en", false},
		{"¿y cuándo llega el reemplazo?", "es", false},
	}
	orders = g.pick("delivered", len(newOne), func(o tbOrder) bool { _, ok := keepable(o); return recent(o) && ok })
	for i, p := range newOne {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		it, _ := keepable(o)
		g.add(file, Scenario{Kind: "state16_refunded_new_item", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(damaged[(i+2)%len(damaged)], itemName(it.Name, false, i)), "just refund it please", "yes", p.text},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"},
				Writes:  []Write{{Type: "refund", Order: name(o), Lines: lineOf(it)}},
				Answers: []Answer{{Turn: 4, Mention: []string{"refund"}}}}})
	}
}
