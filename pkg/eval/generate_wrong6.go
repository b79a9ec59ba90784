package eval

import "fmt"

// wrong6 are the classes issue 18's sixth no-context trial misread (held
// out in pkg/offline/wrong6_test.go): what was in the box is not the
// order (someone else's things, an item or a part of one missing), damage
// words misspelt or cut short, and a fact beside a question ("X came days
// ago, where's the rest?"). Each intent is phrased five ways or more,
// with typos and other languages; nothing is written without a yes.
func (g *gen) wrong6() {
	const file = "wrong6.json"
	recent := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && len(uniqueItems(o)) > 0 }
	for i, c := range []struct {
		text, lang string
		typo       bool
	}{
		{"there was somebody else's stuff in my box", "", false},
		{"i got someone elses order, none of this is mine", "", true},
		{"you sent me the wrong order", "", false},
		{"wrong ordr delivered to me, these are not my things", "", true},
		{"my parcel is full of stuff i never ordered", "", false},
		{"Me llegó el pedido de otra persona", "es", false},
		{"Im Paket waren Sachen von jemand anderem", "de", false},
		{"J'ai reçu la commande de quelqu'un d'autre", "fr", false},
	} {
		o := g.pick("delivered", i+1, recent)[i]
		g.add(file, Scenario{Kind: "box_not_mine", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns: []string{c.text}, Expect: Expect{Tools: []string{"report_damage"}}})
	}
	for i, phrase := range []string{
		"the %s wasn't in the box",
		"my box came without the %s",
		"the %s is missin from my order",
		"there was no %s in the package",
		"the %s wasnt included in my parcel",
		"Faltaba el %s en el paquete",
	} {
		o := g.pick("delivered", i+1, recent)[i]
		it := o.Items[uniqueItems(o)[0]]
		lang := ""
		if i == 5 {
			lang = "es"
		}
		g.add(file, Scenario{Kind: "item_missing_from_box", Lang: lang, Start: verifiedStart(g, o), Tags: typoTag(i == 2 || i == 4),
			Turns: []string{fmt.Sprintf(phrase, itemName(it.Name, false, i))}, Expect: Expect{Tools: []string{"report_damage"}}})
	}
	for i, phrase := range []string{
		"the %s arrived crackd",
		"my %s is brokn",
		"%s came smashd",
		"the %s showed up shatterd",
		"the %s is chipd on one side",
		"my %s is leakin",
		"the %s arrived dammaged",
	} {
		o := g.pick("delivered", i+1, recent)[i]
		it := o.Items[uniqueItems(o)[0]]
		g.add(file, Scenario{Kind: "damage_misspelt", Start: verifiedStart(g, o), Tags: []string{"typo"},
			Turns: []string{fmt.Sprintf(phrase, itemName(it.Name, false, i))}, Expect: Expect{Tools: []string{"report_damage"}}})
	}
	// A fact beside the question: the order is answered, not the fact
	// taken for a question of the guides.
	for i, c := range []struct {
		text, lang string
		typo       bool
	}{
		{"part of it came days ago, where's the rest of my order?", "", false},
		{"got some of it already, when will the rest arive?", "", true},
		{"half my order came last week. where's the other half", "", false},
		{"Ya recibí una parte, ¿dónde está el resto de mi pedido?", "es", false},
		{"Ein Teil ist schon angekommen, wo bleibt der Rest?", "de", false},
	} {
		o := g.pick("processed", i+1, func(tbOrder) bool { return true })[i]
		g.add(file, Scenario{Kind: "fact_beside_question", Lang: c.lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo),
			Turns:  []string{c.text},
			Expect: Expect{Tools: []string{"track_order"}, Stage: "in_transit", Mention: []string{tracking(o)}, Handover: no()}})
	}
}
