package eval

import "fmt"

// cantDo are requests no tool does, written for a held-out trial of the
// offline model (issue 18, pkg/offline/cant5_test.go): hold a parcel or
// change when or where the carrier brings it, ship faster, a discount
// code, an order placed for the customer, other items in an order not yet
// delivered. The customer hears the order's facts where they help (the
// tracking link for the carrier's own options, the estimate), then says
// yes to the offer of a person: the shop is left untouched (no write was
// proposed in the request's place) and the conversation ends with a
// person. A parcel within its estimate, of a customer who only says it
// hasn't come, gets its estimate. It runs last; the orders it picks may
// be other files' too (each scenario runs on a stack of its own).
func (g *gen) cantDo() {
	const file = "cant5.json"
	all := func(tbOrder) bool { return true }
	type ask struct {
		text, lang string
		typo       bool
	}
	person := func(kind, status string, from int, asks []ask, expect func(o tbOrder) Expect) {
		for i, a := range asks {
			o := g.pick(status, from+i+1, all)[from+i]
			e := expect(o)
			e.Handover = yes()
			g.add(file, Scenario{Kind: kind, Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
				Turns: []string{a.text, "yes"}, Expect: e})
		}
	}

	// Holding a parcel, another day, another place: the carrier's, from
	// its tracking page.
	person("cant_delivery", "processed", 40, []ask{
		{"could u hlod my parcel untill next week? im away", "", true},
		{"Please deliver it next Thursday instead, nobody is home before that", "", false},
		{"can you ask the driver to leave it with my neighbour at number 12?", "", false},
		{"I'd like to pick it up at the post office instead, can you arrange that?", "", false},
		{"please postpone the delivery, I'm travelling until the 20th", "", false},
		{"¿Pueden retener el paquete hasta el día 20? Estoy de viaje", "es", false},
		{"Können Sie das Paket bitte zurückhalten, bis ich aus dem Urlaub zurück bin?", "de", false},
	}, func(o tbOrder) Expect {
		return Expect{Tools: []string{"track_order"}, Mention: []string{tracking(o)}}
	})

	// Faster shipping: not here; the estimate as it stands.
	faster := []ask{
		{"can you just send it faster?", "", false},
		{"can u upgrade me to overnite shipping pls, i need it by friday", "", true},
		{"Is it possible to expedite my order? I'll pay the difference.", "", false},
		{"any way to get it sooner? its a birthday present", "", false},
		{"Pouvez-vous l'envoyer plus vite s'il vous plaît ?", "fr", false},
		{"¿me lo pueden mandar más rápido? lo necesito para el sábado", "es", false},
	}
	estimate := func(tbOrder) Expect {
		return Expect{Tools: []string{"track_order"}, Report: []string{"estimated_delivery|ships_by"}}
	}
	person("cant_faster", "processed", 50, faster[:3], estimate)
	person("cant_faster", "pending", 50, faster[3:], estimate)

	// A discount code or a price adjustment: none to give here.
	person("cant_code", "delivered", 60, []ask{
		{"i love it!! do you have a discount code for my next order?", "", false},
		{"any chance of a cupon code for next time?", "", true},
		{"could you give me a promo code for my next purchase?", "", false},
		{"Haben Sie einen Rabattcode für meine nächste Bestellung?", "de", false},
		{"¿tienen algún código de descuento para mi próximo pedido?", "es", false},
		{"it's on sale now, can you refund me the difference?", "", false},
	}, func(tbOrder) Expect { return Expect{} })

	// An order placed for the customer: on the store, at checkout.
	person("cant_new_order", "delivered", 70, []ask{
		{"i want to order another one for my brother, can you place the order for me?", "", false},
		{"could you plase order 2 more for me and charge the same card", "", true},
		{"please reorder this for me, same as last time", "", false},
		{"can you buy another one for me on my card?", "", false},
		{"Pouvez-vous passer une nouvelle commande pour moi ?", "fr", false},
		{"¿Pueden hacer otro pedido por mí?", "es", false},
	}, func(tbOrder) Expect { return Expect{} })

	// Other items in an order not yet delivered: no tool changes lines.
	lines := []struct {
		ask, lang string
		typo      bool
	}{
		{"can i change the %s to a different colour before it ships?", "", false},
		{"could you swap the %s for the other size instead", "", false},
		{"is it possible to chnage the %s to another variant?", "", true},
		{"can you send the %s in a different color instead? it hasnt shipped yet", "", false},
		{"can you make it 2 of the %s instead of 1?", "", false},
		{"¿Puedo cambiar el %s por otro color?", "es", false},
		{"Kann ich %s noch gegen eine andere Farbe tauschen?", "de", false},
	}
	for i, c := range lines {
		o := g.pick("pending", 80+i+1, all)[80+i]
		it := o.Items[uniqueItems(o)[0]]
		g.add(file, Scenario{Kind: "cant_lines", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns: []string{fmt.Sprintf(c.ask, itemName(it.Name, false, i)), "yes"}, Expect: Expect{Handover: yes()}})
	}

	// A parcel within its estimate: the estimate, no person.
	for i, ask := range []string{"haven't arrived yet", "its still not here??", "my order hasnt come yet", "not here yet, whats going on",
		"Todavía no ha llegado mi paquete", "Mein Paket ist noch nicht da"} {
		o := g.pick("processed", 90+i+1, all)[90+i]
		lang := ""
		switch i {
		case 4:
			lang = "es"
		case 5:
			lang = "de"
		}
		g.add(file, Scenario{Kind: "not_late", Lang: lang, Start: verifiedStart(g, o), Tags: typoTag(i == 1 || i == 2),
			Turns:  []string{ask},
			Expect: Expect{Tools: []string{"track_order"}, Report: []string{"estimated_delivery|out_for_delivery_today"}, Handover: no()}})
	}
}
