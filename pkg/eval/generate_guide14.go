package eval

import "fmt"

// guide14 are messages about an order that name one of its products, and
// product questions in the middle of an order conversation (issue 18, a
// new user's trial of `make dev`; held out in
// pkg/offline/heldout_guide14_test.go). A message that asks when the item
// comes, where it goes, what else the order holds or which other orders
// there are is answered from the order tools, with no guide passage; a
// product question after the order's status is answered from that
// product's guide, not with the status again; a cancellation turned down
// leaves the order as it is. It picks without taking.
func (g *gen) guide14() {
	const file = "guide14.json"
	var guides []string
	for _, k := range []string{"kit", "mug", "candle", "pan", "throw", "board"} {
		guides = append(guides, guideMarkers[k]...)
	}
	noGuide := append([]string{"couldn't find"}, guides...)
	two := func(o tbOrder) bool { return len(uniqueItems(o)) >= 2 }
	first := func(o tbOrder) string { return o.Items[uniqueItems(o)[0]].Name }

	// When the item comes: the order's status, no guide.
	for i, ask := range []string{
		"the %s, is it going to make it before saturday? its a gift",
		"will the %s get here by friday",
		"is the %s comming soon",
	} {
		o := g.pick("processed", 3, two)[i]
		g.add(file, Scenario{Kind: "guide14_order_by_item", Start: verifiedStart(g, o), Tags: typoTag(i == 2),
			Turns:  []string{fmt.Sprintf(ask, itemName(first(o), false, i))},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Secrets: noGuide}})
	}
	// Where the item goes: the order's address, no guide.
	for i, ask := range []string{
		"yes but will the %s still come to my place?",
		"do u still have the right adress for the %s",
	} {
		o := g.pick("pending", 5, two)[3+i]
		g.add(file, Scenario{Kind: "guide14_order_by_item", Start: verifiedStart(g, o), Tags: typoTag(i == 1),
			Turns:  []string{fmt.Sprintf(ask, itemName(first(o), false, i))},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Mention: []string{o.Address.Address1}, Secrets: noGuide}})
	}
	// What else the order holds: its other line.
	for i, ask := range []string{
		"what else did i buy besides the %s",
		"apart from the %s what else is in my order",
	} {
		o := g.pick("delivered", 2, two)[i]
		other := o.Items[uniqueItems(o)[1]].Name
		g.add(file, Scenario{Kind: "guide14_order_by_item", Start: verifiedStart(g, o),
			Turns:  []string{fmt.Sprintf(ask, itemName(first(o), false, i))},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Mention: []string{other}, Secrets: noGuide}})
	}
	// Which other orders: the account's, no guide.
	multi := func(o tbOrder) bool { return len(g.d.Users[o.UserID].Orders) >= 2 }
	for i, ask := range []string{
		"what other orders do i have with you guys",
		"do i have any other ordres with u",
		"which other orders are on my account",
		"any more orders under my name?",
		"what orders have i placed with you",
	} {
		o := g.pick("processed", 11, multi)[6+i]
		var other string
		for _, id := range g.d.Users[o.UserID].Orders {
			if id != o.OrderID {
				other = ShopifyName(id)
				break
			}
		}
		g.add(file, Scenario{Kind: "guide14_other_orders", Start: verifiedStart(g, o), Tags: typoTag(i == 1),
			Turns:  []string{ask},
			Expect: Expect{Tools: []string{"list_orders"}, Handover: no(), Mention: []string{other}, Secrets: noGuide}})
	}
	// A product question after the status: the guide, not the status again.
	for i, c := range []struct {
		ask, guide string
		facts      []string
	}{
		{"fine, how do i get the rust off the skillet then", "pan", []string{"steel wool"}},
		{"btw can the stoneware mug go in the microwave", "mug", []string{"2 minutes|microwave safe"}},
		{"ok and how often shuold i oil the olivewood board", "board", []string{"once a month"}},
		{"whats the burn time on the beeswax candle anyway", "candle", []string{"60 hours"}},
		{"also what grind do i use for the pour over kit", "kit", []string{"medium-fine"}},
	} {
		o := g.pick("processed", 14, two)[9+i]
		firsts := []string{"where is my order", "wheres my stuff", "any news on my parcel?", "has it shipped yet", "tracking pls"}
		g.add(file, Scenario{Kind: "guide14_product_mid", Start: verifiedStart(g, o), Tags: typoTag(i == 2),
			Turns: []string{firsts[i], c.ask},
			Expect: Expect{Tools: []string{"track_order", "search_docs"}, Handover: no(), Secrets: otherGuides(c.guide),
				Answers: []Answer{{Turn: 2, Mention: c.facts}}}})
	}
	// A cancellation turned down: nothing written, no guide.
	for i, ask := range []string{
		"hmm ok nvm dont cancel then, ill keep it as it is",
		"actually dont cancel it, leave it as is",
		"nvm dont cancle, ill keep it",
		"never mind, dont cancel the order, keep it the way it is",
		"ok nvm no need to cancel it",
	} {
		o := g.pick("pending", 12, two)[7+i]
		cancels := []string{"cancel my order", "please cancel the order", "i want to cancel", "can u cancel it", "cancel it pls"}
		g.add(file, Scenario{Kind: "guide14_keep_as_is", Start: verifiedStart(g, o), Tags: typoTag(i == 2),
			Turns:  []string{cancels[i], ask},
			Expect: Expect{Handover: no(), Secrets: noGuide}})
	}
}
