package eval

import "fmt"

// addr13 are the shipping-address conversations of the addr13 trial
// (issue 18, pkg/offline/addr13_test.go): a recipient's name at the head
// of a new address, which the write must carry; a bare name after the
// address was proposed, which changes only that proposal's name; a check
// of the address (typos, a change said not to be wanted), which states the
// order's address and writes nothing; the address read back right after a
// change, which is the new one. It picks without taking: it changes no
// other file's orders.
func (g *gen) addr13() {
	const file = "addr13.json"
	all := func(tbOrder) bool { return true }
	named := func(o tbOrder, a newAddr, who string) map[string]string {
		w := g.newAddress(o, a)
		w["name"] = who
		return w
	}
	// A name at the head of the address: the write carries it.
	for i, c := range []struct {
		ask, who, lang string
		typo           bool
	}{
		{"Ship it to %s, %s", "Linda Whitfield", "", false},
		{"pls send it to %s, %s instead", "J. R. Tolkien", "", true},
		{"new address: attn %s, %s", "Peter van der Berg", "", false},
		{"Envíelo a %s, %s por favor", "María García López", "es", false},
		{"Bitte schicken an: %s, %s", "Hans Müller", "de", false},
		{"Envoyez-le à %s, %s", "Claire Dubois", "fr", false},
	} {
		o := g.pick("pending", i+1, all)[i]
		a := newAddresses[i%len(newAddresses)]
		g.add(file, Scenario{Kind: "addr13_name_head", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{fmt.Sprintf(c.ask, c.who, a.line), "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: named(o, a, c.who)}}}})
	}
	// The name after the proposal: the same address, under that name.
	for i, c := range []struct {
		say, who string
		typo     bool
	}{
		{"Linda Whitfield", "Linda Whitfield", false},
		{"the name should be Sofia Ramos Vega", "Sofia Ramos Vega", false},
		{"oh and put it under the name T. J. Brandt", "T. J. Brandt", false},
		{"sorry the nmae shld be Anna-Lena Schulz", "Anna-Lena Schulz", true},
		{"a nombre de Lucía Fernández", "Lucía Fernández", false},
	} {
		o := g.pick("pending", 7+i, all)[6+i]
		a := newAddresses[(i+1)%len(newAddresses)]
		g.add(file, Scenario{Kind: "addr13_name_after", Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{"please ship it to " + a.line, c.say, "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: named(o, a, c.who)}}}})
	}
	// A check of the address: the order's own, nothing written.
	for i, c := range []struct {
		ask, lang string
		typo      bool
	}{
		{"whr is it going, wht adress", "", true},
		{"don't want to change it, what address do you have on file", "", false},
		{"no change needed, just checking which address you have", "", false},
		{"wich adres will it ship to??", "", true},
		{"Quelle est l'adresse de livraison de ma commande ?", "fr", false},
	} {
		o := g.pick("pending", 12+i, all)[11+i]
		g.add(file, Scenario{Kind: "addr13_lookup", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{c.ask},
			Expect: Expect{Handover: no(), Tools: []string{"track_order"}, Mention: []string{o.Address.Address1}}})
	}
	// Read back right after a change: the new address.
	for i, c := range []struct {
		ask, lang string
		typo      bool
	}{
		{"read back the address please", "", false},
		{"whats the shipping address on the order now?", "", false},
		{"can u read bak the adress you have now", "", true},
		{"Wie lautet die Lieferadresse jetzt?", "de", false},
		{"what address is it going to now", "", false},
	} {
		ask := c.ask
		o := g.pick("pending", 17+i, all)[16+i]
		a := newAddresses[(i+2)%len(newAddresses)]
		g.add(file, Scenario{Kind: "addr13_read_back", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns: []string{"change the address to " + a.line, "yes", ask},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}},
				Answers: []Answer{{Turn: 3, Mention: []string{a.a1}}}}})
	}
}
