package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A question about the customer's own order (what they paid, where it
// ships, what it holds) beside other requests in one message (multi9, a
// no-context trial): orderFacts steps aside when another request is
// beside it, and the general path then sent "how much did the X cost me"
// to the guides ("couldn't find") and read "is it still going to the
// <city> address" as a change of address. Here the other parts run as a
// message of their own through the whole pipeline, the order's facts
// come from track_order's result (called beside them, or reused when a
// status part called it), and the reply holds both.

// besideTag marks the track_order call this file makes, so the other
// parts' pipeline does not take it for one of its own.
const besideTag = "_beside"

var (
	// besidePriceRe asks what was paid in words priceAskRe leaves out:
	// "set me back", "what was the total".
	besidePriceRe = regexp.MustCompile(`\bhow much\b[^.?!]{0,40}\bset (?:me|us) back\b|\bwhat(?:'s|s| was| is) (?:the|my) total\b|\bhow much (?:was|were) (?:it|the|my)\b`)
	// besideAddressRe asks whether the order goes to a place: "is it
	// still going to the denver address", "it's going to linden street
	// right?"; its group is the word after "to", which may be a verb
	// ("is it going to arrive").
	besideAddressRe = regexp.MustCompile(`\b(?:is it|it'?s|its|it is|are they|they'?re|still)\s+(?:still\s+)?(?:going|goin|headed|heading|being (?:sent|shipped|delivered))\s+to\s+(\p{L}+)|\bwhat(?:'s|s| is)\s+the\s+(?:(?:shipping|delivery|mailing)\s+)?(?:address|adress)\b`)
	// notPlaceRe is what follows "going to" when it is no place.
	notPlaceRe = regexp.MustCompile(`^(?:arrive|be|come|get|make|ship|take|reach|land|happen|show|work|fit|cost|need|say|stay|leave|go|turn|end|last|change|update|send|deliver)$`)
	// setBackRe is "set me back": a price, not a return.
	setBackRe = regexp.MustCompile(`\bset (?:me|us) back\b`)
	// besideStatusRe asks whether the order left or where it is, in words
	// the intents leave out: "has my X left yet", "is it out yet".
	besideStatusRe = regexp.MustCompile(`\b(?:left|gone out|go out|out yet|shipped|shiped|dispatched|sent out|on (?:its|it's|their) way)\b`)
	// besideCutRe is where a question may hold two: "…, and …", "… and …".
	besideCutRe = regexp.MustCompile(`(?i)\s*,\s*(?:(?:and|&|\+|n|also|plus)\s+)?|\s+(?:and|&|\+|n)\s+`)
)

// besideAsk is which question about the customer's own order q asks,
// reading a little more than orderAskOf: only the asks this file answers.
func besideAsk(q string) orderAsk {
	low := strings.ToLower(q)
	if addressChangeRe.MatchString(low) || newAddress(q) != nil {
		return orderAskNone
	}
	switch ask := orderAskOf(q); ask {
	case orderAskPrice, orderAskAddress, orderAskItems, orderAskCount:
		return ask
	case orderAskNone:
	default:
		return orderAskNone
	}
	if besidePriceRe.MatchString(low) && !notMineRe.MatchString(setBackRe.ReplaceAllString(low, "")) {
		return orderAskPrice
	}
	if m := besideAddressRe.FindStringSubmatch(low); m != nil && (m[1] == "" || !notPlaceRe.MatchString(m[1])) {
		return orderAskAddress
	}
	return orderAskNone
}

// factsBeside answers a message holding a question about the customer's
// own order and another request: the other parts through the pipeline,
// the order's facts from track_order.
func (t *turn) factsBeside(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.declined || t.reoffered || t.inPart || !t.verified ||
		strings.Contains(t.lastBot, "Shall I") || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	var facts, rest []string
	asks := false      // a part of rest asks something
	restFirst := false // the other parts were asked first: answered first
	for _, q := range besideParts(t.text) {
		switch {
		case besideAsk(q) != orderAskNone:
			facts = append(facts, q)
		case filler(q) && !asksWhenWhere(q): // multi10.go
		default:
			restFirst = restFirst || len(facts) == 0
			rest = append(rest, q)
			in := classify(normalise(q))
			asks = asks || (in != intentNone && in != intentGreeting && in != intentThanks) || openAskRe.MatchString(q)
		}
	}
	if len(facts) == 0 || (len(rest) == 0 && len(facts) < 2) || (len(rest) > 0 && !asks) {
		return agent.Message{}, false // orderFacts' alone, or the general path's
	}
	if len(rest) == 0 {
		return t.factsOnly(n, facts)
	}
	sub := *t
	sub.text = strings.Join(rest, "? ") + "?"
	sub.intent = classify(normalise(sub.text))
	if (sub.intent == intentNone || sub.intent == intentHowTo) && besideStatusRe.MatchString(strings.ToLower(sub.text)) {
		sub.intent = intentStatus
	}
	sub.calls = nil
	var mine *call
	for i, c := range t.calls {
		if strings.HasSuffix(c.id, besideTag) {
			mine = &t.calls[i]
			continue
		}
		sub.calls = append(sub.calls, c)
	}
	msg := sub.plan()
	if writesAny(msg) {
		return agent.Message{}, false // a request to change something: its own hooks
	}
	track := mine
	if track == nil {
		track = sub.called(toolname.TrackOrder)
	}
	if track == nil {
		calls := toolUses(msg)
		if containsTool(calls, toolname.TrackOrder) {
			return msg, true // the other parts' call serves
		}
		use := agent.ToolUse{ID: fmt.Sprintf("tooluse_%d_%s%s", n, toolname.TrackOrder, besideTag), Name: toolname.TrackOrder, Input: mustJSON(t.orderArg())}
		if len(calls) == 0 {
			// The other parts answered without a tool: the facts first.
			return agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &use}}}, true
		}
		msg.Blocks = append(msg.Blocks, agent.Block{ToolUse: &use})
		return msg, true
	}
	if hasToolUse(msg) {
		return msg, true
	}
	if track.isErr || track.result == nil || str(track.result, "order_number") == "" {
		return agent.Message{}, false
	}
	var out []string
	for _, q := range facts {
		if s := t.besideFact(q, track.result); s != "" {
			out = append(out, s)
		}
	}
	if rep := strings.TrimSpace(msg.Text()); rep != "" && restFirst {
		out = append([]string{rep}, out...)
	} else if rep != "" {
		out = append(out, rep)
	}
	return say("%s", strings.Join(out, "\n\n")), true
}

