package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Gift wrapping asked for an order already placed ("can u gift wrap it?",
// "pls add gift wrap to my order", trials 10b and 11b): the docs say how
// wrapping is chosen, but no tool adds it afterwards. The customer hears
// that first, then the docs' passage, and that a person can help: never
// the passage alone, which reads as a yes.

// wrapOwnRe puts the wrapping on something the customer already has: the
// order or "it".
var wrapOwnRe = regexp.MustCompile(`(?i)\b(?:it|them|my order|this order|that order|the order|my package|my parcel|my stuff)\b|\badd\b`)

// wrapPartRe cuts a message where another part could start.
var wrapPartRe = regexp.MustCompile(`(?i)[.?!\n;]+|,|\band\b|\balso\b`)

// asksWrapOwn reports whether text asks for gift wrapping on the order
// already placed.
func asksWrapOwn(text string) bool {
	low := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	if !docsOnlyRe.MatchString(low) || !wrapOwnRe.MatchString(low) {
		return false
	}
	return askDoRe.MatchString(low) || imperativeRe.MatchString(low) || strings.Contains(low, "add")
}

// wrapOwn answers asksWrapOwn's request: the docs' passage on wrapping,
// after a plain can't.
func (t *turn) wrapOwn(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.reoffered || !t.verified || !asksWrapOwn(t.text) || !offers(t.req, toolname.SearchDocs) {
		return agent.Message{}, false
	}
	for _, q := range wrapPartRe.Split(t.text, -1) {
		if !docsOnlyRe.MatchString(strings.ToLower(q)) && contentWords(normalise(q)) > 0 {
			return agent.Message{}, false // another part beside it: the several-parts hooks
		}
	}
	const q = "gift wrapping"
	if n == 0 {
		return toolCall(0, toolname.SearchDocs, map[string]any{"query": q}), true
	}
	last := t.calls[n-1]
	if last.name != toolname.SearchDocs {
		return agent.Message{}, false
	}
	lead := "I'm sorry, I can't add gift wrapping to an order that's already been placed: none of the changes I can make does that."
	if text, ok := t.docsReply(last, q, nil); ok {
		return say("%s\n\n%s\n\n%s", lead, text, cantPerson), true
	}
	return say("%s %s", lead, cantPerson), true
}
