package offline

import (
	"regexp"
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Short follow-ups (issue 18): a message with no request of its own ("and
// X?", "what about X?", "what time roughly") takes its intent from the
// customer's previous message and its subject from itself. Three kinds:
// the time of day of a parcel whose tracking was just given, the
// tracking sent by email (the chat sends none: said plainly, with the
// tracking again), and the same docs question about a new subject.

// shortLeadRe opens a follow-up: "and", "what about", "how about", in
// other languages too.
var shortLeadRe = regexp.MustCompile(`(?i)^\s*¿?\s*(?:and|an|nd|also|what about|wh?at about|waht about|how about|y|und|et|e)\b`)

// timeOfDayRe asks for a time of day.
var timeOfDayRe = regexp.MustCompile(`(?i)(?:\bw[ha]{1,2}t time\b|\bwhich time\b|\bwhat hour\b|\baround when\b|\bmorning or\b|\bor (?:in )?the (?:morning|afternoon|evening)\b|qu[eé] hora|wie ?viel uhr|welche uhrzeit|quelle heure)`)

// emailAskRe asks for something by email: "can you email me that?".
var emailAskRe = regexp.MustCompile(`(?i)\b(?:e-?mail|emial|emal|mail|correo|courriel)\b`)

// sendAskRe is a request to send: "can you", "send", "mandar".
var sendAskRe = regexp.MustCompile(`(?i)\b(?:can|could|would|pls|please|send|email|emial|mail|forward|puedes|puede|mandar|enviar|schicken|senden|envoyer|peux|pouvez)\b`)

// expansions widen a follow-up's words to those a guide uses for them.
var expansions = map[string][]string{
	"temp": {"temperature", "heat"}, "temps": {"temperature", "heat"}, "temperature": {"heat"}, "hot": {"heat"},
	"wassertemperatur": {"water temperature", "water heat"}, "température": {"temperature", "heat"},
	"temperatura": {"temperature", "heat"}, "uk": {abroad}, "england": {abroad}, "britain": {abroad},
	"france": {abroad}, "europe": {abroad}, "mexico": {abroad}, "australia": {abroad}, "germany": {abroad},
}

// abroad is how a shop's docs say where else they ship.
const abroad = "outside united states"

// totalRe asks how long a thing lasts as a whole: "how long does one
// last", "in total".
var totalRe = regexp.MustCompile(`(?i)\bhow (?:long|many hours)\b.*\b(?:one|whole|entire|total|in all|altogether|last|lasts)\b|\bin total\b`)

func (t *turn) shortFollowUp(n int) (agent.Message, bool) {
	if t.prevText == "" || t.confirmed != nil || len(strings.Fields(t.text)) > 9 ||
		agent.Affirmative(t.text) || agent.Negative(t.text) || thanksOnly(t.text) {
		return agent.Message{}, false
	}
	prev := classify(normalise(t.prevText))
	switch {
	case timeOfDayRe.MatchString(t.text) && t.verified && (prev == intentStatus || prev == intentLate):
		return t.trackThen(n, " The tracking doesn't give a time of day for the delivery, so I can't tell you when today or which part of the day it will come; the carrier's tracking page may show more as it goes.")
	case emailAskRe.MatchString(t.text) && sendAskRe.MatchString(t.text) && t.verified && t.intent != intentAddress && !returnLabelRe.MatchString(strings.ToLower(t.text)):
		return t.trackThen(n, "")
	case t.docsBefore() && t.withPrevTopic(t.text) == t.text && !t.newThing() && (shortLeadRe.MatchString(t.text) || len(strings.Fields(t.text)) <= 3 || totalRe.MatchString(t.text)) &&
		(t.intent == intentNone || t.intent == intentHowTo || t.intent == intentAddress && newAddress(t.text) == nil):
		qs := t.followQueries()
		if n > 0 {
			last := t.calls[n-1]
			if last.name != toolname.SearchDocs || last.isErr || n > len(qs) {
				return agent.Message{}, false
			}
			if totalRe.MatchString(t.text) {
				last = opening(last)
			}
			if text, ok := t.docsReply(last, qs[n-1], nil); ok {
				return say("%s", text), true
			}
		}
		if n < len(qs) && n < 4 {
			return toolCall(n, toolname.SearchDocs, map[string]any{"query": qs[n]}), true
		}
	}
	return agent.Message{}, false
}

// trackThen looks the order up, then says where it is with note after;
// note "" is the reply to a request to email it.
func (t *turn) trackThen(n int, note string) (agent.Message, bool) {
	if n == 0 {
		return toolCall(n, toolname.TrackOrder, t.orderArg()), true
	}
	last := t.calls[n-1]
	if last.name != toolname.TrackOrder || last.isErr {
		return agent.Message{}, false
	}
	status := t.tracking(last.result)
	if note == "" {
		return say("I can't send emails from this chat, sorry. Here it is again: %s", status), true
	}
	return say("%s%s", status, note), true
}

// docsBefore reports whether the customer's previous message was a
// question for the shop's docs.
func (t *turn) docsBefore() bool {
	norm := normalise(t.prevText)
	// The previous reply quoted a guide (docsReply's opening).
	return classify(norm) == intentHowTo || isPolicyQuestion(norm) || strings.Contains(t.lastBot, "what our guide says")
}

// followQueries are the previous question's search with this message's
// subject, then with that subject in the words a guide uses for it: the
// previous product's noun kept when it names one of the customer's items,
// else the previous question's words.
func (t *turn) followQueries() []string {
	prev := strings.Fields(docsQuery(agent.WithProductNouns(t.prevText)))
	var things []string
	for _, w := range prev {
		if t.namesThing(strings.ToLower(w)) {
			things = append(things, w)
		}
	}
	if m := guideRe.FindStringSubmatch(t.lastBot); len(things) == 0 && m != nil {
		// The guide the previous reply quoted, by its title.
		things = strings.Fields(docsQuery(m[1]))
	}
	if len(things) == 0 {
		things = prev
	}
	own := strings.Fields(docsQuery(shortLeadRe.ReplaceAllString(t.text, "")))
	if totalRe.MatchString(t.text) {
		own = append(own, "about", "hours")
	}
	// The guide's words first: a literal "hot" finds hot water
	// anywhere; then the customer's own words, a typo among them.
	var qs []string
	for _, w := range own {
		for _, alt := range expansions[strings.ToLower(w)] {
			qs = append(qs, strings.Join(append(slices.Clone(things), alt), " "))
		}
	}
	qs = append(qs, strings.Join(append(slices.Clone(things), own...), " "))
	if totalRe.MatchString(t.text) {
		qs = append(qs, strings.Join(append(slices.Clone(things), "about", "hours"), " "))
	}
	return qs
}

// guideRe is the source docsReply names first: "(Some Guide – setup, Section)".
var guideRe = regexp.MustCompile(`what our guide says \(([^,–:(]+)`)

// opening keeps, of a search's passages, a guide's opening (the passage
// under no heading) when there is one: what a thing is as a whole, how
// long one lasts in all, is said there, not in the steps of its use.
func opening(c call) call {
	var keep []any
	for _, p := range list(c.result, "passages") {
		if str(p, "section") == "" {
			keep = append(keep, p)
		}
	}
	if len(keep) == 0 {
		return c
	}
	r := map[string]any{}
	for k, v := range c.result {
		r[k] = v
	}
	r["passages"] = keep
	c.result = r
	return c
}

// thanksRe is a message that only thanks or acknowledges.
var thanksRe = regexp.MustCompile(`(?i)^\W*(?:thanks?|thx|ty|thank you|cheers|ok(?:ay)?|cool|great|perfect|got it|gracias|danke|merci)\b[\s\W]*(?:so much|a lot|again)?[\s\W]*$`)

// thanksOnly reports whether text only thanks or acknowledges.
func thanksOnly(text string) bool { return thanksRe.MatchString(text) }

// newThing reports whether a follow-up names only a new thing ("what
// about the board?"), none of whose words a guide says otherwise: the
// follow-ups of followup.go answer it from that thing's guide.
func (t *turn) newThing() bool {
	if !aboutRe.MatchString(t.text) {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(t.text)) {
		if _, ok := expansions[strings.Trim(w, "?.,!¿")]; ok {
			return false
		}
	}
	return true
}
