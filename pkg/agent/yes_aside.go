package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// Issue 18's trial (multi13): customers said yes and something more in
// one message, and the more was not about the proposal: a question
// ("yep that's it. also how do i oil the board, it's going grey", "ok yes
// but will it still ship this week?", "sí, perfecto. y cuánto costó el
// kit?") or a new problem ("yes. oh and the board has a big crack too").
// YesThenAsks knew only a question about what follows, with its question
// mark; the rest lapsed the proposal, so the yes the customer gave was
// lost. Such a yes consents to exactly what was stated: code runs it, and
// the other part is the model's to answer or take up next. A part that
// changes what was stated ("yes but to my office instead", "yes but only
// one", "yes, but can I keep it instead?") is no such part: it confirms
// nothing, as before.

// yesAsideSet is the patterns of a yes with an aside, compiled at first
// use like phrases.
type yesAsideSet struct {
	// joiner opens the other part: "also", "oh and", "y", "und", "et".
	joiner *regexp.Regexp
	// lead opens a question in the words AsksAside's lead misses, a typo
	// among them: "wen does it ship".
	lead *regexp.Regexp
	// problem is a new problem told: something broken or missing.
	problem *regexp.Regexp
}

var yesAside = sync.OnceValue(func() *yesAsideSet {
	return &yesAsideSet{
		joiner: regexp.MustCompile(`(?i)^(?:(?:that[’']?s it|that[’']?s right|gracias|danke|merci|perfecto|genial|parfait|also|and|oh|ah|btw|by the way|plus|one more thing|another thing|y|e|und|außerdem|ach|et|aussi|tambi[eé]n|adem[aá]s)[\s,:;.!+&-]+)+`),
		lead:   regexp.MustCompile(`(?i)^(?:wen|wat|wats|whens|hw|howd|any idea|i was wondering|wondering|quick q)` + notLetter),
		problem: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:broken|broke|crack\w*|crak\w*|chipped|chip|damaged|dented|smashed|shattered|scratched|leak\w*|bent|torn|ripped|missing|came without|arrived without|faulty|doesn'?t work|stopped working|` +
			`rot[oa]s?|roto|da[ñn]ad[oa]s?|falta|kaputt|besch[aä]digt|gebrochen|fehlt|gesprungen|cass[ée]e?s?|ab[iî]m[ée]e?s?|f[eê]l[ée]e?|manque)` + notLetter),
	}
})

// YesWithAside reports whether text is a yes to p with another part that
// leaves p as stated: a question asked beside it, or a new problem told
// (with "also", "oh and", "y" before it). The yes consents to p exactly;
// nothing in the other part may turn it down, narrow or widen it, or name
// other terms (AsksOther, a "but" beyond the one that opens a question,
// "instead", "only", a part kept out).
func YesWithAside(text string, p conversation.Proposal) bool {
	t := strings.TrimSpace(text)
	ph := phrases()
	loc := ph.yesLead.FindStringIndex(t)
	if loc == nil || len(t) > 240 || Withdraws(t) || AsksOther(t, p) != "" {
		return false
	}
	ack := acknowledges(t[:loc[1]])
	rest := t[loc[1]:]
	for more := ph.yesLead.FindStringIndex(rest); more != nil && more[1] > 0; more = ph.yesLead.FindStringIndex(rest) {
		ack = ack && acknowledges(rest[:more[1]])
		rest = rest[more[1]:] // "ok yes but …": a yes said twice
	}
	if ack {
		return false // "ok and what did i actualy order": heard, not agreed (yes_unmarked_question.go)
	}
	rest = strings.TrimSpace(strings.TrimLeft(afterConsent(rest, p.Tool), "-–—:;¿ "))
	if rest == "" {
		return false
	}
	if cut := yesButLead().FindStringIndex(rest); cut != nil {
		// "yes but will it still ship this week?": a question after the
		// "but", nothing kept out.
		rest = strings.TrimSpace(rest[cut[1]:])
	}
	y := yesAside()
	joined := y.joiner.FindString(rest)
	body := strings.TrimSpace(strings.TrimLeft(rest[len(joined):], "¿ "))
	if body == "" {
		return false
	}
	if yesAsideIf().MatchString(body) {
		return false // "ok if it's not here by friday what happens?": a condition, not consent
	}
	plain := strings.NewReplacer("?", " ", "¿", " ").Replace(body)
	if ph.no.MatchString(plain) || ph.but.MatchString(plain) || AsksOther(body, p) != "" {
		return false
	}
	switch {
	case joined != "" && !strings.Contains(body, "?") && y.problem.MatchString(body):
		return true // "oh and the board has a big crack too"
	case keepOutRe().MatchString(body):
		return false // "yes - can I keep the box?": other terms
	}
	return AsksAside(body, p) || y.lead.MatchString(body)
}

// yesAsideIf opens a condition: "if", "what if", "si", "wenn", "falls".
var yesAsideIf = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:if|what if|only if|unless|si|wenn|falls|sauf si)` + notLetter)
})
