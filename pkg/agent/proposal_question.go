package agent

import (
	"regexp"
	"strings"
	"sync"
)

// A question about what was proposed ("wait, how much would I get
// back?", "when would the refund arrive?") is neither a yes nor a no:
// the customer asks before they decide. The proposal is stated again,
// as after a yes with a question, and a plain yes next confirms it.

// termsQuestion are the patterns of a question about a proposal's terms:
// what the customer gets, when, what it costs, and a pause before it.
var termsQuestion = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{
		// pause: "wait", "hold on", "quick question" before the question;
		// a condition on the proposal itself ("if i cancel", "if i do
		// that") asks about its terms too.
		regexp.MustCompile(`(?i)^(?:(?:wait|espera|un momento|momento|moment|warte|attendez|attends|un instant|hold on|hang on|one sec(?:ond)?|just a sec(?:ond)?|before that|first|quick question|um+|hmm+|ok(?:ay)?|so|and|but|if (?:i|we) (?:cancel(?: it)?|do (?:that|it|this)|go ahead|return (?:it|them)|say yes))[\s,.:;!-]+)*`),
		regexp.MustCompile(`(?i)^(?:how much|how long|how soon|when (?:would|will|do|does|can|should)|what (?:would|will|do) (?:i|we) get|(?:would|will|do) (?:i|we) (?:get|have to|need to|pay)|is (?:it|that|there|return shipping|shipping) (?:free|a fee|a charge|any|included|refunded)|(?:do|will|would) (?:i|we) (?:lose|keep|get back) (?:the |my )?(?:free )?(?:shipping|postage)|(?:does|will|would) (?:the|my|that) refund (?:include|cover)|does (?:it|that|this) cost|who pays|what does (?:it|that|this) cost|what(?:'s| is) the (?:total|amount)|cuánto|cuanto|cuándo|cuando|wie viel|wieviel|wann|combien|quand)` + notLetter),
	}
})

// AsksAboutProposal reports whether text, said right after a proposal,
// is one question about its terms and nothing else: no yes, no no beyond
// a pause ("wait, …"), no "but", no wish for something else.
func AsksAboutProposal(text string) bool {
	t := strings.TrimSpace(text)
	if i := strings.Index(t, "?"); i >= 0 && i < len(t)-1 && len(t)-i <= 45 && !strings.ContainsAny(t[i+1:], "?!") {
		// A remark after the question ("… the free shipping? i paid 7.95
		// i think") asks nothing more; a yes, a no or a "but" in it makes
		// the message more than a question.
		tail := strings.TrimSpace(t[i+1:])
		if Affirmative(tail) || Withdraws(tail) || phrases().but.MatchString(tail) {
			return false
		}
		t = strings.TrimSpace(t[:i+1])
	}
	if len(t) > 160 || !strings.HasSuffix(t, "?") || strings.Count(t, "?") != 1 || Affirmative(t) || Withdraws(t) {
		return false
	}
	q := termsQuestion()
	rest := strings.TrimLeft(strings.TrimSpace(t[len(q[0].FindString(t)):]), "¿")
	p := phrases()
	return q[1].MatchString(rest) && !p.no.MatchString(rest) && !p.but.MatchString(strings.TrimSuffix(rest, "?"))
}
