package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Reason after damage (issue 18, reason14): once a damage report was made
// in the conversation, or one unit of a line was made good already, a
// later plain return is still a plain return. Its item is the one the
// customer names ("the other mug", "the one that isn't broken", "one of
// the two"), one unit of it; its reason is what this message gives ("we
// only need one", "unwanted": not a defect); "it's not defective" corrects
// the reason of the return just stated, never starts a damage report; and
// store credit asked for is the resolution.

// r14NotDamagedRe says an item is not damaged: "its not defective", "the
// one that isnt broken", "none of them are damaged", "no está rota",
// "nicht kaputt", "n'est pas cassée". Blanked out, what is left says what
// the customer wants.
var r14NotDamagedRe = regexp.MustCompile(`(?i)(?:\b(?:not|isn'?t|isnt|aren'?t|arent|wasn'?t|wasnt|weren'?t|werent|never|none of (?:them|the \p{L}+|these|those) (?:are|is|were|was|arrived|came))\s+(?:\p{L}+\s+)?` +
	`(?:defe?c?ti?ve?|defectve|broken|broke|damaged?|damged|cracked|chipped|faulty|wrong with (?:it|them))\b` +
	`|\bnothing wrong with (?:it|them|the \p{L}+)\b|\bnothing(?:'s| is| was)? (?:broken|damaged|defective|cracked)\b` +
	`|\bno (?:est[aá]n?|es|son)\s+(?:rot[oa]s?|da[ñn]ad[oa]s?|defectuos[oa]s?)` +
	`|\b(?:nicht|kein(?:e|en)?)\s+(?:kaputt|besch[äa]digt|defekt)` +
	`|\bpas\s+(?:cass[ée]e?s?|ab[îi]m[ée]e?s?|d[ée]fectueu(?:x|se)s?))`)

// r14PlainRe is a plain reason in words mindRe does not know: "we only
// need one", "dont need 2", "unwanted", "no la quiero", "ich will sie
// nicht", "je n'en veux plus".
var r14PlainRe = regexp.MustCompile(`(?i)(?:\bonly need (?:one|1)\b|\b(?:don'?t|dont|do not) (?:really |realy )?(?:need|want) (?:2|two|both|it|them|one|the other)\b|\bjust (?:don'?t|dont|do not) want\b|\bunwanted\b|` +
	`\bno (?:lo|la|los|las) (?:quiero|necesito)\b|\bbrauche (?:sie|ihn|es|die) nicht mehr\b|\bwill (?:sie|ihn|es|die) (?:einfach )?nicht\b|\bn'en veux plus\b|\bne (?:la|le|les) veux plus\b)`)

// r14ReturnRe asks for a return, beyond s12returnRe: "one of the two mugs
// back", a misspelt return ("retrun").
var r14ReturnRe = regexp.MustCompile(`(?i)\b(?:retrun|retun|reutrn|return\p{L}*|\p{L}+ back (?:pls|please|plz)|back pls)\b`)

// r14SwapRe asks for another option instead, not a return.
var r14SwapRe = regexp.MustCompile(`(?i)\b(?:swap|exchange|switch|change it|tauschen|umtauschen|cambiar|échanger|echanger)\b`)

// r14OneUnitRe speaks of one unit of a line of several.
var r14OneUnitRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:one|1|other|second|2nd|single|only one|just one|una?|otr[oa]|eine[nrs]?|andere[nrs]?|zweite[nrs]?|une?|l'autre|autre)(?:[^\p{L}]|$)`)

// reason14 states a plain return after a damage report, or the return
// just stated again with the reason the customer corrects it to.
func (t *turn) reason14(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || !t.verified || st == nil || t.confirmed != nil || !offers(t.req, toolname.StartReturn) {
		return agent.Message{}, false
	}
	norm := normalise(t.text)
	notDamaged := r14NotDamagedRe.MatchString(t.text) || r14NotDamagedRe.MatchString(norm)
	rest := r14NotDamagedRe.ReplaceAllString(t.text, " ")
	low := strings.ToLower(rest)
	if damageRe.MatchString(low) || damageRe.MatchString(strings.ToLower(normalise(rest))) || r14SwapRe.MatchString(low) {
		return agent.Message{}, false
	}
	plain := notDamaged || r14PlainRe.MatchString(low) || changedMind(rest)
	if !plain {
		return agent.Message{}, false
	}
	name := t.currentOrder()
	if t.order != "" && t.order != name {
		return agent.Message{}, false
	}
	lines := t.orderLines(name)
	items := namedItems(lines, dropNegated(rest))
	a := t.answeredProposal()
	switch {
	case a != nil && a.Tool == toolname.StartReturn:
		// A correction of the return just stated: its lines, unless this
		// message names others.
		if len(items) == 0 {
			items = statedItems(a.Items)
		}
	case r14ReturnRe.MatchString(rest) || r14ReturnRe.MatchString(normalise(rest)) || s12returnRe.MatchString(rest) || s12returnRe.MatchString(normalise(rest)):
		if !t.r14DamageBefore(name) {
			return agent.Message{}, false
		}
	default:
		return agent.Message{}, false
	}
	if len(items) == 0 {
		return agent.Message{}, false
	}
	if len(items) == 1 && r14OneUnitRe.MatchString(rest) {
		if _, ok := items[0]["quantity"]; !ok {
			items[0]["quantity"] = 1
		}
	}
	args := map[string]any{"order_number": name, "items": items, "reason": "UNWANTED"}
	switch {
	case agent.WantsCredit(t.text) || agent.WantsCredit(norm):
		args["resolution"] = "store_credit"
	case a != nil && a.Tool == toolname.StartReturn && a.Resolution == "store_credit" && !strings.Contains(strings.ToLower(norm), "refund"):
		args["resolution"] = "store_credit"
	}
	return toolCall(n, toolname.StartReturn, args), true
}

// r14DamageBefore reports whether the conversation took a damage report on
// order name: one that ran, or the agent's last reply about one.
func (t *turn) r14DamageBefore(name string) bool {
	st := t.req.State
	for _, d := range st.Done {
		if d.Tool == toolname.ReportDamage && (d.Order == name || d.Order == "") {
			return true
		}
	}
	for _, b := range st.Before {
		if b.Tool == toolname.ReportDamage {
			return true
		}
	}
	return st.Answered != nil && st.Answered.Tool == toolname.ReportDamage
}
