package eval

import (
	"fmt"
	"strings"
)

// part16 are issue 18's class "a part of a two- or three-question message
// is ignored, or a nearby question answered instead" (held out in
// pkg/offline/heldout_part16_test.go, phrasings differ): the order's
// status or a delay beside a fact of its lines (a line's colour or size,
// what a line cost), and the customer's own details on the order (the
// name, the email) that are reads, never a write. Every part is answered
// from track_order in the one reply and the shop is left untouched. It
// picks without taking (each scenario runs on a stack of its own).
func (g *gen) part16() {
	const file = "part16.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	// An order with a line whose option opt names it in three letters or
	// more: "S" or "M" would be found in any reply.
	withOption := func(opt string) func(tbOrder) bool {
		return func(o tbOrder) bool {
			i, ok := optionLine(o, opt)
			return ok && len(o.Items[i].Options[opt]) >= 3
		}
	}
	shipsBy := "ships_by|estimated_delivery"
	tags := func(typo bool) []string { return withTag(typoTag(typo), "multi_question") }

	// On its way, and a line's colour.
	statusColour := []phrase{
		{"is it on the truck yet, and remind me what colour the %s i got is", "en", false},
		{"hows the delivery coming along? also which color %s did i go for", "en", false},
		{"wheres my packge at n wat colour is my %s", "en", true},
		{"¿mi pedido ya va en camino? ¿y de qué color es el %s que pedí?", "es", false},
		{"Ist meine Bestellung unterwegs? Und welche Farbe hat der %s, den ich bestellt habe?", "de", false},
	}
	picked := g.pick("processed", len(statusColour), withOption("color"))
	for i, p := range statusColour {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		li, _ := optionLine(o, "color")
		it := o.Items[li]
		g.add(file, Scenario{Kind: "part16_status_colour", Lang: p.lang, Start: verifiedStart(g, o), Tags: tags(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, strings.ToLower(it.Name))},
			Expect: Expect{Tools: []string{"track_order"}, Stage: "in_transit", Mention: []string{it.Options["color"]}, Handover: no()}})
	}

	// Not shipped yet: when it goes out, and a line's size.
	shipSize := []phrase{
		{"when is this going out, and what size %s did i choose", "en", false},
		{"any delay on sending it out? which size was the %s", "en", false},
		{"wen does it leave the warehouse n wich size %s did i get", "en", true},
		{"¿cuándo lo envían? ¿y qué talla de %s escogí?", "es", false},
		{"quand est-ce que ça part, et quelle taille de %s j'ai choisie ?", "fr", false},
	}
	picked = g.pick("pending", len(shipSize), withOption("size"))
	for i, p := range shipSize {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		li, _ := optionLine(o, "size")
		it := o.Items[li]
		g.add(file, Scenario{Kind: "part16_ship_size", Lang: p.lang, Start: verifiedStart(g, o), Tags: tags(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, strings.ToLower(it.Name))},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{shipsBy}, Mention: []string{it.Options["size"]}, Handover: no()}})
	}

	// Running late, and what a line cost: answered, no remedy proposed
	// for a parcel on time.
	latePaid := []phrase{
		{"is this one running behind? and what was i charged for the %s", "en", false},
		{"will it be late at all, and how much did the %s cost me", "en", false},
		{"is it gonna be late?? wat did i pay for the %s", "en", true},
		{"¿viene con retraso? ¿cuánto pagué por el %s?", "es", false},
		{"Ist es verspätet? Und wie viel habe ich für den %s bezahlt?", "de", false},
	}
	picked = g.pick("processed", len(latePaid), func(o tbOrder) bool { return len(o.Items) > 0 })
	for i, p := range latePaid {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		g.add(file, Scenario{Kind: "part16_late_paid", Lang: p.lang, Start: verifiedStart(g, o), Tags: tags(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, strings.ToLower(o.Items[0].Name))},
			Expect: Expect{Tools: []string{"track_order"}, Stage: "in_transit", Report: []string{"lines.paid"}, Handover: no()}})
	}

	// Three parts: when it ships, what it came to, a line's colour.
	three := []phrase{
		{"when will it ship, what was the order total, and what colour is the %s", "en", false},
		{"has it been sent, how much did i pay altogether, and which colour %s is it", "en", false},
		{"wen will it ship, wats the total, n what color is my %s", "en", true},
		{"¿cuándo sale, cuánto pagué en total y de qué color es el %s?", "es", false},
		{"Wann wird es verschickt, wie viel hat es insgesamt gekostet und welche Farbe hat der %s?", "de", false},
	}
	picked = g.pick("pending", len(three), withOption("color"))
	for i, p := range three {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		li, _ := optionLine(o, "color")
		it := o.Items[li]
		g.add(file, Scenario{Kind: "part16_three_parts", Lang: p.lang, Start: verifiedStart(g, o), Tags: tags(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, strings.ToLower(it.Name))},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{shipsBy, "order_total"}, Mention: []string{it.Options["color"]}, Handover: no()}})
	}

	// The customer's own details on the order: a read, never a write. The
	// model is given no email address: the reply may say the order is
	// under the email the chat was verified with.
	own := []struct {
		phrase
		email bool // asks the email (else the name)
	}{
		{phrase{"under which email did this order go through?", "en", false}, true},
		{phrase{"who is this order addressed to, what name", "en", false}, false},
		{phrase{"wat name did i put on the order", "en", true}, false},
		{phrase{"¿a nombre de quién está el pedido?", "es", false}, false},
		{phrase{"Mit welcher E-Mail wurde die Bestellung aufgegeben? Und ist sie schon unterwegs?", "de", false}, true},
		{phrase{"quel nom figure sur ma commande ?", "fr", false}, false},
	}
	picked = g.pick("processed", len(own), func(o tbOrder) bool { return len(o.Items) > 0 })
	for i, p := range own {
		if len(picked) == 0 {
			break
		}
		o := picked[i%len(picked)]
		u := g.d.Users[o.UserID]
		fact := u.Name.First + " " + u.Name.Last
		if p.email {
			fact = g.email(o) + "|verified"
		}
		g.add(file, Scenario{Kind: "part16_own_details", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Tools: []string{"track_order"}, Mention: []string{fact}, Handover: no()}})
	}
}
