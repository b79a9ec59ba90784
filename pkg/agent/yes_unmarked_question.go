package agent

import (
	"regexp"
	"strings"
	"sync"
)

// unmarkedAskRe opens a clause that asks about something other than
// what follows the yes, typed without its question mark: "what did i
// order", "how much did i pay", "did you get my photos", "where is my
// other order". Phone typing drops the "?", and Affirmative, which
// looks for one, took "ok and what did i actualy order and how much did
// i pay" as a yes to a promise (trial 15: the promise was made, and later
// kept with a replacement the customer never agreed to). Questions about
// what the yes sets off ("yes when will it ship") are not here: those
// stay a yes, as with the mark (YesThenAsks).
var unmarkedAskRe = sync.OnceValue(func() *regexp.Regexp {
	const subject = `(?:i|you|u|ya|we|they|my|the|this|that|these|those)`
	return regexp.MustCompile(`(?i)^(?:(?:and|also|plus|so|oh|btw|but|um|hm+|wait)[\s,:.!]+)*(?:` +
		`(?:what|wat|wht)(?:\s+(?:did|was|were|have|has|had|kind|colou?r|size|scent|else|about|other|items?|products?|stuff|things?))` +
		`|which|who|whose|why` +
		`|how\s+(?:much|many|come)` +
		`|(?:did|didn'?t|does|was|were|have|has)\s+` + subject +
		`|do\s+(?:i|you|u|ya|we|they)` + // not "do that", "do it"
		`|where\s+(?:is|are|'s|s|was)\s+(?:my|the\s+other|the\s+rest|that\s+other)` +
		`)` + notLetter)
})

// asksUnmarked reports whether text, after its leading yes, has a clause
// that asks about something else with no question mark (unmarkedAskRe).
func asksUnmarked(text string) bool {
	t := strings.TrimSpace(text)
	if strings.ContainsAny(t, "?¿") {
		return false // marked: YesThenAsks and the "but" rule judge it
	}
	loc := phrases().yesLead.FindStringIndex(t)
	if loc == nil {
		return false
	}
	re, end := unmarkedAskRe(), yesThen().clauseEnd
	rest := t[loc[1]:]
	for rest != "" {
		if re.MatchString(strings.TrimSpace(rest)) {
			return true
		}
		next := end.FindStringIndex(rest)
		if next == nil {
			break
		}
		rest = rest[next[1]:]
	}
	return false
}

// ackRe is a leading word that acknowledges rather than agrees: "ok",
// "fine", "alright". Alone, in answer to "Shall I go ahead?", it is a yes;
// followed by a question about something else ("ok and what did i
// order"), it is the customer taking in what was said before asking on,
// so it consents to nothing (YesWithAside). "yes, and how much did I pay?"
// still does.
var ackRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*` + yesPad + `(?:ok+|okay|okey|okie|oki|k+|fine|alright|all right|cool|right)(?:[\s,.!]+|$)`)
})

// acknowledges reports whether lead, a message's leading yes, is only an
// acknowledgement (ackRe).
func acknowledges(lead string) bool {
	return lead != "" && ackRe().FindString(lead) == lead
}

// ackOnlyRe is a run of words that acknowledge and consent to nothing
// by themselves when more follows: "ok", "ok hmm", "fine.", "alright,
// great".
var ackOnlyRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:(?:ok+|okay|okey|okie|oki|k+|fine|alright|all right|cool|right|hmm+|hm+|um+|uh+|well|great|perfect|nice|good|thanks|thank you|thx|ty|please|pls|plz)(?:[\s,.!]+|$))*$`)
})

// AckWithMore reports whether text opens with an acknowledgement ("ok",
// "fine", "alright") and, with no explicit consent ("yes", "go ahead",
// "do it", the proposal of tool said again), goes on to say something
// else: "ok hmm, my husband might still want the coffee kit tho", "ok.
// and the candles, whens those coming", "fine. whats ur shipping cost to
// germany" (trial 15b: each was taken as a yes, and a cancel and a
// replacement ran). Alone, "ok" answers "Shall I go ahead?" and is a yes;
// with more, it is the customer taking in what was said, so the proposal
// is not run.
func AckWithMore(text, tool string) bool {
	t := strings.TrimSpace(text)
	loc := phrases().yesLead.FindStringIndex(t)
	if loc == nil || !acknowledges(t[:loc[1]]) {
		return false
	}
	rest := strings.TrimSpace(ackFillerRe().ReplaceAllString(t[loc[1]:], ""))
	for more := phrases().yesLead.FindStringIndex(rest); more != nil && more[1] > 0; more = phrases().yesLead.FindStringIndex(rest) {
		if !acknowledges(rest[:more[1]]) {
			return false // "ok yes but …": a yes after the "ok"
		}
		rest = strings.TrimSpace(rest[more[1]:])
	}
	if rest == "" || endsWithConsent(rest) {
		return false
	}
	left := strings.TrimSpace(strings.TrimLeft(afterConsent(rest, tool), "-–—:;.,!¿ "))
	said := strings.TrimSpace(rest[:len(rest)-len(strings.TrimLeft(afterConsent(rest, tool), " "))])
	if !ackOnlyRe().MatchString(said) {
		return false // "ok go ahead, when will it ship?": consent said after the "ok"
	}
	return left != ""
}

// ackFillerRe are words between an "ok" and the yes that follows it: "ok
// then yes", "ok so go ahead", "alright in that case do it".
var ackFillerRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(?:(?:then|so|well|hmm+|hm+|um+|uh+|oh|in that case|if so|fair enough)(?:[\s,.!]+|$))+`)
})

// endsWithConsent reports whether rest's last clause only consents, in
// words that are more than an acknowledgement: "ok just do the address
// then, yes".
func endsWithConsent(rest string) bool {
	parts := clauseMarkRe().Split(strings.TrimSpace(rest), -1)
	last := ""
	for i := len(parts) - 1; i >= 0 && last == ""; i-- {
		last = strings.TrimSpace(parts[i])
	}
	return last != "" && yesThen().consent.MatchString(last) && !ackOnlyRe().MatchString(last)
}

// clauseMarkRe splits a message into its clauses at punctuation.
var clauseMarkRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[,.;!]+`) })
