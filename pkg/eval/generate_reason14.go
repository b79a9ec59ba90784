package eval

import (
	"fmt"
	"strings"
)

// reason14 are issue 18's new-user trial: after a damage report that was
// made good (one item replaced), a later plain return of another item is
// still a plain return (held out in
// pkg/offline/heldout_reason14_test.go, phrasings differ). The item is
// the one named, the reason the customer's own (UNWANTED, never the
// earlier DEFECTIVE), store credit when asked for, and "it's not
// defective" restates the return with that reason instead of starting a
// damage report. Judged by the writes after each yes. It picks without
// taking (each scenario runs on a stack of its own).
func (g *gen) reason14() {
	const file = "reason14.json"
	type phrase struct {
		text, lang   string
		typo, credit bool
	}
	// Two lines of different products, one worth no more than the keep-it
	// value: that one is replaced with nothing sent back, the other
	// returned.
	var orders []tbOrder
	var kept, back []int
	for _, o := range g.byStatus["delivered"] {
		if DeliveredDaysAgo(o.OrderID) > 25 {
			continue
		}
		k, b := -1, -1
		for _, i := range uniqueItems(o) {
			if k < 0 && o.Items[i].Price <= 30 {
				k = i
			}
		}
		for _, i := range uniqueItems(o) {
			if b < 0 && k >= 0 && i != k && o.Items[i].Price <= 100 && !sharesWord(o.Items[i].Name, o.Items[k].Name) {
				b = i
			}
		}
		if k >= 0 && b >= 0 {
			orders, kept, back = append(orders, o), append(kept, k), append(back, b)
		}
	}
	if len(orders) == 0 {
		return
	}
	yes := map[string]string{"en": "yes", "es": "sí", "de": "ja", "fr": "oui"}
	nameIn := func(it tbItem, lang string) string {
		if n, ok := itemNames[it.Name][lang]; ok {
			return n
		}
		return "the " + strings.ToLower(it.Name)
	}
	damaged := []string{"the %s arrived cracked", "my %s came broken", "the %s showed up damaged", "hi, my %s arrived chipped",
		"got the %s today and its smashed", "the %s is damaged, it came like that"}
	one := func(it tbItem) []WriteLine {
		return []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}
	}
	scenario := func(kind string, i int, p phrase, turns func(kept, back tbItem) []string) {
		o := orders[i%len(orders)]
		kept, back := o.Items[kept[i%len(orders)]], o.Items[back[i%len(orders)]]
		writes := []Write{{Type: "replacement", Order: name(o), Lines: one(kept)},
			{Type: "return", Order: name(o), Lines: one(back), Reason: "UNWANTED", Amount: price(back.Price)}}
		if p.credit {
			writes = append(writes, Write{Type: "store_credit", Order: name(o), Amount: price(back.Price)})
		}
		all := append([]string{fmt.Sprintf(damaged[i%len(damaged)], strings.ToLower(kept.Name)), "a replacement please", "yes"}, turns(kept, back)...)
		g.add(file, Scenario{Kind: kind, Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  append(all, yes[p.lang]),
			Expect: Expect{Handover: no(), Tools: []string{"report_damage", "start_return"}, Done: []string{"report_damage", "start_return"}, Writes: writes}})
	}

	// A plain return after the replacement: its own reason.
	plain := []phrase{
		{"and i'd also like to return %s, we dont need it", "en", false, false},
		{"separate thing, can i send back %s? nothing wrong with it, just unwanted", "en", false, false},
		{"also wanna retrun %s, dont realy need it", "en", true, false},
		{"también quiero devolver %s, ya no lo necesito", "es", false, false},
		{"ich möchte außerdem %s zurückgeben, ich brauche es nicht mehr", "de", false, false},
		{"je voudrais aussi retourner %s, plus besoin", "fr", false, false},
	}
	for i, p := range plain {
		scenario("reason14_plain_return", i, p, func(_, back tbItem) []string { return []string{fmt.Sprintf(p.text, nameIn(back, p.lang))} })
	}

	// The same for store credit.
	credit := []phrase{
		{"and i want to return %s for store credit, its not damaged we just dont need it", "en", false, true},
		{"can i return %s too? unwanted. store credit pls", "en", false, true},
		{"quiero devolver %s, no lo necesito. saldo en la tienda por favor", "es", false, true},
		{"also id like to send back %s for store credit, nothin wrong w it just dont need it", "en", true, true},
		{"Ich möchte %s zurückgeben, ich brauche es nicht mehr. Gutschein bitte", "de", false, true},
	}
	for i, p := range credit {
		scenario("reason14_credit", i+len(plain), p, func(_, back tbItem) []string { return []string{fmt.Sprintf(p.text, nameIn(back, p.lang))} })
	}

	// A reason corrected: the return stated again with it.
	fixed := []phrase{
		{"its not defective tho, i just dont want it", "en", false, false},
		{"the reason is wrong, nothing is broken. i just dont want it. could it be store credit instead?", "en", false, true},
		{"no está roto, simplemente no lo quiero", "es", false, false},
		{"its not defectve, just dont want it anymore", "en", true, false},
		{"ce n'est pas cassé, je n'en veux plus", "fr", false, false},
	}
	for i, p := range fixed {
		scenario("reason14_reason_fixed", i+len(plain)+len(credit), p, func(_, back tbItem) []string {
			return []string{"i want to return the " + strings.ToLower(back.Name), p.text}
		})
	}
}
