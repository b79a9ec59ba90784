package offline

import (
	"regexp"
	"strings"
)

// Product questions answered from the guides, precisely (issue 18,
// docs13): a message of several questions about one product answers each
// from that product's guide, not from another product's that shares the
// later question's word. "How do I clean the pan? Dishwasher?" asks
// whether the pan goes in the dishwasher; the mug's "dishwasher safe"
// is another product's answer, and contradicts.

// sameThingAbove reports whether question i of a message of several,
// which names no product of its own, is already answered by the passages
// quoted for the questions before it: its answer is there, and another
// guide's passage would answer it for another product.
func (t *turn) sameThingAbove(i int, question string, c call, above []map[string]any) bool {
	if i == 0 || len(above) == 0 {
		return false
	}
	ps := list(c.result, "passages")
	if len(ps) == 0 || t.namedProduct(ps, question, false) != "" {
		return false
	}
	for _, p := range above {
		if str(p, "source") == str(ps[0], "source") {
			return false // the same guide: docsReply says it is above
		}
	}
	return answeredAbove(question, above)
}

// spacedPlusRe joins two questions with a plus between spaces: "season
// it + do you ship abroad". A plus in a phone number or a name ("C++")
// has no space after it.
var spacedPlusRe = regexp.MustCompile(`\s\+\s`)

// topicFragmentRe is a few words naming a thing and what to know of it,
// with no one doing anything: "season skillet" before "+ do you ship to
// …?". Words of a person ("I", "my", "we") say something else.
var topicFragmentRe = regexp.MustCompile(`(?i)^\s*(?:[\p{L}-]+\s+){1,2}[\p{L}-]+\s*$`)

var personWordRe = regexp.MustCompile(`(?i)\b(?:i|i'm|im|my|me|we|our|us|you|your|love|thanks?|hi|hello|hey)\b`)

// topicFragment reports whether q, one part of a message of several
// questions, is a question about a thing in two or three bare words.
func topicFragment(q string) bool {
	return topicFragmentRe.MatchString(q) && !personWordRe.MatchString(q) && contentWords(normalise(q)) >= 2
}

// howLongOfThing is the English search for a question of another
// language asking how long a thing it names lasts ("¿cuántas horas dura
// la vela?", "combien de temps brûle la bougie ?"): "how long" and the
// thing, which the guides answer with the thing's own figure, not the
// shop's delivery days. q are the English words read so far; nouns the
// English nouns of the products named. "" when text asks nothing of the
// kind.
func howLongOfThing(text string, q, nouns []string) string {
	if len(nouns) == 0 || !foreignHowLongRe.MatchString(text) {
		return ""
	}
	out := []string{"how long"}
	for _, w := range q {
		if w != "days" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
