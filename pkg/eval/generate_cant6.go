package eval

import (
	"fmt"
	"strings"
)

// cant6 are the intents of a second held-out trial of requests and
// questions the offline model misread (issue 18, pkg/offline/cant6_test.go):
// a parcel left with a neighbour, one line taken out of an order, a
// shipment split, an order placed again (none of them a tool's: the
// customer hears so, then says yes to the offer of a person, and the shop
// is left untouched); store credit asked in place of a refund (the return
// tool runs, nothing is written before a yes); how long delivery usually
// takes and what a product is made of (the guides' facts). It runs last;
// the orders it picks may be other files' too.
func (g *gen) cant6() {
	const file = "cant6.json"
	all := func(tbOrder) bool { return true }
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 }
	type ask struct {
		text, lang string
		typo       bool
	}
	// withItem fills an ask's %s with the order's first unique line.
	withItem := func(text string, o tbOrder, i int) string {
		if !strings.Contains(text, "%s") {
			return text
		}
		if u := uniqueItems(o); len(u) > 0 {
			return fmt.Sprintf(text, itemName(o.Items[u[0]].Name, false, i))
		}
		return fmt.Sprintf(text, "item")
	}
	person := func(kind, status string, from int, asks []ask, expect func(o tbOrder) Expect) {
		for i, a := range asks {
			o := g.pick(status, from+i+1, all)[from+i]
			e := expect(o)
			e.Handover = yes()
			g.add(file, Scenario{Kind: kind, Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
				Turns: []string{withItem(a.text, o, i), "yes"}, Expect: e})
		}
	}

	// Left with a neighbour or elsewhere: the carrier's, from its
	// tracking page.
	person("cant_leave_with", "processed", 10, []ask{
		{"could the driver leave it with my neighbour?", "", false},
		{"can the drivr leave it wiht my nieghbour pls", "", true},
		{"Is it possible for the delivery to be left with the concierge of my building?", "", false},
		{"¿El repartidor puede dejar el paquete con mi vecina?", "es", false},
		{"Le livreur peut-il laisser le colis chez mon voisin ?", "fr", false},
	}, func(o tbOrder) Expect {
		return Expect{Tools: []string{"track_order"}, Mention: []string{tracking(o)}}
	})

	// One line taken out of an order not yet shipped: no tool does it.
	person("cant_remove_line", "pending", 10, []ask{
		{"please remove the %s from my order before it ships", "", false},
		{"I don't need the %s after all, could you take it off the order?", "", false},
		{"can u remvoe the %s from my ordr", "", true},
		{"just drop the %s and ship me the rest", "", false},
		{"¿Pueden quitar el %s de mi pedido?", "es", false},
	}, func(tbOrder) Expect { return Expect{} })

	// A shipment split: part now, the rest later.
	person("cant_split", "pending", 20, []ask{
		{"can you send the %s now and the rest later?", "", false},
		{"could you split my order into two shipments?", "", false},
		{"can yuo ship the %s seperately right away and the rest later", "", true},
		{"Können Sie %s schon jetzt schicken und den Rest später?", "de", false},
		{"Pouvez-vous envoyer %s maintenant et le reste plus tard ?", "fr", false},
	}, func(tbOrder) Expect { return Expect{} })

	// An order placed again for the customer: on the store, at checkout.
	person("cant_reorder", "delivered", 10, []ask{
		{"order the same %s again for me", "", false},
		{"can you place a new order for the %s", "", false},
		{"can u re-order teh %s for me", "", true},
		{"¿Me pueden pedir otra vez el mismo %s?", "es", false},
		{"Bitte bestellen Sie %s noch einmal für mich.", "de", false},
	}, func(tbOrder) Expect { return Expect{} })

	// Store credit asked in place of a refund: the return tool, as
	// credit; nothing written before the customer says yes to it.
	for i, a := range []ask{
		{"could I get a gift card instead of a refund?", "", false},
		{"is store credit possible instead of my money back?", "", false},
		{"wuold a giftcard instead of refund be possible", "", true},
		{"can i have a voucher rather than a refund for the %s?", "", false},
		{"Kann ich statt einer Erstattung einen Gutschein bekommen?", "de", false},
	} {
		o := g.pick("delivered", 5+i+1, inWindow)[5+i]
		text := a.text
		if i == 3 {
			text = withItem(text, o, i)
		}
		g.add(file, Scenario{Kind: "credit_question", Lang: a.lang, Start: verifiedStart(g, o), Tags: typoTag(a.typo),
			Turns: []string{text}, Expect: Expect{Tools: []string{"start_return"}, Handover: no()}})
	}

	// How long delivery usually takes: the shipping policy's days.
	for _, a := range []ask{
		{"how long does shipping normally take?", "", false},
		{"how many days does delivery usually take?", "", false},
		{"whats the usual shiping time", "", true},
		{"¿Cuánto tarda normalmente el envío?", "es", false},
		{"Wie lange dauert der Versand normalerweise?", "de", false},
	} {
		g.add(file, Scenario{Kind: "docs_delivery_days", Lang: a.lang, Tags: typoTag(a.typo), Turns: []string{a.text},
			Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{"3-7"}, Handover: no()}})
	}

	// What a product is made of: its guide's opening passage.
	for _, a := range []struct {
		text, fact string
		typo       bool
	}{
		{"is the candle soy or beeswax?", "pure beeswax", false},
		{"what is the candle made of?", "pure beeswax", false},
		{"is the candel soy wax or beeswax?", "pure beeswax", true},
		{"what's the serving board made from", "olive wood", false},
		{"what material is the mug made of?", "stoneware", false},
	} {
		g.add(file, Scenario{Kind: "docs_material", Tags: typoTag(a.typo), Turns: []string{a.text},
			Expect: Expect{Tools: []string{"search_docs"}, Mention: []string{a.fact}, Handover: no()}})
	}
}
