package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// A question about one of the customer's items in many words ("my skilett
// has some orange rust spots, how do i get rid of them") finds nothing in
// one search: the documentation search answers only when most of the
// question's words are in a passage, and "orange" and "spots" are not.
// The item's noun with each of the question's other words, searched side
// by side in one step ("skillet rust", "skillet orange", ...), finds the
// passage the topic word is in; the answer is the passage that shares
// most of the question's words.

// maxNarrow bounds the searches of one narrowing step.
const maxNarrow = 6

// namedItemNoun is the noun (its title's last word, as the title spells
// it) of the one item of the customer's orders the question names by a
// word of its title, typos allowed, and that item's title words; "" when
// it names none, or several equally.
func (t *turn) namedItemNoun(text string) (string, map[string]bool) {
	st := t.req.State
	if st == nil {
		return "", nil
	}
	said := wordRe.FindAllString(strings.ToLower(agent.WithProductNouns(t.itemSpelling(text))), -1)
	best, bestN, tie := "", 0, false
	var bestWords map[string]bool
	seen := map[string]bool{}
	for _, o := range st.Orders {
		for _, line := range stateOrderLines(st, o.Name) {
			title := itemTitle(line)
			if seen[title] {
				continue
			}
			seen[title] = true
			tw := wordRe.FindAllString(strings.ToLower(title), -1)
			if len(tw) == 0 {
				continue
			}
			n, named := 0, map[string]bool{}
			for _, w := range tw {
				for _, s := range said {
					if titleWordSaid(w, s) {
						n++
						named[s] = true
						break
					}
				}
			}
			switch {
			case n > bestN:
				best, bestN, tie, bestWords = tw[len(tw)-1], n, false, named
			case n == bestN && n > 0 && tw[len(tw)-1] != best:
				tie = true
			}
		}
	}
	if tie || best == "" {
		return "", nil
	}
	return best, bestWords
}

// titleWordSaid reports whether the customer's word s is the title word w:
// the same, its plural, or a typo of it ("skilett", "mugg").
func titleWordSaid(w, s string) bool {
	if len([]rune(w)) < 3 || function[w] || stop[w] {
		return false
	}
	if w == s || stemWord(w) == stemWord(s) {
		return true
	}
	if n := len([]rune(w)); n == 3 {
		return len([]rune(s)) == 4 && strings.HasPrefix(s, w)
	}
	d := typo.Distance(w, s)
	// Two slips in a long word that starts right: "skilett".
	return d <= typo.Limit(len([]rune(w))) || d == 2 && len([]rune(w)) >= 6 && strings.HasPrefix(s, w[:3])
}

// sharesWord reports whether the passage's words pw have the question's
// word w, or a typo of it ("frist": first), or a longer form of it its
// stem starts ("shrinc": shrinkage).
func sharesWord(pw map[string]bool, w string) bool {
	if sameWord(pw, w) {
		return true
	}
	n := len([]rune(w))
	for p := range pw {
		switch {
		case n >= 5 && len(p) > n && strings.HasPrefix(p, w[:n-1]):
			return true
		case n >= 3 && len(p) > n && len(p) <= n+3 && strings.HasPrefix(p, w):
			return true // "oil": oiling
		}
	}
	return false
}

// sameWord reports whether the words pw have w, or a typo of it.
func sameWord(pw map[string]bool, w string) bool {
	if pw[w] {
		return true
	}
	n := len([]rune(w))
	if n < 4 {
		return false
	}
	for p := range pw {
		if p[0] == w[0] && typo.Distance(w, p) <= typo.Limit(n) {
			return true
		}
	}
	return false
}

// narrowFillers are words of a question that say nothing of its topic.
var narrowFillers = map[string]bool{"often": true, "stuff": true, "thing": true, "things": true, "kinda": true, "kind": true,
	"sort": true, "lol": true, "now": true, "got": true, "looks": true, "look": true, "looking": true, "seems": true, "seem": true,
	"bit": true, "little": true, "lot": true, "lots": true, "all": true, "some": true, "then": true, "them": true, "rid": true,
	"hii": true, "hiya": true, "help": true, "question": true, "wondering": true, "think": true, "anyone": true}

