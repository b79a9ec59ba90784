package eval

import (
	"fmt"
	"slices"
	"strings"
)

// ww are the classes the offline model was fixed for after issue 18's
// no-context trials (held out in pkg/offline/ww1_test.go, ww3_test.go and
// fixc_test.go), phrased anew: an apartment or suite corrected right
// after an address was given replaces the old one; a correction "not X"
// naming a value the address does not hold is questioned, one naming the
// value it holds is proposed; store credit asked for in Spanish, German
// or French stays store credit; "send me another" for a damaged item is a
// replacement; a lost thank-you code is given again; "one of" several
// units damaged is one unit, a refund asked with it a damage report; a
// status question, a how-to and a "what if" return in one message are
// each answered; a line added and a colour changed before shipping go to
// a person. Judged by outcome: the writes after a yes, the facts told,
// the handover. It runs last; the orders it picks may be other files'
// too (each scenario runs on a stack of its own).
func (g *gen) ww() {
	const file = "ww.json"
	all := func(tbOrder) bool { return true }
	yesIn := map[string]string{"": "yes", "es": "sí", "de": "ja", "fr": "oui"}
	type ask struct {
		text, lang string
		typo       bool
	}

	// A unit corrected right after the address was given: the address as
	// corrected, the old unit gone.
	for i, c := range []struct {
		ask
		address string
		a       newAddr
	}{
		{ask{"hang on, it's apt 8 not 6", "", false}, "please ship it to 23 Maple Lane, Apt 6, Columbus, OH 43215",
			newAddr{"", "23 Maple Lane", "Apt 8", "Columbus", "OH", "43215"}},
		{ask{"oops, wrong unit: should be unit 12, not 11", "", false}, "I'm moving, send it to 5 Cedar Way, Unit 11, Tucson, AZ 85701",
			newAddr{"", "5 Cedar Way", "Unit 12", "Tucson", "AZ", "85701"}},
		{ask{"acutally the suite is 305, not 304", "", true}, "ship to 900 Market Street, Suite 304, Denver, CO 80202",
			newAddr{"", "900 Market Street", "Suite 305", "Denver", "CO", "80202"}},
		{ask{"sorry my mistake, apartment 2B not 2A", "", false}, "can you deliver it to 61 Hill Road, Apt 2A, Raleigh, NC 27601",
			newAddr{"", "61 Hill Road", "Apt 2B", "Raleigh", "NC", "27601"}},
		{ask{"wait no, the unit is 7 not 9", "", false}, "new address please: 14 Bay Street, Unit 9, Tampa, FL 33602",
			newAddr{"", "14 Bay Street", "Unit 7", "Tampa", "FL", "33602"}},
		{ask{"my bad its apt 15 not apt 51", "", true}, "change the address to 300 Park Avenue, Apt 51, Omaha, NE 68102",
			newAddr{"", "300 Park Avenue", "Apt 15", "Omaha", "NE", "68102"}},
		// ww4: the unit corrected in Spanish, French or German.
		{ask{"perdón, es el apto 8, no el 6", "es", false}, "please ship it to 23 Maple Lane, Apt 6, Columbus, OH 43215",
			newAddr{"", "23 Maple Lane", "Apt 8", "Columbus", "OH", "43215"}},
		{ask{"pardon, c'est la suite 305 et pas 304", "fr", false}, "ship to 900 Market Street, Suite 304, Denver, CO 80202",
			newAddr{"", "900 Market Street", "Suite 305", "Denver", "CO", "80202"}},
		{ask{"Moment, Unit 12 statt 11", "de", false}, "I'm moving, send it to 5 Cedar Way, Unit 11, Tucson, AZ 85701",
			newAddr{"", "5 Cedar Way", "Unit 12", "Tucson", "AZ", "85701"}},
		{ask{"Entschuldigung, Wohnung 15 nicht 51", "de", false}, "change the address to 300 Park Avenue, Apt 51, Omaha, NE 68102",
			newAddr{"", "300 Park Avenue", "Apt 15", "Omaha", "NE", "68102"}},
		{ask{"perdon es el apartamneto 7, no el 9", "es", true}, "new address please: 14 Bay Street, Apt 9, Tampa, FL 33602",
			newAddr{"", "14 Bay Street", "Apt 7", "Tampa", "FL", "33602"}},
	} {
		o := g.pick("pending", 20+i+1, all)[20+i]
		g.add(file, Scenario{Kind: "address_unit_fix", Lang: c.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(c.typo), "follow_up"),
			Turns:  []string{c.address, c.text, yesIn[c.lang]},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, c.a)}}}})
	}

	// "not X" where the address holds no X: questioned, nothing proposed
	// (so nothing written), and the customer hears what the address holds.
	withSuite := func(o tbOrder) bool { return unitNumber(o.Address.Address2) != "" }
	for i, c := range []ask{
		{"the zip code on my order is wrong, it should be %[1]s not %[2]s", "", false},
		{"wrong zip sorry, shud be %[1]s instead of %[2]s", "", true},
		{"my suite number is wrong: suite %[3]s, not suite %[4]s", "", false},
		{"the apt number should be %[3]s not %[4]s", "", false},
		{"El código postal está mal, es %[1]s y no %[2]s", "es", false},
	} {
		o := g.pick("pending", 30+i+1, withSuite)[30+i]
		zip, unit := atoiOr(o.Address.Zip), atoiOr(unitNumber(o.Address.Address2))
		// Values the address does not hold: the zip and unit given
		// are each one away from a number that is not the order's.
		text := fmt.Sprintf(c.text, fmt.Sprintf("%05d", (zip+7)%100000), fmt.Sprintf("%05d", (zip+6)%100000),
			fmt.Sprint(unit+2), fmt.Sprint(unit+1))
		fact := o.Address.Zip
		if strings.Contains(c.text, "%[3]s") {
			fact = unitNumber(o.Address.Address2)
		}
		g.add(file, Scenario{Kind: "address_old_mismatch", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns: []string{text}, Expect: Expect{Handover: no(), Mention: []string{fact}}})
	}
	// "not X" where the address does hold X: that part changed, after a yes.
	for i, c := range []ask{
		{"oops, the zip should be %[1]s not %[2]s", "", false},
		{"i put the wrong zipcode, its %[1]s, not %[2]s", "", true},
		{"the suite is wrong, should be suite %[3]s not %[4]s", "", false},
		{"typo in the address, suite %[3]s and not suite %[4]s", "", false},
		{"please correct the zip: %[1]s, not %[2]s", "", false},
	} {
		o := g.pick("pending", 40+i+1, withSuite)[40+i]
		old := unitNumber(o.Address.Address2)
		newZip := fmt.Sprintf("%05d", (atoiOr(o.Address.Zip)+13)%100000)
		newUnit := fmt.Sprint(atoiOr(old) + 3)
		text := fmt.Sprintf(c.text, newZip, o.Address.Zip, newUnit, old)
		want := g.partAddress(o, "", newZip)
		if strings.Contains(c.text, "%[3]s") {
			want = g.partAddress(o, strings.Replace(o.Address.Address2, old, newUnit, 1), "")
		}
		g.add(file, Scenario{Kind: "address_old_match", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{text, yesIn[c.lang]},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: want}}}})
	}

	// Store credit asked in the customer's language with a return: after
	// a yes, the return and the credit (issued as the return starts),
	// never a refund.
	returnable := func(lang string) func(tbOrder) bool {
		return func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && lang4Item(o, lang) >= 0 }
	}
	for i, a := range []ask{
		{"quiero devolver %s, pero prefiero saldo para la tienda en vez del dinero", "es", false},
		{"me gustaria devolver %s y que me den credito en la tienda", "es", false},
		{"Quisiera devolver %s; en lugar del reembolso, un vale para la tienda por favor", "es", false},
		{"Ich würde %s gerne zurückgeben und dafür eine Gutschrift erhalten", "de", false},
		{"kann ich %s zurückschicken und guthaben statt geld bekommen?", "de", false},
		{"Puis-je retourner %s contre un bon d'achat ?", "fr", false},
		{"je veux retourner %s, je préfère un crédit en magasin", "fr", false},
		{"quiero devolber %s por credito de la tienda", "es", true},
		// ww4: a voucher for the return.
		{"¿Puedo devolver %s a cambio de un vale de compra?", "es", false},
		{"Puis-je retourner %s en échange d'un bon d'achat ?", "fr", false},
		{"Kann ich %s gegen einen Gutschein zurückgeben?", "de", false},
		{"puedo devolver %s por un vale?", "es", false},
		{"quisiera devolver %s a cambio de un vale de conpra", "es", true},
	} {
		o := g.pick("delivered", 20+i+1, returnable(a.lang))[20+i]
		it := o.Items[lang4Item(o, a.lang)]
		g.add(file, Scenario{Kind: "return_store_credit", Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
			Turns: []string{fmt.Sprintf(a.text, itemNames[it.Name][a.lang]), yesIn[a.lang]},
			Expect: Expect{Handover: no(), Tools: []string{"start_return"}, Done: []string{"start_return"},
				Writes: []Write{{Type: "return", Order: name(o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}},
					Amount: price(it.Price)}, {Type: "store_credit", Order: name(o), Amount: price(it.Price)}}}})
	}

	// Damaged, "send me another": a replacement, after a yes (the item
	// comes back first when it is worth more than the keep-it value).
	for i, a := range []ask{
		{"%s vino rota, mandenme una nueva porfa", "es", true},
		{"%s ist kaputt angekommen, können Sie mir ein neues schicken?", "de", false},
		{"%s llegó rota, ¿me pueden mandar otra igual?", "es", false},
		{"%s llegó dañado, quiero que me envíen uno nuevo", "es", false},
		{"%s ist zerbrochen angekommen, bitte senden Sie mir Ersatz", "de", false},
		{"%s est arrivé cassé, je voudrais qu'on m'en envoie un nouveau", "fr", false},
		{"%s est arrivé endommagé, j'aimerais un remplacement", "fr", false},
		{"the %s arived broken, please send a replacement", "", true},
		{"my %s came smashed, please just send me a new one", "", false},
		// ww4: "send me another" in so many words.
		{"%s kam beschädigt an, bitte schicken Sie mir noch eins", "de", false},
		{"%s est arrivé abîmé, envoyez-m'en un autre s'il vous plaît", "fr", false},
		{"the %s came broken, cn you send me anotehr one", "", true},
		{"%s est arrivé cassé, pouvez-vous m'en renvoyer un autre ?", "fr", false},
		{"%s llegó con un defecto, ¿me envían otro igual?", "es", false},
		{"the %s arived broken, can you send me another one", "", true},
	} {
		o := g.pick("delivered", 30+i+1, returnable(or(a.lang, "es")))[30+i]
		it := o.Items[lang4Item(o, or(a.lang, "es"))]
		say := strings.ToLower(it.Name)
		if a.lang != "" {
			say = itemNames[it.Name][a.lang]
			say = strings.ToUpper(say[:1]) + say[1:]
		}
		line := []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
		writes := []Write{{Type: "replacement", Order: name(o), Lines: line}}
		if it.Price > 30 {
			writes = append([]Write{{Type: "return", Order: name(o), Lines: line}}, writes...)
		}
		g.add(file, Scenario{Kind: "damaged_send_another", Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
			Turns:  []string{fmt.Sprintf(a.text, say), yesIn[a.lang]},
			Expect: Expect{Handover: no(), Tools: []string{"report_damage"}, Done: []string{"report_damage"}, Writes: writes}})
	}

	// The thank-you code, lost and asked for again: the one issued.
	fresh := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) == 3 }
	praise := append(slices.Clone(happyAnswer), "all good, really pleased with it", "Perfect, exactly what I wanted!")
	for i, a := range []ask{
		{"ugh I already lost that code, what was it?", "", false},
		{"cant find the discount code anywhere, whats it again", "", false},
		{"sorry, can you tell me the coupon again? i deleted the message", "", false},
		{"wat was the promo code you just gave me? lost it", "", true},
		{"I misplaced the code, could you give it to me one more time?", "", false},
	} {
		o := g.pick("delivered", 2, fresh)[i%2]
		g.add(file, Scenario{Kind: "thank_you_code_again", Lang: a.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(a.typo), "follow_up"),
			Turns: []string{praise[i], a.text},
			Expect: Expect{Handover: no(), Answers: []Answer{{Turn: 2, Report: []string{"thank_you_code"}}},
				Writes: []Write{{Type: "discount_code", Order: name(o), Amount: "0.00"}, {Type: "discount_code", Order: name(o), Amount: "0.00"}}}})
	}

	// One of several units damaged, with a refund asked or not: a damage
	// report, never a return for the customer to start. The eval data
	// has no line of more than one unit, so the units are two lines of
	// one title (two variants): which one is for the agent to settle, and
	// the scenario ends at the report, nothing written.
	twice := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && twiceLine(o) >= 0 }
	for i, a := range []ask{
		{"one of the two %s arrived with a crack, I'd like a refund for it", "", false},
		{"one of the %s arived damaged, refund for that one please", "", true},
		{"Uno de los dos %s llegó roto, quiero el reembolso de ese", "es", false},
		{"Eins der beiden %s kam beschädigt an, ich hätte gern mein Geld zurück", "de", false},
		{"Un des deux %s est arrivé fissuré, je souhaite être remboursé", "fr", false},
		{"one of my %s is broken, what now?", "", false},
		{"one of the %s is damaged, what should i do", "", false},
		{"one of teh %s came cracked", "", true},
		{"Uno de los dos %s llegó dañado, ¿qué hago?", "es", false},
		{"L'un des deux %s est arrivé abîmé, que dois-je faire ?", "fr", false},
		// ww4: the money back for the damaged unit.
		{"1 of the %s came brokn, can i get my money back for that one", "", true},
		{"Eins der beiden %s kam kaputt an, ich möchte mein Geld dafür zurück", "de", false},
		{"one of the %s showed up cracked, can I have my money back for it", "", false},
		{"uno de los %s llegó roto, quiero que me devuelvan el dinero de ese", "es", false},
		{"one of teh %s arrived smashed, money back for that one pls", "", true},
	} {
		o := g.pick("delivered", i%2+1, twice)[i%2]
		it := o.Items[twiceLine(o)]
		g.add(file, Scenario{Kind: "damaged_one_of", Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
			Turns: []string{fmt.Sprintf(a.text, unitsName(it.Name, a.lang))}, Expect: Expect{Tools: []string{"report_damage"}, Handover: no()}})
	}

	// A status question, a how-to and a "what if" return in one message:
	// each answered, nothing proposed.
	for i, a := range []ask{
		{"when's my delivery due, how do I oil the board, and could I return it if I don't like it?", "", false},
		{"1. when does my order arrive 2. how do i oil the board 3. can i return it if i don't like it", "", false},
		{"Is my order arriving soon? How do I oil the olivewood board? And would a return be possible if I don't like it?", "", false},
		{"Three things: when will it arrive, what oil do I use on the olivewood board, and can I return it if the colour is off?", "", false},
		{"when wil it arive + what oil for the board + can i retrun it if i dont like it", "", true},
		{"wen does it arrive, how do i oil the serving board, and can i send it back if i dont like it", "", true},
	} {
		o := g.pick("processed", 20+i+1, all)[20+i]
		g.add(file, Scenario{Kind: "multi_three_part", Lang: a.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(a.typo), "multi_question"),
			Turns: []string{a.text}, Expect: Expect{Handover: no(), Tools: []string{"track_order", "search_docs"},
				Report: []string{"estimated_delivery|out_for_delivery_today"}, Mention: []string{"mineral oil", "30 days|30-day"}}})
	}

	// A line added and another's colour changed before shipping: no tool
	// does either; a person, once the customer says yes.
	twoLines := func(o tbOrder) bool { return len(uniqueItems(o)) >= 2 }
	for i, a := range []ask{
		{"could you add one more %[1]s to my order and make the %[2]s a different colour?", "", false},
		{"pls add anothr %[1]s and change the colour of the %[2]s", "", true},
		{"I want a second %[1]s added, and the %[2]s in another color please", "", false},
		{"can you put another %[1]s on the order? also switch the %[2]s to a different colour", "", false},
		{"add one %[1]s to the order and change the %[2]s colour before it ships, thanks", "", false},
	} {
		o := g.pick("pending", 50+i+1, twoLines)[50+i]
		u := uniqueItems(o)
		g.add(file, Scenario{Kind: "cant_add_and_change", Lang: a.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(a.typo), "multi_question"),
			Turns:  []string{fmt.Sprintf(a.text, strings.ToLower(o.Items[u[0]].Name), strings.ToLower(o.Items[u[1]].Name)), "yes"},
			Expect: Expect{Handover: yes()}})
	}
}

// unitNumber is the number of a second address line such as "Suite 991",
// or "".
func unitNumber(address2 string) string {
	f := strings.Fields(address2)
	if len(f) != 2 || atoiOr(f[1]) == 0 {
		return ""
	}
	return f[1]
}

// twiceLine is the first line of o whose title the order holds twice,
// each worth at most $100, or -1.
func twiceLine(o tbOrder) int {
	for i, it := range o.Items {
		if countTitle(o, it.Name) != 2 {
			continue
		}
		cheap := true
		for _, other := range o.Items {
			cheap = cheap && (other.Name != it.Name || other.Price <= 100)
		}
		if cheap {
			return i
		}
	}
	return -1
}

func countTitle(o tbOrder, title string) int {
	n := 0
	for _, it := range o.Items {
		if it.Name == title {
			n++
		}
	}
	return n
}

// unitsName is how a customer names several units of a title: its plural
// in lower case in English, the title as written in another language.
func unitsName(title, lang string) string {
	if lang != "" {
		return title
	}
	t := strings.ToLower(title)
	if strings.HasSuffix(t, "s") {
		return t
	}
	return t + "s"
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
