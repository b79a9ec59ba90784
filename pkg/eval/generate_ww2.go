package eval

// notRequest are messages of issue 18's no-context trial (held out in
// pkg/offline/ww2_test.go) that speak of a write without asking for one:
// a return given up, a return denied, someone else's damaged item. The
// shop is left untouched; the denied return hears the policy, the damage
// the guides' answer. Each intent five ways or more, with a typo.
func (g *gen) notRequest() {
	const file = "not_request.json"
	for _, c := range []struct {
		say, kind, lang string
		facts           []string
		typo            bool
	}{
		{"I was going to return the mugs but changed my mind, they're growing on me :)", "given_up", "", nil, false},
		{"i decided not to send back the coffee kit after all", "given_up", "", nil, false},
		{"never mind about returning it, I'll keep it", "given_up", "", nil, false},
		{"I no longer want to return the candle", "given_up", "", nil, false},
		{"was gonna retrun the throw but chnaged my mind", "given_up", "", nil, true},
		{"iba a devolver las tazas pero cambié de opinión", "given_up", "es", nil, false},
		{"im not returning anything, just curious how returns work in general", "denied_return", "", []string{"30 days|30-day"}, false},
		{"I don't want to return anything, how do returns work?", "denied_return", "", []string{"30 days|30-day"}, false},
		{"im not retruning anythng, how do retuns work", "denied_return", "", []string{"30 days|30-day"}, true},
		{"I do not want a refund, just tell me the return policy", "denied_return", "", []string{"30 days|30-day"}, false},
		{"no quiero devolver nada, solo quiero saber cómo funcionan las devoluciones", "denied_return", "es", []string{"30 days|30-day"}, false},
		{"my friend said her mug from you arrived broken, does that happen a lot?", "others_damage", "", []string{"replacement"}, false},
		{"my sister's mug came cracked, is that common?", "others_damage", "", []string{"replacement"}, false},
		{"my freind got a mug from u that was brokn, does that hapen often", "others_damage", "", []string{"replacement"}, true},
		{"my neighbour's order arrived damaged, what do you do in that case?", "others_damage", "", []string{"replacement"}, false},
		{"a coworker told me his candle from you arrived broken, do you cover that?", "others_damage", "", []string{"replacement"}, false},
	} {
		g.add(file, Scenario{Kind: c.kind, Lang: c.lang, Tags: typoTag(c.typo), Turns: []string{c.say},
			Expect: Expect{Handover: no(), Mention: c.facts}})
	}
}
