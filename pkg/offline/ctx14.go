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
	if t.order != "" {
		return t.ctx14Pending(n)
	}
	if resolutionTool(t.text) == toolname.CancelOrder {
		// "can the kettle order be cancelled instead?", "cancel the othr
		// order then": the cancel steps read which order (refer11.go).
		return agent.Message{}, false
	}
	name, fits := agent.DescribedOrder(t.text, st.Orders, st.Done, t.ctx14Discussed())
	if name == "" && len(fits) == 0 && ctx14OtherTypoRe.MatchString(t.text) {
		other := *t
		other.text = ctx14OtherTypoRe.ReplaceAllString(t.text, "other")
		name = other.otherOrder()
	}
	if name == "" && len(fits) == 0 && ctx14WhereToRe.MatchString(t.text) && ctx14ChangedRe.MatchString(t.text) {
		name = t.ctx14Changed() // "where is it being shipped to, i changed it earlier"
	}
	switch {
	case len(fits) > 1 && n == 0:
		return say("Which order do you mean? %s", t.ctx14Orders(fits)), true
	case name == "" && len(fits) == 0:
		return t.ctx14NoSuchItem(n)
	case name == "":
		return agent.Message{}, false
	}
	sub := *t
	sub.order = name
	if m, ok := sub.ctx14Pending(n); ok {
		return m, true
	}
	if name == t.discussed() {
		return agent.Message{}, false // no other order: the rest reads it as before
	}
	if m, ok := sub.ctx14Ask(n); ok {
		return m, true
	}
	m := sub.plan()
	if !hasToolUse(m) && !strings.Contains(m.Text(), name) {
		// The customer moved to another order: the reply says which.
		m = say("About order %s: %s", name, m.Text())
	}
	return m, true
}

// ctx14Discussed is the one order the agent's last reply spoke of, or ""
// (none, or a list of several).
func (t *turn) ctx14Discussed() string {
	found := ""
	for _, m := range orderRe.FindAllStringSubmatch(t.lastBot, -1) {
		if found != "" && found != "#"+m[1] {
			return ""
		}
		found = "#" + m[1]
	}
	return found
}

// ctx14WhereToRe asks where an order goes: "where is it being shipped
// to", "where is the one i changed the address on going".
var ctx14WhereToRe = regexp.MustCompile(`(?i)\bwhere\b.{0,50}\b(?:going|go|goes|ship\w*|sent|sending|deliver\w*|headed|heading)\b|\bwhich address\b|\bwhat address\b`)

// ctx14RefundAskRe asks after a refund's money: "did i get my money back",
// "how much did i get back", "combien", "cuánto", "wie viel".
var ctx14RefundAskRe = regexp.MustCompile(`(?i)\b(?:did|has|have|was|is|were)\b.{0,30}\b(?:refund\w*|money back|get back|got back|go through|gone through|come through|came through)|\bhow much\b.{0,30}\b(?:back|refund\w*)|\bcombien\b|\bcu[aá]nto\b|\bwie ?viel\b`)

// ctx14AskID marks the look-up this hook made for a question about the
// order described.
const ctx14AskID = "_ctx14ask"

// ctx14Ask answers the two questions about the described order that the
// words around its description mislead other readers on: where it goes,
// and whether or how much of it was refunded.
func (t *turn) ctx14Ask(n int) (agent.Message, bool) {
	kind := agent.DescribedKind(t.text)
	if ctx14WhereToRe.MatchString(t.text) && (kind == "address_changed" || t.ctx14Changed() == t.order || !addressChangeRe.MatchString(strings.ToLower(t.text))) && newAddress(t.text) == nil {
		sub := *t
		sub.text = "which address is my order going to"
		sub.intent = classify(normalise(sub.text))
		if orderAskOf(sub.text) != orderAskNone {
			return sub.orderFacts(n)
		}
	}
	tool := toolname.RefundStatus
	switch {
	case ctx14RefundAskRe.MatchString(t.text):
	case ctx14WhenRe.MatchString(t.text) && !r11ActsRe.MatchString(t.text) && !ctx14WantsRe.MatchString(t.text) && newAddress(t.text) == nil:
		tool = toolname.TrackOrder // "the skillet one, will it make it before saturday?"
	default:
		return agent.Message{}, false
	}
	if n == 0 {
		m := toolCall(n, tool, map[string]any{"order_number": t.order})
		m.Blocks[0].ToolUse.ID += ctx14AskID
		return m, true
	}
	if c := t.calls[n-1]; c.name == tool && strings.HasSuffix(c.id, ctx14AskID) {
		return say("%s", t.answer(c)), true
	}
	return agent.Message{}, false
}

// ctx14WhenRe asks when or whether an order comes, or where it is.
var ctx14WhenRe = regexp.MustCompile(`(?i)\b(?:make it|get here|gets here|arriv\w*|come|comes|coming|came|deliver\w*|be here|show up|ship\w*|where|when|track\w*|eta|estimate|kommt|llega|arrive)\b`)

// ctx14WantsRe asks for something done to an order, not when it comes.
var ctx14WantsRe = regexp.MustCompile(`(?i)\b(?:remove|add|take (?:off|out)|change|swap|switch|upgrade|hold|stop|pause|wrap|split)\b`)

