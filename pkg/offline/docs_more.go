package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Two guide questions a no-context trial saw refused (issue 18): how long
// delivery takes in general ("how long does shipping normally take?"),
// which is the shipping policy's, not the customer's own order; and what
// a product is made of ("is it soy or beeswax?"), which its guide's
// opening passage says, or does not.

var (
	// usualRe asks about the general case, not one order.
	usualRe = regexp.MustCompile(`(?i)\b(?:normally|usually|usual|typically|typical|in general|generally|on average|average|roughly|standard|normal)\b`)
	// howLongDeliveryRe asks how long shipping or delivery takes.
	howLongDeliveryRe = regexp.MustCompile(`(?i)\b(?:how long|how many days|how much time|how quick\w*|how fast|how soon|time|times|timeframe|time frame)\b[^.?!]*\b(?:ship\w*|deliver\w*|arriv\w*|get here|get to me|transit|take|takes)\b` +
		`|\b(?:ship\w*|deliver\w*)\b[^.?!]*\b(?:time|times|take|takes|how long)\b`)
	// deliveryTimeQuestion is the question the guides' passages are
	// ranked against, in the words guides use for it.
	deliveryTimeQuestion = "how long does delivery take, shipping days"

	// materialRe asks what a thing is made of.
	materialRe = regexp.MustCompile(`(?i)\bmade (?:of|from|out of|with)\b|\bwhat(?:'s| is| are)?\s+(?:it|they|the\s+\p{L}+|\p{L}+)\s+made\b|\bmaterials?\b|\bwhat kind of (?:wax|wood|material|fabric|metal|clay)\b`)
	// choiceRe asks which of two a thing is: "is the X soy or Y?".
	choiceRe = regexp.MustCompile(`(?i)^\s*(?:is|are)\s+(?:the|this|that|these|those|your|my)\s+[\p{L} -]{2,40}?\s+(?:made (?:of|from|out of|with)\s+)?(?:an?\s+)?((?:\p{L}{3,}\s+)?\p{L}{3,})\s+or\s+(?:an?\s+)?((?:\p{L}{3,}\s+)?\p{L}{3,})\s*\??\s*$`)
	// notMaterialRe are words of a choice that is not a material: a
	// resolution, a yes or no, a size.
	notMaterialRe = regexp.MustCompile(`(?i)^(?:not|no|yes|return\w*|exchange\w*|refund\w*|replace\w*|cancel\w*|credit|ship\w*|deliver\w*|arriv\w*|today|tomorrow|later|now|big\w*|small\w*|larger|smaller|new|used|open\w*)$`)
	// guideTitleCutRe ends a guide's title where its product's name ends:
	// "Product – care guide".
	guideTitleCutRe = regexp.MustCompile(`\s+[–—-]\s+|:\s`)
)

// moreAsks is plan's hook for this file and cant_more.go: store credit
// asked in place of a refund, how long delivery usually takes, and what a
// product is made of.
func (t *turn) moreAsks(n int) (agent.Message, bool) {
	if m, ok := t.creditInstead(); ok {
		return m, true
	}
	if t.confirmed != nil {
		return agent.Message{}, false
	}
	if m, ok := t.usualDelivery(n); ok {
		return m, true
	}
	return t.materialAsk(n)
}

// usualDelivery answers how long delivery usually takes from the guides.
func (t *turn) usualDelivery(n int) (agent.Message, bool) {
	low := strings.ToLower(normalise(t.text))
	if !usualRe.MatchString(low) || !howLongDeliveryRe.MatchString(low) || mineRe.MatchString(strings.ToLower(t.text)) ||
		len(questions(t.text)) > 1 {
		return agent.Message{}, false
	}
	switch {
	case n == 0:
		return toolCall(0, toolname.SearchDocs, map[string]any{"query": docsQuery(deliveryTimeQuestion)}), true
	case n == 1 && t.calls[0].name == toolname.SearchDocs:
		if text, ok := t.docsReply(t.calls[0], deliveryTimeQuestion, nil); ok && !t.calls[0].isErr {
			return say("%s", text), true
		}
		return say("I couldn't find how long delivery usually takes in our guides, and I'd rather not guess: a member of our team can help if you'd like."), true
	}
	return agent.Message{}, false
}

