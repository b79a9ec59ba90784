package eval

import (
	"fmt"
	"strings"
)

// variant15 are issue 18's questions and exchanges about an item's other
// options and their stock (held out in
// pkg/offline/heldout_variant15_test.go): "is the X one in stock?"
// answered from the options' stock (item_options), not the guides; "only
// if the X one is in stock?" during an exchange proposes it only when the
// shop has it in stock at the same price, and a yes runs it once; an
// option the product does not come in ("in purple?") answered honestly,
// nothing proposed. It reads the eval catalogue and changes none of it;
// it picks without taking (each scenario runs on a stack of its own).
func (g *gen) variant15() {
	const file = "variant15.json"
	type sibling struct {
		o       tbOrder
		item    int
		value   string // the option word the customer names
		inStock bool
		same    bool // at the ordered line's price
	}
	var sibs []sibling
	seen := map[string]bool{}
	for _, o := range g.byStatus["delivered"] {
		if len(sibs) == 12 {
			break
		}
		if DeliveredDaysAgo(o.OrderID) > 25 {
			continue
		}
		for _, i := range uniqueItems(o) {
			it := o.Items[i]
			if seen[it.ProductID] {
				continue
			}
			id, value := g.oneOptionAway(it.ProductID, it.ItemID, it.Options)
			if id == "" || len(value) < 4 {
				continue
			}
			for _, v := range g.catalogue[it.ProductID] {
				if v.ID == id {
					seen[it.ProductID] = true
					sibs = append(sibs, sibling{o, i, strings.ToLower(value), v.Available > 0, v.Price == price(it.Price)})
				}
			}
			break
		}
	}
	if len(sibs) < 5 {
		return
	}
	noun := func(s sibling) string {
		w := strings.Fields(strings.ToLower(s.o.Items[s.item].Name))
		return w[len(w)-1]
	}
	// misspell drops a letter from the middle of a long option word.
	misspell := func(v string) string {
		if len(v) < 6 {
			return v
		}
		return v[:len(v)/2] + v[len(v)/2+1:]
	}

	// A plain question of stock: the options read, the answer given.
	ask := []struct {
		text, lang string
		typo       bool
	}{
		{"is the %[1]s in %[2]s in stock?", "en", false},
		{"do you have the %[2]s %[1]s available?", "en", false},
		{"is the %[2]s one available rn", "en", false},
		{"hey is teh %[1]s in %[3]s in stok??", "en", true},
		{"¿tienen el %[1]s en %[2]s disponible?", "es", false},
		{"Ist der %[1]s in %[2]s lieferbar?", "de", false},
	}
	for i, a := range ask {
		s := sibs[i%len(sibs)]
		text := fmt.Sprintf(a.text, noun(s), s.value, misspell(s.value))
		state := "out of stock|sold out"
		if s.inStock {
			state = "in stock"
		}
		g.add(file, Scenario{Kind: "variant15_stock_question", Start: verifiedStart(g, s.o), Tags: typoTag(a.typo),
			Lang: a.lang, Turns: []string{text},
			Expect: Expect{Handover: no(), Tools: []string{"item_options"}, Writes: []Write{},
				Answers: []Answer{{Turn: 1, Mention: []string{s.value, state}}}}})
	}

	// During an exchange, "only if it is in stock": proposed and run on a
	// yes when the shop has it at the same price, else nothing written.
	only := []struct {
		text string
		typo bool
	}{
		{"only if the %[1]s one is in stock?", false},
		{"the %[1]s one, if you have it in stock", false},
		{"ok %[1]s then, if its available", false},
		{"onyl if the %[2]s one is in stock", true},
		{"the %[1]s one if it's in stock pls", false},
	}
	for i, a := range only {
		s := sibs[(i+2)%len(sibs)]
		it := s.o.Items[s.item]
		text := fmt.Sprintf(a.text, s.value, misspell(s.value))
		var writes []Write
		if s.inStock && s.same {
			writes = []Write{{Type: "exchange", Order: name(s.o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, Amount: "0.00"}}
		}
		exp := Expect{Handover: no(), Tools: []string{"exchange_item"}, Writes: writes}
		if writes == nil {
			exp.Writes = []Write{}
		} else {
			exp.Done = []string{"exchange_item"}
		}
		g.add(file, Scenario{Kind: "variant15_exchange_if_stock", Start: verifiedStart(g, s.o), Tags: typoTag(a.typo),
			Turns: []string{fmt.Sprintf("i'd like to exchange my %s", noun(s)), text, "yes"}, Expect: exp})
	}

	// An option the product does not come in: said so, nothing proposed.
	none := []struct {
		text string
		typo bool
	}{
		{"can i get the %[1]s in %[2]s?", false},
		{"do you have the %[1]s in %[2]s", false},
		{"is the %[1]s available in %[2]s?", false},
		{"cn i swap the %[1]s for a %[2]s one", true},
		{"id like the %[1]s in %[2]s instead", false},
	}
	for i, a := range none {
		s := sibs[(i+4)%len(sibs)]
		colour := g.v15Absent(s.o.Items[s.item].ProductID, i)
		text := fmt.Sprintf(a.text, noun(s), colour)
		g.add(file, Scenario{Kind: "variant15_no_such_option", Start: verifiedStart(g, s.o), Tags: typoTag(a.typo),
			Turns:  []string{text},
			Expect: Expect{Handover: no(), Writes: []Write{}, Answers: []Answer{{Turn: 1, Mention: []string{colour}}}}})
	}
}

// v15Absent is a colour none of product's variants names.
func (g *gen) v15Absent(product string, i int) string {
	colours := []string{"purple", "turquoise", "maroon", "lavender", "mustard", "coral"}
	for k := range colours {
		c := colours[(i+k)%len(colours)]
		found := false
		for _, v := range g.catalogue[product] {
			found = found || strings.Contains(strings.ToLower(v.Title), c)
		}
		if !found {
			return c
		}
	}
	return "plaid"
}
