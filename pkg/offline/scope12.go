package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Scope of a write the customer asks for (issue 18, scope12): what the
// write is about exactly. Each reading here is narrow on purpose: an
// earlier, broader hook (scope11's addressUnit and mindReturn) took
// messages from the hooks that own them.
//
//   - A unit added to an address ("oh and it's apt 5B", "sorry, its unit
//     12"): the address just stated with that unit as its second line, or,
//     with none stated, the order's own address with it; nothing else
//     changes.
//   - A change of mind about named items, with a return asked for in so
//     many words ("no longer need the X, i want to return it"): a return
//     of those lines with a change-of-mind reason, on a delivered order.
//   - A yes that asks for another refund figure ("yes, but make it
//     $120"): code stated the proposal again (agent.AsksOtherAmount); the
//     reply says what can be refunded.

// scope12 is this file's hook in plan.
func (t *turn) scope12(n int) (agent.Message, bool) {
	if m, ok := t.otherAmount(n); ok {
		return m, true
	}
	if m, ok := t.unitAdded(n); ok {
		return m, true
	}
	return t.mindReturn12(n)
}

// s12unitRe is a unit said on its own: a kind, an optional "number" or
// "no.", an optional "is"/"it's", and its value ("apt 5B", "flat number,
// it's 3", "suite #210"); a floor ("4th floor", "floor 3"); or "#402".
var s12unitRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}\d#])(?:` +
	`(apt|apartment|appt|unit|suite|ste|flat|room|floor)\.?(?:\s*(?:number|no\.?|nr\.?|num|#))?\s*[:,]?\s*(?:(?:is|it's|its|it’s|=)\s+)?#?\s*(\d{1,5}[a-z]?|[a-z]\d{0,4})` +
	`|(\d{1,3}(?:st|nd|rd|th)\s+floor)` +
	`|#\s?(\d{1,5}[a-z]?))(?:[^\p{L}\d]|$)`)

// s12kindRe is a unit's kind named on its own.
var s12kindRe = regexp.MustCompile(`(?i)\b(?:apt|apartment|appt|unit|suite|ste|flat|room|floor)\b`)

// s12kinds are the words a second line starts with, by the word the
// customer used.
var s12kinds = map[string]string{"apt": "Apt", "apartment": "Apt", "appt": "Apt", "unit": "Unit", "suite": "Suite", "ste": "Suite",
	"flat": "Flat", "room": "Room", "floor": "Floor"}

// s12unit is the one unit text names as a second address line ("Apt 5B",
// "4th floor", "#402") and text without it; "" when it names none or
// several.
func s12unit(text string) (unit, rest string) {
	all := s12unitRe.FindAllStringSubmatchIndex(text, -1)
	if len(all) != 1 {
		return "", text
	}
	m := all[0]
	sub := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return text[m[2*i]:m[2*i+1]]
	}
	switch v := strings.ToLower(sub(2)); {
	case v == "i" || v == "a":
		return "", text // "the unit i ordered", "a flat a week"
	case sub(1) != "":
		unit = s12kinds[strings.ToLower(sub(1))] + " " + strings.ToUpper(sub(2))
	case sub(3) != "":
		unit = strings.ToLower(sub(3))
	default:
		unit = "#" + strings.ToUpper(sub(4))
		if k := s12kindRe.FindString(text); k != "" {
			// "put #5 as the apartment": the kind is named apart.
			unit = s12kinds[strings.ToLower(k)] + " " + strings.ToUpper(sub(4))
		}
	}
	return unit, text[:m[0]] + " " + text[m[1]:]
}

// s12fillers are the words that may come with a unit in a message that
// only adds it: greetings, apologies, "forgot", "add it", "btw".
var s12fillers = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`oh ah and wait it's its it it’s is btw by the way sorry oops also actually ok okay good great cool thanks
		thank you thx hey hi hello so i i'm im my me to a an please pls plz number no too as well just forgot forget forgto forgotten
		say said mention mentioned add added put include included missing left out live living in on at of for that this there here
		one more thing we we're our be should was also address adress addy delivery shipping street line order the with
		courier driver won't wont won find otherwise not will can you could u
		s t m re ll d ve apt apartment unit suite flat floor`) {
		s12fillers[w] = true
	}
}

// s12onlyUnit reports whether rest, a message without its unit, says
// nothing but the unit's filler (wordRe's words: "it's" is "it" and "s").
func s12onlyUnit(rest string) bool {
	for _, w := range wordRe.FindAllString(strings.ToLower(rest), -1) {
		if !s12fillers[w] {
			return false
		}
	}
	return true
}

// unitAdded proposes the address with a unit added as its second line:
// the address change just stated, else the order's own address.
func (t *turn) unitAdded(n int) (agent.Message, bool) {
	if n > 0 || !t.verified || t.confirmed != nil || len(t.text) > 120 || newAddress(t.text) != nil ||
		!offers(t.req, toolname.ChangeAddress) {
		return agent.Message{}, false
	}
	unit, rest := s12unit(t.text)
	if unit == "" || !s12onlyUnit(rest) {
		return agent.Message{}, false
	}
	args := map[string]any{}
	if name := t.currentOrder(); name != "" {
		args["order_number"] = name
	}
	st := t.req.State
	if st != nil && st.Answered != nil && st.Answered.Tool == toolname.ChangeAddress && st.Answered.Status != "confirmed" ||
		strings.Contains(t.lastBot, "change the shipping address") {
		base := statedAddress(t.lastBot)
		if base == nil {
			return agent.Message{}, false
		}
		for k, v := range base {
			args[k] = v
		}
		a1, _ := args["address1"].(string)
		args["address1"], args["address2"] = agent.WithoutUnit(a1), unit
		return toolCall(n, toolname.ChangeAddress, args), true
	}
	args["partial"], args["address2"] = true, unit
	return toolCall(n, toolname.ChangeAddress, args), true
}