// narrowQueries are the item's noun with each other word of the question
// that may carry its topic, as searches; none when the question names no
// item of the customer's.
func (t *turn) narrowQueries(text string) []string {
	noun, named := t.namedItemNoun(text)
	if noun == "" {
		noun = t.partNoun(text)
	}
	if noun == "" {
		return nil
	}
	for _, p := range docsPhrases {
		text = p.re.ReplaceAllString(text, p.with)
	}
	var out []string
	seen := map[string]bool{}
	for _, w := range wordRe.FindAllString(strings.ToLower(normaliseWords(agent.WithProductNouns(t.itemSpelling(text)))), -1) {
		w = foldAccents(w)
		if len([]rune(w)) < 3 || function[w] || stop[w] || narrowFillers[w] || named[w] || seen[w] || titleWordSaid(noun, w) {
			continue
		}
		seen[w] = true
		out = append(out, noun+" "+w)
		if len(out) == maxNarrow {
			break
		}
	}
	return out
}

// theNounRe is a thing named by its article: "the dripper".
var theNounRe = regexp.MustCompile(`\b(?:the|this|that|its)\s+([a-z]+)\b`)

// orderNouns name the order and its journey, not a thing in it.
var orderNouns = map[string]bool{"order": true, "orders": true, "package": true, "parcel": true, "delivery": true, "shipping": true,
	"return": true, "returns": true, "refund": true, "label": true, "tracking": true, "carrier": true, "address": true, "policy": true,
	"box": true, "email": true, "website": true, "site": true, "shop": true, "store": true, "money": true, "item": true, "items": true}

// partNoun is the noun of a thing the question names by its article that
// no item title has ("the dripper" of a kit): with a verified order in
// view, the guides' passages that mention it are the order's item's. ""
// when there is none, or no order in view.
func (t *turn) partNoun(text string) string {
	st := t.req.State
	if st == nil || !t.verified || stateCurrentOrder(st) == "" {
		return ""
	}
	for _, m := range theNounRe.FindAllStringSubmatch(strings.ToLower(text), -1) {
		w := m[1]
		if len(w) < 4 || function[w] || stop[w] || narrowFillers[w] || plainWords[w] || qualifiers[w] || orderNouns[w] || orderNouns[correct(w)] {
			continue
		}
		return w
	}
	return ""
}

// searches is one step of several searches, side by side.
func searches(n int, queries []string) agent.Message {
	var blocks []agent.Block
	for i, q := range queries {
		m := toolCall(n, toolname.SearchDocs, map[string]any{"query": q})
		u := *m.Blocks[0].ToolUse
		u.ID = fmt.Sprintf("%s_%d", u.ID, i)
		blocks = append(blocks, agent.Block{ToolUse: &u})
	}
	return agent.Message{Role: agent.RoleAssistant, Blocks: blocks}
}

// narrowed reports whether this turn's searches after the first are
// queries's, and all the passages of its searches in the order found.
func (t *turn) narrowed(queries []string) (bool, call) {
	var done []string
	all := call{name: toolname.SearchDocs, result: map[string]any{}}
	var ps []any
	for _, c := range t.calls {
		if c.name != toolname.SearchDocs {
			continue
		}
		done = append(done, str(c.input, "query"))
		for _, p := range list(c.result, "passages") {
			ps = append(ps, p)
		}
	}
	all.result["passages"] = ps
	if len(queries) == 0 || len(done) < len(queries) {
		return false, all
	}
	tail := done[len(done)-len(queries):]
	for i, q := range queries {
		if tail[i] != q {
			return false, all
		}
	}
	return true, all
}

