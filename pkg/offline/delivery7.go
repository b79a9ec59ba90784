package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Delivery questions in a shopper's own words (issue 18, seventh trial):
// "when r u sending it", "is the mailman bringing it today", "shoulda been
// here by now", "Delivered?? Where?? I've been home all day", "is there a
// phone number I can call". classify reads none of them as the order's:
// they went to the guides. Here they are read from the verbs and nouns of
// a delivery and the order's stage in the request's State, nothing of a
// catalogue.

var (
	// deliveryAskRe asks how the order is getting on, in words classify
	// does not know: an update, sending, going out, showing up, a wait, a
	// carrier's number.
	deliveryAskRe = regexp.MustCompile(`\b(?:any )?(?:update|updates|news|progress)\b|` +
		`\b(?:when|why|has|have|did|is|are|was|were|will|r|u)\b[^.?!,]{0,25}\b(?:send|sending|sent|dispatch|dispatched|dispatching|gone out|go out|goes out|went out|going out|head out|posted|packed|packing|prepared)\b|` +
		`\bstill (?:processing|being processed|pending|packing|being packed)\b|` +
		`\b(?:show up|shows up|turn up|turns up|get to me|gets to me|reach me|reaches me|bringing|drop it off)\b|\b(?:will|gonna|going to) (?:it|they|that) make it\b|\bmake it (?:by|in time|on time)\b|` +
		`\b(?:it|itll|it'll|they|order|package|parcel|stuff|things|box|postman|mailman|driver|courier)\b[^.?!,]{0,20}\b(?:com(?:e|es|ing)|here (?:today|tomorrow|by|before|on))\b|` +
		`\bhow (?:much )?long(?:er)?\b[^.?!]{0,30}\bwait|` +
		`\b(?:usps|ups|fedex|dhl|courier|carrier|tracking|track)\b[^.?!]{0,20}\b(?:num\w*|no|code|id|link)\b|` +
		`\bnum\w*\b[^.?!]{0,25}\b(?:follow|track|check)\b`)
	// lateSayRe says the parcel is late in a complaint's words: the date
	// come and gone, still nothing, a week of waiting, "ridiculous".
	lateSayRe = regexp.MustCompile(`\b(?:overdue|come and gone|came and went|(?:date|estimate)[^.?!]{0,20}\b(?:passed|gone|missed)|past (?:the |its )?(?:delivery |estimated |expected )?(?:date|estimate|eta)|should(?:a|'ve| have| of) been here|over a (?:week|fortnight)|(?:a|one|two|2|three|3) weeks?|unacceptable|ridiculous|chase|chasing)\b`)
	// goneFromDoorRe says a parcel marked delivered is not to be found in
	// the words of someone who looked: checked, searched, home all day,
	// stolen; Spanish, German, French "nothing".
	goneFromDoorRe = regexp.MustCompile(`\b(?:stole|stolen|steal|theft|thief|checked|looked|searched|been home|was home|were home|home all day|nothing|no tengo|nada|nichts|rien|pas reçu)\b|\bwhere\s*\?`)
	// callUsRe asks for a way to reach a person: a phone number, a call.
	callUsRe = regexp.MustCompile(`\b(?:phone|telephone)(?: num\w*| no| nr| #)?\b[^.?!]{0,30}\b(?:call|ring|reach|talk|speak)\b|\bphone (?:num\w*|no|nr|#)|\b(?:call|ring|phone) (?:me|you|someone|somebody|the shop|the store|your team)\b|\bphone number\b`)
	// clauseRe parts a question's clauses.
	clauseRe = regexp.MustCompile(`[,;]`)
	// vagueWords carry no topic a guide could answer beside a delivery
	// question: "been a while", "what now", "what about the rest of it".
	vagueWords = map[string]bool{"been": true, "while": true, "now": true, "rest": true, "actually": true, "coming": true, "come": true,
		"happening": true, "happened": true, "next": true, "news": true, "update": true, "yet": true, "seriously": true, "really": true,
		"ages": true, "whole": true, "other": true, "part": true, "one": true, "ones": true, "all": true, "today": true, "tomorrow": true}
)

// deliveryWords answers a verified customer's delivery question that
// classify misreads: a way to reach a person, a parcel marked delivered
// that is not there, a late parcel, or where it is.
func (t *turn) deliveryWords(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.declined || t.reoffered || t.currentOrder() == "" ||
		newAddress(t.text) != nil || resolutionTool(t.text) != "" || t.resolutionWanted() != "" || lateChoice(t.text) != "" {
		return agent.Message{}, false
	}
	if _, several := t.partsToAnswer(); several {
		return agent.Message{}, false // each part is read on its own (parts.go)
	}
	norm := strings.ToLower(normalise(t.text))
	in := classify(norm)
	if in == intentPerson || cancelRe.MatchString(norm) || callOffRe.MatchString(norm) {
		return agent.Message{}, false
	}
	switch {
	case n == 0 && callUsRe.MatchString(norm):
		t.intent = intentPerson
		return toolCall(n, toolname.Handover, map[string]any{"reason": "customer asked for a person"}), true
	case strings.Contains(norm, "delivered") && goneFromDoorRe.MatchString(norm) &&
		strings.HasPrefix(t.stageOf(t.currentOrder()), "delivered") && offers(t.req, toolname.ReportNotReceived):
		if n > 0 {
			return agent.Message{}, false // the tool's own answer follows
		}
		return toolCall(n, toolname.ReportNotReceived, t.orderArg()), true
	case lateSayRe.MatchString(norm) && in != intentHowTo && in != intentRefund && in != intentReturn:
		t.intent = intentLate
	case (in == intentNone || in == intentHowTo) && deliveryAskRe.MatchString(norm) && !careQuestionRe.MatchString(norm) && !isPolicyQuestion(norm):
		t.intent = intentStatus
	case (in == intentStatus || in == intentLate) && t.vagueBeside():
		t.intent = in
	default:
		return agent.Message{}, false
	}
	if n == 0 {
		return toolCall(n, toolname.TrackOrder, t.orderArg()), true
	}
	return t.step(), true
}

// vagueBeside reports whether a message of several parts asks about the
// order and its other parts name nothing a guide could answer: "any news
// on my order? been a while".
func (t *turn) vagueBeside() bool {
	var qs []string
	for _, q := range questions(t.text) {
		qs = append(qs, clauseRe.Split(q, -1)...)
	}
	if len(qs) < 2 {
		return false
	}
	vague := false
	for _, q := range qs {
		norm := strings.ToLower(normalise(q))
		if in := classify(norm); in == intentStatus || in == intentLate {
			continue
		}
		for _, w := range wordRe.FindAllString(norm, -1) {
			switch {
			case vagueWords[w]:
				vague = true
			case !function[w]:
				return false
			}
		}
	}
	return vague
}
