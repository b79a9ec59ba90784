package offline

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Follow-ups that name which order, item or unit the customer means
// (refer11). The agent's tools act on the conversation's current order
// and code offers the tools that order's stage allows, so a follow-up
// that points at another of the customer's orders ("cancel the order with
// the filters" while a delivered one is discussed, "my other order", "my
// current order" after a refunded one) first looks that order up: the
// look-up makes it the current order, and the next round's tools and
// facts are its own. A unit the agent refused as made good already, on a
// line with more, is "the other one" in the customer's next message.

// r11TrackID marks the look-up this hook made, so its next round knows
// the order was rebound by this turn.
const r11TrackID = "_r11"

// r11ActRe is a message that acts on an order or asks where it is: an
// item named in it then picks the order.
var r11ActRe = regexp.MustCompile(`(?i)\b(?:cancel\w*|cancle\w*|return\w*|send (?:it|them) back|refund\w*|exchange\w*|swap|address|deliver\w*|arriv\w*|ship\w*|come|came|coming|get here|where(?:'s|s)?|track\w*|broken|damaged|cracked|chipped)\b`)

// r11ArriveRe asks whether or when an order came or comes.
var r11ArriveRe = regexp.MustCompile(`(?i)\b(?:deliver\w*|arriv\w*|ship(?:ped|ping)?|come|came|coming|get here|be here|turn(?:ed)? up|show(?:ed|n)? up|where(?:'s|s| is)?)\b`)

// r11OpenRe means the customer's order that is still under way: "my
// current order", "the open one", "the one that's on its way".
var r11OpenRe = regexp.MustCompile(`(?i)\b(?:curr?ent|open|active|pending|live|ongoing)\s+(?:order|one|purchase|package|parcel)\b|\bthe (?:order|one|package|parcel) (?:that(?:'s| is)?|which is) (?:on (?:its|the) way|still coming|in transit|coming)\b`)

// r11GoingToRe asks whether an order goes to an address the customer
// names: "is my order going to gilpin st", "still being sent to 12 Elm
// Road?".
var r11GoingToRe = regexp.MustCompile(`(?i)\b(?:going|being (?:sent|shipped|delivered|mailed)|headed|heading|shipping|sent|delivered|coming)\s+to\s+(?:\d+\w*\s+)?(?:[a-z]+\s+){0,3}(?:st|street|ave|avenue|rd|road|ln|lane|dr|drive|blvd|boulevard|way|ct|court|pl|place|ter|terrace|pkwy|parkway|hwy|highway)\b\.?|\b(?:going|being (?:sent|shipped|delivered)|headed|heading|shipping)\s+to\s+(?:my|the)\s+(?:old|new|home|work|right|correct|same|usual)\s+(?:address|place|house|flat|apartment)\b`)

// r11OtherUnitRe is a short message pointing at another unit than the one
// made good: "its the other one", "not that one, the second".
var r11OtherUnitRe = regexp.MustCompile(`(?i)\b(?:other|another|second|2nd|othr|ohter|otehr|oher|secnd|scond)\b`)

// r11MadeGoodRe is the refusal of a unit made good already on a line with
// more units (agent's report_damage), naming the line's title.
var r11MadeGoodRe = regexp.MustCompile(`another of the \d+ × ([^,;:]+?), tell me the other one is damaged`)

// refer11 binds a follow-up to the order, item or unit it names.
func (t *turn) refer11(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.declined || t.inPart {
		return agent.Message{}, false
	}
	if m, ok := t.r11OtherUnit(); ok {
		return m, true
	}
	if m, ok := t.r11Rebind(n); ok {
		return m, true
	}
	if m, ok := t.r11GoingTo(); ok {
		return m, true
	}
	return t.r11ThatOne()
}

// r11OtherUnit reads "its the other one" after the agent refused a unit
// as made good and asked to be told the other one is damaged: the other
// unit of that line, damaged.
func (t *turn) r11OtherUnit() (agent.Message, bool) {
	m := r11MadeGoodRe.FindStringSubmatch(t.lastBot)
	if m == nil || len(t.text) > 80 || !r11OtherUnitRe.MatchString(t.text) || p8damageRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	sub := *t
	sub.text = "the other " + strings.TrimSpace(m[1]) + " is damaged"
	sub.intent = classify(normalise(sub.text))
	sub.prevText = t.text
	return sub.plan(), true
}