// narrowDocs is the step for a question about one of the customer's items
// that the first search did not answer: the narrower searches, then the
// answer from all that they found, or "I don't know".
func (t *turn) narrowDocs(n int) (agent.Message, bool) {
	if n == 0 || t.confirmed != nil {
		return agent.Message{}, false
	}
	for _, c := range t.calls {
		if c.name != toolname.SearchDocs || c.isErr {
			return agent.Message{}, false
		}
	}
	queries := t.narrowQueries(t.text)
	if len(queries) == 0 {
		return agent.Message{}, false
	}
	done, all := t.narrowed(queries)
	if !done {
		if n != 1 {
			return agent.Message{}, false
		}
		if _, ok := t.docsReply(t.calls[0], t.withReferent(t.text), nil); ok {
			return agent.Message{}, false
		}
		return searches(n, queries), true
	}
	if text, ok := t.docsReply(all, t.withReferent(t.text), nil); ok {
		return say("%s", text), true
	}
	return say("%s", dontKnow), true
}

// symptomAskRe asks whether what the customer sees is as it should be:
// "is that normal?", "is it broken?", "is that mold?", "did I get a dud?".
var symptomAskRe = regexp.MustCompile(`\b(?:is|are) (?:that|it|this|these|they|mine) (?:normal|ok|okay|fine|broken|defective|faulty|damaged|mou?ld|mildew|supposed to|meant to|expected|a (?:problem|defect|fault))\b|\b(?:did|have) i (?:get|got|receive) a (?:dud|faulty|defective|broken|bad)\b|\bis (?:something|anything) wrong\b`)

// symptomWishRe says what the customer wants done about it: a request,
// not a question whether it is normal.
var symptomWishRe = regexp.MustCompile(`\b(?:want|would like|like|need|please|pls|can you|could you|i'd like)\b[^.?!]*\b(?:return|refund|replace|replacement|exchange|report|new one|send)\b`)

// symptomNote follows the guide's answer to a question whether something
// is normal: the customer may see something else.
const symptomNote = "If that isn't what you're seeing, tell me what happened and I can report it as damaged or faulty, or pass you to a member of our team."

// symptomQuestion is the step for a question whether what the customer
// sees on one of their items is normal or a fault: the item's guide is
// searched (the question's words, and the item's noun with each other
// word) and its passage on it quoted, with the offer of a damage report
// or a person when it is not what they see; a report is offered at once
// when no guide has it.
func (t *turn) symptomQuestion(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.prevText != "" {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	if !symptomAskRe.MatchString(low) || symptomWishRe.MatchString(low) || permissionRe.MatchString(low) || orderRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	queries := t.narrowQueries(t.text)
	if len(queries) == 0 {
		return agent.Message{}, false
	}
	for _, c := range t.calls {
		if c.name != toolname.SearchDocs || c.isErr {
			return agent.Message{}, false
		}
	}
	all := append([]string{docsQuery(t.itemSpelling(t.text))}, queries...)
	if n == 0 {
		return searches(n, all), true
	}
	done, found := t.narrowed(all)
	if !done {
		return agent.Message{}, false
	}
	if text, ok := t.docsReply(found, t.itemSpelling(t.text), nil); ok {
		return say("%s\n\n%s", text, symptomNote), true
	}
	return say("I couldn't find anything about that in our guides, so I'd rather not guess. If it arrived damaged or faulty, tell me what happened and I can report it, or I can pass you to a member of our team."), true
}

// stillAskRe asks whether a return is still possible: "can I still send
// it back", "is it too late to return".
var stillAskRe = regexp.MustCompile(`\b(?:can|could|may) (?:i|we) still\b|\bis it too late\b|\bam i still (?:able|allowed|in time)\b|\bstill (?:returnable|eligible)\b`)

// stillOpen answers "can I still return it?" before the offer to start
// the return: yes, until the day the order's return window ends (its
// track_order result this turn); "" for any other message.
func (t *turn) stillOpen() string {
	if !stillAskRe.MatchString(strings.ToLower(t.text)) {
		return ""
	}
	c := t.called(toolname.TrackOrder)
	if c == nil {
		return ""
	}
	if e := str(c.result, "return_window_ends"); e != "" {
		return fmt.Sprintf("Yes, you can still return it: the return window is open until %s. ", e)
	}
	return ""
}
