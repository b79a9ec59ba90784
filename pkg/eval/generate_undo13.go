package eval

import "fmt"

// undo13 are issue 18's new-user trial: the customer takes back a
// resolution the agent arranged, or asks about it, naming it by what it
// is (held out in pkg/offline/heldout_undo13_test.go, phrasings differ).
// "Cancel the replacement" cancels the replacement order, never the
// original (delivered: the cancel was refused); "cancel that return" is
// never a cancellation of the order, and writes nothing more; "did the
// replacement go through?" is told the replacement order. Judged by the
// writes and the facts of the replies. It picks without taking (each
// scenario runs on a stack of its own).
func (g *gen) undo13() {
	const file = "undo13.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	recent := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && len(uniqueItems(o)) > 0 }
	// Worth no more than the policy lets the customer keep: a replacement
	// with nothing sent back.
	keepable := func(o tbOrder) (tbItem, bool) {
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 30 {
				return o.Items[j], true
			}
		}
		return tbItem{}, false
	}
	damaged := []string{"the %s arrived cracked", "my %s came broken", "the %s showed up damaged", "got my %s today and its smashed",
		"the %s is damaged, it came like that", "hi, my %s arrived chipped"}

	// The replacement, taken back: cancelled on the yes, the original kept.
	cancel := []phrase{
		{"oh i found the other one, please cancel the replacement", "en", false},
		{"actually no need for the replacement anymore, can you stop it?", "en", false},
		{"dont send the new one after all, pls cancel it", "en", false},
		{"cancle the replacment plz", "en", true},
		{"por favor cancela el reemplazo, ya no lo necesito", "es", false},
		{"Bitte stornieren Sie die Ersatzbestellung", "de", false},
	}
	yes := map[string]string{"en": "yes", "es": "sí", "de": "ja", "fr": "oui"}
	orders := g.pick("delivered", len(cancel), func(o tbOrder) bool { _, ok := keepable(o); return recent(o) && ok })
	for i, p := range cancel {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		it, _ := keepable(o)
		line := []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
		g.add(file, Scenario{Kind: "undo13_cancel_replacement", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(damaged[i%len(damaged)], itemName(it.Name, false, i)), "a replacement please", "yes", p.text, yes[p.lang]},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage", "cancel_order"},
				Writes:  []Write{{Type: "replacement", Order: name(o), Lines: line}, {Type: "cancel", Order: name(o) + "-R"}},
				Answers: []Answer{{Turn: 4, Mention: []string{name(o) + "-R"}}}}})
	}

	// The replacement asked about: told its order.
	asked := []phrase{
		{"wait did the replacement go through?", "en", false},
		{"so is the replacement on its way now?", "en", false},
		{"did the replacment actually go thru", "en", true},
		{"ist der Ersatz schon unterwegs?", "de", false},
		{"and the replacement, has that been sent yet?", "en", false},
	}
	orders = g.pick("delivered", len(asked), func(o tbOrder) bool { _, ok := keepable(o); return recent(o) && ok })
	for i, p := range asked {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		it, _ := keepable(o)
		line := []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
		g.add(file, Scenario{Kind: "undo13_replacement_asked", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(damaged[(i+1)%len(damaged)], itemName(it.Name, false, i)), "a replacement please", "yes", p.text},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"},
				Writes:  []Write{{Type: "replacement", Order: name(o), Lines: line}},
				Answers: []Answer{{Turn: 4, Mention: []string{name(o) + "-R"}}}}})
	}

	// A return taken back: nothing more written (never the order
	// cancelled), no handover unasked.
	keep := []phrase{
		{"hmm i'll keep it after all, cancel that return", "en", false},
		{"actually i dont want to return it anymore", "en", false},
		{"can you undo the retrun? changed my mind", "en", true},
		{"ya no quiero devolverlo, cancela la devolución", "es", false},
		{"finalement je le garde, annulez le retour", "fr", false},
	}
	// Cheap enough that policy wants no person to approve the return.
	cheap := func(o tbOrder) (tbItem, bool) {
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 100 {
				return o.Items[j], true
			}
		}
		return tbItem{}, false
	}
	returnAsk := []string{"i'd like to return the %s, changed my mind", "can i send the %s back? dont need it", "i want to return my %s please",
		"hi, returning the %s, not for me", "please start a return for the %s"}
	orders = g.pick("delivered", len(keep), func(o tbOrder) bool { _, ok := cheap(o); return recent(o) && ok })
	for i, p := range keep {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		it, _ := cheap(o)
		line := []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
		g.add(file, Scenario{Kind: "undo13_keep_return", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(returnAsk[i%len(returnAsk)], itemName(it.Name, false, i)), "yes", p.text},
			Expect: Expect{Handover: no(), Tools: []string{"start_return"}, Writes: []Write{{Type: "return", Order: name(o), Lines: line}}}})
	}
}
