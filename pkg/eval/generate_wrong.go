package eval

import (
	"fmt"
	"strings"
)

// wrongVariant: what came is not what the order holds, said in many ways
// ("I ordered blue X but got purple ones"): report_damage, which asks
// what to do about it (replacement, refund, credit); nothing runs before
// a yes and no return is started. The colour the order holds is the one
// named as ordered, so it is no exchange to another.
func (g *gen) wrongVariant() {
	const file = "wrong_item.json"
	asks := []string{
		"I ordered %[1]s %[2]s but you sent me %[3]s ones",
		"i ordred the %[1]s %[2]s but got a %[3]s one",
		"the %[2]s that came is %[3]s, i paid for %[1]s",
		"got a %[3]s %[2]s instead of the %[1]s one",
		"this isn't the %[2]s I ordered, mine was supposed to be %[1]s not %[3]s",
		"you guys mixed it up, the %[2]s is %[3]s and my order says %[1]s",
		"Pedí el %[2]s en %[1]s pero me llegó en %[3]s",
		"Ich habe %[2]s in %[1]s bestellt, aber in %[3]s bekommen",
	}
	langs := []string{"en", "en", "en", "en", "en", "en", "es", "de"}
	// The first five such lines are retrials.json's wrong colours.
	for n, c := range g.colourLines(5, len(asks)) {
		g.add(file, Scenario{Kind: "wrong_item_received", Lang: langs[n], Start: verifiedStart(g, c.order), Tags: typoTag(n == 1),
			Turns:  []string{fmt.Sprintf(asks[n], c.item.Options["color"], strings.ToLower(c.item.Name), c.other)},
			Expect: Expect{Tools: []string{"report_damage"}}})
	}
}

// lateConditional: a refund or replacement asked on the condition that a
// late parcel still does not come ("if it's not here by friday I want a
// refund"): the follow-up promise's own question, so follow_up states the
// promise policy allows and a yes makes it.
func (g *gen) lateConditional() {
	const file = "wrong_item.json"
	asks := []string{
		"if it doesnt come by then can i just get my money back",
		"if it's not here by friday i want a refund",
		"if it still hasn't turned up by the weekend, could you send a replacement?",
		"if it dosnt arrive by monday can i get a refnd",
		"in case it never arrives, will you send me a new one?",
	}
	for i, o := range g.pick("processed", len(asks), func(tbOrder) bool { return true }) {
		g.add(file, Scenario{Kind: "late_conditional", Start: verifiedStart(g, o), Tags: typoTag(i == 0 || i == 3),
			Turns:  []string{asks[i], "yes"},
			Expect: Expect{Tools: []string{"follow_up"}, Done: []string{"follow_up"}, Handover: no()}})
	}
}
