package eval

import "fmt"

// follow7 are follow-ups of issue 18's no-context trial (held out in
// pkg/offline/follow7_test.go) that only make sense after the agent's
// previous reply: the answer to "replacement or refund?" naming an option
// in another language or by its place, and a question about the follow-up
// promise just proposed, after which a plain yes makes the promise. Judged
// by the writes and the promise made. Each intent five ways or more, with
// a typo.
func (g *gen) follow7() {
	const file = "follow7.json"
	damaged := func(o tbOrder) bool {
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
	choices := []struct {
		text, lang string
		typo       bool
	}{
		{"sí, otro por favor", "es", false},
		{"Ersatz bitte", "de", false},
		{"un nouveau svp", "fr", false},
		{"the first one", "", false},
		{"the frist one pls", "", true},
		{"uno nuevo porfa", "es", true},
	}
	orders := g.pick("delivered", len(choices), damaged)
	for i, c := range choices {
		o := orders[i%len(orders)]
		it := o.Items[uniqueItems(o)[0]]
		for _, j := range uniqueItems(o) {
			if o.Items[j].Price <= 100 {
				it = o.Items[j]
				break
			}
		}
		line := []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
		phrase := damageAsk[i%len(damageAsk)]
		g.add(file, Scenario{Kind: "follow_named_option", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns: []string{fmt.Sprintf(phrase, itemName(it.Name, false, i)), c.text, "yes"},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Writes: []Write{{Type: "return", Order: name(o), Lines: line},
				{Type: "replacement", Order: name(o), Lines: line}}}})
	}
	asks := []struct {
		text, lang string
		typo       bool
	}{
		{"ok and what happens if it's not here by friday?", "", false},
		{"wat happens if it still doesnt come?", "", true},
		{"and if it never shows up?", "", false},
		{"¿y si no llega qué pasa?", "es", false},
		{"und was passiert, wenn es nicht kommt?", "de", false},
		{"et s'il n'arrive pas ?", "fr", false},
	}
	late := g.pick("processed", len(asks), func(tbOrder) bool { return true })
	for i, a := range asks {
		o := late[i%len(late)]
		g.add(file, Scenario{Kind: "follow_promise_question", Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
			Turns:  []string{lateAsk[i%len(lateAsk)], a.text, "yes"},
			Expect: Expect{Tools: []string{"track_order", "follow_up"}, Done: []string{"follow_up"}, Handover: no()}})
	}
}
