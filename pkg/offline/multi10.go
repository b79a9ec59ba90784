package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Messages of two or three parts (multi10, a no-context trial against
// make dev): "wht did i order again and whens it coming" answered only
// the status, since "whens it coming" has no content word and was taken
// for filler, and the typo'd or roundabout ways of asking what the order
// holds were read as nothing. Each part is answered here, or handed on to
// the hook that answers it, from the order and docs tools' results.

var (
	// itemsAskMoreRe asks what the order holds in words itemsAskRe leaves
	// out: a typo'd "what", "which items are on my order", "what was in
	// it again" (past tense: "what's in it" may ask about a product).
	itemsAskMoreRe = regexp.MustCompile(`\b(?:wht|wat|whta|waht|wut|whatt)\s+(?:did|do|have)\s+(?:i|we)\s+(?:order|ordered|buy|bought|get|got|purchase|purchased)\b` +
		`|\b(?:which|what)\s+(?:items|products|things)\s+(?:are|were|r|wer)\s+(?:in|on)\s+(?:my|the|this|that)\s+(?:order|package|parcel|box)\b` +
		`|\bwhat\s+(?:was|were|wer)\s+in\s+(?:it|there|them)\b`)
	// whenWhereRe asks when or where, a status question whatever its
	// other words: "whens it coming", "when will it get here".
	whenWhereRe = regexp.MustCompile(`(?i)^\W*(?:(?:and|also|plus|so|btw|then)\W+)*(?:when|whens|when's|wen|where|wheres|where's|how long|how soon|eta)\b`)
)

// asksWhenWhere reports whether q, a part of a message, asks when or where
// the order is, though it may hold no content word ("when will it get
// here"): not filler.
func asksWhenWhere(q string) bool {
	return whenWhereRe.MatchString(strings.TrimSpace(q))
}

// A yes that confirms a proposal and asks something else as well ("yes
// change it. and will the shipping date change?", "confirmed. whats the
// total on the order btw"): code confirmed and ran what was stated
// (agent.YesThenAsks decides, never this model). The reply says what was
// done, then answers the question the way it would be answered alone:
// the order tools for the order's status or facts, the docs otherwise
// (answered.go).

// yesAsked is the question a confirming yes carries, or "": YesThenAsks's,
// or what follows a plain yes when it asks something without a question
// mark.
func (t *turn) yesAsked() string {
	if t.confirmed == nil {
		return ""
	}
	if q := agent.YesThenAsks(t.text, t.confirmed.name); q != "" {
		return q
	}
	if !agent.AffirmativeTo(t.text, t.confirmed.name) {
		return ""
	}
	rest := agent.AfterYes(t.text, t.confirmed.name)
	if len(strings.Fields(rest)) >= 3 && (openAskRe.MatchString(rest) || orderAskOf(rest) != orderAskNone) {
		return rest
	}
	return ""
}

// yesHowLongRe asks how long something takes in general: the docs' answer.
var yesHowLongRe = regexp.MustCompile(`(?i)^\W*(?:(?:and|also|plus|so|btw)\W+)*(?:how long|how many days)\b`)

// yesShipRe asks whether the order's dates move: "will the shipping
// date change?", "does it still ship soon?".
var yesShipRe = regexp.MustCompile(`(?i)\b(?:ship|ships|shipping|shipped|arrive|arrives|arriving|deliver|delivered|delivery|get here|this week|next week|soon|date|dates)\b`)

// yesOrderAnswer answers q, the question of a confirming yes, when it is
// about the order (its status, what it holds or cost): a fact of the order
// from track_order's result, or the status through the whole pipeline as
// a message of its own; after done, what code did.
func (t *turn) yesOrderAnswer(n int, q, done string) (agent.Message, bool) {
	if !t.verified || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	if ask := besideAsk(q); ask != orderAskNone {
		track := t.called(toolname.TrackOrder)
		if track == nil {
			if n > 0 {
				return agent.Message{}, false
			}
			return toolCall(n, toolname.TrackOrder, t.orderArg()), true
		}
		if track.isErr || track.result == nil {
			return agent.Message{}, false
		}
		if fact := t.besideFact(q, track.result); fact != "" {
			return say("%s\n\n%s", done, fact), true
		}
		return agent.Message{}, false
	}
	in := classify(normalise(q))
	if (in == intentNone || in == intentAddress) && (asksWhenWhere(q) || yesShipRe.MatchString(q)) {
		in = intentStatus
	}
	if (in == intentStatus || in == intentLate) && !yesHowLongRe.MatchString(q) {
		// Where it is, when it ships or comes: track_order's answer.
		track := t.called(toolname.TrackOrder)
		if track == nil {
			if n > 0 {
				return agent.Message{}, false
			}
			return toolCall(n, toolname.TrackOrder, t.orderArg()), true
		}
		if track.isErr || track.result == nil {
			return agent.Message{}, false
		}
		return say("%s\n\n%s", done, t.answer(*track)), true
	}
	// Anything else (how long delivery takes, what a policy says): as a
	// message of its own, the way the pipeline answers it alone.
	sub := *t
	sub.text, sub.intent, sub.confirmed, sub.prevText = q, in, nil, ""
	msg := sub.plan()
	if writesAny(msg) {
		return agent.Message{}, false
	}
	if hasToolUse(msg) {
		return msg, true
	}
	text := strings.TrimSpace(msg.Text())
	if text == "" || unhelpful(text) {
		return agent.Message{}, false
	}
	return say("%s\n\n%s", done, text), true
}
