package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Issue 18's trial (state16): a yes to a damage or wrong-item proposal
// with a question about the item in hand ("yes send the right one
// please. and do i keep the small one?", "yes pls, do i retrun the wrong
// one?", "yes. can i keep it then?") was read as other terms (a part kept
// back, a return asked for instead), so nothing ran and the yes was lost,
// or the question went to the guides. Whether the item comes back is the
// statement's own term (Proposal.KeepIt, stated in it): asking it changes
// nothing, so the yes consents to exactly what was stated and the answer
// is the proposal's.

// keepAskRe asks whether the item the proposal covers comes back:
// "should i post the wrong one back", "do i return it", "what do i do
// with it", "tengo que devolver", "muss ich … zurückschicken", "dois-je
// renvoyer". keptRe asks to keep it: "do i keep", "can i keep it", "me la
// quedo", "kann ich … behalten", which the statement settles only when
// the item is kept (KeepIt); otherwise it asks for other terms.
var keepAskRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:` +
		`(?:do|should|shall|must)\s+i\s+(?:have to\s+|hav to\s+|need to\s+|gotta\s+)?(?:send|post|ship|mail|return|retrun|retun|give)|` +
		`(?:do|does)\s+(?:it|that|the \w+(?: one)?|this)\s+(?:have to|need to)\s+(?:go|come)\s+back|` +
		`(?:have|need)\s+to\s+(?:send|post|ship|mail|return|retrun)\s+(?:it|that|this|the|them|anything)|` +
		`what (?:do|should) i do with (?:it|the|that|this|them)|` +
		`tengo que devolver|debo devolver|hay que devolver|` +
		`muss ich\s.{0,30}zurück\w*|` +
		`(?:dois|faut)[- ](?:je|il)\s.{0,20}(?:renvoyer|retourner)` +
		`)(?:$|[^\p{L}])`)
}) // at first use, like phrases

var keptRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:` +
		`(?:do|can|should|shall|may)\s+i\s+(?:just\s+|still\s+|also\s+)?(?:keep|hold on to|hang on to)|` +
		`me (?:la|lo) quedo|puedo quedár\w*|` +
		`(?:kann|darf|soll) ich\s.{0,30}behalten|` +
		`(?:je peux|puis-je|dois-je)\s.{0,12}garder` +
		`)(?:$|[^\p{L}])`)
})

// packingRe is the packaging, not the item: "can I keep the box?".
var packingRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:box|boxes|packaging|packing|bag|wrapping|caja|karton|verpackung|carton|emballage)(?:$|[^\p{L}])`)
})

// AsksKeep reports whether text asks whether the item in hand goes back
// or is kept: what a damage proposal's statement settles.
func AsksKeep(text string) bool {
	return (keepAskRe().MatchString(text) || keptRe().MatchString(text)) && !packingRe().MatchString(text)
}

// YesAsksKeep reports whether text is a yes to p, a damage or wrong-item
// proposal, with a question whether the item goes back (or, when p keeps
// it, whether they keep it): the yes consents to p as stated, whose
// KeepIt answers the question. A yes held by a condition, a doubt, a
// "but"/"instead", or a no is none.
func YesAsksKeep(text string, p conversation.Proposal) bool {
	if p.Tool != toolname.ReportDamage {
		return false
	}
	t := strings.TrimSpace(soften(text))
	if YesIf(t, p.Tool) || yesDoubts(t, p.Tool) || Withdraws(t) || len(t) > 240 {
		return false
	}
	ph := phrases()
	loc := ph.yesLead.FindStringIndex(t)
	if loc == nil || acknowledges(t[:loc[1]]) {
		return false
	}
	rest := strings.TrimSpace(afterConsent(t[loc[1]:], p.Tool))
	if rest == "" || packingRe().MatchString(rest) || !(keepAskRe().MatchString(rest) || p.KeepIt && keptRe().MatchString(rest)) {
		return false
	}
	plain := strings.NewReplacer("?", " ", "¿", " ").Replace(rest)
	return !ph.no.MatchString(plain) && !ph.but.MatchString(plain) && !keepInsteadRe().MatchString(plain)
}

// keepInsteadRe names other terms beside the question: "instead", "only",
// "rather".
var keepInsteadRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:instead|rather|only|just one|en su lugar|stattdessen|plutôt)(?:$|[^\p{L}])`)
})
