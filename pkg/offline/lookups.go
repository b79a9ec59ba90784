package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Questions that only look something up, asked together: where the order
// is, where the refund is, and what the guides say. Each is looked up with
// its own tool, in the order asked, and each answered.

// lookupOf is the tool that answers question q when it only looks
// something up: track_order for where the order is, refund_status for
// where a refund is, search_docs for the guides; "" for anything else (a
// request, a greeting).
func lookupOf(q string) string {
	norm := normalise(q)
	low := strings.ToLower(q)
	if resolutionTool(q) != "" || newAddress(q) != nil {
		return ""
	}
	in := classify(norm)
	switch {
	case isPolicyQuestion(norm) && !mineRe.MatchString(low), in == intentHowTo && !mineRe.MatchString(low):
		return toolname.SearchDocs
	case in == intentStatus, in == intentLate && lateChoice(q) == "":
		return toolname.TrackOrder
	case in == intentRefund && refundStatusAskRe.MatchString(norm):
		return toolname.RefundStatus
	}
	return ""
}

// refundStatusAskRe asks where a refund is, not for one: "did my refund go
// through", "where's my money", "has it been refunded".
var refundStatusAskRe = regexp.MustCompile(`\b(?:did|has|have|was|is|were|where(?:'s| is)?|wheres|when|any (?:news|update)|status)\b.*\b(?:refund|my money|money back)|\brefund\w*\b.*\b(?:yet|through|issued|processed|gone|sent|status)\b`)

// lookups is the step of a message whose questions all look something
// up, at least one the order's whereabouts and one a refund's: each
// tool in turn, then every answer. ok is false for any other message.
func (t *turn) lookups(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil {
		return agent.Message{}, false
	}
	qs := questions(t.text)
	if len(qs) < 2 {
		return agent.Message{}, false
	}
	var order []string // the lookups of the order and the refund, once each
	var docsQs []string
	seen := map[string]bool{}
	for _, q := range qs {
		tool := lookupOf(q)
		switch {
		case tool == toolname.SearchDocs:
			docsQs = append(docsQs, t.withReferent(q))
		case tool != "" && !seen[tool]:
			seen[tool] = true
			order = append(order, tool)
		case tool == "" && contentWords(normalise(q)) > 0 && classify(normalise(q)) != intentGreeting && classify(normalise(q)) != intentThanks:
			return agent.Message{}, false // a request: not only lookups
		}
	}
	if !seen[toolname.TrackOrder] || !seen[toolname.RefundStatus] {
		return agent.Message{}, false
	}
	for i := 0; i < n && i < len(order); i++ {
		if t.calls[i].name != order[i] {
			return agent.Message{}, false
		}
	}
	if n < len(order) {
		return toolCall(n, order[n], t.orderArg()), true
	}
	var parts []string
	for _, c := range t.calls[:len(order)] {
		parts = append(parts, t.answer(c))
	}
	if len(docsQs) > 0 {
		next, last := docsSearches(docsQs, t.calls[len(order):], len(order))
		if next != "" {
			return toolCall(n, toolname.SearchDocs, map[string]any{"query": next}), true
		}
		quoted := map[string]bool{}
		for i, c := range last {
			if text, ok := t.docsReply(c, docsQs[i], quoted); ok {
				parts = append(parts, text)
			} else {
				parts = append(parts, t.answer(c))
			}
		}
	}
	return say("%s", strings.Join(parts, "\n\n")), true
}

// bareWhenRe is a short question that asks only "when?" of what was said
// before: "when then?", "so when?", "ok, by when?".
var bareWhenRe = regexp.MustCompile(`(?i)^\s*(?:and|so|ok(?:ay)?|then|hm+|right)?[,\s]*(?:when|whens|when's|by when|how long|how soon|what day|eta)(?:\s+(?:then|now|exactly|roughly|approximately|about|do you think|would that be))?[\s?!.]*$`)