// s12returnRe asks for a return in so many words: "return it", "send
// them back", "devolver", "zurückgeben", "retourner"; or for what a return
// gives ("i want store credit for it", "my money back").
var s12returnRe = regexp.MustCompile(`(?i)\b(?:return|(?:store credit|a refund|refund|my money back) for (?:it|them|the \p{L}+(?: \p{L}+)?)|send (?:it|them|this|these|those|the \p{L}+(?: \p{L}+)?) back|ship (?:it|them) back|devolver|devolverl[oa]s?|zurückgeben|zurückschicken|zurücksenden|retourner|renvoyer)\b`)

// s12mindRe is a change of mind in words mindRe does not know: "second
// thoughts", "not for me after all".
var s12mindRe = regexp.MustCompile(`(?i)\b(?:second thoughts|not for me after all|don'?t want (?:it|them|the \p{L}+(?: \p{L}+)?) after all)\b`)

// s12givenUpRe gives a return up rather than asks for it: "i was going
// to return the mugs", "I no longer want to return the kit", "iba a
// devolver", "ich wollte … zurückschicken", "je voulais retourner".
var s12givenUpRe = regexp.MustCompile(`(?i)(?:\b(?:going to|gonna|about to|wanted to|planned to|meant to|thought about|decided not to|never ?mind)|` +
	`\bnot (?:going to|gonna|planning to|returning|sending)|\b(?:don'?t|dont|do not|no longer|not) (?:want|need|wish|plan|intend) to|` +
	`\biba a|\bquer[ií]a|\bwollte\p{L}*|\bje voulais|\bj'allais|\bme (?:lo|la|los|las) quedo)\b`)

// s12mindAfterRe is a change of mind after a "but": with a return said
// before it, the return is what was given up ("i was going to return
// them but changed my mind").
var s12mindAfterRe = regexp.MustCompile(`(?i)\b(?:but|pero|aber|mais)\b.{0,25}(?:changed my mind|chnaged my mind|cambi[eé] de opini[oó]n|anders überlegt|chang[ée] d'avis)`)

// mindReturn12 proposes the return of the items a message names, with a
// change of mind as its reason, when it asks for the return in so many
// words on a delivered order, with no "if" or "once" about later.
func (t *turn) mindReturn12(n int) (agent.Message, bool) {
	if n > 0 || !t.verified || t.confirmed != nil || !offers(t.req, toolname.StartReturn) ||
		!s12returnRe.MatchString(t.text) || keepOrCancelRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	if s12givenUpRe.MatchString(low) {
		return agent.Message{}, false
	}
	if loc := s12mindAfterRe.FindStringIndex(low); loc != nil && s12returnRe.FindStringIndex(low)[0] < loc[0] {
		return agent.Message{}, false
	}
	if !changedMind(t.text) && !(s12mindRe.MatchString(low) && !damageRe.MatchString(low)) ||
		whatIfRe.MatchString(strings.ToLower(normalise(t.text))) {
		return agent.Message{}, false
	}
	name := t.currentOrder()
	if t.order != "" && t.order != name {
		return agent.Message{}, false
	}
	text := dropNegated(t.text)
	items := namedItems(t.orderLines(name), text)
	if len(items) == 0 || t.stageOf(name) != "delivered, return window open" && len(namedItems(t.deliveredLines(), text)) != len(items) {
		return agent.Message{}, false
	}
	args := map[string]any{"order_number": name, "items": items, "reason": "UNWANTED"}
	if agent.WantsCredit(normalise(t.text)) || agent.WantsCredit(t.text) {
		args["resolution"] = "store_credit"
	}
	return toolCall(n, toolname.StartReturn, args), true
}

// otherAmount answers a yes that asked for another figure than the one
// stated (agent.AsksOtherAmount): nothing was done; the figure stated is
// what can be refunded. Code adds the statement again.
func (t *turn) otherAmount(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || st == nil || st.Answered == nil || st.Answered.AskedAmount == "" || !st.Answered.Reoffered || st.Answered.Amount == "" {
		return agent.Message{}, false
	}
	return say("I haven't done anything yet. I can't make it %s: what I can refund for this is %s, what the items come to. Here it is again:",
		st.Answered.AskedAmount, st.Answered.Amount), true
}

// deliveredLines are the lines of the current order's parcels that were
// delivered, from the State's given facts: what a partly delivered order
// can send back.
func (t *turn) deliveredLines() []string {
	var out []string
	for _, p := range givenParcels(t.req.State) {
		if p["stage"] != "delivered" {
			continue
		}
		var items []string
		switch is := p["items"].(type) {
		case []string:
			items = is
		case []any:
			for _, it := range is {
				if s, ok := it.(string); ok {
					items = append(items, s)
				}
			}
		}
		for _, it := range items {
			if _, after, ok := strings.Cut(it, " × "); ok {
				it = after
			}
			out = append(out, strings.TrimSpace(it))
		}
	}
	return out
}
