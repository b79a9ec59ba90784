package offline

import (
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// German joins nouns into one word ("Servierbrettpflege", "Leinendecke"):
// read as its parts, each part finds what it names (a product noun, a
// care word) as the word alone would.

// germanParts are German care and use words no other list here holds, in
// English: the parts a compound of a care question often ends with.
var germanParts = map[string]string{
	"flecken": "stains", "fleck": "stain", "filter": "filter", "reinigung": "cleaning", "wäsche": "laundry", "docht": "wick", "größe": "size",
	"karaffe": "carafe", "rost": "rust", "geeignet": "safe", "fest": "safe", "trockner": "dryer",
	"mühle": "grinder", "deckel": "lid", "griff": "handle", "geschirr": "dishes", "maschine": "machine",
}

// splitCompounds is text with each German compound it holds written as
// its parts ("Servier brett pflege"), the English of parts only this
// file knows and of the message's care words beside them; text itself
// when it holds none.
func splitCompounds(text string) string {
	german := detectLanguage(text) == "de"
	careSaid := false // a care word said as a word of its own finds the guide
	for _, tok := range tokenRe.FindAllString(strings.ToLower(text), -1) {
		if _, ok := policyWord(tok); ok {
			careSaid = true
		}
	}
	out := tokenRe.ReplaceAllStringFunc(text, func(tok string) string {
		low := strings.ToLower(tok)
		if len([]rune(low)) < 8 || knownGerman(low) {
			return tok
		}
		parts := compoundParts(low)
		if len(parts) < 2 {
			return tok
		}
		known, thing := 0, false
		for _, p := range parts {
			if knownGerman(p) {
				known++
			}
			_, care := germanParts[p]
			thing = thing || care || agent.WithProductNouns(p) != p
		}
		if !thing {
			// "Rückversand": a support word with a prefix, which the
			// support words' own lists read whole or not at all.
			return tok
		}
		if !german && !strings.ContainsAny(low, "äöüß") && known < 2 && known < len(parts) {
			return tok
		}
		if _, own := germanParts[parts[len(parts)-1]]; careSaid && known < len(parts) && !own {
			// "Holzbrett ölen": the care word finds the guide, and the
			// product noun alone would rank its other passages first.
			return tok
		}
		var said []string
		for _, p := range parts {
			said = append(said, p)
			if en, ok := germanParts[p]; ok {
				said = append(said, en) // its English beside it
			}
		}
		return strings.Join(said, " ")
	})
	if out == text {
		return text
	}
	// The passages are ranked by the question's words: a care word's
	// English beside it, as the search has it.
	return tokenRe.ReplaceAllStringFunc(out, func(tok string) string {
		if en, ok := policyWord(strings.ToLower(tok)); ok && !strings.Contains(en, " ") && en != strings.ToLower(tok) {
			return tok + " " + en
		}
		return tok
	})
}

// knownGerman reports whether w is a word some list of the model reads:
// a product noun, a policy or care word, a support word.
func knownGerman(w string) bool {
	if len([]rune(w)) < 3 {
		return false
	}
	if _, ok := germanParts[w]; ok {
		return true
	}
	if _, ok := policyWord(w); ok {
		return true
	}
	if en, ok := foreign[w]; ok && en != w && len([]rune(w)) > 3 {
		return true
	}
	return agent.WithProductNouns(w) != w
}

// compoundParts splits w into a head and known parts, longest last part
// first ("servierbrettpflege": "servier", "brett", "pflege"); nil when
// no known word ends it. A head may end in a joining "s", "n", "en" or
// "e" ("leinen|decke", "kaffee|s|…").
func compoundParts(w string) []string {
	r := []rune(w)
	for i := 1; i <= len(r)-4; i++ {
		tail := string(r[i:])
		if !knownGerman(tail) {
			continue
		}
		head := string(r[:i])
		if len([]rune(head)) < 3 {
			continue
		}
		if knownGerman(head) {
			return []string{head, tail}
		}
		for _, join := range []string{"s", "n", "en", "e", "es"} {
			if h := strings.TrimSuffix(head, join); h != head && len([]rune(h)) >= 3 && knownGerman(h) {
				return []string{h, tail}
			}
		}
		if sub := compoundParts(head); len(sub) > 1 {
			return append(sub, tail)
		}
		if len([]rune(head)) >= 3 {
			return []string{head, tail}
		}
	}
	return nil
}

// germanCareQuestion is the English question of a German message whose
// compounds name a care topic no other list reads ("Kerzendocht kürzen"):
// the English of its product nouns and of its parts; "" for any other
// message (one that names no product too), or one the guides are
// searched for already.
func germanCareQuestion(text string) string {
	split := splitCompounds(text) // text itself once rewritten (misfire8.go)
	if detectLanguage(text) != "de" || foreignPolicyQuery(split) != "" {
		return ""
	}
	var q []string
	for _, tok := range tokenRe.FindAllString(strings.ToLower(split), -1) {
		if en, ok := germanParts[tok]; ok {
			q = append(q, en)
		}
	}
	with := agent.WithProductNouns(split)
	if len(q) == 0 || with == split {
		return "" // a care word of a thing named
	}
	return strings.Join(append(strings.Fields(strings.Trim(with[len(split):], " ()")), q...), " ")
}
