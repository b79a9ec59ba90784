package eval

// facts5 are phrasings of a held-out trial of the offline model (issue 18,
// pkg/offline/facts5_test.go): questions about a cancelled order's own
// facts, answered from the tools, never a refusal or the FAQ alone: why and
// when it was cancelled (with what was refunded), and when its refund
// reaches the card (the refund's amount and day, and the guide's span).
// Each intent is phrased five ways or more, with typos and other languages.
func (g *gen) facts5() {
	const file = "facts5.json"
	all := func(tbOrder) bool { return true }
	for i, c := range []struct{ ask, lang string }{
		{"why was my order cancelled?? I didnt ask for that", ""},
		{"who cancelled my order? it wasn't me", ""},
		{"why did u cancell my order", ""},
		{"what's the reason my order was cancelled", ""},
		{"i think my order was cancelled by mistake", ""},
		{"¿Por qué cancelaron mi pedido? Yo no lo pedí", "es"},
		{"Warum wurde meine Bestellung storniert?", "de"},
	} {
		o := g.pick("cancelled", i+1, all)[i]
		kind := "facts_cancelled"
		if c.lang != "" {
			kind = "language_" + c.lang
		}
		g.add(file, Scenario{Kind: kind, Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(i == 2),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"cancelled", "refunded_total"}, Stage: "cancelled", Handover: no()}})
	}
	for i, c := range []struct{ ask, lang string }{
		{"when will i see the refund for my cancelled order on my card", ""},
		{"how long until the money is back on my credit card?", ""},
		{"when will the refnd show up in my bank account", ""},
		{"when does the refund hit my card", ""},
		{"how many days for the refund to reach my bank?", ""},
		{"is the money back on my card yet", ""},
		{"¿cuándo veré el reembolso en mi tarjeta?", "es"},
		{"Wann ist die Erstattung auf meiner Karte?", "de"},
	} {
		o := g.pick("cancelled", i+8, all)[i+7]
		kind := "facts_refund"
		if c.lang != "" {
			kind = "language_" + c.lang
		}
		g.add(file, Scenario{Kind: kind, Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(i == 2),
			Turns:  []string{c.ask},
			Expect: Expect{Tools: []string{"refund_status"}, Report: []string{"refunded_total"}, Handover: no()}})
	}
}