// r11Rebind looks up the order a follow-up points at, when it is not the
// current one; in the round after, an arrival question is answered from
// that look-up.
func (t *turn) r11Rebind(n int) (agent.Message, bool) {
	st := t.req.State
	if st == nil || len(st.Orders) < 2 || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	if n > 0 {
		c := t.calls[n-1]
		if c.name != toolname.TrackOrder || !strings.HasSuffix(c.id, r11TrackID) || c.isErr || c.result == nil {
			return agent.Message{}, false
		}
		tool := t.resolutionWanted()
		if tool == "" && r11CancelRe.MatchString(t.text) {
			tool = toolname.CancelOrder // "can it be cancelled instead?"
		}
		if tool != "" {
			// The request, on the order looked up: its own lines.
			sub := *t
			sub.order, _ = c.input["order_number"].(string)
			return toolCall(n, tool, sub.resolutionArgs(tool)), true
		}
		if orderAskOf(t.text) == orderAskNone && r11ArriveRe.MatchString(t.text) && !r11ActsRe.MatchString(t.text) {
			return say("%s", t.answer(c)), true
		}
		return agent.Message{}, false
	}
	target := t.r11Target()
	if target == "" || target == stateCurrentOrder(st) && target == t.discussed() {
		return agent.Message{}, false
	}
	m := toolCall(n, toolname.TrackOrder, map[string]any{"order_number": target})
	m.Blocks[0].ToolUse.ID += r11TrackID
	return m, true
}

// r11CancelRe is a cancellation in any form: "cancelled", "cancle".
var r11CancelRe = regexp.MustCompile(`(?i)\b(?:cancel|cancle|cancell?ed|cancl?ing|cancell?ation)\b`)

// r11OtherTypoRe is "other" as customers mistype it.
var r11OtherTypoRe = regexp.MustCompile(`(?i)\b(?:othr|ohter|otehr|oher|othet)\b`)

// r11ActsRe asks for a change, not where an order is.
var r11ActsRe = regexp.MustCompile(`(?i)\b(?:cancel\w*|cancle\w*|return\w*|send (?:it|them) back|refund\w*|exchange\w*|swap|change|broken|damaged|cracked|chipped)\b`)

// r11Target is the order a follow-up points at: the open one for "my
// current order"; the one of two not under discussion for "my other
// order"; the one order holding an item the message names, when the
// message acts on it or asks where it is; else "".
func (t *turn) r11Target() string {
	st := t.req.State
	if t.order != "" {
		return ""
	}
	if r11OpenRe.MatchString(t.text) || r11OpenRe.MatchString(normalise(t.text)) {
		return r11OpenOrder(st, "")
	}
	other := *t
	other.text = r11OtherTypoRe.ReplaceAllString(t.text, "other")
	if o := other.otherOrder(); o != "" && r11ActsRe.MatchString(t.text) {
		return o
	}
	if r11ActRe.MatchString(t.text) {
		if o := t.r11ItemOrder(); o != "" {
			return o
		}
	}
	if r11AsksGoingTo(t.text) && r11Closed(r11Stage(st, stateCurrentOrder(st))) {
		// "is my order going to gilpin st" while the conversation's
		// order is one returned or cancelled: the order under way.
		return r11OpenOrder(st, stateCurrentOrder(st))
	}
	return ""
}

// r11ItemOrder is the one order of the customer's holding an item the
// message names, when the order under discussion holds none of them.
func (t *turn) r11ItemOrder() string {
	return t.soleOrderNaming(t.discussed(), r11NamesNoun)
}

// r11OpenOrder is the customer's newest order still under way (neither
// delivered nor closed) other than not, when there is exactly one.
func r11OpenOrder(st *agent.State, not string) string {
	found := ""
	for _, o := range st.Orders {
		s := strings.ToLower(o.Stage)
		if o.Name == not || r11Closed(s) || strings.HasPrefix(s, "delivered") {
			continue
		}
		if found != "" {
			return ""
		}
		found = o.Name
	}
	return found
}

// r11Stage is the stage of order name as the State lists it.
func r11Stage(st *agent.State, name string) string {
	for _, o := range st.Orders {
		if o.Name == name {
			return strings.ToLower(o.Stage)
		}
	}
	return ""
}