// notHereAfterDelivered reports whether the customer says they do not
// have an order the agent's last reply said was delivered: "but I don't
// have it", "nothing at the door".
func (t *turn) notHereAfterDelivered() bool {
	if !t.verified || !strings.Contains(strings.ToLower(t.lastBot), "delivered") || len(t.text) > 120 {
		return false
	}
	switch t.intent {
	case intentPerson, intentReturn, intentAddress, intentHowTo:
		return false
	}
	return notThereRe.MatchString(strings.ToLower(normalise(t.text)))
}

// statusInstead is the step in place of a tool the order's stage does not
// offer when what the customer asked is whether a parcel not yet
// delivered is lost or late ("is my order lost?"): where it is.
func (t *turn) statusInstead(tool string) (agent.Message, bool) {
	if tool != toolname.ReportNotReceived || !t.verified || len(t.calls) > 0 {
		return agent.Message{}, false
	}
	return toolCall(0, toolname.TrackOrder, t.orderArg()), true
}

// itemReferent is a question of a multi-question message that says "it"
// with the item an earlier question of the message named: "when is the
// lamp coming, and how do I clean it?" asks how to clean the lamp.
func (t *turn) itemReferent(q string, earlier []string) string {
	if !pronounRe.MatchString(q) {
		return q
	}
	for _, w := range words(q) {
		if t.namesThing(w) {
			return q
		}
	}
	for i := len(earlier) - 1; i >= 0; i-- {
		ws := words(earlier[i])
		for j := len(ws) - 1; j >= 0; j-- {
			if t.namesThing(ws[j]) {
				return q + " (" + ws[j] + ")"
			}
		}
	}
	return q
}

// afterFragment is q without a fragment held before it: "the candle, is it
// ok …" is "is it ok …".
func afterFragment(q string) string {
	if i := strings.Index(q, ", "); i > 0 && fragmentRe.MatchString(q[:i]) {
		return q[i+2:]
	}
	return q
}

// foreignTopicRe is a policy topic of a question in another language that
// "delivery" alone would read as an order's status: what it costs, the
// policy, returns, refunds, care.
var foreignTopicRe = regexp.MustCompile(`\b(?:cost|policy|returns?|refund|care|clean|wash)\b`)

// statusAndRequest is the step of a message that asks where its order is
// and asks for one thing done to it ("has it shipped? if not, cancel
// it"): track_order, then the request's tool, then the status and the
// request's answer (a proposal, or why the stage does not allow it). ok is
// false for any other message; an address is statusAndAddress's, a
// parcel marked delivered that is not there is its own tool's.
func (t *turn) statusAndRequest(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.intent == intentPerson {
		return agent.Message{}, false
	}
	qs := questions(t.text)
	if len(qs) < 2 {
		return agent.Message{}, false
	}
	status := false
	var tool, text string
	for _, q := range qs {
		switch r := resolutionTool(q); {
		case r != "" && tool != "":
			return agent.Message{}, false // several requests: severalRequests'
		case r != "":
			tool, text = r, q
		case lookupOf(q) == toolname.TrackOrder:
			status = true
		case lookupOf(q) != "":
			return agent.Message{}, false // a question for the guides too: extraQuestions'
		}
	}
	if !status || tool == "" || tool == toolname.ReportNotReceived {
		return agent.Message{}, false
	}
	switch {
	case n == 0:
		return toolCall(0, toolname.TrackOrder, t.orderArg()), true
	case n == 1 && t.calls[0].name == toolname.TrackOrder:
		sub := *t
		sub.text, sub.prevText = text, ""
		sub.intent = classify(normalise(text))
		return toolCall(1, tool, sub.resolutionArgs(tool)), true
	case n == 2 && t.calls[0].name == toolname.TrackOrder && t.calls[1].name == tool:
		return say("%s\n\n%s", t.answer(t.calls[0]), t.answer(t.calls[1])), true
	}
	return agent.Message{}, false
}
