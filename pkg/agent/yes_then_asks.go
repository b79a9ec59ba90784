package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A customer who says yes often says it more than once, or says the
// proposal again, before asking what happens next: "yes change it. and
// will the shipping date change?", "yep go ahead, how long does delivery
// take?", "yes cancel. will the refund go back to my card?". Each clause
// before the question consents to what was stated and nothing else, and
// the question asks about what follows: such a yes confirms the proposal
// exactly as stated (code decides; the model never does), and the
// question is answered beside the outcome. A clause or a question that
// names other terms (another address, a number the statement does not
// hold, "but", "instead") confirms nothing, as before.

// yesThenSet is the patterns of a yes whose consent takes more than one
// clause, compiled at their first use like phrases.
type yesThenSet struct {
	// clauseEnd ends a clause of consent: punctuation, a dash, an "and".
	clauseEnd *regexp.Regexp
	// consent is a clause that consents and says nothing else: yes words,
	// thanks, "that's correct".
	consent *regexp.Regexp
	// lead opens a question about a fact of the order the statement does
	// not change: "what's the total", "when's it".
	lead *regexp.Regexp
	// consequence is a question whose last word asks whether something
	// changes because of the yes ("will the shipping date change?"): its
	// "change" asks about a consequence, it does not ask for a change.
	consequence *regexp.Regexp
	// request is a question that asks the shop to do something: "will
	// you keep the filters out of it?". It asks for terms, not about them.
	request *regexp.Regexp
}

var yesThen = sync.OnceValue(func() *yesThenSet {
	filler := `please|pls|plz|thanks|thank you|thx|ty|great|perfect|cool|awesome|lovely|that's correct|thats correct|that is correct|thats right|that’s right|that's it|looks good|looks right|sounds right|all good|do it|do that|set that up|set it up|sounds good|that works|works for me|go ahead|go for it|please go ahead|please do|proceed|confirmed|confirm`
	return &yesThenSet{
		clauseEnd:   regexp.MustCompile(`(?i)[,.!;:]+\s*|\s+[-–—]+\s*|\s+(?:and|&)\s+`),
		consent:     regexp.MustCompile(`(?i)^(?:(?:` + yesWords + `|` + filler + `)(?:\s+|$))+$`),
		lead:        regexp.MustCompile(`(?i)^(?:(?:and|also|plus|so|btw|oh)[\s,:.!]+)*(?:what(?:'s|’s|s| is| was| will be) (?:the |my )?(?:total|tracking|eta|estimated|delivery date|ship date|shipping date|new (?:delivery|ship|shipping) date)|when's|whens|when’s|any idea when|roughly when)` + notLetter),
		request:     regexp.MustCompile(`(?i)^(?:(?:and|also|plus|so|btw|oh|please)[\s,:.!]+)*(?:will|would|can|could) (?:you|u|ya)` + notLetter),
		consequence: regexp.MustCompile(`(?i)^(?:(?:and|also|plus|so|btw|oh)[\s,:.!]+)*(?:will|would|does|did|is|do)\s[^?]*?\s(?:change|be different)\s*\?$`),
	}
})

// YesThenAsks is the question of a clear yes to a proposal of tool that
// asks one as well, or "" when text is not one: a leading yes, any more
// clauses that only consent or say the proposal again ("change it", "go
// ahead", "that's correct"), then one question about what follows, with
// no no and no "but" in it. It is YesAndAsks, widened to those clauses
// and to a question whose "change" asks about a consequence. AsksOther
// still tells when the question names other terms.
func YesThenAsks(text, tool string) string {
	if q := YesAndAsks(text); q != "" {
		if yesThen().request.MatchString(q) {
			return ""
		}
		return q
	}
	t := strings.TrimSpace(text)
	p := phrases()
	loc := p.yesLead.FindStringIndex(t)
	if loc == nil || len(t) > 200 {
		return ""
	}
	rest := afterConsent(t[loc[1]:], tool)
	rest = strings.TrimSpace(strings.TrimLeft(rest, "-–—:;¿ "))
	if rest == "" || !strings.HasSuffix(rest, "?") || strings.Count(rest, "?") != 1 || p.no.MatchString(rest) {
		return ""
	}
	q, y := questionLead(), yesThen()
	if !q[0].MatchString(rest) && !y.lead.MatchString(rest) || q[1].MatchString(rest) || y.request.MatchString(rest) {
		return ""
	}
	body := strings.TrimSuffix(rest, "?")
	if y.consequence.MatchString(rest) {
		// "will the shipping date change?": its last word is the question.
		body = strings.TrimSpace(body)
		body = body[:strings.LastIndexAny(body, " \t")]
	}
	if p.but.MatchString(body) {
		return ""
	}
	return rest
}