// r11Closed reports whether a stage is over for good: returned, refunded
// or cancelled.
func r11Closed(stage string) bool {
	return strings.Contains(stage, "cancel") || strings.Contains(stage, "refund") || strings.Contains(stage, "returned")
}

// r11GoingTo answers "is it going to <a street>?" as the question of the
// order's address it is.
func (t *turn) r11GoingTo() (agent.Message, bool) {
	if !r11AsksGoingTo(t.text) || addressChangeRe.MatchString(strings.ToLower(t.text)) {
		return agent.Message{}, false
	}
	sub := *t
	sub.text = "which address is my order going to"
	sub.intent = classify(normalise(sub.text))
	if orderAskOf(sub.text) == orderAskNone {
		return agent.Message{}, false
	}
	return sub.orderFacts(len(t.calls))
}

// r11ThatOneRe is an order pointed at as "that one": "how much did that
// one cost", "what's in that one".
var (
	r11ThatOneRe = regexp.MustCompile(`(?i)\b(?:that|this) one\b`)
	r11TotalOnRe = regexp.MustCompile(`(?i)\bthe total (?:on|of|for) (?:that|this) order\b`)
	// r11WhatTypoRe is "what" as customers mistype it.
	r11WhatTypoRe = regexp.MustCompile(`(?i)\b(?:wat|wht|waht|whta|whay)\b`)
)

// r11ThatOne answers a question about "that one" (an order's items,
// total, price) as the same question about the order under discussion:
// the one the agent's last reply named, else the one the message names.
func (t *turn) r11ThatOne() (agent.Message, bool) {
	if !r11ThatOneRe.MatchString(t.text) || orderAskOf(t.text) != orderAskNone || len(t.text) > 90 {
		return agent.Message{}, false
	}
	for _, with := range []string{"that order", "it"} {
		text := r11ThatOneRe.ReplaceAllString(t.text, with)
		text = r11TotalOnRe.ReplaceAllString(text, "the order total")
		text = r11WhatTypoRe.ReplaceAllString(text, "what")
		if orderAskOf(text) == orderAskNone {
			continue
		}
		sub := *t
		sub.text = strings.TrimSpace(orderRe.ReplaceAllString(text, ""))
		sub.text = strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(sub.text), "what about"), " ,")
		sub.intent = classify(normalise(sub.text))
		if sub.order == "" {
			sub.order = t.discussed()
		}
		return sub.orderFacts(len(t.calls))
	}
	return agent.Message{}, false
}

// r11AskLeadRe opens a yes-or-no question: "is my order …", "so will it …".
var r11AskLeadRe = regexp.MustCompile(`(?i)^\s*(?:(?:so|and|ok|okay|hey|hi|also)[,.!]?\s+)?(?:is|are|will|was|does|do|it's|its|it is)\b`)

// r11AsksGoingTo reports whether text is the one question "is it going
// to <a street>?": asked, not a claim ("tracking says delivered to 12 Elm
// St"), and with no other part beside it ("… also is it heading to …",
// "how much was X and is it going to …").
func r11AsksGoingTo(text string) bool {
	loc := r11GoingToRe.FindStringIndex(text)
	if loc == nil || len(text) > 90 || !r11AskLeadRe.MatchString(text) {
		return false
	}
	if strings.Trim(text[loc[1]:], " ?.!") != "" || strings.ContainsAny(strings.TrimRight(text[:loc[0]], " "), "?,;") {
		return false
	}
	lead := r11AskLeadRe.FindStringIndex(text)
	return lead[1] > loc[0] || !r11AlsoRe.MatchString(text[lead[1]:loc[0]])
}

// r11AlsoRe joins a second part to a message.
var r11AlsoRe = regexp.MustCompile(`(?i)\b(?:also|and|plus)\b`)

// r11NamesNoun reports whether text names one of the items by its noun
// spelt right (or plural): a typo's near miss ("house" for a mouse) must
// not move the conversation to another order.
func r11NamesNoun(items []string, text string) bool {
	said := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		said[w] = true
	}
	for _, it := range items {
		w := strings.Fields(strings.ToLower(itemTitle(it)))
		if len(w) == 0 {
			continue
		}
		noun := w[len(w)-1]
		if said[noun] || said[noun+"s"] || said[noun+"es"] {
			return true
		}
	}
	return false
}
