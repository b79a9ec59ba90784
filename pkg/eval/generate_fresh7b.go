package eval

import (
	"fmt"
	"strings"
)

// fresh7b are what the fresh7b no-context trial of the offline model found
// it misread when a customer changes their mind right after a proposal
// (issue 18): the change given up ("forget the return, ill keep it": the
// bare yes after it writes nothing), a line turned down or added ("the B,
// not the A", "and the B too": exactly the lines meant are written), the
// resolution changed back ("refund to my card instead": a return for a
// refund, no store credit), and a change once meant and given up ("I was
// going to return the A but never mind": nothing). Each phrased at least
// five ways, typos among them. It takes no order from another (each
// scenario runs on a stack of its own).
func (g *gen) fresh7b() {
	const file = "fresh7b.json"
	// Delivered in the window, two lines of different titles, one of
	// them (cheap[i]) returned without a person (at most $100).
	picked, cheap := g.twoLinesOneCheap(6)
	line := func(o tbOrder, i int) WriteLine {
		it := o.Items[i]
		return WriteLine{Title: it.Name, Variant: variant(it.Options), Quantity: 1}
	}
	lower := func(o tbOrder, i int) string { return strings.ToLower(o.Items[i].Name) }
	// The first message, a return asked for in several ways.
	asks := []string{"I'd like to return the %s", "please return the %s", "can i send the %s back?",
		"The %s isn't for me, I want to return it", "return the %s please", "I need to send back the %s"}
	ask := func(i int, o tbOrder, r int) string { return fmt.Sprintf(asks[i%len(asks)], lower(o, r)) }
	credits := []string{"can I return the %s for store credit?", "I'd like store credit for the %s, can I send it back?",
		"return the %s for store credit please", "i want to send the %s back and get store credit", "Could I return the %s for credit at the shop?"}
	type phrase struct {
		text, lang string
		typo       bool
	}

	// Given up after the proposal: nothing written, however the yes
	// after it reads.
	givenUp := []phrase{
		{"forget the return, ill keep it", "en", false},
		{"wait no, dont return it after all", "en", false},
		{"nevermind, leave it as is", "en", true},
		{"hmm scratch that, im keeping it", "en", false},
		{"forgt about it, i'll keep the %[1]s", "en", true},
		{"olvídalo, me lo quedo", "es", false},
	}
	for i, p := range givenUp {
		o, r := picked[i%len(picked)], cheap[i%len(picked)]
		g.add(file, Scenario{Kind: "change_given_up", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{ask(i, o, r), fill(p.text, lower(o, r)), "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no()}})
	}

	// A line turned down: exactly the other one is written.
	instead := []phrase{
		{"wait, no. the %[2]s, not the %[1]s", "en", false},
		{"sorry i meant the %[2]s not the %[1]s", "en", false},
		{"no, the %[2]s instead of the %[1]s", "en", false},
		{"oops, the %[2]s rather than the %[1]s", "en", false},
		{"wrong one sry, its the %[2]s not the %[1]s", "en", true},
	}
	for i, p := range instead {
		o, r := picked[i%len(picked)], cheap[i%len(picked)]
		g.add(file, Scenario{Kind: "change_other_line", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{ask(i+1, o, 1-r), fmt.Sprintf(p.text, lower(o, 1-r), lower(o, r)), "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: []Write{{Type: "return", Order: name(o), Lines: []WriteLine{line(o, r)}}}}})
	}

	// A line added: the proposal states both (a person approves a
	// return worth more than $100; nothing is written before).
	added := []phrase{
		{"and the %[2]s too", "en", false},
		{"oh and the %[2]s as well please", "en", false},
		{"also the %[2]s", "en", false},
		{"plus the %[2]s pls", "en", false},
		{"the %[2]s aswell, forgot to say", "en", true},
	}
	for i, p := range added {
		o, r := picked[(i+1)%len(picked)], cheap[(i+1)%len(picked)]
		sc := Scenario{Kind: "change_line_added", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{ask(i+2, o, r), fmt.Sprintf(p.text, lower(o, r), lower(o, 1-r)), "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Answers: []Answer{{Turn: 2, Mention: []string{o.Items[0].Name, o.Items[1].Name}}}}}
		if o.Items[0].Price+o.Items[1].Price <= 100 {
			sc.Expect.Handover = no()
			sc.Expect.Writes = []Write{{Type: "return", Order: name(o), Lines: []WriteLine{line(o, 0), line(o, 1)}}}
		}
		g.add(file, sc)
	}

	// Store credit, then a refund after all: a return for a refund, no
	// credit written.
	refund := []phrase{
		{"no wait, refund to my card instead", "en", false},
		{"actually i'd rather have a refund", "en", false},
		{"on second thought, just refund me", "en", false},
		{"hmm no, money back to my card pls", "en", false},
		{"actualy a refund is better", "en", true},
	}
	for i, p := range refund {
		o, r := picked[(i+2)%len(picked)], cheap[(i+2)%len(picked)]
		g.add(file, Scenario{Kind: "change_to_refund", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(credits[i%len(credits)], lower(o, r)), p.text, "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: []Write{{Type: "return", Order: name(o), Lines: []WriteLine{line(o, r)}}}}})
	}

	// A change once meant, given up in the same message: nothing.
	meant := []phrase{
		{"I was going to return the %[1]s but never mind, its fine", "en", false},
		{"i was gonna send the %[1]s back but nevermind", "en", true},
		{"I wanted to return the %[1]s but forget it, I'll keep it", "en", false},
		{"was about to return the %[1]s, never mind, all good", "en", false},
		{"I was thinking about returning the %[1]s but scratch that", "en", false},
	}
	for i, p := range meant {
		o, r := picked[(i+3)%len(picked)], cheap[(i+3)%len(picked)]
		g.add(file, Scenario{Kind: "change_once_meant", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fill(p.text, lower(o, r)), "yes"},
			Expect: Expect{Handover: no()}})
	}

	// The whole order said loosely (gaps7): the proposal states every
	// line (a person approves more than $100; nothing written before).
	whole := []phrase{
		{"im not happy with any of it, just take it all back and refund me", "en", false},
		{"i wanna send the hole lot back", "en", true},
		{"refund my entire order please", "en", false},
		{"je veux renvoyer toute la commande", "fr", false},
		{"quiero devolver todo el pedido", "es", false},
		{"Ich möchte die ganze Bestellung zurückgeben", "de", false},
	}
	for i, p := range whole {
		o := picked[(i+4)%len(picked)]
		sc := Scenario{Kind: "return_whole_loosely", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text, "yes"},
			Expect: Expect{Tools: []string{"start_return"}, Answers: []Answer{{Turn: 1, Mention: []string{o.Items[0].Name, o.Items[1].Name}}}}}
		if o.Items[0].Price+o.Items[1].Price <= 100 {
			sc.Expect.Handover = no()
			sc.Expect.Writes = []Write{{Type: "return", Order: name(o), Lines: []WriteLine{line(o, 0), line(o, 1)}}}
		}
		g.add(file, sc)
	}
}

// fill is text with its verbs filled from args, or text when it has none.
func fill(text string, args ...any) string {
	if !strings.Contains(text, "%") {
		return text
	}
	return fmt.Sprintf(text, args...)
}
