package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A cancellation and something else in one message (issue 18 trial:
// "pls cancel my order and also change the addres back to …" stated only
// the address change; "ok just cancel it. does the refund include the
// shipping?" stated nothing). Each clause is read on its own, with its
// own order: the lookups the other clauses ask for (another order's
// status or refund, a policy question) run first, then the cancellation
// is called for, then an address change beside it, which pkg/agent sets
// aside as moot (agent/moot.go) and says why. A question about the
// cancellation's own money needs no lookup: its statement says what is
// refunded, the shipping included. Neither request is dropped.

var (
	// t15ClauseRe ends a clause: a sentence's end, or an "and", "also",
	// "plus" (and their es/de/fr words) that joins another.
	t15ClauseRe = regexp.MustCompile(`(?i)[.?!;¿¡]+|,?\s+(?:and|und|y|et|n|plus|&)\s+(?:also\s+)?|,\s*also\s+|,\s+(?:(?:can|could|will|do|does|did|is|are|what|whats|what's|where|wheres|where's|when|how)\b)`)
	// t15CancelRe asks for a cancellation, and t15NotCancelRe is a
	// clause that only mentions one (taken back, a hypothetical, a
	// cancellation of something other than an order).
	t15CancelRe    = regexp.MustCompile(`(?i)\bcancel\b`)
	t15NotCancelRe = regexp.MustCompile(`(?i)\b(?:don'?t|do not|dont|not|never|no need to|instead of|if|whether|return|exchange|replacement|swap|subscription|address)\b`)
	// t15CreditRe takes the money otherwise than as a refund: the
	// cancellation's own hooks read it.
	t15CreditRe = regexp.MustCompile(`(?i)\b(?:credit|gift ?card|voucher)\b`)
	// t15MayIRe asks whether a cancellation is still possible: a
	// question, not the request.
	t15MayIRe = regexp.MustCompile(`(?i)\b(?:can|could|may)\s+(?:i|we)\s+(?:still\s+)?cancel\b`)
	// t15AddressRe is a clause about the delivery address.
	t15AddressRe = regexp.MustCompile(`(?i)\baddress\b`)
	// t15NewAddressRe is where the new address starts in the customer's
	// own words: "to 9 Elm Road, …", "auf 9 Elm Road, …".
	t15NewAddressRe = regexp.MustCompile(`(?i)\b(?:to|auf|au|à|a|nach|zu)\s+(\d+\s+\p{L}.*)$`)
	// t15AddressEndRe ends an address where the next clause starts.
	t15AddressEndRe = regexp.MustCompile(`(?i)[?!]|\.\s|,?\s+(?:and|und|also|et|y)\s`)
	// t15TailRe is a courtesy after an address.
	t15TailRe = regexp.MustCompile(`(?i)[\s,.!]*(?:pls|plz|please|bitte|svp|por favor|thanks|thank you|thx|danke|merci|gracias)?[\s.!]*$`)
	// t15MoneyRe asks about the cancellation's own money: the statement
	// answers it.
	t15MoneyRe = regexp.MustCompile(`(?i)\b(?:refund\w*|shipping|postage|money|back|how much|versandkosten|frais|port|envío|envio|zurück)\b`)
	// t15StatusRe asks where an order is or when it comes.
	t15StatusRe = regexp.MustCompile(`(?i)\b(?:status|where|wheres|where's|when|wen|arrive|arriving|ship|shipped|tracking|track|going on|at)\b`)
	// t15RefundRe asks about a refund by name.
	t15RefundRe = regexp.MustCompile(`(?i)\brefund\w*\b`)
	// t15PhoneWords are phone-typed words a guide's passage never uses.
	t15PhoneWords = map[string]string{"wat": "what", "r": "are", "u": "you", "ur": "your", "rules": "policy"}
	// t15AskRe is a question: a question word or mark.
	t15AskRe = regexp.MustCompile(`(?i)\?|^\W*(?:can|could|do|does|did|is|are|what|whats|what's|wat|where|wheres|where's|when|wen|how|which|will|would)\b`)
	// t15NumberRe is a four-digit number: an order's, when the customer
	// has an order of that name.
	t15NumberRe = regexp.MustCompile(`#?\b(\d{4})\b`)
	// t15TotalRe asks what the order came to: "what was my order total",
	// "how much was it", "remind me how much it was", "what did i pay".
	t15TotalRe = regexp.MustCompile(`(?i)\b(?:total|how much (?:was|is|did|does)\b|how much (?:it|that|the order|my order) (?:was|is|cost)|what did (?:i|we) pay|cost)\b`)
	// t15OwnStatusRe asks where the order is ("where's my order?", "has it
	// shipped"), not whether the shop ships somewhere ("do you ship to
	// canada").
	t15OwnStatusRe = regexp.MustCompile(`(?i)\b(?:where(?:'s|s| is)?\s+(?:my|the|it|that)|status|tracking|track|arriv\w*|shipped|when\s+(?:will|does|is|did)\s+(?:it|my|the|that))\b`)
	// t15OtherRe is "my other order".
	t15OtherRe = regexp.MustCompile(`(?i)\b(?:other|second|2nd)\s+(?:order|one|parcel|package)\b`)
)

// two15 is the hook for a cancellation beside another request or a
// question: each step of its plan, then one reply from the results.
func (t *turn) two15(n int) (agent.Message, bool) {
	steps := t.two15Plan()
	if steps == nil {
		return agent.Message{}, false
	}
	if len(steps) == 0 { // a cancellation not offered, and nothing else to look up
		return say("%s A member of our team can help if you'd like.", t.cantCancel(t.two15Cancelled())), true
	}
	if n < len(steps) {
		if n > 0 && (t.calls[n-1].name != steps[n-1].name) {
			return agent.Message{}, false // another hook's calls
		}
		return toolCall(n, steps[n].name, steps[n].input), true
	}
	if n != len(steps) || t.calls[n-1].name != steps[n-1].name {
		return agent.Message{}, false
	}
	var parts []string
	var cancel *call
	for i := range t.calls {
		c := t.calls[i]
		switch {
		case c.name == toolname.CancelOrder:
			cancel = &c
		case c.name == toolname.ChangeAddress && str(c.result, "status") == "moot":
			// code says why in the reply (agent/moot.go)
		default:
			parts = append(parts, t.answer(c))
		}
	}
	switch {
	case cancel != nil:
		parts = append(parts, t.answer(*cancel)) // the statement last: the reply ends asking for the yes
	default:
		parts = append(parts, t.cantCancel(t.two15Cancelled())+" A member of our team can help if you'd like.")
	}
	return say("%s", strings.Join(parts, "\n\n")), true
}

// two15Plan is the tool calls for a message holding a cancellation and
// another clause, nil when the message is not one.
func (t *turn) two15Plan() []call {
	st := t.req.State
	if st == nil || !t.verified || t.confirmed != nil || t.inPart || t.heldAsk != "" || t.intent == intentPerson || len(st.Orders) == 0 {
		return nil
	}
	norm := normalise(t.text)
	clauses := t15Clauses(norm)
	cancelAt := -1
	for i, c := range clauses {
		if t15CancelRe.MatchString(c) {
			if cancelAt >= 0 || t15NotCancelRe.MatchString(c) {
				return nil
			}
			cancelAt = i
		}
	}
	if cancelAt < 0 || t15CreditRe.MatchString(norm) || hypotheticalRe.MatchString(norm) || t15MayIRe.MatchString(norm) {
		return nil // a question whether it can be, or store credit: other hooks
	}
	current := stateCurrentOrder(st)
	cancelOrder := t.two15Order(clauses[cancelAt])
	if cancelOrder == "" {
		cancelOrder = current
	}
	if namesItem(stateOrderLines(st, cancelOrder), clauses[cancelAt]) {
		return nil // a cancellation of named items, perhaps a part: other hooks
	}
	var lookups []call
	address := ""
	other := false
	for i, c := range clauses {
		if i == cancelAt {
			continue
		}
		if t15AddressRe.MatchString(c) {
			if m := t15NewAddressRe.FindStringSubmatch(t.text); m != nil {
				address = t15TailRe.ReplaceAllString(t15AddressEndRe.Split(m[1], 2)[0], "")
			}
			other = true
			continue
		}
		named := t.two15Order(c)
		if named == "" && t15OtherRe.MatchString(c) {
			named = t.two15Other(cancelOrder)
		}
		if named == "" {
			named = t.two15Naming(c)
		}
		switch {
		case named != "" && named != cancelOrder && (t15RefundRe.MatchString(c) || t15MoneyRe.MatchString(c) && !t15StatusRe.MatchString(c)):
			lookups = append(lookups, call{name: toolname.RefundStatus, input: map[string]any{"order_number": named}})
		case named != "" && named != cancelOrder:
			lookups = append(lookups, call{name: toolname.TrackOrder, input: map[string]any{"order_number": named}})
		case named == "" && current != cancelOrder && (t15StatusRe.MatchString(c) || t15MoneyRe.MatchString(c)):
			tool := toolname.TrackOrder
			if t15RefundRe.MatchString(c) || t15MoneyRe.MatchString(c) && !t15StatusRe.MatchString(c) {
				tool = toolname.RefundStatus
			}
			lookups = append(lookups, call{name: tool, input: map[string]any{"order_number": current}})
		case t15TotalRe.MatchString(c) || named == "" && t15OwnStatusRe.MatchString(c) && !t15MoneyRe.MatchString(c):
			// "what was my order total?", "where's my order?": the
			// order being cancelled, looked up (its total, its
			// journey), not searched for in the guides.
			lookups = append(lookups, call{name: toolname.TrackOrder, input: map[string]any{"order_number": cancelOrder}})
		case t15MoneyRe.MatchString(c):
			// the cancellation's statement says what is refunded
		case t15AskRe.MatchString(c) && len(strings.Fields(c)) >= 3:
			lookups = append(lookups, call{name: toolname.SearchDocs, input: map[string]any{"query": t15Query(c)}})
		default:
			continue // "ok", "actually forget that", "bitte"
		}
		other = true
	}
	rest := strings.Join(append(append([]string(nil), clauses[:cancelAt]...), clauses[cancelAt+1:]...), " ")
	if _, after, _ := strings.Cut(clauses[cancelAt], "cancel"); !other && !t15MoneyRe.MatchString(rest+" "+after) {
		return nil
	}
	var steps []call
	cancelable := offers(t.req, toolname.CancelOrder) || t.called(toolname.CancelOrder) != nil
	if !cancelable && address != "" {
		return nil // both refused for a shipped order, each with its reason: the two-refusals step
	}
	if cancelable {
		steps = append(steps, call{name: toolname.CancelOrder, input: map[string]any{"order_number": cancelOrder}})
	}
	if address != "" && cancelable && (offers(t.req, toolname.ChangeAddress) || t.called(toolname.ChangeAddress) != nil) {
		sub := *t
		sub.text = "change the address to " + address
		sub.order = cancelOrder
		if args := sub.addressArgs(); args["address1"] != nil {
			args["order_number"] = cancelOrder
			steps = append(steps, call{name: toolname.ChangeAddress, input: args})
		}
	}
	steps = append(steps, lookups...)
	if len(steps) == 0 {
		// Only a cancellation, of an order whose stage rules it out: the
		// reply says why, for that order.
		steps = []call{}
	}
	return steps
}

// t15Clauses splits a normalised message into its clauses, dropping
// empty ones.
func t15Clauses(norm string) []string {
	var out []string
	for _, c := range t15ClauseRe.Split(norm, -1) {
		if c = strings.TrimSpace(strings.Trim(c, " ,")); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// two15Order is the customer's order a clause names by number, "" when
// none.
func (t *turn) two15Order(clause string) string {
	for _, m := range t15NumberRe.FindAllStringSubmatch(clause, -1) {
		for _, o := range t.req.State.Orders {
			if strings.TrimPrefix(o.Name, "#") == m[1] {
				return o.Name
			}
		}
	}
	return ""
}

// two15Other is the customer's one order other than name, "" when they
// have none or several.
func (t *turn) two15Other(name string) string {
	other := ""
	for _, o := range t.req.State.Orders {
		if o.Name == name {
			continue
		}
		if other != "" {
			return ""
		}
		other = o.Name
	}
	return other
}

// two15Naming is the one order of the customer's whose items clause
// names ("my skillet order"), "" when none or several.
func (t *turn) two15Naming(clause string) string {
	st := t.req.State
	found := ""
	for _, o := range st.Orders {
		if !namesItem(stateOrderLines(st, o.Name), clause) {
			continue
		}
		if found != "" {
			return ""
		}
		found = o.Name
	}
	return found
}

// t15Query is a clause as a query of the guides: phone-typed words
// spelled out.
func t15Query(clause string) string {
	words := strings.Fields(clause)
	for i, w := range words {
		if full, ok := t15PhoneWords[w]; ok {
			words[i] = full
		}
	}
	return strings.Join(words, " ")
}

// two15Cancelled is the order the message's cancellation names, else the
// current one.
func (t *turn) two15Cancelled() string {
	for _, c := range t15Clauses(normalise(t.text)) {
		if t15CancelRe.MatchString(c) {
			if o := t.two15Order(c); o != "" {
				return o
			}
		}
	}
	return stateCurrentOrder(t.req.State)
}

// cantCancel says why order name cannot be cancelled here, from its own
// stage (not the current order's).
func (t *turn) cantCancel(name string) string {
	sub := *t
	st := *t.req.State
	st.CurrentOrder, st.Given = name, nil
	sub.req.State = &st
	return sub.notOfferedWhy(toolname.CancelOrder, false)
}
