package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Replies that name items: the answer to the agent's own question "Which
// items would you like to return?" (read from the request's State, not
// the reply's wording), "can I do that for <item>?" after a question
// about returns, and "until when can I return <item>?".

// itemReply takes the step for a message that names items in reply to the
// conversation so far, and reports whether it did.
func (t *turn) itemReply(n int) (agent.Message, bool) {
	if m, ok := t.termsAnswer(n); ok {
		return m, true
	}
	if m, ok := t.returnDeadline(n); ok {
		return m, true
	}
	args, ok := t.itemsAnswer()
	if !ok {
		args, ok = t.sameForItems()
	}
	if !ok {
		return agent.Message{}, false
	}
	if n == 0 {
		return toolCall(n, toolname.StartReturn, args), true
	}
	if last := t.calls[n-1]; last.name == toolname.StartReturn {
		return say("%s", t.answer(last)), true
	}
	return agent.Message{}, false
}

// allAnswerRe is an answer that takes every item: "everything", "all of
// them", "both".
var allAnswerRe = regexp.MustCompile(`(?i)^\W*(?:(?:ok(?:ay)?|well|um+|hmm+|then|just|please|i guess)[\s,]+)*(?:everything|all of (?:it|them)|all (?:the )?items|the (?:whole|entire) order|the lot|both(?: of them)?|all)\b`)

// answerBlockers are intents that are a new request, not an answer to
// "which items?".
func answerBlocked(i intent) bool {
	switch i {
	case intentPerson, intentAddress, intentStatus, intentLate, intentRefund:
		return true
	}
	return false
}

// itemsAnswer is start_return's input when this message answers the
// agent's question which items to return (its previous reply asked:
// State.Before): the items it names of the order, by title words,
// plurals, typos or another language's nouns, "both mugs", "all of
// them", or a number of units of the item named before.
func (t *turn) itemsAnswer() (map[string]any, bool) {
	if !t.verified || t.confirmed != nil || !t.before(toolname.StartReturn, "asked") || len(t.text) > 160 {
		return nil, false
	}
	low := strings.ToLower(strings.TrimSpace(t.text))
	if answerBlocked(t.intent) || (t.intent == intentHowTo && (strings.Contains(low, "?") || howToRe.MatchString(low))) {
		return nil, false
	}
	if tool := resolutionTool(t.text); tool != "" && tool != toolname.StartReturn {
		return nil, false
	}
	return t.returnOf(t.text, t.prevText)
}

// sameRe points a request back at the previous one for another thing:
// "can I do that for the kit?", "same for the mug", "that for the board too".
var sameRe = regexp.MustCompile(`(?i)\b(?:do|does|get|have) (?:that|this|it|the same|one)(?: too| as well)? (?:for|with|on)\b|\bsame (?:for|with)\b|^\W*(?:and |ok(?:ay)?,? |so )?that for\b`)

// sameForItems is start_return's input for "can I do that for <item>?"
// after the customer's previous message asked about returns ("what's
// your return policy?"): the return of the items it names.
func (t *turn) sameForItems() (map[string]any, bool) {
	if !t.verified || t.confirmed != nil || !sameRe.MatchString(t.text) || answerBlocked(t.intent) {
		return nil, false
	}
	if prev := strings.ToLower(normalise(t.prevText)); classify(prev) != intentReturn && !strings.Contains(prev, "return") && !sendBackAnyRe.MatchString(prev) {
		return nil, false
	}
	args, ok := t.returnOf(t.text, "")
	if !ok || args["all"] == true {
		return nil, false
	}
	return args, true
}

// returnOf is start_return's input for the items text names of the
// current order (or "all"), with the reason and the resolution of text
// or of prev, the customer's message before; false when it names none.
func (t *turn) returnOf(text, prev string) (map[string]any, bool) {
	args := t.orderArg()
	name, _ := args["order_number"].(string)
	if name == "" {
		name = t.currentOrder()
		if name != "" {
			args["order_number"] = name
		}
	}
	lines := t.orderLines(name)
	kept := withKept(args, lines, text)
	items := namedItems(lines, text)
	if len(items) == 0 && prev != "" {
		// "just one" or "2" after "how many?": the item named before.
		if q := max(unitsSaid(text), unitsAnswer(text)); q > 0 {
			if before := namedItems(lines, prev); len(before) == 1 {
				items = before
				items[0]["quantity"] = q
			}
		}
	}
	switch {
	case kept:
	case len(items) > 0:
		args["items"] = items
	case allAnswerRe.MatchString(text) || wantsAll(text):
		args["all"] = true
	default:
		return nil, false
	}
	for _, s := range []string{text, prev} {
		if r := returnReason(s); r != "" {
			args["reason"] = r
			break
		}
	}
	if agent.WantsCredit(text) || agent.WantsCredit(prev) {
		args["resolution"] = "store_credit"
	}
	return args, true
}

