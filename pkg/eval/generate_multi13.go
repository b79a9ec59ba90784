package eval

// multi13 are issue 18's class held out in pkg/offline/multi13_test.go: a
// message of two parts around a waiting address change. A yes with a
// question beside it writes exactly the address stated, once, and the
// question is answered; a question asked while the change waits is
// answered and the plain yes after it writes the change; a yes whose
// other part changes the address writes nothing. Phrasings differ from
// the offline table's. It picks without taking (each scenario runs on a
// stack of its own).
func (g *gen) multi13() {
	const file = "multi13.json"
	type phrase struct {
		text, lang, fact string
		typo             bool
	}
	all := func(tbOrder) bool { return true }
	pending := g.pick("pending", 8, all)

	// A yes and a question: the change written, the question answered.
	yes := []phrase{
		{"yep thats the one. also how long do refunds usually take", "en", "5 to 10", true},
		{"yes correct, and btw whats your return window?", "en", "30 days", false},
		{"ok yes go ahead. plus how many days do i have to send something back", "en", "30 days", false},
		{"sí, perfecto. y cuánto tarda un reembolso?", "es", "5 to 10", false},
		{"ja passt. und wie lange habe ich Zeit für eine Rückgabe?", "de", "30 days", false},
	}
	for i, p := range yes {
		o := pending[i%len(pending)]
		a := newAddresses[i%len(newAddresses)]
		g.add(file, Scenario{Kind: "multi13_yes_plus_question", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{"please change my shipping address to " + a.line, p.text},
			Expect: Expect{Tools: []string{"change_address"}, Handover: no(),
				Writes:  []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}},
				Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// A question while the change waits: answered, the yes after it
	// writes the change.
	wait := []phrase{
		{"wait before that, whats the return window?", "en", "30 days", false},
		{"hold on - how long do refunds take to show?", "en", "5 to 10", false},
		{"one sec, how long do i have for retuns?", "en", "30 days", true},
		{"hmm before i say yes, when do refunds usually show up?", "en", "5 to 10", false},
		{"espera, ¿cuánto tiempo tengo para devolver algo?", "es", "30 days", false},
	}
	for i, p := range wait {
		o := pending[(i+len(yes))%len(pending)]
		a := newAddresses[(i+1)%len(newAddresses)]
		g.add(file, Scenario{Kind: "multi13_question_waits", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns: []string{"please change my shipping address to " + a.line, p.text, "ok yes"},
			Expect: Expect{Tools: []string{"change_address"}, Handover: no(),
				Writes:  []Write{{Type: "address_change", Order: name(o), Address: g.newAddress(o, a)}},
				Answers: []Answer{{Turn: 2, Mention: []string{p.fact}}}}})
	}

	// A yes whose other part changes the address: nothing written.
	other := []phrase{
		{"yes but to my office instead", "en", "", false},
		{"ok yes, but send it to my sisters place instead", "en", "", false},
		{"yea but only if its the other adress", "en", "", true},
		{"ja, aber bitte an meine Büroadresse", "de", "", false},
		{"yes but ship it to my parents house instead", "en", "", false},
	}
	for i, p := range other {
		o := pending[(i+2)%len(pending)]
		a := newAddresses[(i+2)%len(newAddresses)]
		g.add(file, Scenario{Kind: "multi13_yes_changes_it", Lang: p.lang, Start: verifiedStart(g, o), Tags: withTag(typoTag(p.typo), "consent"),
			Turns:  []string{"please change my shipping address to " + a.line, p.text},
			Expect: Expect{Tools: []string{"change_address"}, Handover: no(), Writes: []Write{}}})
	}
}
