package offline

import (
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
			if o.Name != cur {
				rest = append(rest, o.Name)
			}
		}
		if newerRe.MatchString(norm) {
			return rest[:1]
		}
		return rest[len(rest)-1:]
	}
	if !otherRe.MatchString(norm) {
		return nil
	}
	var out []string
	for _, o := range st.Orders {
		if o.Name != cur {
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
	if t.intent != intentNone || t.prevText == "" || len(t.text) > 60 || !backRe.MatchString(t.text) {
		return
	}
	switch pi := classify(normalise(t.prevText)); pi {
	case intentStatus, intentLate, intentRefund:
		t.intent = pi
	}
	if t.intent == intentNone && otherRe.MatchString(normalise(t.text)) && strings.TrimSpace(t.lastBot) != "" {
		t.intent = intentStatus
	}
}
