package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Changes of mind right after a proposal (issue 18, the fresh7b trial):
// the change given up ("wait, no, dont cancel it", "forget the return,
// ill keep them") proposes nothing again; another resolution for what was
// stated ("no wait, refund to my card instead", "forget the swap, just
// refund me", "i'd rather exchange them for charcoal") is stated for the
// same lines; a line turned down, added or kept back ("the mugs, not the
// kit", "and the kit too", "actually keep one") changes only the lines.
// Code has declined or lapsed the proposal the message answered; the new
// one needs its own yes.

// retractRe gives a change up: "forget the return", "never mind",
// "don't cancel it", "leave it as is", "I'll keep them", in English,
// Spanish, German and French.
var retractRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:forget (?:about )?(?:it|that|this|(?:the|my) \p{L}+)|never ?mind|scratch that|(?:don'?t|do not) (?:do|cancel|return|send|exchange|swap|change|refund|replace|bother|go ahead|proceed)\p{L}*(?: (?:it|that|them|anything|(?:the|my) \p{L}+))?|leave it(?: as it is| as is| be)?|i'?ll keep (?:it|them|(?:the|my) \p{L}+)|i(?:'m| am|m) (?:keeping|gonna keep|going to keep) (?:it|them|(?:the|my) \p{L}+)|keep (?:it|them) after all|olv[ií]dalo|d[ée]jalo|no importa|vergiss (?:es|das)|doch nicht|lass (?:es|das) sein|laisse tomber|oubliez?(?: ça| ca)?)(?:[^\p{L}]|$)`)

// wasMeantRe is a change once meant: "I was going to", "was gonna",
// "I wanted to", "iba a", "ich wollte", "je voulais".
var wasMeantRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:was|were) (?:going to|gonna|about to|planning to|planning on|thinking of|thinking about|meaning to)|wanted to|thought about|considered|iba a|quer[ií]a|ich wollte|je voulais|j'allais)(?:[^\p{L}]|$)`)

// keptSaidRe is what the customer keeps: "I'll keep the jigsaw puzzle",
// "keeping them".
var keptSaidRe = regexp.MustCompile(`(?i)\bkeep(?:ing)?\s+(?:the|my|it|them|those|these)\b[^,.;!?]*`)

// mindFillerRe are the words around a change of mind that ask for nothing:
// "wait", "no", "actually", "it's fine", "on second thought".
var mindFillerRe = regexp.MustCompile(`(?i)\b(?:wait|no+|nope|nah|actually|hmm+|um+|sorry|ok(?:ay)?|oh|so|but|and|just|please|pls|thanks?|thank you|after all|its fine|it'?s fine|all good|on second thoughts?|i changed my mind|changed my mind|change of plan|then|instead|the|it|that)\b`)

// answeredProposal is the proposal the message answered without
// confirming it (declined or lapsed), when it still stands to be changed.
func (t *turn) answeredProposal() *agent.StateAnswer {
	st := t.req.State
	if st == nil || st.Answered == nil || st.Answered.Expired || st.Answered.Reoffered {
		return nil
	}
	if a := st.Answered; a.Status == "declined" || a.Status == "lapsed" {
		return a
	}
	return nil
}

// asksSomething reports whether s (what a message says beside a change of
// mind) asks for a write or a lookup of its own.
func (t *turn) asksSomething(s string) bool {
	rest := strings.TrimSpace(mindFillerRe.ReplaceAllString(strings.ToLower(s), " "))
	if len(wordRe.FindAllString(rest, -1)) == 0 {
		return false
	}
	if resolutionTool(rest) != "" || agent.WantsCredit(rest) || fewerSaid(s) > 0 || moreRe.MatchString(s) || newAddress(s) != nil ||
		len(namedItems(t.orderLines(t.currentOrder()), rest)) > 0 {
		return true
	}
	switch classify(normalise(rest)) {
	case intentNone, intentThanks:
		return false
	}
	return true
}

// changeOfMind is the reply or tool call for a change of mind about the
// proposal the message answered, or about a change the customer once
// meant (n is the turn's tool calls so far).
func (t *turn) changeOfMind(n int) (agent.Message, bool) {
	if n > 0 || t.confirmed != nil {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	a := t.answeredProposal()
	if loc := retractRe.FindStringIndex(low); loc != nil {
		rest := low
		meant := a == nil && wasMeantRe.MatchString(low[:loc[0]])
		if meant {
			// "I was going to send it back but never mind": what was
			// meant is given up; only what follows can ask anew.
			rest = low[loc[1]:]
		}
		// Without the words giving it up, nor what is kept.
		rest = retractRe.ReplaceAllString(keptSaidRe.ReplaceAllString(rest, " "), " ")
		switch {
		case t.asksSomething(rest):
			if a != nil {
				// "forget the swap, just refund me": the rest asks; a
				// change of lines ("no, just one, I'll keep the other")
				// is the correction's (answered.go).
				if m, ok := t.otherResolution(n, a, rest); ok {
					return m, true
				}
				return t.otherLines(n, a, rest)
			}
		case a != nil:
			return say("No problem, I won't go ahead with it. Is there anything else I can help with?"), true
		case meant:
			return say("Glad to hear it! I haven't started anything, so there's nothing to undo. If you change your mind again, just tell me."), true
		}
		return agent.Message{}, false
	}
	if a == nil {
		return agent.Message{}, false
	}
	if m, ok := t.otherResolution(n, a, low); ok {
		return m, true
	}
	return t.otherLines(n, a, low)
}

// otherResolution states the answered proposal's lines with the
// resolution the message asks for instead: a refund rather than store
// credit, a return rather than an exchange, an exchange rather than a
// return, a refund rather than a replacement.
func (t *turn) otherResolution(n int, a *agent.StateAnswer, text string) (agent.Message, bool) {
	stated := statedItems(a.Items)
	if len(stated) == 0 || len(namedItems(t.orderLines(t.currentOrder()), dropNegated(text))) > 0 && !referentOnlyRe.MatchString(text) {
		return agent.Message{}, false // other lines named: another request
	}
	credit := agent.WantsCredit(text)
	refund, _ := saidOption(text, "refund", "money back", "to my card", "original payment", "reembolso", "erstattung", "geld zurück", "rembourse")
	swap := resolutionTool(text) == toolname.ExchangeItem
	args := map[string]any{}
	if name := t.currentOrder(); name != "" {
		args["order_number"] = name
	}
	switch {
	case a.Tool == toolname.StartReturn && swap && len(stated) == 1:
		want := wanted(text)
		if want == "" {
			return agent.Message{}, false
		}
		args["item"], args["want"] = stated[0], want
		return toolCall(n, toolname.ExchangeItem, args), true
	case a.Tool == toolname.StartReturn && refund && !credit && a.Resolution == "store_credit",
		a.Tool == toolname.ExchangeItem && (refund || credit) && !swap:
		args["items"] = stated
		args["resolution"] = "refund"
		if credit {
			args["resolution"] = "store_credit"
		}
		if a.Reason != "" && a.Reason != "UNKNOWN" {
			args["reason"] = a.Reason
		}
		return toolCall(n, toolname.StartReturn, args), true
	case a.Tool == toolname.ReportDamage:
		c := damageChoice(text)
		if c == "" || c == a.Resolution {
			return agent.Message{}, false
		}
		args["items"], args["resolution"], args["problem"] = stated, c, "damaged"
		switch a.Reason {
		case "WRONG_ITEM":
			args["problem"] = "wrong_item"
		case "OTHER": // a unit that never came
			args["problem"] = "missing"
		}
		return toolCall(n, toolname.ReportDamage, args), true
	}
	return agent.Message{}, false
}

// referentOnlyRe speaks of what was stated without naming a line:
// "them", "it", "those".
var referentOnlyRe = regexp.MustCompile(`(?i)\b(?:them|it|those|these)\b`)

// negatedRe is a line turned down: "not the kit", "instead of the kit",
// "rather than the kit".
var negatedRe = regexp.MustCompile(`(?i)\b(?:not|instead of|rather than|but not)\s+(?:the\s+|my\s+)?[^,.;!?]+`)

// dropNegated is text without the lines it turns down.
func dropNegated(text string) string {
	return negatedRe.ReplaceAllString(text, " ")
}

var (
	// keepSomeRe keeps back units of what was stated: "keep one", "I'll
	// keep 1 of them".
	keepSomeRe = regexp.MustCompile(`(?i)\bkeep(?:ing)?\s+(one|1|a|an)\b`)
	// addedRe adds to what was stated: "and the kit too", "the kit as
	// well", "also the kit".
	addedRe = regexp.MustCompile(`(?i)\b(?:too|as ?well|also|plus)\b|^\s*and\b`)
)

// otherLines states the answered return again with the lines the message
// changes: a line turned down taken out, units kept back, a line added.
func (t *turn) otherLines(n int, a *agent.StateAnswer, text string) (agent.Message, bool) {
	if a.Tool != toolname.StartReturn {
		return agent.Message{}, false
	}
	lines := t.orderLines(t.currentOrder())
	stated := statedItems(a.Items)
	var items []map[string]any
	switch {
	case negatedRe.MatchString(text) && len(namedItems(lines, negatedRe.FindString(text))) > 0:
		items = namedItems(lines, dropNegated(text))
	case fewerSaid(text) > 0 && len(namedItems(lines, text)) == 0:
		items = fewerOfStated(a.Items, fewerSaid(text)) // "no, just one"
	case keepSomeRe.MatchString(text) && len(stated) == 1:
		q, _ := stated[0]["quantity"].(int)
		if q < 2 {
			return agent.Message{}, false
		}
		items = []map[string]any{{"title": stated[0]["title"], "quantity": q - 1}}
	case addedRe.MatchString(text) && len(stated) > 0:
		added := namedItems(lines, text)
		if len(added) == 0 {
			return agent.Message{}, false
		}
		items = append(stated, added...)
	}
	if len(items) == 0 {
		return agent.Message{}, false
	}
	args := map[string]any{"items": items}
	if name := t.currentOrder(); name != "" {
		args["order_number"] = name
	}
	if a.Reason != "" && a.Reason != "UNKNOWN" {
		args["reason"] = a.Reason
	}
	if a.Resolution != "" {
		args["resolution"] = a.Resolution
	}
	return toolCall(n, toolname.StartReturn, args), true
}
