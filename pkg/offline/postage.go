package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A question about what sending a return back costs, or about its label
// ("is return postage free?", "would I have to pay for return shipping?",
// "will you send me a return label?", "¿tengo que pagar el envío de la
// devolución?", "muss ich den Rückversand bezahlen?", "les frais de
// retour sont à ma charge ?"), with or without an order in the
// conversation: the shop's own passage on return shipping answers it,
// and nothing is proposed. Not the return policy's window, and no return.

// postageReturnRe is a word of the going-back part of such a question,
// read on the message and on its normalised words ("send it back" is
// "return it"); postageCostRe a word of the cost or label part.
var (
	postageReturnRe = regexp.MustCompile(`^(?:returns?|returning|returned|rückversand\p{L}*|rücksendung\p{L}*|rückporto|retoure\p{L}*|retour|renvoi|devoluci[oó]n)$`)
	postageCostRe   = regexp.MustCompile(`^(?:shipping|postage|labels?|pay|paying|pays|cost|costs|charge|charged|free|fees?|porto|versand\p{L}*|bezahlen|zahlen|kostenlos|kosten|gratis|pagar|costo|coste|env[ií]o|etiqueta|etikett|frais|payer|gratuit\p{L}*|étiquette)$`)
	// postagePhraseRe are cost phrases of several words: one cost word.
	postagePhraseRe = regexp.MustCompile(`(?i)\b(?:on me|my expense|à ma charge|a mi cargo|auf meine kosten)`)
	// postageBreak are words that start another question between the two
	// parts ("the return policy and shipping costs").
	postageBreak = map[string]bool{"and": true, "or": true, "also": true, "plus": true, "policy": true, "y": true, "und": true, "et": true, "política": true, "politique": true}
)

// postageNear reports whether s has a going-back word and a cost word at
// most five words apart, with nothing between them that starts another
// question.
func postageNear(s string) bool {
	toks := regexp.MustCompile(`[\p{L}']+`).FindAllString(postagePhraseRe.ReplaceAllString(s, " cost "), -1)
	for i, a := range toks {
		if !postageReturnRe.MatchString(a) {
			continue
		}
		for j, b := range toks {
			if j == i || j-i > 6 || i-j > 6 || !postageCostRe.MatchString(b) {
				continue
			}
			lo, hi := min(i, j), max(i, j)
			broken := false
			for _, w := range toks[lo+1 : hi] {
				broken = broken || postageBreak[w]
			}
			if !broken {
				return true
			}
		}
	}
	return false
}

// wantsReturnNowRe asks for a return in so many words: that request is
// the return flow's, whatever else the message asks.
var wantsReturnNowRe = regexp.MustCompile(`(?i)\b(?:i(?:'d| would)? (?:want|like|wish|need) to (?:return|send)|please (?:return|start|send)|start (?:a|the|my) return|go ahead)\b`)

// returnShippingQuestion is what the guides are searched and ranked by
// for it.
const returnShippingQuestion = "who pays return shipping postage, return label"

// asksReturnPostage reports whether text asks what sending a return back
// costs, or about a return label.
func asksReturnPostage(text string) bool {
	if wantsReturnNowRe.MatchString(text) {
		return false
	}
	for _, s := range []string{strings.ToLower(text), strings.ToLower(normalise(text))} {
		for _, sentence := range regexp.MustCompile(`[.?!\n]+`).Split(s, -1) {
			if postageNear(sentence) {
				return true
			}
		}
	}
	return false
}

// returnPostage answers a question about return shipping from the
// guides, and reports whether it did.
func (t *turn) returnPostage(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.intent == intentPerson || !asksReturnPostage(t.text) {
		return agent.Message{}, false
	}
	if st := t.req.State; st != nil && st.Answered != nil && t.reoffered {
		return agent.Message{}, false // a question about the proposal stated: termsAnswer
	}
	if n == 0 {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": docsQuery(returnShippingQuestion)}), true
	}
	last := t.calls[n-1]
	if last.name != toolname.SearchDocs {
		return agent.Message{}, false
	}
	if text, ok := t.docsReply(last, returnShippingQuestion, nil); ok && !last.isErr {
		return say("%s", text), true
	}
	return say("I couldn't find what return shipping costs in our guides, and I'd rather not guess: a member of our team can tell you if you'd like."), true
}
