package eval

import (
	"fmt"
	"slices"
	"strings"
)

// retrials are what a no-context re-trial of the offline model on make
// dev found it missed (issue 18), each phrased at least five ways with
// typos among them: a parcel the tracking says arrived that the customer
// cannot find, store credit asked for a missing parcel, a carrier question
// with an address change, a docs follow-up about another thing, a
// question whether the shop sells gift cards, a wrong colour the order
// does not hold, and a request answered on an order whose check-in is
// open. It runs after every other part, so the orders it takes change no
// other file's; orders it picks may be another file's too (each scenario
// runs on a stack of its own).
func (g *gen) retrials() {
	const file = "retrials.json"
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 }

	// Marked delivered, not there: the not-received path (past the wait,
	// the delivery policy acts), not a return or the tracking alone.
	for i, ask := range []string{
		"says arrived but i cant find it",
		"the tracking shows it arrived but it's nowhere to be found",
		"apparently it was deliverd?? i cant find it anywhere",
		"it says it came but there's nothing on my porch",
		"supposedly it arrived but I don't have it",
		"marked as arived but i never got anything",
	} {
		o := g.pick("delivered", i+1, inWindow)[i]
		g.add(file, Scenario{Kind: "not_received", Start: verifiedStart(g, o), Tags: typoTag(i == 2 || i == 5),
			Turns: []string{ask}, Expect: Expect{Tools: []string{"report_not_received"}}})
	}

	// Store credit asked for the missing parcel, the item named or not:
	// the not-received path's policy decides (here a person, who answers
	// within 4 hours), and the reply to the ask says so; no return is
	// started and no credit issued by a return on the side.
	missing := []string{
		"tracking says delivered but it's not here",
		"it says delivered but I never got it",
		"my parcel was marked delivered, there's nothing here",
		"delivered apparently, but no box at my door",
		"the app shows it arrived but i cant find it",
	}
	credit := []string{
		"can I have store credit instead",
		"could I just get store credit for the %s instead?",
		"can i get a gift card for it insted",
		"i'd prefer credit for the %s",
		"just give me store credt for the %s",
	}
	for i, o := range g.pick("delivered", len(credit), inWindow) {
		ask := credit[i]
		if strings.Contains(ask, "%s") {
			ask = fmt.Sprintf(ask, strings.ToLower(o.Items[0].Name))
		}
		g.add(file, Scenario{Kind: "not_received_credit", Start: verifiedStart(g, o), Tags: withTag(typoTag(i == 2 || i == 4), "follow_up"),
			Turns:  []string{missing[i], ask, "yes"},
			Expect: Expect{Tools: []string{"report_not_received"}, Answers: []Answer{{Turn: 2, Mention: []string{"4 hours"}}}}})
	}

	// A carrier question and an address change in one message: both
	// answered (the carrier from the tools; the address change, not
	// offered once shipped, refused: nothing is written).
	carrier := []string{
		"which carrier is it with, and can I change the address to %s",
		"who is delivering it? also can it go to %s instead",
		"what courier are you using, and could you ship it to %s",
		"wich carrier has it? and pls change the adress to %s",
		"which shipping company is it with and please send it to %s",
	}
	for i, o := range g.pick("processed", len(carrier), func(tbOrder) bool { return true }) {
		a := newAddresses[i%len(newAddresses)]
		g.add(file, Scenario{Kind: "multi_question", Start: verifiedStart(g, o), Tags: withTag(typoTag(i == 3), "multi_question"),
			Turns: []string{fmt.Sprintf(carrier[i], a.line)},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(),
				Answers: []Answer{{Turn: 1, Report: []string{"carrier"}}}}})
	}

	// A docs follow-up about another thing: the thing the message names,
	// asked what the question before asked.
	for i, q := range []struct{ first, then, fact string }{
		{"how do I clean the mug?", "and how about the skillet?", "hot water|stiff brush|scraper"},
		{"how do I clean the skillet?", "what about the serving board?", "hand wash|warm|soapy"},
		{"how should I wash the linen throw?", "and the mug?", "dishwasher|baking soda"},
		{"how do i clean the serving bord?", "what about the coffee kit?", "top rack|vinegar"},
		{"how do I look after the board?", "and for the skilet?", "oil|season"},
	} {
		g.add(file, Scenario{Kind: "follow_up", Tags: withTag(typoTag(i == 3 || i == 4), "follow_up"), Turns: []string{q.first, q.then},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Answers: []Answer{{Turn: 2, Mention: []string{q.fact}}}}})
	}

	// Whether the shop sells gift cards: the guides do not say, and the
	// gift-wrap passage is no answer.
	for i, ask := range []string{"do you sell gift cards", "can I buy a gift card?", "do u have giftcards", "do you sell e-gift cards for birthdays?", "can i purchase a gift card for my mum"} {
		g.add(file, Scenario{Kind: "docs_policy", Tags: typoTag(i == 2), Turns: []string{ask},
			Expect: Expect{Tools: []string{"search_docs"}, Secrets: []string{"$5", "gift wrap"}}})
	}

	// A wrong colour the order does not hold: an exchange to the colour
	// named, which the tool prices and stocks; never a replacement of the
	// colour the order has.
	wrong := []string{
		"I got the wrong colour %s, I ordered %s",
		"the %s came in the wrong color, it should have been %s",
		"wrong colour %s arrived, i wanted %s",
		"my %s is the wrong colur, I ordered %s",
		"the %s is the wrong color? i picked %s",
	}
	for n, c := range g.colourLines(0, len(wrong)) {
		g.add(file, Scenario{Kind: "exchange_wrong_colour", Start: verifiedStart(g, c.order), Tags: typoTag(n == 3),
			Turns:  []string{fmt.Sprintf(wrong[n], strings.ToLower(c.item.Name), c.other), "yes"},
			Expect: Expect{Tools: []string{"exchange_item"}}})
	}

	// A request on an order whose check-in is open (delivered three days
	// ago): the request wins over the check-in's answer, so no handover.
	fresh := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) == 3 }
	checkin := []struct{ ask, tool string }{
		{"I'd like to return the %s", "start_return"},
		{"i want to retrun the %s, it's not what i expected", "start_return"},
		{"can I send the %s back please", "start_return"},
		{"love it but could I exchange the %s for a different colour", "exchange_item"},
		{"the %s arrived damaged, can i get a refnd", "report_damage"},
		{"the %s came cracked", "report_damage"},
	}
	for i, o := range g.pick("delivered", len(checkin), fresh) {
		j := 0
		for k := len(o.Items) - 1; k >= 0; k-- {
			if o.Items[k].Price <= 100 {
				j = k
			}
		}
		it := o.Items[j]
		g.add(file, Scenario{Kind: "check_in_request", Start: verifiedStart(g, o), Tags: typoTag(i == 1 || i == 4),
			Turns:  []string{fmt.Sprintf(checkin[i].ask, strings.ToLower(it.Name))},
			Expect: Expect{Tools: []string{checkin[i].tool}, Handover: no()}})
	}
}

// typoTag tags a phrasing with a typo in it.
func typoTag(typo bool) []string {
	if typo {
		return []string{"typo"}
	}
	return nil
}

// colourLine is a delivered order's first line with a colour, and a
// colour it is not.
type colourLine struct {
	order tbOrder
	item  tbItem
	other string
}

// colourLines are the first colour lines of delivered orders still in
// their return window, after skipping the first skip of them, at most n.
func (g *gen) colourLines(skip, n int) []colourLine {
	var out []colourLine
	for _, o := range g.byStatus["delivered"] {
		if len(out) == n {
			break
		}
		if DeliveredDaysAgo(o.OrderID) > 25 {
			continue
		}
		idx := slices.IndexFunc(o.Items, func(it tbItem) bool { return it.Options["color"] != "" })
		if idx < 0 {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		it := o.Items[idx]
		other := "purple"
		if it.Options["color"] == other {
			other = "orange"
		}
		out = append(out, colourLine{order: o, item: it, other: other})
	}
	return out
}