// factsOnly answers several questions about the order from track_order.
func (t *turn) factsOnly(n int, facts []string) (agent.Message, bool) {
	track := t.called(toolname.TrackOrder)
	if track == nil {
		if n > 0 {
			return agent.Message{}, false // another step is under way
		}
		return toolCall(n, toolname.TrackOrder, t.orderArg()), true
	}
	if track.isErr || track.result == nil || str(track.result, "order_number") == "" {
		return agent.Message{}, false
	}
	var out []string
	for _, q := range facts {
		if s := t.besideFact(q, track.result); s != "" {
			out = append(out, s)
		}
	}
	return say("%s", strings.Join(out, "\n\n")), true
}

// besideParts cuts text into its questions, and each question where
// "and" or a comma joins two that ask something each ("has it left yet,
// and what did I pay for it"); a piece that asks nothing ("the candle"
// of "the throw and the candle") stays with the one before.
func besideParts(text string) []string {
	var out []string
	for _, q := range questions(text) {
		cuts := besideCutRe.FindAllStringIndex(q, -1)
		var segs, seps []string
		last := 0
		for _, c := range cuts {
			segs = append(segs, q[last:c[0]])
			seps = append(seps, q[c[0]:c[1]])
			last = c[1]
		}
		segs = append(segs, q[last:])
		cur := segs[0]
		for i, seg := range segs[1:] {
			if len(strings.Fields(seg)) >= 2 && len(strings.Fields(cur)) >= 2 && asksSomething(seg) {
				out = append(out, strings.TrimSpace(cur))
				cur = seg
				continue
			}
			cur += seps[i] + seg
		}
		out = append(out, strings.TrimSpace(cur))
	}
	return out
}

// asksSomething reports whether q reads as a question or request of its own.
func asksSomething(q string) bool {
	if besideAsk(q) != orderAskNone || openAskRe.MatchString(q) || requestVerbRe.MatchString(q) {
		return true
	}
	in := classify(normalise(q))
	return in != intentNone && in != intentGreeting && in != intentThanks
}

// besideFact answers q, a question about the order r, from r.
func (t *turn) besideFact(q string, r map[string]any) string {
	order := str(r, "order_number")
	sub := *t
	sub.text = q
	switch besideAsk(q) {
	case orderAskAddress:
		if a := str(r, "ship_to"); a != "" {
			return fmt.Sprintf("Order %s is going to the address on it: %s.", order, a)
		}
	case orderAskItems:
		return sub.itemFacts(r)
	case orderAskCount:
		return sub.countFacts(r)
	case orderAskPrice:
		lines := sub.named(r)
		if len(lines) == 0 {
			var each []string
			for _, l := range list(r, "lines") {
				each = append(each, fmt.Sprintf("%s: %s", counted(l), str(l, "paid")))
			}
			return fmt.Sprintf("Order %s came to %s in total (items, shipping and tax). By item, with tax and any discount: %s.", order, str(r, "order_total"), strings.Join(each, "; "))
		}
		var each []string
		for _, l := range lines {
			s := fmt.Sprintf("for %s on order %s you paid %s, with tax and any discount", counted(l), order, str(l, "paid"))
			if u := str(l, "unit_price"); u != "" {
				s += fmt.Sprintf(" (%s each before tax)", u)
			}
			each = append(each, s)
		}
		return "What you paid: " + strings.Join(each, "; ") + fmt.Sprintf(". The order's total was %s.", str(r, "order_total"))
	}
	return ""
}

// toolUses are the tool uses of msg.
func toolUses(msg agent.Message) []agent.ToolUse {
	var out []agent.ToolUse
	for _, b := range msg.Blocks {
		if b.ToolUse != nil {
			out = append(out, *b.ToolUse)
		}
	}
	return out
}

func containsTool(uses []agent.ToolUse, name string) bool {
	for _, u := range uses {
		if u.Name == name {
			return true
		}
	}
	return false
}
