package offline

import (
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// A yes that asks a question as well ("yes, and when will the refund
// arrive?"): code confirmed the proposal (agent.YesAndAsks); the answer
// says what was done and answers the question, from what was done when it
// can, from the docs otherwise.

// yesQuestion is the question the customer's confirming yes asked, or "".
func (t *turn) yesQuestion() string {
	if t.confirmed == nil {
		return ""
	}
	return agent.YesAndAsks(t.text)
}

// afterYesQuestion answers a confirming yes with a question: what was done,
// then the answer; a question the outcome does not answer is looked up in
// the docs first (n is the turn's tool calls so far).
func (t *turn) afterYesQuestion(n int) (agent.Message, bool) {
	q := t.yesQuestion()
	if q == "" {
		return agent.Message{}, false
	}
	done := t.answer(*t.confirmed)
	if a := t.fromOutcome(q); a != "" {
		return say("%s\n\n%s", done, a), true
	}
	if n == 0 {
		return toolCall(n, agent.ToolSearchDocs, map[string]any{"query": q}), true
	}
	if last := t.calls[n-1]; last.name == agent.ToolSearchDocs {
		return say("%s\n\n%s", done, t.answer(last)), true
	}
	return agent.Message{}, false
}

// fromOutcome answers q from what the confirmed proposal does, or "".
func (t *turn) fromOutcome(q string) string {
	low := strings.ToLower(q)
	c := t.confirmed
	keep, _ := c.result["keep_it"].(bool)
	comesBack := c.name == agent.ToolStartReturn || c.name == agent.ToolExchangeItem || (c.name == agent.ToolReportDamage && !keep)
	switch {
	case has(low, "refund", "money", "reembolso", "erstattung", "remboursement"):
		if comesBack && str(c.result, "resolution") != "replacement" {
			return "About your question: the refund goes to your original payment method as soon as the items are back with us and checked; it usually shows within 5 to 10 business days after that."
		}
		return "About your question: a refund to your original payment method usually shows within 5 to 10 business days."
	case has(low, "label", "send it back", "send them back", "ship it back", "how do i return", "where do i send"):
		if comesBack {
			return "About your question: the email with how to send it back is on its way to the address on your order; it says where to send it and how."
		}
	case has(low, "arrive", "ship", "deliver", "tracking", "get it", "get the new", "come"):
		if c.name == agent.ToolExchangeItem || str(c.result, "resolution") == "replacement" {
			return "About your question: it ships as soon as it's ready, and you'll get the tracking details by email the moment it does."
		}
	}
	return ""
}
