package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// keepsOrderRe is a cancellation turned down in the customer's own words:
// "dont cancel", "no need to cancel", "ill keep it", "never mind
// cancelling". Read as a request to cancel, it had the agent answer a
// cancellation nobody asked for (trial 9b).
var keepsOrderRe = regexp.MustCompile(`(?i)\b(?:don'?t|dont|do not|no need to|not|never ?mind|nvm)\s+(?:to\s+)?(?:cancel|cancle)(?:l?ing|l?ed)?\b(?:\s+(?:it|that|the order|my order))?|\bi'?ll keep (?:it|them|the order)\b|\bi(?:'d| would| will) (?:rather )?keep (?:it|them|the order)\b`)

// noCancelRe is the turned-down cancellation alone: "dont cancel it".
var noCancelRe = regexp.MustCompile(`(?i)\b(?:don'?t|dont|do not|no need to|never ?mind|nvm)\s+(?:to\s+)?(?:cancel|cancle)(?:l?ing|l?ed)?\b(?:\s+(?:it|that|the order|my order))?`)

// keepWordsRe is what is left of such a message when it says nothing
// more: fillers and punctuation.
var keepWordsRe = regexp.MustCompile(`(?i)\b(?:ok(?:ay)?|nah|no|nope|actually|wait|hmm+|then|so|please|pls|thanks|thank you|thx|just|yeah|yes|ya)\b|[^\p{L}\d]+`)

// keep10 answers a message that only turns a cancellation down: nothing
// changes, and the order stays as it is. A message with more in it goes
// on without the turned-down clause, so "dont cancel, where is it?" is
// the status question.
func (t *turn) keep10(n int) (agent.Message, bool) {
	if n > 0 || t.confirmed != nil || t.declined || t.inPart || !keepsOrderRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	rest := strings.TrimSpace(keepsOrderRe.ReplaceAllString(t.text, " "))
	if strings.TrimSpace(keepWordsRe.ReplaceAllString(rest, "")) != "" {
		// More in the message: a turned-down cancellation comes off it
		// ("dont cancel it, just tell me where it is"); "I'll keep them"
		// stays, as it turns down what the rest says ("thought about a
		// refund for the mugs but I'll keep them").
		if noCancelRe.MatchString(t.text) {
			t.text = strings.TrimSpace(noCancelRe.ReplaceAllString(t.text, " "))
			t.intent = classify(normalise(t.text))
		}
		return agent.Message{}, false
	}
	order := t.order
	if order == "" {
		order = t.currentOrder()
	}
	if order != "" {
		return say("Alright, nothing changes: order %s stays as it is. If there's anything else about it, just ask here.", order), true
	}
	return say("Alright, nothing changes: your order stays as it is. If there's anything else about it, just ask here."), true
}
