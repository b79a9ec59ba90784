package eval

// rest15 are late parcels made good with store credit: the customer of an
// order whose parcel is late asks for store credit for it, at once or
// instead of the replacement or refund just stated, in English (one
// misspelt), Spanish and German. After the yes the shop issues store credit
// and nothing else (no refund, no replacement). Judged by the writes. It
// picks without taking (each scenario runs on a stack of its own).
func (g *gen) rest15() {
	const file = "rest15.json"
	small := func(o tbOrder) bool {
		var sum float64
		for _, it := range o.Items {
			sum += it.Price
		}
		return sum <= 85 // within what policy makes good without a person
	}
	orders := g.pick("processed", 6, small)
	if len(orders) == 0 {
		return
	}
	for i, s := range []struct {
		turns []string
		lang  string
		typo  bool
	}{
		{[]string{"my parcel still hasnt come, could i get store credit for it instead?", "yes"}, "en", false},
		{[]string{"its way late now, cud i just get stor credt for it insted pls", "yes"}, "en", true},
		{[]string{"my order never arrived", "send a replacement", "actually could it be store credit instead of a new one?", "yes"}, "en", false},
		{[]string{"my parcel still hasnt come, can i get a refund", "hmm no, make it store credit instead", "yes"}, "en", false},
		{[]string{"mi pedido todavía no ha llegado, prefiero saldo en la tienda", "sí"}, "es", false},
		{[]string{"mein Paket ist immer noch nicht da, kann ich stattdessen ein Guthaben bekommen?", "ja"}, "de", false},
	} {
		o := orders[i%len(orders)]
		g.add(file, Scenario{Kind: "rest15_late_credit", Lang: s.lang, Start: verifiedStart(g, o), Wait: "14d", Tags: typoTag(s.typo),
			Turns: s.turns,
			Expect: Expect{Handover: no(), Tools: []string{"follow_up"}, Done: []string{"follow_up"},
				Writes: []Write{{Type: "store_credit", Order: name(o)}}}})
	}
}
