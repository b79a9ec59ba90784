package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A single question's passage and a follow-up read from the conversation
// (issue 18's trials): a greeting before a question hides nothing; the
// product a question names, in any language, decides whose guide answers
// it; a part of a question that a passage already quoted answers is not
// reported unanswered.

// greetingLeadRe is a greeting that opens a message: "hi,", "hey there!",
// "good morning -", "Hallo,", "Bonjour,", "hola,".
var greetingLeadRe = regexp.MustCompile(`(?i)^\s*(?:hi+|hiya|hello|hey+|heya|howdy|yo|good (?:morning|afternoon|evening)|hallo|guten (?:morgen|tag|abend)|servus|bonjour|bonsoir|salut|hola|buen(?:os|as) (?:días|dias|tardes|noches))(?:\s+(?:there|all|team|guys|folks))?\s*[,!.:;)\-–—]*(?:\s*[:;]-?[)D])?\s*(?:thanks|thank you|thx)?[,!.]*\s+`)

// withoutGreeting is text without the greeting that opens it, when
// something follows it; text itself otherwise.
func withoutGreeting(text string) string {
	loc := greetingLeadRe.FindStringIndex(text)
	if loc == nil || strings.TrimSpace(text[loc[1]:]) == "" {
		return text
	}
	return text[loc[1]:]
}

// permissionRe asks whether a thing may be done ("is it ok to cut raw
// meat on it", "is it fine in the oven"): a question how to use it, not
// whether what the customer sees is a fault.
var permissionRe = regexp.MustCompile(`\b(?:is|are) (?:that|it|this|these|they|mine) (?:ok|okay|fine|safe|alright|all right) (?:to|for|if|with|in|on|into|under|near)\b`)

// compoundNouns are the English product nouns of another language's
// compound words whose last part is a noun the lexicon knows:
// "Holzbrett" ends in "brett" (a board), "Kaffeetasse" in "tasse".
func compoundNouns(text string) []string {
	if language(text) != "de" {
		return nil // compounds of that kind are German
	}
	var out []string
	for _, w := range regexp.MustCompile(`[\p{L}]+`).FindAllString(strings.ToLower(text), -1) {
		rs := []rune(w)
		for i := 3; i <= len(rs)-4; i++ {
			tail := string(rs[i:])
			if en := agent.WithProductNouns(tail); en != tail {
				if j := strings.LastIndex(en, " ("); j >= 0 {
					out = append(out, strings.Fields(strings.Trim(en[j+2:], ")"))...)
				}
				break
			}
		}
	}
	return out
}

// productWords are the words a question names things with, in English:
// its own, and the English of another language's product nouns.
func productWords(question string) []string {
	ws := words(agent.WithProductNouns(question))
	for _, w := range compoundNouns(question) {
		ws = append(ws, words(w)...)
	}
	return ws
}

// namedProduct is the noun, among the passages' sources (and the
// customer's items, with items set), that question names (stemmed), ""
// when it names none or several.
func (t *turn) namedProduct(ps []map[string]any, question string, items bool) string {
	said := map[string]bool{}
	for _, w := range productWords(question) {
		said[w] = true
	}
	var titles []string
	for _, p := range ps {
		titles = append(titles, str(p, "source"))
	}
	if st := t.req.State; st != nil && items {
		for _, o := range st.Orders {
			for _, l := range stateOrderLines(st, o.Name) {
				titles = append(titles, itemTitle(l))
			}
		}
	}
	// A title is named by its noun (its last word), or by a longer word
	// of it no other title has ("coffee" for the coffee kit).
	names := map[string][]string{}
	count := map[string]int{}
	for _, title := range titles {
		// A guide's title is "<product> – <what it covers>".
		name, _, _ := strings.Cut(title, " – ")
		name, _, _ = strings.Cut(name, ": ")
		if _, ok := names[name]; ok {
			continue
		}
		names[name] = words(name)
		for _, w := range names[name] {
			count[w]++
		}
	}
	found := ""
	for _, tw := range names {
		if len(tw) == 0 {
			continue
		}
		head := tw[len(tw)-1]
		named := said[head]
		for _, w := range tw[:len(tw)-1] {
			named = named || len(w) >= 5 && count[w] == 1 && said[w] && !function[w] && !qualifiers[w]
		}
		if !named {
			continue
		}
		if found != "" && found != head {
			return ""
		}
		found = head
	}
	return found
}

// ofProduct are the passages of ps whose source names noun.
func ofProduct(ps []map[string]any, noun string) []map[string]any {
	var out []map[string]any
	for _, p := range ps {
		for _, w := range words(str(p, "source")) {
			if w == noun {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// productRetry is the search to make when question names a product and
// the passages found are all another product's guide: the product's noun
// with the question's topic. "" when nothing better can be tried.
func (t *turn) productRetry(c call, question string) string {
	ps := list(c.result, "passages")
	noun := t.namedProduct(ps, question, true)
	if len(ps) == 0 || noun == "" || len(ofProduct(ps, noun)) > 0 {
		// Nothing found is the other searches' (docsRetry, narrowDocs).
		return ""
	}
	q := docsQueryWiden(question, false)
	if f := foreignPolicyQuery(question); f != "" {
		q = f
	}
	if !strings.Contains(" "+strings.ToLower(q)+" ", " "+noun+" ") {
		q = noun + " " + q
	}
	return q
}

// answeredAbove reports whether the passages a reply quoted already say
// what question asks: most of its topic words are in them.
func answeredAbove(question string, quoted []map[string]any) bool {
	if len(quoted) == 0 {
		return false
	}
	have := map[string]bool{}
	for _, p := range quoted {
		for _, w := range words(str(p, "section") + " " + str(p, "text")) {
			have[w] = true
		}
	}
	n, got := 0, 0
	for _, w := range words(docsQueryWiden(question, false)) {
		if function[w] || qualifiers[w] {
			continue
		}
		n++
		if sameWord(have, w) || sharesWord(have, w) {
			got++
		}
	}
	return n > 0 && got*2 >= n
}

// ownGuide narrows the passages ps to the guide of the product question
// names. ok is false when it names one whose guide is not among them and
// this is the turn's first search: another product's guide is no answer,
// and a search for the product itself comes next (productRetry).
func (t *turn) ownGuide(ps []map[string]any, question string) ([]map[string]any, bool) {
	if noun := t.namedProduct(ps, question, false); noun != "" {
		if own := ofProduct(ps, noun); len(own) > 0 {
			return own, true
		}
	}
	if noun := t.namedProduct(ps, question, true); noun != "" && len(ofProduct(ps, noun)) == 0 && t.searches() == 1 {
		return nil, false
	}
	return ps, true
}

// searches is how many searches of the guides this turn made.
func (t *turn) searches() int {
	n := 0
	for _, c := range t.calls {
		if c.name == toolname.SearchDocs {
			n++
		}
	}
	return n
}
