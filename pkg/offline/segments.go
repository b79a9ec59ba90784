package offline

import (
	"regexp"
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Segmenting a message into its questions by its layout: customers ask
// several things in one message as numbered lists, bullets, one question
// a line, or joined by "&", "+", ";" or a comma before a new question.
// questions splits each piece further in its own words.

// listMarkRe is the mark of an item of a list: "1)", "2.", "(3)", "-",
// "*", "•" at the start of a line or after a space, followed by a space.
// "1.5" and "3-4 days" are no marks: a mark is followed by a space.
var listMarkRe = regexp.MustCompile(`(?m)(?:^|\s)(?:\(?\d{1,2}[).:]|[-*•])\s+`)

// joinRe joins two questions with a sign: "&", "+", ";", " / ".
var joinRe = regexp.MustCompile(`\s+[&+/]\s+|;\s*`)

// sentenceAskRe is a full stop followed by the start of a new question
// (". how long should …"), or a comma followed by a question of where or
// when ("…, where are the candles", "…,whens it coming"): after a comma
// other questions mostly say more of the same ("the mug broke, can I get
// a new one?").
var sentenceAskRe = regexp.MustCompile(`(?i)[.!]\s*(?:how|what|whats|what's|which|why|who|when|whens|when's|where|wheres|where's|is|are|does|do|did|has|have|can|could|should|will|would|eta)\b|,\s*(?:when|whens|when's|where|wheres|where's|eta|has it|have they|did it)\b`)

// layoutParts splits text at list marks and joining signs, and at line
// breaks and full stops or commas before a question word when one of the
// pieces asks where the order is: elsewhere a new line or sentence mostly
// goes on with the same request ("The mug arrived cracked. Can I get a
// new one?").
func layoutParts(text string) []string {
	var out []string
	for _, item := range listMarkRe.Split(text, -1) {
		for _, p := range joinRe.Split(item, -1) {
			var pieces []string
			for _, line := range strings.Split(p, "\n") {
				pieces = append(pieces, splitBefore(line, sentenceAskRe)...)
			}
			if len(pieces) > 1 && !slices.ContainsFunc(pieces, asksStatus) {
				pieces = []string{p}
			}
			out = append(out, pieces...)
		}
	}
	var kept []string
	for _, p := range out {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return kept
}

// splitBefore cuts s before each match of re, keeping the question word
// with what follows and dropping the stop or comma.
func splitBefore(s string, re *regexp.Regexp) []string {
	var out []string
	last := 0
	for _, loc := range re.FindAllStringIndex(s, -1) {
		// The question word starts after the stop or comma and spaces.
		cut := loc[0] + 1
		for cut < loc[1] && (s[cut] == ' ' || s[cut] == '\t') {
			cut++
		}
		if strings.TrimSpace(s[last:loc[0]]) == "" {
			continue
		}
		out = append(out, s[last:loc[0]+1])
		last = cut
	}
	return append(out, s[last:])
}

// statusAskRe asks when an order or an item of it ships or arrives, in a
// customer's short words: "when does it ship", "whens it shipping", "when
// is the lamp coming", "eta on my order". Not "when do you ship" (the
// shipping policy) nor a refund's date (classify reads that first).
var statusAskRe = regexp.MustCompile(`\b(?:(?:when|whens|when's|wen)\b(?:\s+(?:is|are|does|do|will|wil|would|should|did|can|gonna|going to))?\s+(?:it|they|this|that|these|those|mine|(?:my|the|our) [\p{L}-]+(?: [\p{L}-]+)?)(?:\s+(?:be|get|gonna|going to))?\s+(?:ship(?:s|ped|ping)?|dispatch\w*|go(?:ing)? out|leav\w*|arriv\w*|com(?:e|es|ing)|deliver\w*|get(?:ting)? (?:here|to me)|be here|here|show(?:ing)? up|land(?:s|ing)?)|eta)\b`)

// asksStatus reports whether a piece of a message asks where the order is.
func asksStatus(piece string) bool {
	return lookupOf(piece) == toolname.TrackOrder
}
