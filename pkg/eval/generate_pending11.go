package eval

import (
	"fmt"
	"strings"
)

// pending11 are issue 18's no-context class held out in
// pkg/offline/pending11_test.go: with a return or a cancellation stated
// and waiting for the yes, the customer asks something first, about it
// ("do I post it back myself?") or aside ("what's the deadline for
// returns?"), once or twice. Each answer states its fact, and the plain
// yes after it writes exactly what was stated; a no after it writes
// nothing. Phrasings differ from the offline table's. It picks without
// taking (each scenario runs on a stack of its own).
func (g *gen) pending11() {
	const file = "pending11.json"
	type phrase struct {
		text, lang, fact string
		typo             bool
	}
	picked, cheap := g.twoLinesOneCheap(7)
	returnLine := func(i int) (tbOrder, []WriteLine, string) {
		o, r := picked[i%len(picked)], cheap[i%len(picked)]
		it := o.Items[r]
		return o, []WriteLine{{Title: it.Name, Variant: variant(it.Options), Quantity: 1}}, strings.ToLower(it.Name)
	}
	asks := []string{"hi, i want to return the %s", "i'd like to send the %s back", "I'd like a refund on the %s, it's going back"}
	yeses := map[string]string{"en": "ok then yes", "es": "sí, hazlo", "de": "ja, bitte", "fr": "oui, d'accord"}

	// One question before the yes: answered, the return kept for it.
	asides := []phrase{
		{"hang on, do i need to post it back myself?", "en", "instructions|paid by you", false},
		{"whats the deadline for returns again", "en", "30 days", false},
		{"out of curiosity whats the refund timeline?", "en", "5 to 10", false},
		{"do you guys give a prepaid lable?", "en", "prepaid", true},
		{"¿cuál es su política de devoluciones?", "es", "30 days", false},
		{"Wie ist eure Rückgaberichtlinie?", "de", "30 days", false},
		{"quelle est votre politique de retour ?", "fr", "30 days", false},
	}
	for i, p := range asides {
		o, lines, item := returnLine(i)
		g.add(file, Scenario{Kind: "pending11_aside_yes", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns: []string{fmt.Sprintf(asks[i%len(asks)], item), p.text, yeses[p.lang]},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: []Write{{Type: "return", Order: name(o), Lines: lines}},
				Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// Two questions, then the yes.
	twice := [][2]phrase{
		{{"does it have to be in the box it came in?", "en", "original packaging", false}, {"and who covers the shipping back?", "en", "paid by you", false}},
		{{"how long do i have to send stuff back in general?", "en", "30 days", false}, {"and when would i see the money?", "en", "5 to 10", false}},
		{{"do i pay for posatge?", "en", "paid by you", true}, {"whats your return policy btw", "en", "30 days", false}},
		{{"will a label come with it?", "en", "prepaid", false}, {"and how fast does the refund arrive after?", "en", "5 to 10", false}},
		{{"Muss ich das Rücksendeporto zahlen?", "de", "paid by you", false}, {"und wann bekomme ich das Geld?", "de", "5 to 10", false}},
	}
	for i, p := range twice {
		o, lines, item := returnLine(i + 2)
		g.add(file, Scenario{Kind: "pending11_two_asides", Lang: p[0].lang, Start: verifiedStart(g, o), Tags: typoTag(p[0].typo || p[1].typo),
			Turns: []string{fmt.Sprintf(asks[i%len(asks)], item), p[0].text, p[1].text, yeses[p[0].lang]},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: []Write{{Type: "return", Order: name(o), Lines: lines}},
				Answers: []Answer{{Turn: 2, Mention: []string{p[0].fact}}, {Turn: 3, Mention: []string{p[1].fact}}}}})
	}

	// A question, then a no: nothing written.
	nos := []phrase{
		{"do i pay the return postage?", "en", "paid by you", false},
		{"how soon is the refund after that?", "en", "5 to 10", false},
		{"¿tengo que pagar el envío de vuelta?", "es", "paid by you", false},
		{"is there a prepiad label?", "en", "prepaid", true},
		{"und wie lange dauert die Erstattung?", "de", "5 to 10", false},
	}
	noWords := map[string]string{"en": "no thanks, i'll keep it", "es": "no, lo dejo así", "de": "nein danke, ich behalte es"}
	for i, p := range nos {
		o, _, item := returnLine(i + 4)
		g.add(file, Scenario{Kind: "pending11_aside_no", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(append(asks, "hey, can i return the %s please")[i%(len(asks)+1)], item), p.text, noWords[p.lang]},
			Expect: Expect{Tools: []string{"start_return"}, Handover: no(), Writes: []Write{}, Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// A cancellation, a question about the refund, then the yes.
	cancels := []phrase{
		{"when does the money come back if you cancel it?", "en", "5 to 10", false},
		{"how many days for the refund to hit my acount?", "en", "5 to 10", true},
		{"¿cuándo me llega el dinero?", "es", "5 to 10", false},
		{"wann ist das Geld wieder auf meinem Konto?", "de", "5 to 10", false},
		{"quand est-ce que je serai remboursé ?", "fr", "5 to 10", false},
	}
	// Cheap enough that policy wants no person to approve it.
	unshipped := g.pick("pending", len(cancels), func(o tbOrder) bool { return total(o) <= 100 })
	for i, p := range cancels {
		o := unshipped[i%len(unshipped)]
		yes := "yes"
		if p.lang != "en" {
			yes = yeses[p.lang]
		}
		g.add(file, Scenario{Kind: "pending11_cancel_aside", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{cancelAsk[i%len(cancelAsk)], p.text, yes},
			Expect: Expect{Tools: []string{"cancel_order"}, Handover: no(), Writes: []Write{{Type: "cancel", Order: name(o)}}, Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}
}
