package eval

import "fmt"

// addr5 are phrasings of three misreads a no-context trial of the offline
// model found (issue 18, pkg/offline/addr5_test.go): a label before a new
// address ("new address:", "Neue Adresse:") that must not stay in the
// street line; one part of the address corrected (the zip, the suite),
// which writes the order's address with just that part changed; a parcel
// delivered to the wrong house, which is the not-received path. It runs
// last; the orders it picks may be other files' too (each scenario runs
// on a stack of its own).
func (g *gen) addr5() {
	const file = "addr5.json"
	all := func(tbOrder) bool { return true }
	// A label before the address: the address, without the label.
	for i, c := range []struct {
		ask, lang string
		typo      bool
	}{
		{"can you change the delivery address? new address: %s", "", false},
		{"Können Sie die Lieferadresse ändern? Neue Adresse: %s", "de", false},
		{"¿Pueden cambiar la dirección? Nueva dirección: %s", "es", false},
		{"Nouvelle adresse : %s", "fr", false},
		{"ship to: %s", "", false},
		{"my new addy is %s", "", true},
		{"new adress -> %s pls", "", true},
	} {
		o := g.pick("pending", i+1, all)[i]
		a := newAddresses[i%len(newAddresses)]
		g.add(file, Scenario{Kind: "address_label", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{fmt.Sprintf(c.ask, a.line), "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}
	// One part corrected: the order's address with that part changed.
	zips := []struct {
		ask  string
		typo bool
	}{
		{"oops I typed the wrong zip code, it should be %s", false},
		{"the zip is wrong, its %s", false},
		{"wrong postcode, should be %s not the one I put", false},
		{"typo in my zip - correct one is %s", true},
		{"zip shld be %s sorry", true},
	}
	for i, c := range zips {
		o := g.pick("pending", 8+i, all)[7+i]
		zip := fmt.Sprintf("%05d", (atoiOr(o.Address.Zip)+11)%100000)
		g.add(file, Scenario{Kind: "address_part", Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{fmt.Sprintf(c.ask, zip), "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.partAddress(o, "", zip)}}}})
	}
	units := []struct {
		ask, line string
		typo      bool
	}{
		{"the suite number is wrong, it should be suite 12", "Suite 12", false},
		{"i forgot the apartment number, its apt 4B", "Apt 4B", false},
		{"wrong unit on my address - should be unit 7", "Unit 7", false},
		{"pls add apt 9 to the adress", "Apt 9", true},
		{"the apartmnt number is missing from my address: apt 31", "Apt 31", true},
	}
	for i, c := range units {
		o := g.pick("pending", 13+i, all)[12+i]
		g.add(file, Scenario{Kind: "address_part", Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{c.ask, "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.partAddress(o, c.line, "")}}}})
	}
	// Delivered to the wrong house: the not-received steps, nothing
	// written.
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 }
	for i, c := range []struct {
		ask, lang string
		typo      bool
	}{
		{"the photo from the driver shows a house that isnt mine, it went to the wrong address", "", true},
		{"it says delivered but the driver left it at the wrong house", "", false},
		{"the delivery pic is someone else's porch", "", false},
		{"Das Paket wurde an die falsche Adresse geliefert", "de", false},
		{"Le colis a été livré à la mauvaise adresse", "fr", false},
		{"ur courier dropped my box at the wrong adress", "", true},
	} {
		o := g.pick("delivered", i+1, inWindow)[i]
		g.add(file, Scenario{Kind: "delivered_elsewhere", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns: []string{c.ask}, Expect: Expect{Tools: []string{"report_not_received"}}})
	}
}

// partAddress is the order's address with its second line or its zip
// replaced (an empty argument keeps it).
func (g *gen) partAddress(o tbOrder, address2, zip string) map[string]string {
	u := g.d.Users[o.UserID]
	a := map[string]string{"address1": o.Address.Address1, "address2": o.Address.Address2, "city": o.Address.City,
		"zip": o.Address.Zip, "provinceCode": o.Address.State, "countryCode": "US", "name": u.Name.First + " " + u.Name.Last}
	if address2 != "" {
		a["address2"] = address2
	}
	if zip != "" {
		a["zip"] = zip
	}
	return a
}

// atoiOr is s as a number, 0 when it is none.
func atoiOr(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}
