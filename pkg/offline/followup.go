package offline

import (
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"regexp"
	"strings"
)

// Follow-ups that mean something only after what was said before: "what
// about the older purchase?", "and the second?", "so when is it due?".
// The order under discussion is the one the last reply was about; "the
// other one" is the customer's order that is not it.

// otherRe points away from the order under discussion.
var otherRe = regexp.MustCompile(`(?i)\b(?:other|another|second|2nd|different|remaining)\b\s*(?:\w+\s+)?(?:order|one|package|parcel|purchase|delivery|shipment)s?\b|\bthe other\b`)

// newerRe and olderRe point to an order by when it was placed: "the one
// I placed more recently", "my older order".
var (
	newerRe = regexp.MustCompile(`(?i)\b(?:more recent(?:ly)?|newer|newest|latest|most recent(?:ly)?|placed (?:later|after)|last (?:one|order) i (?:placed|made))\b`)
	olderRe = regexp.MustCompile(`(?i)\b(?:older|oldest|earlier|placed (?:earlier|before)|first (?:one|order)|previous (?:one|order))\b`)
)

// backRe is a short message that leans on the one before: "and …?",
// "what about …", "it", "that one".
var backRe = regexp.MustCompile(`(?i)^\s*(?:and|so|ok(?:ay)?|what about|how about|and what about)\b|\b(?:it|that one|this one|the other|them)\b`)

// discussed is the order the conversation is about: the last one the
// agent's reply named, else the current order.
func (t *turn) discussed() string {
	if all := orderRe.FindAllStringSubmatch(t.lastBot, -1); len(all) > 0 {
		return "#" + all[len(all)-1][1]
	}
	return t.currentOrder()
}

// otherOrders are the customer's orders other than the one under
// discussion, when the message asks about "the other one"; nil otherwise.
func (t *turn) otherOrders() []string {
	st := t.req.State
	if st == nil || !st.Verified || len(st.Orders) < 2 {
		return nil
	}
	cur := t.discussed()
	norm := normalise(t.text)
	if newerRe.MatchString(norm) || olderRe.MatchString(norm) {
		// The orders are newest first: the newest or oldest that is not
		// the one under discussion.
		var rest []string
		for _, o := range st.Orders {
			if o.Name != cur && o.Replaces != cur { // undo13.go: a replacement is not another order
				rest = append(rest, o.Name)
			}
		}
		if len(rest) == 0 {
			return nil
		}
		if newerRe.MatchString(norm) {
			return rest[:1]
		}
		return rest[len(rest)-1:]
	}
	if !otherRe.MatchString(norm) || restRe.MatchString(t.text) || oneMoreOfItem(norm) {
		return nil // "the other half" is the rest of this one (said_arrived.go)
	}
	var out []string
	for _, o := range st.Orders {
		if o.Name != cur && o.Replaces != cur { // undo13.go: a replacement is not another order
			out = append(out, o.Name)
		}
	}
	return out
}

// otherOrder is "the other one" when there is exactly one.
func (t *turn) otherOrder() string {
	if o := t.otherOrders(); len(o) == 1 {
		return o[0]
	}
	return ""
}

// carryIntent gives a short follow-up that says nothing of what it wants
// ("and the second?") the intent of the customer's message before.
func (t *turn) carryIntent() {
	if t.intent != intentNone || t.prevText == "" || len(t.text) > 60 || !backRe.MatchString(t.text) && !bareWhenRe.MatchString(t.text) {
		return
	}
	switch pi := classify(normalise(t.prevText)); pi {
	case intentStatus, intentLate, intentRefund:
		t.intent = pi
	case intentHowTo:
		// "and the other one?" after a question for the guides asks the
		// guides about the other thing.
		if !mineRe.MatchString(strings.ToLower(t.text)) {
			t.intent = pi
		}
	}
	if t.intent == intentNone && otherRe.MatchString(normalise(t.text)) && strings.TrimSpace(t.lastBot) != "" {
		t.intent = intentStatus
	}
}