// materialAsk answers what a product is made of from its guide's opening
// passage (the one before any section): a search in the customer's words
// without the choices they name, then one for the guide's product by its
// title when the first did not bring the opening passage. Asked "A or
// B?", the reply says which the guide names, or that it names neither.
func (t *turn) materialAsk(n int) (agent.Message, bool) {
	if language(t.text) != "" || len(questions(t.text)) > 1 {
		return agent.Message{}, false
	}
	var choices []string
	if m := choiceRe.FindStringSubmatch(t.text); m != nil && !notMaterialRe.MatchString(m[1]) && !notMaterialRe.MatchString(m[2]) {
		choices = []string{m[1], m[2]}
	}
	if choices == nil && !materialRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	for _, c := range t.calls {
		if c.name != toolname.SearchDocs {
			return agent.Message{}, false
		}
	}
	switch n {
	case 0:
		q := t.text
		for _, c := range choices {
			q = regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(c)+`\b`).ReplaceAllString(q, " ")
		}
		q = materialRe.ReplaceAllString(q, " ")
		query := docsQuery(t.withReferent(q))
		if len(words(query)) == 0 {
			return agent.Message{}, false
		}
		return toolCall(0, toolname.SearchDocs, map[string]any{"query": query}), true
	case 1:
		ps := list(t.calls[0].result, "passages")
		title := t.guideOf(ps)
		if title == "" {
			return agent.Message{}, false // no product's guide: the rest of the model answers
		}
		if guideOpening(ps, title) == nil {
			return toolCall(1, toolname.SearchDocs, map[string]any{"query": guideTitleCutRe.Split(title, 2)[0]}), true
		}
		return say("%s", materialReply(ps, title, choices)), true
	case 2:
		title := t.guideOf(list(t.calls[0].result, "passages"))
		ps := append(list(t.calls[1].result, "passages"), list(t.calls[0].result, "passages")...)
		return say("%s", materialReply(ps, title, choices)), true
	}
	return agent.Message{}, false
}

// guideOf is the source of the first passage whose product the customer
// named: a guide whose title shares a word with the message.
func (t *turn) guideOf(ps []map[string]any) string {
	said := map[string]bool{}
	for _, w := range words(normalise(t.withReferent(t.text))) {
		said[w] = true
	}
	for _, p := range ps {
		src := str(p, "source")
		name := guideTitleCutRe.Split(src, 2)[0]
		if name == src {
			continue // a title without a product's name: a policy page
		}
		for _, w := range words(name) {
			if said[w] {
				return src
			}
		}
	}
	return ""
}

// guideOpening is title's opening passage among ps, or nil.
func guideOpening(ps []map[string]any, title string) map[string]any {
	for _, p := range ps {
		if str(p, "source") == title && str(p, "section") == "" {
			return p
		}
	}
	return nil
}

// materialReply quotes the opening passage of title's guide, saying which
// of choices it names, or that it names neither.
func materialReply(ps []map[string]any, title string, choices []string) string {
	p := guideOpening(ps, title)
	if p == nil {
		return fmt.Sprintf("I'm sorry, I couldn't find what it's made of in our guide (%s), and I'd rather not guess. A member of our team can check for you if you'd like.", title)
	}
	text := str(p, "text")
	quote := fmt.Sprintf("Here's what our guide says (%s):\n%s", title, text)
	if len(choices) == 0 {
		return quote
	}
	low := strings.ToLower(text)
	for _, c := range choices {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(strings.ToLower(c)) + `\b`).MatchString(low) {
			return quote
		}
	}
	return fmt.Sprintf("Our guide doesn't say whether it's %s or %s, and I'd rather not guess. A member of our team can check for you if you'd like.\n\n%s", choices[0], choices[1], quote)
}

func init() {
	// How long delivery takes, asked in any words: the shipping days.
	concepts = append(concepts, struct {
		when  *regexp.Regexp
		try   []string
		widen string
	}{regexp.MustCompile(`\b(?:how long|how many days|how much time)\b[^.?!]*\b(?:ship\w*|shiping|deliver\w*)\b[^.?!]*\btake\w*\b|\b(?:ship\w*|shiping|deliver\w*)\b[^.?!]*\b(?:time|times|timeframe)\b`),
		[]string{"delivery takes days"}, "delivery takes days"})
}
