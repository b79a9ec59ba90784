package offline

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
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
	return t.yesAsked() // multi10.go
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
	if m, ok := t.yesOrderAnswer(n, q, done); ok {
		return m, true // multi10.go
	}
	if n == 0 {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": q}), true
	}
	if last := t.calls[n-1]; last.name == toolname.SearchDocs {
		return say("%s\n\n%s", done, t.answer(last)), true
	}
	return agent.Message{}, false
}

// fromOutcome answers q from what the confirmed proposal does, or "".
func (t *turn) fromOutcome(q string) string {
	low := strings.ToLower(q)
	c := t.confirmed
	keep, _ := c.result["keep_it"].(bool)
	comesBack := c.name == toolname.StartReturn || c.name == toolname.ExchangeItem || (c.name == toolname.ReportDamage && !keep)
	switch {
	case c.name == toolname.FollowUp && promiseAskRe.MatchString(low):
		return "About your question: that's what I've just promised above: if it hasn't arrived by then, I'll do exactly that and let you know here." // follow7.go
	case c.name == toolname.CancelOrder && str(c.result, "shipping_refunded") != "" && has(low, "shipping", "postage", "delivery", "envío", "versand", "port"):
		// two15.go: the refund's make-up, as the statement said it
		return fmt.Sprintf("About your question: yes, the refund of %s is everything you paid, the %s shipping included.", str(c.result, "refund"), str(c.result, "shipping_refunded"))
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
		if c.name == toolname.ExchangeItem || str(c.result, "resolution") == "replacement" {
			return "About your question: it ships as soon as it's ready, and you'll get the tracking details by email the moment it does."
		}
	}
	return ""
}

// A correction right after a proposal ("no, both mugs please", "the
// mugs, for sea glass"): code declined or lapsed the proposal; the model
// states a new one with the correction, keeping the rest of what was
// stated, for its own yes.

// moreRe asks for more units than one.
var moreRe = regexp.MustCompile(`(?i)\b(?:both|all of them|two of them|the two|2 of them|all \d+)\b`)

// stateItemRe is a proposal's line as State gives it: "1 × Mug (Sea Glass)".
var stateItemRe = regexp.MustCompile(`^\d+ × ([^(]+?)(?: \((.*)\))?$`)

// correction is the tool call that states the corrected proposal, when the
// customer's message corrects the one their message did not confirm.
func (t *turn) correction(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || st == nil || st.Answered == nil || st.Answered.Expired || st.Answered.Reoffered {
		return agent.Message{}, false
	}
	a := st.Answered
	if a.Status != "declined" && a.Status != "lapsed" {
		return agent.Message{}, false
	}
	if m, ok := t.addressCorrection(n, a.Tool); ok {
		return m, true
	}
	tool := a.Tool
	switch tool {
	case toolname.StartReturn, toolname.ReportDamage, toolname.ExchangeItem:
	default:
		return agent.Message{}, false
	}
	again := tool == toolname.StartReturn && t.asksRefundAgain()
	if rt := resolutionTool(t.text); !again && ((rt != "" && rt != tool) || (t.intent != intentNone && t.intent != intentReturn) || t.order != "") {
		return agent.Message{}, false // another request
	}
	name := t.currentOrder()
	about, want := t.text, ""
	if loc := wantRe.FindStringIndex(t.text); tool == toolname.ExchangeItem && loc != nil {
		// "the mugs, for charcoal": the items, then what they want.
		about, want = t.text[:loc[0]], wanted(t.text)
	}
	items := namedItems(t.orderLines(name), about)
	more := moreRe.MatchString(about)
	fewer := 0
	if len(items) == 0 && !more {
		fewer = fewerSaid(about) // "actually just one of them"
	}
	if len(items) == 0 && again {
		items = statedItems(a.Items) // the refund asked for is the return stated
	}
	if len(items) == 0 && !more && want == "" && fewer == 0 {
		return agent.Message{}, false
	}
	if len(items) == 0 && fewer > 0 {
		items = fewerOfStated(a.Items, fewer)
	}
	if len(items) == 0 { // "no, both": the stated items, more of them
		for _, it := range a.Items {
			if m := stateItemRe.FindStringSubmatch(it); m != nil {
				items = append(items, map[string]any{"title": "both " + m[1] + " " + m[2]})
			}
		}
	}
	args := map[string]any{}
	if name != "" {
		args["order_number"] = name
	}
	switch tool {
	case toolname.StartReturn:
		args["items"] = items
		if a.Reason != "" && a.Reason != "UNKNOWN" {
			args["reason"] = a.Reason
		}
		if a.Resolution != "" {
			args["resolution"] = a.Resolution
		}
	case toolname.ReportDamage:
		args["items"] = items
		args["problem"] = "damaged"
		switch a.Reason {
		case "WRONG_ITEM":
			args["problem"] = "wrong_item"
		case "OTHER": // a unit that never came
			args["problem"] = "missing"
		}
		args["resolution"] = a.Resolution
		if c := damageChoice(t.text); c != "" {
			args["resolution"] = c
		}
	case toolname.ExchangeItem:
		if len(items) == 0 {
			return agent.Message{}, false
		}
		args["item"] = items[0]
		if want == "" {
			want = a.Want
		}
		args["want"] = want
	}
	return toolCall(n, tool, args), true
}