// ctx14ChangedRe says the customer changed something earlier.
var ctx14ChangedRe = regexp.MustCompile(`(?i)\b(?:chang|updat)\w*\b`)

// ctx14Changed is the one order whose address this conversation changed,
// or "".
func (t *turn) ctx14Changed() string {
	found := ""
	for _, d := range t.req.State.Done {
		if d.Tool != toolname.ChangeAddress {
			continue
		}
		if found != "" && found != d.Order {
			return ""
		}
		found = d.Order
	}
	return found
}

// ctx14NoSuchItem answers a short follow-up naming an order by an item
// none of the customer's orders holds ("and the lamp one?"): it says so
// and lists the orders they have.
func (t *turn) ctx14NoSuchItem(n int) (agent.Message, bool) {
	words := agent.DescribedItemWords(t.text)
	// Another language's words are no item's ("meine nächste Bestellung"
	// is my next order): only English is read for an item no order holds.
	// An answer to the agent's question ("the frist one pls" after
	// "replacement or refund?"), or a message naming an order number, is
	// no description of an order.
	if len(words) == 0 || len(strings.Fields(t.text)) > 8 || language(t.text) != "" || strings.HasSuffix(strings.TrimSpace(t.lastBot), "?") || ctx14DigitRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	for _, w := range words {
		// A misspelt common word ("curent", "otehr") is no item either.
		if ctx14NotThing[w] || t.ctx14InTitles(w) || strings.ToLower(normalise(w)) != w || ctx14NearNotThing(w) {
			return agent.Message{}, false
		}
	}
	return t.ctx14Listed(n, func(list string) string {
		return fmt.Sprintf("I don't see a %s in any of your orders. %s", strings.Join(words, " "), list)
	})
}

// ctx14InTitles reports whether w is a word of any of the customer's
// items' titles or variants.
func (t *turn) ctx14InTitles(w string) bool {
	for _, o := range t.req.State.Orders {
		for _, it := range o.Items {
			for _, iw := range words(strings.ToLower(it)) {
				if near(stemWord(iw), stemWord(w)) {
					return true
				}
			}
		}
	}
	return false
}

// ctx14NotThing are words a customer calls an order by that name no item:
// its size, price, purpose or time.
var ctx14NotThing = map[string]bool{"big": true, "small": true, "large": true, "huge": true, "little": true, "expensive": true, "cheap": true,
	"cheaper": true, "gift": true, "birthday": true, "christmas": true, "holiday": true, "recent": true, "latest": true, "earlier": true,
	"older": true, "newer": true, "previous": true, "current": true, "open": true, "pending": true, "active": true, "late": true,
	"missing": true, "lost": true, "broken": true, "damaged": true, "second": true, "third": true, "free": true, "express": true,
	"original": true, "replacement": true, "return": true, "returned": true, "cancelled": true, "refunded": true, "delivered": true,
	"shipped": true, "other": true, "first": true, "last": true, "new": true, "old": true, "whole": true, "one": true, "your": true,
	"his": true, "her": true, "our": true, "their": true, "same": true, "wrong": true, "right": true, "correct": true}

// ctx14List lists the customer's orders when the message asks for them.
func (t *turn) ctx14List(n int) (agent.Message, bool) {
	if t.order != "" || !ctx14ListRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	return t.ctx14Listed(n, func(list string) string { return list })
}

// ctx14Listed lists the customer's orders (list_orders, this hook's
// call) and says reply(the list).
func (t *turn) ctx14Listed(n int, reply func(list string) string) (agent.Message, bool) {
	if n == 0 {
		m := toolCall(n, toolname.ListOrders, map[string]any{})
		m.Blocks[0].ToolUse.ID += ctx14ListID
		return m, true
	}
	c := t.calls[n-1]
	if c.name != toolname.ListOrders || !strings.HasSuffix(c.id, ctx14ListID) {
		return agent.Message{}, false
	}
	return say("%s", reply(t.answer(c))), true
}

// ctx14Pending answers the customer's previous question on the order this
// message only points at ("the one i cancelled today, 1001" after "did
// the refund go through?"), when the reply to it was about another order.
func (t *turn) ctx14Pending(n int) (agent.Message, bool) {
	if t.prevText == "" || !agent.OnlyPointsAtOrder(t.text) {
		return agent.Message{}, false
	}
	prev := strings.TrimSpace(orderRe.ReplaceAllString(t.prevText, " "))
	if t.order == t.discussed() && !ctx14RefundAskRe.MatchString(prev) {
		// The reply was about this order: answered. A refund asked after
		// is answered again with its figure.
		return agent.Message{}, false
	}
	pi := classify(normalise(prev))
	if pi == intentNone || pi == intentGreeting || pi == intentThanks || pi == intentPerson {
		return agent.Message{}, false
	}
	sub := *t
	sub.text, sub.intent, sub.prevText = prev, pi, ""
	if m, ok := sub.ctx14Ask(n); ok {
		return m, true
	}
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

// ctx14DigitRe is a digit: a message with a number names its order.
var ctx14DigitRe = regexp.MustCompile(`\d`)

// ctx14NearNotThing reports whether w is a misspelling of a word of
// ctx14NotThing ("curent", "othr", "frist"): no item either.
func ctx14NearNotThing(w string) bool {
	for n := range ctx14NotThing {
		if len(n) >= 4 && near(w, n) {
			return true
		}
	}
	return false
}