// deadlineRe asks until when something can be done: "until when", "how
// long do I have", "what's the last day".
var deadlineRe = regexp.MustCompile(`(?i)\b(?:(?:until|till|til|up to|up until|by) when|how (?:long|many days) (?:do i|have i|do we|have we|would i|will i|i) (?:have|got|get)|how (?:much time|many days)(?: do i have| is| are)? left|(?:last|final) (?:day|date)|deadline|cut-?off|when (?:does|is|do) (?:the|my) (?:return )?window (?:close|end|run out)|when (?:is it|does it) too late)\b`)

// deadlineAsked reports whether the customer asks until when they can
// return something: this message, or the one before when this one only
// gives an order number or email.
func (t *turn) deadlineAsked() bool {
	ask := func(s string) bool {
		n := strings.ToLower(normalise(s))
		return (deadlineRe.MatchString(s) || deadlineRe.MatchString(n) || deadlineRe.MatchString(untilFixed(n))) && (strings.Contains(n, "return") || strings.Contains(n, "send") && strings.Contains(n, "back")) &&
			t.aboutTheirs(s)
	}
	if ask(t.text) {
		return true
	}
	return (t.order != "" || t.email != "") && onlyNames(t.text) && ask(t.prevText)
}

// returnDeadline answers "until when can I return it?" with the last day
// of the order's return window, from track_order: no return proposed.
func (t *turn) returnDeadline(n int) (agent.Message, bool) {
	if !t.deadlineAsked() || t.confirmed != nil || t.intent == intentPerson {
		return agent.Message{}, false
	}
	if n == 0 {
		if !t.verified {
			if t.order != "" && t.email != "" {
				return toolCall(n, toolname.VerifyCustomer, map[string]any{"order_number": t.order, "email": t.email}), true
			}
			t.intent = intentReturn
			return say("%s", t.askToVerify()), true
		}
		return toolCall(n, toolname.TrackOrder, t.deadlineOrder()), true
	}
	last := t.calls[n-1]
	switch {
	case last.name == toolname.VerifyCustomer && !last.isErr:
		return toolCall(n, toolname.TrackOrder, t.deadlineOrder()), true
	case last.name != toolname.TrackOrder || last.isErr:
		return agent.Message{}, false
	}
	r := last.result
	name := str(r, "order_number")
	if name == "" {
		name, _ = t.deadlineOrder()["order_number"].(string)
	}
	what := "items from order " + name
	for _, s := range []string{t.text, t.prevText} {
		if items := namedItems(t.orderLines(name), s); len(items) == 1 {
			if l := t.lineNamed(name, s); l != "" {
				what = "the " + l + " (order " + name + ")"
			}
			break
		}
	}
	if end := str(r, "return_window_ends"); end != "" {
		return say("You can return %s until %s. If you'd like to send it back, just tell me which items and I'll set up the return.", what, end), true
	}
	switch str(r, "stage") {
	case "past_return_window":
		return say("I'm sorry, the return window for order %s has closed, so I can't start a return here. A member of our team can look at exceptions if you'd like.", name), true
	}
	days := ""
	if st := t.req.State; st != nil && st.ReturnWindowDays > 0 {
		days = fmt.Sprintf("%d days", st.ReturnWindowDays)
	}
	if days == "" {
		return say("%s\n\nThe return window starts once it's delivered.", t.answer(last)), true
	}
	return say("%s\n\nOnce it's delivered, you have %s to return it.", t.answer(last), days), true
}

// deadlineOrder is the order a deadline question is about: the one named,
// else the one holding an item named, else the current one.
func (t *turn) deadlineOrder() map[string]any {
	args := t.orderArg()
	if _, ok := args["order_number"]; !ok {
		if cur := t.currentOrder(); cur != "" {
			args["order_number"] = cur
		}
	}
	return args
}