// pronounRe is a question that points back at a thing: "can it go in the
// oven?", "how do I season it?".
var pronounRe = regexp.MustCompile(`(?i)\b(?:it|its|they|them|this one|that one)\b`)

// actionWords are what is done with a thing, not the thing.
var actionWords = regexp.MustCompile(`^(?:clean|cleaning|wash|washing|care|use|using|store|safe|oven|microwave|dishwasher|freezer|fridge|dryer|stove|hob|grill)$`)

// withReferent is a docs question whose "it" means the thing the
// customer's previous message asked about, with that thing's word added:
// after "how do I clean the skillet?", "can it go in the oven?" is about
// the skillet, not whatever else goes in an oven.
func (t *turn) withReferent(q string) string {
	if t.prevText == "" {
		return q
	}
	q = t.withPrevTopic(t.withOtherItem(q))
	if !pronounRe.MatchString(q) {
		return q
	}
	for _, w := range words(q) {
		if t.namesThing(w) {
			return q // it names its thing itself
		}
	}
	prev := strings.Fields(docsQuery(agent.WithProductNouns(t.prevText)))
	for i := len(prev) - 1; i >= 0; i-- {
		w := strings.ToLower(prev[i])
		if len(w) >= 3 && !function[w] && !actionWords.MatchString(w) && wordRe.MatchString(w) && !strings.ContainsAny(w, "()") {
			return q + " (" + w + ")"
		}
	}
	return q
}

// namesThing reports whether w is a noun of one of the customer's items.
func (t *turn) namesThing(w string) bool {
	st := t.req.State
	if st == nil {
		return false
	}
	for _, o := range st.Orders {
		if namesItemIn(stateOrderLines(st, o.Name), w) {
			return true
		}
	}
	return false
}

// otherItemRe points at "the other" of the customer's items.
var otherItemRe = regexp.MustCompile(`(?i)\bthe other(?: one| item| thing| product)?\b`)

// withOtherItem puts the title of the item q means by "the other one" in
// its place: of the current order's items, the one the customer's
// previous message did not name, when there is exactly one such.
func (t *turn) withOtherItem(q string) string {
	loc := otherItemRe.FindStringIndex(q)
	if loc == nil {
		return q
	}
	lines := t.orderLines(t.currentOrder())
	var named, rest []string
	for _, l := range lines {
		if namesItem([]string{l}, t.prevText) {
			named = append(named, l)
		} else {
			rest = append(rest, l)
		}
	}
	if len(named) == 0 || len(rest) != 1 {
		return q
	}
	return q[:loc[0]] + "the " + itemTitle(rest[0]) + q[loc[1]:]
}

// aboutRe is a follow-up that only names a new thing: "what about the
// board?", "and for the candle?".
var aboutRe = regexp.MustCompile(`(?i)^\s*(?:and\s+|ok(?:ay)?,?\s+|so\s+)?(?:what|how) about\b|^\s*and (?:the|for the|with the|my)\b|^\s*(?:same|and) for\b`)

// withPrevTopic adds to a follow-up that only names a new thing ("what
// about the kettle?") what the customer's previous question asked about
// it ("how do I clean the mug?": clean): the thing is the message's own,
// the topic the conversation's.
func (t *turn) withPrevTopic(q string) string {
	if !aboutRe.MatchString(q) {
		return q
	}
	for _, w := range strings.Fields(strings.ToLower(normaliseWords(q))) {
		if actionWords.MatchString(strings.Trim(w, "?.,!")) {
			return q // it says what it asks itself
		}
	}
	var topic []string
	for _, w := range strings.Fields(strings.ToLower(normaliseWords(t.prevText))) {
		if w = strings.Trim(w, "?.,!"); actionWords.MatchString(w) {
			topic = append(topic, w)
		}
	}
	if len(topic) == 0 {
		return q
	}
	// The topic first: the question still ends on the thing it names.
	return strings.Join(topic, " ") + ": " + q
}