// Several requests in one message ("the mug arrived cracked, and I also
// want to return the coffee kit"): each is asked for with its own tool
// call, in the order said, each with its own words; code states the first
// and keeps the others for next (agent.Conversation.Next).

// requestsRe splits a message into its requests.
var requestsRe = regexp.MustCompile(`(?i),?\s*\b(?:and\s+)?(?:separately|also|as well|on top of that|plus)\b|[;.!?]\s+`)

// andRequestRe is "and" starting another request of the same sentence:
// "cancel it, and change the address", "return the mug and exchange the
// board". An "and" between items ("the mug and the board") is not one.
var andRequestRe = regexp.MustCompile(`(?i),?\s+and\s+(?:then\s+|also\s+)?(?:please\s+)?(?:(?:can|could|would) you\s+)?(?:i(?:'d| would)? (?:like|want|need) (?:you )?to\s+)?(?:cancel|change|update|correct|fix|return|exchange|swap|refund|replace)\b`)

// andLeadRe is the joining "and" a request split off by andRequestRe
// starts with.
var andLeadRe = regexp.MustCompile(`(?i)^,?\s+and\s+`)

// splitAndRequest splits p where "and" starts another request.
func splitAndRequest(p string) []string {
	var out []string
	for {
		loc := andRequestRe.FindStringIndex(p)
		if loc == nil || loc[0] == 0 {
			return append(out, p)
		}
		out = append(out, p[:loc[0]])
		p = andLeadRe.ReplaceAllString(p[loc[0]:], "")
	}
}

// requestTail is what a request's words may end with that belongs to
// the next one ("…, and actually"), or a question mark.
var requestTail = regexp.MustCompile(`(?i)(?:[,\s]+(?:and|but|so)?\s*(?:actually|then|now)?)?[\s?]*$`)

// request is one of a message's requests: its tool and its words.
type request struct{ tool, text string }

// requests are the message's requests about the order's items, when it
// makes more than one; nil otherwise.
func (t *turn) requests(text string) []request {
	var parts []string
	for _, p := range requestsRe.Split(text, -1) {
		parts = append(parts, splitAndRequest(p)...)
	}
	if len(parts) < 2 {
		return nil
	}
	lines := t.orderLines(t.currentOrder())
	var out []request
	for _, p := range parts {
		p = requestTail.ReplaceAllString(p, "")
		tool := resolutionTool(p)
		intent := classify(normalise(p))
		if tool == "" && intent == intentReturn {
			tool = toolname.StartReturn
		}
		switch {
		case tool == toolname.CancelOrder, tool == "" && intent == intentAddress:
			// About the whole order: no items to name.
			if tool == "" {
				tool = toolname.ChangeAddress
			}
			if i := slices.IndexFunc(out, func(r request) bool { return r.tool == tool }); i >= 0 {
				// "change the address? new address: …": one request.
				out[i].text += ". " + p
				continue
			}
		case tool == "" || len(namedItems(lines, p)) == 0:
			continue
		}
		out = append(out, request{tool: tool, text: p})
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// clauseAbout is the part of text that asks for tool, when text makes
// several requests; else text.
func (t *turn) clauseAbout(text, tool string) string {
	for _, r := range t.requests(text) {
		if r.tool == tool {
			return r.text
		}
	}
	return text
}

// severalRequests calls each request's tool in turn, then words what each
// call gave (a next request's word is code's).
func (t *turn) severalRequests(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.intent == intentPerson {
		return agent.Message{}, false
	}
	reqs := t.requests(t.text)
	if reqs == nil {
		return agent.Message{}, false
	}
	// A request whose tool the order's stage does not offer is answered
	// from the stage, in its place; the others are called in turn.
	var do []request
	for _, r := range reqs {
		if offers(t.req, r.tool) {
			do = append(do, r)
		}
	}
	if n > len(do) {
		return agent.Message{}, false
	}
	for i := 0; i < n; i++ {
		if t.calls[i].name != do[i].tool {
			return agent.Message{}, false
		}
	}
	if n < len(do) {
		sub := *t
		sub.text, sub.prevText = do[n].text, ""
		sub.intent = classify(normalise(sub.text))
		switch do[n].tool {
		case toolname.StartReturn:
			return toolCall(n, toolname.StartReturn, sub.returnArgs()), true
		case toolname.ChangeAddress:
			return toolCall(n, toolname.ChangeAddress, sub.addressArgs()), true
		}
		return toolCall(n, do[n].tool, sub.resolutionArgs(do[n].tool)), true
	}
	var parts []string
	called, refused := 0, 0
	for _, r := range reqs {
		if !offers(t.req, r.tool) {
			parts = append(parts, t.notOfferedWhy(r.tool, refused > 0))
			refused++
			continue
		}
		c := t.calls[called]
		called++
		if str(c.result, "status") == "next" {
			continue
		}
		parts = append(parts, t.answer(c))
	}
	if called == 0 {
		parts = append(parts, "A member of our team can help if you'd like.")
	}
	return say("%s", strings.Join(parts, "\n\n")), true
}