// lineNamed is the title of the one line of order name that text names,
// or "".
func (t *turn) lineNamed(name, text string) string {
	found := ""
	for _, l := range t.orderLines(name) {
		if len(namedItems([]string{l}, text)) > 0 {
			if found != "" {
				return ""
			}
			found = itemTitle(l)
		}
	}
	return found
}

// typoOf is the word of lw (an order line's words) that w misspells
// ("cofee", "mugg"), as the agent's check of the customer's words allows
// (agent.NearlySaid), or "".
func typoOf(lw map[string]bool, w string) string {
	s, best := stemWord(w), ""
	for k := range lw {
		if (agent.NearlySaid(k, s) || agent.NearlySaid(k, w)) && (best == "" || k < best) {
			best = k
		}
	}
	return best
}

// termsAnswer answers a question about the proposal the last reply stated
// ("how much would I get back?"): code stated it again (State.Answered:
// lapsed, reoffered), with its amount; the reply answers and leaves the
// yes to the customer.
func (t *turn) termsAnswer(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || st == nil || st.Answered == nil || !t.reoffered || t.expired || !agent.AsksAboutProposal(t.text) {
		return agent.Message{}, false
	}
	a := st.Answered
	low := strings.ToLower(t.text)
	var b strings.Builder
	b.WriteString("Good question: I haven't started anything yet. ")
	switch {
	case a.Amount != "" && has(low, "how much", "what would i get", "what will i get", "what do i get", "total", "amount", "cuánto", "cuanto", "wie viel", "wieviel", "combien"):
		what := "a refund to your original payment method"
		if a.Resolution == "store_credit" {
			what = "store credit"
		}
		fmt.Fprintf(&b, "You'd get %s as %s.", a.Amount, what)
	case a.Tool == toolname.CancelOrder && a.Amount != "" && has(low, "shipping", "postage", "envío", "envio", "versand", "livraison"):
		b.WriteString("Yes: " + cancelRefundsAll(a.Amount))
	case a.Tool == toolname.StartReturn && has(low, "when", "how long", "how soon", "cuándo", "cuando", "wann", "quand"):
		b.WriteString("The refund is made once the items are back with us and checked; it usually shows within 5 to 10 business days after that.")
	default:
		b.WriteString("Here's exactly what I'd do, with what you'd get:")
	}
	return say("%s", b.String()), true
}

// theirsRe points at the customer's own order or things: "my order", "it".
var theirsRe = regexp.MustCompile(`(?i)\b(?:it|them|my (?:order|purchase|items?|stuff|things)|this order|these|those)\b|#\s?\d{3,}`)

// aboutTheirs reports whether s asks about the customer's own order or
// items (an order number, "it", an item of their orders), not the policy
// in general ("how long do I have to send something back?": the guides).
func (t *turn) aboutTheirs(s string) bool {
	if theirsRe.MatchString(s) {
		return true
	}
	st := t.req.State
	if st == nil {
		return false
	}
	for _, o := range st.Orders {
		if namesItem(stateOrderLines(st, o.Name), s) {
			return true
		}
	}
	return false
}

// sendBackAnyRe is sending things back in any words: "send things back".
var sendBackAnyRe = regexp.MustCompile(`\b(?:send|ship|post|mail)\b(?:\s+\S+){0,3}\s+back\b`)

// unitsAnswerRe is a number of units alone: "just one", "2 please".
var unitsAnswerRe = regexp.MustCompile(`(?i)^\W*(?:(?:ok(?:ay)?|just|only|please)[\s,]+)*(one|a single one|two|three|1|2|3)(?:\s+(?:of them|please|thanks|thank you))*\W*$`)

// unitsAnswer is the number of units a message that says only a number
// gives, or 0.
func unitsAnswer(text string) int {
	m := unitsAnswerRe.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	switch strings.ToLower(m[1]) {
	case "one", "a single one", "1":
		return 1
	case "two", "2":
		return 2
	}
	return 3
}

// untilFixed is s with "until" misspelt ("untill", "unitl") spelt right.
func untilFixed(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		if w != "until" && near("until", w) {
			f[i] = "until"
		}
	}
	return strings.Join(f, " ")
}
