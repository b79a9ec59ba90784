package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A product question that names no product ("is it dishwasher safe?",
// "what's it made of?") is about the customer's item when their order has
// one; with several items, or no order, the agent asks which product it
// is about rather than answering from whichever guide the search finds
// first. Its answer is quoted only from that item's guide: another
// product's guide is no answer.

// itPronounRe is a question that points at a thing without naming it.
var itPronounRe = regexp.MustCompile(`(?i)\b(?:it|its|it's|they|them|this|that one|this one)\b`)

// productAskRe is a question about what a thing is or how it is used or
// looked after, in words classify's how-to may not know.
var productAskRe = regexp.MustCompile(`(?i)\b(?:made (?:of|from|out of)|what(?:'s| is) it made|material|how (?:big|heavy|tall|wide|large|much does it weigh)|weigh|dimensions?|capacity|safe|temp(?:erature)?|wash|clean|dry|store|care|use|oil)\b`)

// productReferent is the title of the item a product question with no
// product of its own is about (the current order's only item), or ask
// when the agent must ask which product it means. ok is false when the
// message is no such question.
func (t *turn) productReferent() (title string, ask, ok bool) {
	if t.prevText != "" || t.confirmed != nil || !itPronounRe.MatchString(t.text) {
		return "", false, false
	}
	norm := normalise(t.text)
	if t.intent != intentHowTo && !(t.intent == intentNone && productAskRe.MatchString(t.text)) {
		return "", false, false
	}
	if resolutionTool(t.text) != "" || cancelRe.MatchString(norm) || isPolicyQuestion(norm) || foreignPolicyQuery(t.text) != "" {
		return "", false, false
	}
	for _, w := range words(agent.WithProductNouns(t.text)) {
		if t.namesThing(w) {
			return "", false, false // it names its item itself
		}
	}
	if namesSomething(t.text) {
		return "", false, false
	}
	lines := t.orderLines(t.currentOrder())
	if len(lines) == 1 {
		return itemTitle(lines[0]), false, true
	}
	return "", true, true
}

// namesSomething reports whether a question has a word that may name a
// thing: one that is no function word, no word of what is done with a
// thing, and no appliance.
func namesSomething(q string) bool {
	// "can I iron it": the word after "can I" is what is done to it.
	q = askVerbRe.ReplaceAllString(q, " ")
	for _, w := range strings.Fields(docsQueryWiden(itPronounRe.ReplaceAllString(q, " "), false)) {
		lw := strings.ToLower(w)
		if function[lw] || qualifiers[lw] || actionWords.MatchString(lw) || applianceRe.MatchString(lw) || productAskRe.MatchString(lw) {
			continue
		}
		if len(lw) >= 3 && !stop[lw] && !genericAsk[lw] {
			return true
		}
	}
	return false
}

// askVerbRe is a question's opening and the verb after it: "can I iron",
// "should we oil", whose verb names no thing.
var askVerbRe = regexp.MustCompile(`(?i)\b(?:can|could|should|shall|may|do|how (?:do|should|can|often should)) (?:i|we|you|u) \p{L}+`)

// genericAsk are words of a product question that name no thing.
var genericAsk = map[string]bool{"made": true, "properly": true, "right": true, "correctly": true, "should": true, "normal": true,
	"material": true, "big": true, "heavy": true, "much": true, "many": true, "what's": true, "whats": true, "dishwasher-safe": true,
	"microwave-safe": true, "oven-safe": true, "tips": true, "ways": true, "weigh": true, "weight": true, "size": true}

// productQuestion is the step for a product question that names no
// product: search that item's guide, answer from it alone, or ask which
// product.
func (t *turn) productQuestion(n int) (agent.Message, bool) {
	title, ask, ok := t.productReferent()
	if !ok {
		return agent.Message{}, false
	}
	if ask {
		if lines := t.orderLines(t.currentOrder()); len(lines) > 1 {
			var names []string
			for _, l := range lines {
				names = append(names, "the "+itemTitle(l))
			}
			return say("Happy to help with that. Which item is it about: %s?", strings.Join(names, " or ")), true
		}
		return say("Happy to help with that. Which product is your question about?"), true
	}
	q := t.text + " (" + title + ")"
	if n == 0 {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": docsQuery(q)}), true
	}
	last := t.calls[n-1]
	if last.name != toolname.SearchDocs || last.isErr {
		return agent.Message{}, false
	}
	own := ownPassages(last, title)
	// Ranked by the question's own words: the item's title is in all
	// of its guide's passages.
	if text, ok := t.docsReply(own, t.text, nil); ok {
		return say("%s", text), true
	}
	if n < 2 {
		// The item's name and the topic alone.
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": fmt.Sprintf("%s %s", itemHead(title), docsQueryWiden(t.text, false))}), true
	}
	return say("%s", dontKnow), true
}

// ownPassages is c with only the passages of title's own guide: those
// whose source names the item's noun.
func ownPassages(c call, title string) call {
	head := itemHead(title)
	var keep []any
	for _, p := range list(c.result, "passages") {
		for _, w := range words(str(p, "source")) {
			if w == head {
				keep = append(keep, p)
				break
			}
		}
	}
	out := c
	out.result = map[string]any{"passages": keep}
	return out
}

// itemHead is the noun of an item's title, stemmed: its last word.
func itemHead(title string) string {
	tw := words(title)
	if len(tw) == 0 {
		return ""
	}
	return tw[len(tw)-1]
}
