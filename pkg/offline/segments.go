package offline

import (
	"regexp"
	"strings"
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

// sentenceAskRe is a full stop or a comma followed by the start of a new
// question: ". how long should …", ",can i return …", ", is my order lost".
var sentenceAskRe = regexp.MustCompile(`(?i)(?:[.!]\s*|,\s*)(?:how|what|whats|what's|which|why|who|when|whens|when's|where|wheres|where's|is|are|does|do|did|has|have|can|could|should|will|would|eta)\b`)

// layoutParts splits text at line breaks, list marks, joining signs, and
// full stops or commas before a question word.
func layoutParts(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, item := range listMarkRe.Split(line, -1) {
			for _, p := range joinRe.Split(item, -1) {
				out = append(out, splitBefore(p, sentenceAskRe)...)
			}
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
var statusAskRe = regexp.MustCompile(`\b(?:(?:when|whens|when's|wen)\b(?:\s+(?:is|are|does|do|will|would|should|did|can|gonna|going to))?\s+(?:it|they|this|that|these|those|mine|(?:my|the|our) [\p{L}-]+(?: [\p{L}-]+)?)(?:\s+(?:be|get|gonna|going to))?\s+(?:ship(?:s|ped|ping)?|dispatch\w*|go(?:ing)? out|leav\w*|arriv\w*|com(?:e|es|ing)|deliver\w*|get(?:ting)? (?:here|to me)|be here|here|show(?:ing)? up)|eta)\b`)
