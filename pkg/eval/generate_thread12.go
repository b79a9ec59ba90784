package eval

import (
	"fmt"
	"strings"
)

// thread12 are issue 18's no-context class held out in
// pkg/offline/heldout_thread12_test.go: a new request or question that
// the pending statement used to drown. One line of an order cancelled
// (the shop cancels whole orders: nothing is written, the reply says so);
// a cancelled order un-cancelled (it can't be: a new order); something
// free asked for (no tool gives it); an address without commas (read and
// written after the yes); a variant asked beside a follow-up promise (the
// answer, then the promise kept for the yes). Phrasings differ from the
// offline table's. It picks without taking (each scenario runs on a stack
// of its own).
func (g *gen) thread12() {
	const file = "thread12.json"
	type phrase struct {
		text, lang string
		typo       bool
	}

	// One line of an unshipped order cancelled: nothing written.
	lineAsks := []phrase{
		{"please cancel only the %s, keep the rest of the order", "en", false},
		{"can u just cancel the %s part? still want everything else", "en", false},
		{"jsut cancel the %s pls, not the other stuff", "en", true},
		{"¿Puedo cancelar solo el %s del pedido?", "es", false},
		{"Kann ich nur den %s stornieren?", "de", false},
		{"Je voudrais annuler seulement le %s svp", "fr", false},
	}
	twoKinds := func(o tbOrder) bool {
		seen := map[string]bool{}
		for _, it := range o.Items {
			seen[it.Name] = true
		}
		return len(seen) >= 2
	}
	for i, o := range g.pick("pending", len(lineAsks), twoKinds) {
		p := lineAsks[i]
		item := strings.ToLower(o.Items[len(o.Items)-1].Name)
		g.add(file, Scenario{Kind: "thread12_cancel_line", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, item)},
			Expect: Expect{Handover: no(), Answers: []Answer{{Turn: 1, Mention: []string{"whole"}}}}})
	}

	// A cancelled order un-cancelled: it can't be; a new order.
	undo := []phrase{
		{"can you undo the cancellation? i want the order after all", "en", false},
		{"i canceled by mistake, can u undo the cancelation", "en", true},
		{"pls reinstate my order, changed my mind again", "en", false},
		{"¿Pueden deshacer la cancelación de mi pedido?", "es", false},
		{"Kann ich die Stornierung rückgängig machen?", "de", false},
		{"Est-ce que vous pouvez annuler l'annulation de ma commande ?", "fr", false},
	}
	for i, o := range g.pick("cancelled", len(undo), func(tbOrder) bool { return true }) {
		p := undo[i]
		g.add(file, Scenario{Kind: "thread12_uncancel", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text},
			Expect: Expect{Handover: no(), Answers: []Answer{{Turn: 1, Mention: []string{"new order"}}}}})
	}

	// Something for nothing: no tool gives it.
	free := []string{
		"cn u throw in something free for the wait lol",
		"could you add a free gift to my order?",
		"pls send me a free sample with it",
		"can you include a complimentary extra one for the trouble?",
		"would you give me a freebie since its my birthday",
	}
	for i, o := range g.pick("pending", len(free), func(tbOrder) bool { return true }) {
		g.add(file, Scenario{Kind: "thread12_free_item", Start: verifiedStart(g, o), Tags: typoTag(i == 0),
			Turns:  []string{free[i]},
			Expect: Expect{Handover: no(), Answers: []Answer{{Turn: 1, Mention: []string{"free items|gift"}}}}})
	}

	// An address with no commas: read, stated, written after the yes.
	bares := []newAddr{
		{"1550 Alum Rock Ave San Jose CA 95116", "1550 Alum Rock Ave", "", "San Jose", "CA", "95116"},
		{"300 Pine St Seattle WA 98101", "300 Pine St", "", "Seattle", "WA", "98101"},
		{"19 Maple Dr Columbus OH 43215", "19 Maple Dr", "", "Columbus", "OH", "43215"},
		{"408 Birch Lane Raleigh NC 27601", "408 Birch Lane", "", "Raleigh", "NC", "27601"},
		{"PO Box 4411 San Jose CA 95150", "PO Box 4411", "", "San Jose", "CA", "95150"},
	}
	bareAsks := []string{"CHANGE THE ADDRESS to %s please", "ship it to %s instead", "new adress is %s",
		"can u send my order to %s", "what about a po box then, %s"}
	for i, o := range g.pick("pending", len(bares), func(tbOrder) bool { return true }) {
		a := bares[i]
		g.add(file, Scenario{Kind: "thread12_address_nocommas", Start: verifiedStart(g, o), Tags: tagsFor(bareAsks[i]),
			Turns:  []string{fmt.Sprintf(bareAsks[i], a.line), "yes"},
			Expect: Expect{Handover: no(), Writes: []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}}}})
	}

	// A variant asked beside a follow-up promise: answered, the promise
	// kept for the yes.
	variantAsks := []string{"btw wat %s did i pick again?", "remind me what %s i ordered?", "wait what %s was it, i forget",
		"also which %s is mine, cant remember", "and the %s i got was what?"}
	withOption := func(o tbOrder) bool {
		opts := o.Items[0].Options
		return opts["color"] != "" || opts["size"] != ""
	}
	for i, o := range g.pick("processed", len(variantAsks), withOption) {
		opts := o.Items[0].Options
		key := "color"
		if opts[key] == "" {
			key = "size"
		}
		word := map[string]string{"color": "colour", "size": "size"}[key]
		g.add(file, Scenario{Kind: "thread12_variant_beside_promise", Start: verifiedStart(g, o), Tags: typoTag(i == 0),
			Turns: []string{lateAsk[i%len(lateAsk)], fmt.Sprintf(variantAsks[i], word), "yes"},
			Expect: Expect{Tools: []string{"track_order", "follow_up"}, Done: []string{"follow_up"}, Handover: no(),
				Answers: []Answer{{Turn: 2, Mention: []string{opts[key]}}}}})
	}
}
