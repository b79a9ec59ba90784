package eval

import (
	"fmt"
	"strings"
)

// ids8 are the classes a no-context trial of new users misread (issue 18,
// ids8; held out in pkg/offline/ids8_test.go): a replacement order
// doorstep made ("#2611340-R") referred to by its name or as "the
// replacement", tracked or cancelled like any order; a correction of the
// recipient's name, proposed as the name on the shipping address while
// unshipped and refused once shipped; the order number and the email in
// one message or over two, then what the customer asked for. Each intent
// is phrased five ways or more, with a typo and other languages.
func (g *gen) ids8() {
	const file = "ids8.json"
	all := func(tbOrder) bool { return true }
	digits := func(o tbOrder) string { return strings.TrimPrefix(name(o), "#") }
	// A replacement of a delivered order, not shipped yet (the seed makes
	// it: replacementsNamed), by its name or as "the replacement".
	for i, c := range []struct {
		text, lang string
		typo       bool
	}{
		{"wheres order %s-R", "", false},
		{"status of %s-r?", "", false},
		{"any news on the replacement you sent me?", "", false},
		{"wheres my replacment", "", true},
		{"¿dónde está el pedido %s-R?", "es", false},
		{"Wo ist meine Ersatzbestellung?", "de", false},
		{"où en est la commande de remplacement ?", "fr", false},
	} {
		o := g.pick("delivered", i+1, all)[i]
		text := c.text
		if strings.Contains(text, "%s") {
			text = fmt.Sprintf(text, digits(o))
		}
		g.add(file, Scenario{Kind: "ids8_replacement_status", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{text},
			Expect: Expect{Tools: []string{"track_order"}, Mention: []string{name(o) + "-R"}, Stage: "pre_shipment", Handover: no()}})
	}
	for i, c := range []struct {
		text, lang string
		typo       bool
	}{
		{"please cancel the replacement order, the original turned up after all", "", false},
		{"cancel %s-R, dont need it anymore", "", false},
		{"can u cancel my replacment? found the first parcel", "", true},
		{"quiero cancelar el reemplazo, ya llegó el original", "es", false},
		{"Bitte stornieren Sie die Ersatzbestellung %s-R", "de", false},
		{"annulez la commande %s-R svp", "fr", false},
	} {
		o := g.pick("delivered", i+11, all)[i+10]
		text := c.text
		if strings.Contains(text, "%s") {
			text = fmt.Sprintf(text, digits(o))
		}
		g.add(file, Scenario{Kind: "ids8_replacement_cancel", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{text, "yes"},
			Expect: Expect{Tools: []string{"cancel_order"}, Writes: []Write{{Type: "cancel", Order: name(o) + "-R"}}, Handover: no()}})
	}
	// The recipient's name: unshipped, the name on the shipping address
	// changes after a yes, the street kept; shipped, nothing changes.
	for i, c := range []struct {
		text, name, lang string
		typo             bool
	}{
		{"the name on the order should be Camille Durand", "Camille Durand", "", false},
		{"recipent name shoud be Jonas Weber", "Jonas Weber", "", true},
		{"can you put it under my partner's name instead, Jordan Blake", "Jordan Blake", "", false},
		{"el nombre del pedido está mal, debe ser Lucía Gómez", "Lucía Gómez", "es", false},
		{"Der Name auf dem Paket ist falsch, bitte auf Jonas Weber ändern", "Jonas Weber", "de", false},
		{"le nom sur le colis est faux, c'est Camille Durand", "Camille Durand", "fr", false},
	} {
		o := g.pick("pending", i+1, all)[i]
		g.add(file, Scenario{Kind: "ids8_name_change", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns: []string{c.text, "yes"},
			Expect: Expect{Tools: []string{"change_address"}, Handover: no(),
				Writes: []Write{{Type: "address_change", Order: name(o), Address: keptAddress(o, c.name)}}}})
	}
	for i, c := range []struct {
		text, lang string
		typo       bool
	}{
		{"the name on my order is spelled wrong, should be Thomas Becker", "", false},
		{"wrong name on the parcle, it should say Ana Silva", "", true},
		{"pls change the recipient name to Maya Okafor-Reid", "", false},
		{"el nombre del paquete está mal, debe ser Lucía Gómez", "es", false},
		{"le nom sur ma commande est mal écrit, c'est Camille Durand", "fr", false},
	} {
		o := g.pick("processed", i+1, all)[i]
		g.add(file, Scenario{Kind: "ids8_name_shipped", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns: []string{c.text}, Expect: Expect{Stage: "in_transit"}})
	}
	// The order number and the email in one message, then the order.
	for i, c := range []struct {
		text, lang string
		typo       bool
	}{
		{"its %s, %s", "", false},
		{"order %s / email %s", "", false},
		{"%s - %s", "", false},
		{"ordr %s emial %s", "", true},
		{"hi wheres my order? %s %s", "", false},
		{"mi pedido es el %s y mi correo %s, ¿dónde está?", "es", false},
		{"Bestellung %s, E-Mail %s – wo bleibt mein Paket?", "de", false},
	} {
		o := g.pick("processed", i+11, all)[i+10]
		g.add(file, Scenario{Kind: "ids8_verify_one", Lang: c.lang, Tags: typoTag(c.typo),
			Turns:  []string{fmt.Sprintf(c.text, digits(o), g.email(o))},
			Expect: Expect{Tools: []string{"verify_customer", "track_order"}, Stage: "in_transit", Handover: no()}})
	}
	// Over two messages, either first, after the question.
	for i, c := range []struct {
		ask, first, second, lang string
		typo                     bool
	}{
		{"where is my parcel", "%[1]s", "%[2]s", "", false},
		{"where is my parcel", "%[2]s", "%[1]s", "", false},
		{"hey wheres my ordr", "the number is %[1]s", "its %[2]s", "", true},
		{"¿dónde está mi pedido?", "%[1]s", "%[2]s", "es", false},
		{"Wo ist mein Paket?", "%[2]s", "%[1]s", "de", false},
		{"où est mon colis ?", "commande %[1]s", "%[2]s", "fr", false},
	} {
		o := g.pick("processed", i+21, all)[i+20]
		g.add(file, Scenario{Kind: "ids8_verify_two", Lang: c.lang, Tags: typoTag(c.typo),
			Turns:  []string{c.ask, fmt.Sprintf(c.first, digits(o), g.email(o)), fmt.Sprintf(c.second, digits(o), g.email(o))},
			Expect: Expect{Tools: []string{"verify_customer", "track_order"}, Stage: "in_transit", Handover: no()}})
	}
}

// keptAddress is o's shipping address with the recipient's name changed
// to name: every field, as the write must carry it.
func keptAddress(o tbOrder, name string) map[string]string {
	country := o.Address.Country
	if country == "USA" {
		country = "US"
	}
	return map[string]string{"name": name, "address1": o.Address.Address1, "address2": o.Address.Address2, "city": o.Address.City,
		"zip": o.Address.Zip, "provinceCode": o.Address.State, "countryCode": country}
}
