package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Another order of the same customer (issue 18, ctx14): a verified
// customer with several orders points at one without its number ("the
// skillet one", "my cancelled order", "the one i changed the address on")
// or asks what orders they have. A trial answered such follow-ups about
// the order the conversation was on. Code makes the described order the
// current one (agent.DescribedOrder, before the model runs); this hook
// makes it the order the tools act on, asks which when two fit, lists the
// customer's orders when asked for them, and answers the question still
// pending when the message only names the order it was about.

// ctx14ListID marks the order list this hook asked for.
const ctx14ListID = "_ctx14"

// ctx14ListRe asks for the customer's orders: "what other orders do i
// have", "order history", "¿qué otros pedidos tengo?", "welche
// Bestellungen habe ich", "mes autres commandes".
var ctx14ListRe = regexp.MustCompile(`(?i)\b(?:(?:what|which|wat|wich|any) (?:other |else |more )?orders?\b.{0,20}\b(?:i|do i|have|got|made|placed|with)|other orders?\b.{0,12}\b(?:i have|do i have|have i|i got|i made|i placed|on my account|under my)|(?:all|list|show)(?: of)?(?: me)? my (?:\w+ )?orders|my orders\b|orders? hist\w*|(?:purchase|buying) hist\w*|(?:otros|mis|qué|que|cuáles|cuales) pedidos|welche bestellungen|meine (?:anderen |übrigen )?bestellungen|andere bestellungen|(?:mes|autres|quelles) (?:autres )?commandes)\b`)

// ctx14OtherTypoRe is "other" as customers mistype it.
var ctx14OtherTypoRe = regexp.MustCompile(`(?i)\b(?:othr|ohter|otehr|oher|othet|otha|uther)\b`)

// ctx14 binds a follow-up to the order it describes.
func (t *turn) ctx14(n int) (agent.Message, bool) {
	st := t.req.State
	if !t.verified || st == nil || len(st.Orders) < 2 || t.confirmed != nil || t.declined || t.inPart {
		return agent.Message{}, false
	}
	if m, ok := t.ctx14List(n); ok {
		return m, true
	}
	if t.order == "" {
		name, fits := agent.DescribedOrder(t.text, st.Orders, st.Done, t.discussed())
		if name == "" && len(fits) == 0 && ctx14OtherTypoRe.MatchString(t.text) {
			other := *t
			other.text = ctx14OtherTypoRe.ReplaceAllString(t.text, "other")
			name = other.otherOrder()
		}
		if len(fits) > 1 && n == 0 {
			return say("Which order do you mean? %s", t.ctx14Orders(fits)), true
		}
		if name == "" {
			return agent.Message{}, false
		}
		t.order = name
	}
	return t.ctx14Pending(n)
}

// ctx14List lists the customer's orders when the message asks for them.
func (t *turn) ctx14List(n int) (agent.Message, bool) {
	if t.order != "" || !ctx14ListRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	if n == 0 {
		m := toolCall(n, toolname.ListOrders, map[string]any{})
		m.Blocks[0].ToolUse.ID += ctx14ListID
		return m, true
	}
	c := t.calls[n-1]
	if c.name != toolname.ListOrders || !strings.HasSuffix(c.id, ctx14ListID) {
		return agent.Message{}, false
	}
	return say("%s", t.answer(c)), true
}

// ctx14Pending answers the customer's previous question on the order this
// message only points at ("the one i cancelled today, 1001" after "did
// the refund go through?"), when the reply to it was about another order.
func (t *turn) ctx14Pending(n int) (agent.Message, bool) {
	if t.prevText == "" || !agent.OnlyPointsAtOrder(t.text) || t.order == t.discussed() {
		return agent.Message{}, false
	}
	prev := strings.TrimSpace(orderRe.ReplaceAllString(t.prevText, " "))
	pi := classify(normalise(prev))
	if pi == intentNone || pi == intentGreeting || pi == intentThanks || pi == intentPerson {
		return agent.Message{}, false
	}
	sub := *t
	sub.text, sub.intent, sub.prevText = prev, pi, ""
	return sub.plan(), true
}

// ctx14Orders describes orders for the question which one: number, items
// and stage.
func (t *turn) ctx14Orders(names []string) string {
	var parts []string
	for _, o := range t.req.State.Orders {
		for _, name := range names {
			if o.Name == name {
				parts = append(parts, fmt.Sprintf("%s (%s: %s)", o.Name, joinAnd(stateOrderLines(t.req.State, o.Name)), o.Stage))
			}
		}
	}
	return strings.Join(parts, " or ") + "?"
}
