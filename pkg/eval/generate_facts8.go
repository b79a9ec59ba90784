package eval

import (
	"fmt"
	"strings"
)

// facts8 are what the facts8 no-context trial of the offline model found
// it misread (issue 18): a customer's questions about their OWN order sent
// to the docs search, which answered with a policy passage or "I don't
// know" (whether two items share a parcel, what they ordered, what they
// paid for an item, how many they got, how their return stands, where the
// return goes), and a look-up of the shipping address read as a change of
// it. Each is answered from the order tools' results: the facts named by
// where the results hold them, the shop untouched. Each phrased five ways
// or more, a typo among them. It picks without taking (each scenario runs
// on a stack of its own).
func (g *gen) facts8() {
	const file = "facts8.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	picked, cheap := g.twoLinesOneCheap(6)
	lower := func(o tbOrder, i int) string { return strings.ToLower(o.Items[i].Name) }
	at := func(i int) (tbOrder, int) { return picked[i%len(picked)], cheap[i%len(picked)] }

	// Two items, one parcel or two: the parcels' tracking numbers, both
	// items named.
	parcel := []phrase{
		{"is the %[1]s in the same box as the %[2]s?", "en", false},
		{"did the %[1]s and the %[2]s ship together?", "en", false},
		{"were the %[1]s and %[2]s in one pakage", "en", true},
		{"which parcel was the %[1]s in?", "en", false},
		{"and the %[2]s, same shipment as the %[1]s?", "en", false},
		{"¿el %[1]s venía en el mismo paquete que el %[2]s?", "es", false},
	}
	for i, p := range parcel {
		o, _ := at(i)
		g.add(file, Scenario{Kind: "facts8_parcel", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(p.text, lower(o, 0), lower(o, 1))},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"parcels.tracking_number"},
				Mention: []string{o.Items[0].Name}, Handover: no()}})
	}

	// What the order held.
	items := []phrase{
		{"what did i order again?", "en", false},
		{"remind me what was in my order", "en", false},
		{"whats in my ordr?", "en", true},
		{"what items did i buy on this order", "en", false},
		{"was habe ich nochmal bestellt?", "de", false},
		{"¿qué pedí?", "es", false},
	}
	for i, p := range items {
		o, _ := at(i + 1)
		g.add(file, Scenario{Kind: "facts8_items", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"lines.item"}, Mention: []string{o.Items[0].Name, o.Items[1].Name}, Handover: no()}})
	}

	// What an item cost: its price as the order has it.
	prices := []phrase{
		{"how much did i pay for the %s?", "en", false},
		{"what did the %s cost me", "en", false},
		{"how much was the %s", "en", false},
		{"how much did i pay for teh %s", "en", true},
		{"combien j'ai payé le %s ?", "fr", false},
	}
	for i, p := range prices {
		o, r := at(i + 2)
		g.add(file, Scenario{Kind: "facts8_price", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, lower(o, r))},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"lines.unit_price|lines.paid"}, Mention: []string{"$" + price(o.Items[r].Price)}, Handover: no()}})
	}

	// How many of an item.
	counts := []phrase{
		{"how many %s did i order?", "en", false},
		{"how mnay %s were in my order", "en", true},
		{"what quantity of the %s did i buy", "en", false},
		{"how many %s did i get", "en", false},
		{"wie viele %s habe ich bestellt?", "de", false},
	}
	for i, p := range counts {
		o, r := at(i + 3)
		g.add(file, Scenario{Kind: "facts8_count", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, plural(lower(o, r), i < 2))},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"lines.item"}, Mention: []string{o.Items[r].Name}, Handover: no()}})
	}

	// A return started, then how it stands and where it goes: the return
	// itself (its items, how it goes back), from refund_status.
	status := []phrase{
		{"whats the status of my return?", "en", false},
		{"any update on my retrun", "en", true},
		{"how is my return going?", "en", false},
		{"what's happening with the return", "en", false},
		{"¿cómo va mi devolución?", "es", false},
	}
	where := []phrase{
		{"where do i send it back to?", "en", false},
		{"whats the adress for the return", "en", true},
		{"where should i ship the return?", "en", false},
		{"what's the return address?", "en", false},
		{"where do I post the return to", "en", false},
	}
	starts := []string{"I'd like to return the %s", "please start a return for the %s", "can i send the %s back?",
		"The %s isn't for me, I want to return it", "I need to send back the %s"}
	ret := func(kind string, ps []phrase, report string, off int) {
		for i, p := range ps {
			o, r := at(i + off)
			it := o.Items[r]
			g.add(file, Scenario{Kind: kind, Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
				Turns: []string{fmt.Sprintf(starts[i%len(starts)], lower(o, r)), "yes", p.text},
				Expect: Expect{Tools: []string{"start_return", "refund_status"}, Handover: no(),
					Writes:  []Write{{Type: "return", Order: name(o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}}},
					Answers: []Answer{{Turn: 3, Report: []string{report}}}}})
		}
	}
	ret("facts8_return_status", status, "returns.requested", 0)
	ret("facts8_return_where", where, "returns.send_back", 2)

	// The shipping address looked up, never changed.
	address := []phrase{
		{"what address did this order go out under", "en", false},
		{"can you check where youre sending it", "en", false},
		{"which shiping adress did i put?", "en", true},
		{"¿a qué dirección va mi pedido?", "es", false},
		{"welche Adresse steht auf der Bestellung?", "de", false},
		{"c'est livré à quelle adresse ?", "fr", false},
	}
	pending := g.pick("pending", len(address), func(o tbOrder) bool { return len(o.Items) > 0 })
	for i, p := range address {
		o := pending[i]
		g.add(file, Scenario{Kind: "facts8_address", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"ship_to"}, Mention: []string{o.Address.Address1}, Handover: no()}})
	}
}

// plural is name as several of it when many ("water bottles").
func plural(name string, many bool) string {
	if !many || strings.HasSuffix(name, "s") {
		return name
	}
	return name + "s"
}
