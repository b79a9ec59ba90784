package eval

import "fmt"

// misfire8 are the classes issue 18's misfire8 trial misread (held out in
// pkg/offline/misfire8_test.go): a care question that names a stain read
// as damage, what shipping costs extra, German compound nouns, faster
// shipping answered "I don't know", a wrong item said as "X never came,
// got Y instead" or complained of in Spanish, German or French, a refund
// question or a wish for part of the money back answered with the
// late-parcel promise. Each phrased five ways or more, typos among them.
func (g *gen) misfire8() {
	const file = "misfire8.json"
	type ask struct {
		text, lang string
		typo       bool
		facts      []string
	}
	// Questions for the guides, asked with no order.
	for _, c := range []struct {
		kind string
		asks []ask
	}{
		{"misfire8_stain_care", []ask{
			{text: "got tea stains in my mug, is it dishwasher ok?", facts: []string{"dishwasher safe|baking soda"}},
			{text: "theres coffee stains in the mug, can it go in the dishwashr?", typo: true, facts: []string{"dishwasher safe|baking soda"}},
			{text: "wine stain on the linen throw, can i machine wash it?", facts: []string{"30°C|86°F|blot"}},
			{text: "the board has beet stains now, can i put it in the dishwasher?", facts: []string{"dishwasher"}},
			{text: "Teeflecken in der Tasse, ist sie spülmaschinenfest?", lang: "de", facts: []string{"dishwasher safe|baking soda"}},
			{text: "manchas de café en la taza, ¿va al lavavajillas?", lang: "es", facts: []string{"dishwasher safe|baking soda"}},
		}},
		{"misfire8_ship_cost", []ask{
			{text: "how much extra is shipping?", facts: []string{"$7.95"}},
			{text: "hw much extra do i pay for shipping", typo: true, facts: []string{"$7.95"}},
			{text: "is shipping extra on top of the price?", facts: []string{"$7.95"}},
			{text: "how much more is delivery to my place?", facts: []string{"$7.95"}},
			{text: "Was kostet der Versand extra?", lang: "de", facts: []string{"$7.95"}},
			{text: "¿cuánto cuesta extra el envío?", lang: "es", facts: []string{"$7.95"}},
		}},
		{"misfire8_faster", []ask{
			{text: "can i pay extra to get it faster?", facts: []string{"$7.95|3 to 7"}},
			{text: "is there express?", facts: []string{"$7.95|3 to 7"}},
			{text: "do you have express delivery", facts: []string{"$7.95|3 to 7"}},
			{text: "is next day shipping an option?", facts: []string{"$7.95|3 to 7"}},
			{text: "can i get overnite shiping", typo: true, facts: []string{"$7.95|3 to 7"}},
			{text: "Gibt es Expressversand?", lang: "de", facts: []string{"$7.95|3 to 7"}},
			{text: "¿tienen envío exprés?", lang: "es", facts: []string{"$7.95|3 to 7"}},
		}},
		{"misfire8_compound", []ask{
			{text: "Leinendecke waschen, wie heiß?", lang: "de", facts: []string{"30°C|86°F"}},
			{text: "Gusseisenpfanne hat Rost, was tun?", lang: "de", facts: []string{"steel wool"}},
			{text: "Kerzendocht kürzen – wie lang?", lang: "de", facts: []string{"1/4|6 mm"}},
			{text: "Ist der Steinzeugbecher spülmaschinengeeignet?", lang: "de", facts: []string{"dishwasher safe"}},
			{text: "Glaskaraffenreinigung – wie geht das?", lang: "de", facts: []string{"vinegar|dishwasher"}},
			{text: "Leinendecke waschen, wie heis?", lang: "de", typo: true, facts: []string{"30°C|86°F"}},
		}},
	} {
		for _, a := range c.asks {
			g.add(file, Scenario{Kind: c.kind, Lang: a.lang, Tags: typoTag(a.typo), Turns: []string{a.text},
				Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: a.facts}})
		}
	}

	// A wrong item: the wrong-item report, never a parcel lost.
	recent := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && len(uniqueItems(o)) > 0 }
	for _, c := range []struct {
		kind   string
		asks   []ask
		offset int
	}{
		{"misfire8_wrong_instead", []ask{
			{text: "the %s never came, they sent me something else instead"},
			{text: "my %s never arrived, got a totally different thing insted", typo: true},
			{text: "never got the %s — a different item showed up instead"},
			{text: "el %s nunca llegó, me mandaron otra cosa en su lugar", lang: "es"},
			{text: "Der %s kam nie an, stattdessen kam etwas anderes", lang: "de"},
			{text: "le %s n'est jamais arrivé, j'ai reçu autre chose à la place", lang: "fr"},
		}, 0},
		{"misfire8_foreign_wrong", []ask{
			{text: "j'ai reçu le mauvais article, ce n'est pas le %s", lang: "fr"},
			{text: "j'ai recu le mauvais produit au lieu du %s", lang: "fr", typo: true},
			{text: "me mandaron otro producto, no es lo que pedí (%s)", lang: "es"},
			{text: "me llegó un artículo equivocado en vez del %s", lang: "es"},
			{text: "Ich habe den falschen Artikel bekommen statt dem %s", lang: "de"},
		}, 6},
	} {
		for i, a := range c.asks {
			o := g.pick("delivered", c.offset+i+1, recent)[c.offset+i]
			it := o.Items[uniqueItems(o)[0]]
			g.add(file, Scenario{Kind: c.kind, Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
				Turns: []string{fmt.Sprintf(a.text, itemName(it.Name, false, i))}, Expect: Expect{Tools: []string{"report_damage"}}})
		}
	}

	// How much of a refund was paid: its facts, no promise.
	for i, a := range []ask{
		{text: "was the refund the full amount incl shipping?"},
		{text: "did u refund the shiping too?", typo: true},
		{text: "how much did you refund me exactly?"},
		{text: "¿el reembolso fue por el importe total?", lang: "es"},
		{text: "War die Erstattung der volle Betrag?", lang: "de"},
	} {
		o := g.pick("cancelled", i+1, func(tbOrder) bool { return true })[i]
		g.add(file, Scenario{Kind: "misfire8_refund_amount", Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
			Turns:  []string{a.text},
			Expect: Expect{Tools: []string{"refund_status"}, Report: []string{"refunded_total"}, Handover: no()}})
	}

	// Part of the money back for a parcel that is late: what the policy
	// allows (a full refund of what is sent back) and a person, never the
	// late-parcel promise.
	for i, a := range []ask{
		{text: "can u just refund me 10% then"},
		{text: "ok just give me part of my money back for the wait"},
		{text: "could i get a partial refnd for the delay?", typo: true},
		{text: "¿me pueden devolver un 10% por el retraso?", lang: "es"},
		{text: "remboursez-moi 10% et on n'en parle plus", lang: "fr"},
	} {
		o := g.pick("processed", i+1, func(tbOrder) bool { return true })[i]
		g.add(file, Scenario{Kind: "misfire8_partial_refund", Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
			Turns:  []string{lateAsk[i%len(lateAsk)], a.text},
			Expect: Expect{Mention: []string{"30 days"}, Handover: no()}})
	}
}
