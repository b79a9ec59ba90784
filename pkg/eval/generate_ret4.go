package eval

import (
	"fmt"
	"strings"
)

// ret4 are what the fourth no-context returns trial of the offline model
// found it misread (issue 18): a return said by what the customer keeps
// ("return the A but keep the B", "everything except the B", "todo menos",
// "alles außer", "tout sauf"), a swap for another product (no variant
// swap: nothing is written), and a question about what sending a return
// back costs (the FAQ's passage on return shipping; nothing is written).
// Each phrased at least five ways, typos among them. It runs after every
// other part and takes no order from another (each scenario runs on a
// stack of its own).
func (g *gen) ret4() {
	const file = "ret4.json"
	// Delivered in the window, two lines of different titles, one of
	// them returned without a person (at most $100): rets[i].
	picked, rets := g.twoLinesOneCheap(6)
	returned := func(o tbOrder, i int) []Write {
		it := o.Items[i]
		return []Write{{Type: "return", Order: name(o), Lines: []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, Amount: price(it.Price)}}
	}

	// Kept: the write is exactly the other line.
	kept := []struct {
		text, lang string
		typo       bool
	}{
		{"return the %[1]s but keep the %[2]s", "en", false},
		{"i want to send evrything back exept the %[2]s", "en", true},
		{"keep the %[2]s, send back the rest", "en", false},
		{"Quiero devolver todo menos el %[2]s", "es", false},
		{"Ich möchte alles außer dem %[2]s zurückschicken", "de", false},
		{"je veux tout retourner sauf le %[2]s", "fr", false},
	}
	for i, o := range picked {
		k := kept[i%len(kept)]
		ret, keep := rets[i], 1-rets[i]
		text := fmt.Sprintf(k.text, strings.ToLower(o.Items[ret].Name), strings.ToLower(o.Items[keep].Name))
		g.add(file, Scenario{Kind: "return_kept", Lang: k.lang, Start: verifiedStart(g, o), Tags: typoTag(k.typo),
			Turns:  []string{text, "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: returned(o, ret)}})
	}

	// Another product wanted: exchange_item says so; nothing written.
	swaps := []struct {
		text, lang string
		typo       bool
	}{
		{"Can I swap the %[1]s for the %[2]s instead?", "en", false},
		{"could i exchnage the %[1]s for a %[2]s", "en", true},
		{"I'd like to trade the %[1]s for a %[2]s", "en", false},
		{"¿Puedo cambiar el %[1]s por un %[2]s?", "es", false},
		{"Kann ich den %[1]s gegen einen %[2]s umtauschen?", "de", false},
		{"Est-ce que je peux échanger le %[1]s contre un %[2]s ?", "fr", false},
	}
	for i, o := range picked {
		s := swaps[i%len(swaps)]
		other := picked[(i+1)%len(picked)].Items[0].Name
		if sharesWord(other, o.Items[0].Name) || sharesWord(other, o.Items[1].Name) {
			other = picked[(i+2)%len(picked)].Items[1].Name
		}
		text := fmt.Sprintf(s.text, strings.ToLower(o.Items[0].Name), strings.ToLower(other))
		g.add(file, Scenario{Kind: "swap_other_product", Lang: s.lang, Start: verifiedStart(g, o), Tags: typoTag(s.typo),
			Turns:  []string{text},
			Expect: Expect{Tools: []string{"exchange_item"}, Handover: no()}})
	}

	// Return postage: the FAQ's passage, with an order in the
	// conversation or none; nothing written.
	postage := []struct {
		text, lang string
		typo, anon bool
	}{
		{"is return postage free?", "en", false, true},
		{"is the return postage free for my order?", "en", false, false},
		{"do i have to pay for retrun shipping?", "en", true, false},
		{"what if I return the %[1]s, would I have to pay for the return shipping?", "en", false, false},
		{"will you send me a prepaid return label?", "en", false, true},
		{"¿Tengo que pagar el envío de la devolución?", "es", false, false},
		{"Muss ich den Rückversand bezahlen?", "de", false, true},
		{"Les frais de retour sont-ils à ma charge ?", "fr", false, false},
	}
	for i, p := range postage {
		o := picked[i%len(picked)]
		text := p.text
		if strings.Contains(text, "%") {
			text = fmt.Sprintf(text, strings.ToLower(o.Items[0].Name))
		}
		sc := Scenario{Kind: "return_postage", Lang: p.lang, Tags: typoTag(p.typo),
			Turns:  []string{text},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: []string{"postage|return shipping", "label"}}}
		if !p.anon {
			sc.Start = verifiedStart(g, o)
		}
		g.add(file, sc)
	}
}

// sharesWord reports whether titles a and b have a word of three letters
// or more in common: "the b" would name a too.
func sharesWord(a, b string) bool {
	in := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(a)) {
		if len(w) >= 3 {
			in[w] = true
		}
	}
	for _, w := range strings.Fields(strings.ToLower(b)) {
		if in[w] {
			return true
		}
	}
	return false
}

// twoLinesOneCheap are up to n delivered orders in their return window with
// two lines of different titles, one of them (cheap[i]) at most $100, so
// returned without a person.
func (g *gen) twoLinesOneCheap(n int) (picked []tbOrder, cheap []int) {
	for _, o := range g.byStatus["delivered"] {
		if len(picked) == n {
			break
		}
		if DeliveredDaysAgo(o.OrderID) > 25 || len(o.Items) != 2 || len(uniqueItems(o)) != 2 || sharesWord(o.Items[0].Name, o.Items[1].Name) {
			continue
		}
		switch {
		case o.Items[0].Price <= 100:
			picked, cheap = append(picked, o), append(cheap, 0)
		case o.Items[1].Price <= 100:
			picked, cheap = append(picked, o), append(cheap, 1)
		}
	}
	return picked, cheap
}