// AfterYes is what text says after its yes and the clauses that only
// consent to a proposal of tool ("yes change it. whats the total" gives
// "whats the total"), or "" when it does not open with a yes.
func AfterYes(text, tool string) string {
	t := strings.TrimSpace(text)
	loc := phrases().yesLead.FindStringIndex(t)
	if loc == nil {
		return ""
	}
	return strings.TrimSpace(strings.TrimLeft(afterConsent(t[loc[1]:], tool), "-–—:;¿ "))
}

// afterConsent drops the clauses of rest that only consent to a proposal
// of tool, from its start.
func afterConsent(rest, tool string) string {
	y := yesThen()
	re := phrases().restate[tool]
	for {
		rest = strings.TrimSpace(rest)
		end := y.clauseEnd.FindStringIndex(rest)
		clause := rest
		if end != nil {
			clause = rest[:end[0]]
		}
		c := strings.TrimSpace(clause)
		if c == "" || !(y.consent.MatchString(c) || re != nil && re.MatchString(c)) {
			return rest
		}
		if end == nil {
			return ""
		}
		rest = rest[end[1]:]
	}
}

// placeSet is the patterns of a yes to an address change that names
// another place than the one stated.
type placeSet struct {
	// place is a place named with what it is like: "my work address",
	// "the other place", "my office". Group 1 is the determiner, 2 what
	// it is like, 3 the place.
	place *regexp.Regexp
	// number is a number that can be part of an address: "24", "02140",
	// not "2 days" or "the 12th".
	number *regexp.Regexp
}

var places = sync.OnceValue(func() *placeSet {
	return &placeSet{
		place:  regexp.MustCompile(`(?i)(?:^|[^\p{L}])(the|my|our|her|his|their|another|a|an)\s+((?:[\p{L}'’]+\s+){0,2}?)(address|addy|place|house|home|office|apartment|apt|flat|work|unit|suite)(?:$|[^\p{L}])`),
		number: regexp.MustCompile(`(?i)(?:^|[^\p{L}\d])(\d+)(?:(?:\s*(?:to|-|–|or)\s*\d+)?\s*(st|nd|rd|th|days?|weeks?|business|hours?|hrs?|am|pm|%|x|×|o'clock)\b)?`),
	}
})

// digitsRe is a run of digits.
var digitsRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d+`) })

// samePlaceWords qualify a place without naming another one: "the new
// address", "the updated address".
var samePlaceWords = map[string]bool{"new": true, "same": true, "right": true, "correct": true, "updated": true, "shipping": true,
	"delivery": true, "this": true, "that": true, "stated": true, "above": true, "changed": true, "ship": true, "deliv": true}

// asksOtherPlace is what a yes to an address change names that the
// statement does not, or "": a place it does not state ("my work address",
// "another address") or a number it does not hold ("24 Elm Street",
// "apt 3").
func asksOtherPlace(t string, p conversation.Proposal) string {
	if p.Tool != toolname.ChangeAddress || p.Statement == "" {
		return ""
	}
	ps := places()
	stated := map[string]bool{}
	for _, w := range words(p.Statement) {
		stated[w] = true
	}
	numbers := map[string]bool{}
	for _, n := range digitsRe().FindAllString(p.Statement, -1) {
		numbers[n] = true
	}
	for _, m := range ps.number.FindAllStringSubmatch(t, -1) {
		if m[2] == "" && !numbers[m[1]] {
			return "an address it doesn't state (" + m[1] + ")"
		}
	}
	for _, m := range ps.place.FindAllStringSubmatch(t, -1) {
		if strings.EqualFold(m[1], "another") {
			return "an address it doesn't state (" + strings.TrimSpace(m[0]) + ")"
		}
		qual := words(m[2])
		noun := strings.ToLower(m[3])
		if len(qual) == 0 && (noun == "address" || noun == "addy" || noun == "place") {
			continue // "the address", "my place": the one stated
		}
		if len(qual) == 0 && !stated[stem(noun)] {
			return "an address it doesn't state (" + strings.TrimSpace(m[0]) + ")"
		}
		for _, w := range qual {
			if !stated[w] && !samePlaceWords[w] {
				return "an address it doesn't state (" + strings.TrimSpace(m[0]) + ")"
			}
		}
	}
	return ""
}
