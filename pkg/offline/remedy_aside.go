package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// The customer's choice of remedy with another question beside it, after
// the agent asked "replacement or refund?" (trial 11a: "replacement
// please, and do i have to be home to sign?" lost the replacement and got
// an unrelated passage). The choice is read alone, so report_damage
// proposes it; the question, which no tool answers, gets an honest line
// after the proposal and the offer of a person. A send-back question is
// damagedBack's: the proposal itself says whether anything goes back.

// remedyThenAskRe is a remedy chosen, then another part that asks.
var remedyThenAskRe = regexp.MustCompile(`(?i)^\s*((?:(?:a|the|i'?ll take|i want|i'?d like|go with|let'?s do)\s+)?(?:replacement|replacment|replacemnt|refund|refnd|store credit|credit|money back|new one)(?:\s+(?:please|pls|plz|then|i guess|is fine|is better))?)\s*(?:[,.;!]+\s*|\s+)(?:and|also|but|oh|btw|plus)?[\s,]*(.{6,})$`)

// remedyAside reads a remedy chosen with a question beside it as the
// choice alone, holding the question for withHeldAsk. It reports whether
// it did.
func (t *turn) remedyAside() bool {
	if t.heldAsk != "" || !remedyAskedRe.MatchString(t.lastBot) {
		return t.heldAsk != ""
	}
	m := remedyThenAskRe.FindStringSubmatch(t.text)
	if m == nil || backAskRe.MatchString(m[2]) {
		return false
	}
	q := strings.TrimSpace(m[2])
	if !strings.HasSuffix(q, "?") && !openAskRe.MatchString(q) {
		return false
	}
	t.text, t.heldAsk = m[1], q
	t.intent = classify(normalise(t.text))
	return true
}

// withHeldAsk adds, to the reply that ends the turn, an honest line for
// the question held beside the remedy.
func (t *turn) withHeldAsk(msg agent.Message) agent.Message {
	if t.heldAsk == "" || hasToolUse(msg) {
		return msg
	}
	return say("%s\n\n%s", msg.Text(), fmt.Sprintf("About your other question (%q): I can't answer that from what I can see here, and I'd rather not guess. A member of our team can tell you if you'd like.", strings.TrimRight(t.heldAsk, " ")))
}
