package offline

import (
	"fmt"
	"regexp"
	"slices"
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

// A damage report beside a question about what follows ("the kit showed
// up smashed!! do i need to send it back and how fast is the refund",
// "mug was chipped. refund pls, and when would it land on my card?"): the
// question was read as a return, or as the order's status, and the
// report or the question was dropped. Here the report runs as a message
// of its own through the pipeline (its proposal stated by code), each
// question is looked up in the docs, and the reply holds both.

var (
	// sentenceRe ends a sentence.
	sentenceRe = regexp.MustCompile(`[.!?]+\s*`)
	// refundWhenRe asks when a refund shows: "how fast is the refund",
	// "when would it land on my card".
	refundWhenRe = regexp.MustCompile(`(?i)\b(?:how (?:long|fast|soon|quick(?:ly)?)|when|what day)\b[^.?!]{0,40}\b(?:refund|refunds|refunded|money|card|bank|account|paypal)\b|\b(?:refund|money)\b[^.?!]{0,30}\b(?:how (?:long|fast|soon)|when)\b`)
	// sendBackAskRe asks whether a damaged thing goes back.
	sendBackAskRe = regexp.MustCompile(`(?i)\b(?:do|will|would|should|must) (?:i|we) (?:need|have|got) to (?:send|ship|return|post|mail)\b|\b(?:do|will) (?:you|u) (?:need|want) (?:it|them|the \w+) back\b|\bsend (?:it|them) back\s*\?`)
)

// damageTag marks the docs look-ups this hook makes for the questions,
// so the report's own pipeline does not take them for its own.
const damageTag = "_m10q"

// damageQuestions answers a damage report and the questions beside it.
func (t *turn) damageQuestions(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.declined || t.reoffered || t.inPart || t.intent == intentPerson ||
		strings.Contains(t.lastBot, "Shall I") || !offers(t.req, toolname.ReportDamage) || !offers(t.req, toolname.SearchDocs) {
		return agent.Message{}, false
	}
	var report, asks []string
	for _, s := range sentenceRe.Split(t.text, -1) {
		for _, p := range besideParts(s) {
			switch {
			case strings.TrimSpace(p) == "":
			case refundWhenRe.MatchString(p) || sendBackAskRe.MatchString(p):
				asks = append(asks, p)
			case resolutionTool(p) == toolname.ReportDamage || damageChoice(p) != "" && len(report) > 0:
				report = append(report, p)
			default:
				return agent.Message{}, false // a part this hook does not read
			}
		}
	}
	if len(report) == 0 || len(asks) == 0 {
		return agent.Message{}, false
	}
	sub := *t
	sub.text, sub.prevText = strings.Join(report, ". "), ""
	sub.intent = classify(normalise(sub.text))
	sub.calls = nil
	looked := map[int]*call{}
	for i, c := range t.calls {
		if strings.HasSuffix(c.id, damageTag) {
			var k int
			if _, err := fmt.Sscanf(c.id[strings.LastIndex(c.id, "_q")+2:len(c.id)-len(damageTag)], "%d", &k); err == nil {
				looked[k] = &t.calls[i]
			}
			continue
		}
		sub.calls = append(sub.calls, c)
	}
	msg := sub.plan()
	if hasToolUse(msg) {
		if !containsTool(toolUses(msg), toolname.ReportDamage) && !containsTool(toolUses(msg), toolname.TrackOrder) && !containsTool(toolUses(msg), toolname.VerifyCustomer) {
			return agent.Message{}, false // the report went another way
		}
		return msg, true
	}
	if sub.called(toolname.ReportDamage) == nil {
		return agent.Message{}, false
	}
	for k, q := range asks {
		if looked[k] == nil {
			// The question's topic in the guides' words: the customer's
			// own ("how fast is the refund") find nothing.
			query := "damaged send it back"
			if refundWhenRe.MatchString(q) {
				query = "how long refund"
			}
			use := agent.ToolUse{ID: fmt.Sprintf("tooluse_%d_%s_q%d%s", n, toolname.SearchDocs, k, damageTag), Name: toolname.SearchDocs, Input: mustJSON(map[string]any{"query": query})}
			return agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &use}}}, true
		}
	}
	var out []string
	for k, q := range asks {
		c := looked[k]
		if c.isErr || c.result == nil {
			continue
		}
		if a := passageFor(q, c.result); a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	if rep := strings.TrimSpace(msg.Text()); rep != "" {
		out = append(out, rep)
	}
	return say("%s", strings.Join(out, "\n\n")), true
}

// passageFor is the docs passage of r that answers q, quoted with its
// source, or "": for when a refund shows, one that says how many days;
// for whether a damaged thing goes back, one about damage that says
// what to send.
func passageFor(q string, r map[string]any) string {
	for _, p := range list(r, "passages") {
		text := strings.ToLower(str(p, "section") + " " + str(p, "text"))
		var fits bool
		switch {
		case refundWhenRe.MatchString(q):
			fits = strings.Contains(text, "refund") && strings.Contains(text, "days")
		case sendBackAskRe.MatchString(q):
			fits = strings.Contains(text, "damage") && strings.Contains(text, "send")
		}
		if fits {
			src := str(p, "source")
			if sec := str(p, "section"); sec != "" {
				src += ", " + sec
			}
			return fmt.Sprintf("Here's what our guide says (%s):\n%s", src, str(p, "text"))
		}
	}
	return ""
}

// A yes whose condition corrects the street of an address change ("yes,
// but make it 24 Elm Street instead"): code confirmed nothing (its "but"
// and its number are not what was stated); the correction is stated as a
// new proposal, the rest of the stated address kept, for its own yes.

// streetFixRe is a street with its number, as a correction names it.
var streetFixRe = regexp.MustCompile(`(?i)\b(\d+[a-z]?\s+(?:[\p{L}.'-]+\s+){0,3}?(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|circle|cir|parkway|pkwy)\.?)(?:$|[^\p{L}])`)

// streetCorrection states the address change answered last with the
// street the customer's message corrects it to.
func (t *turn) streetCorrection(n int) (agent.Message, bool) {
	st := t.req.State
	done := justChanged(st, t.lastBot)
	if n > 0 || st == nil || newAddress(t.text) != nil {
		return agent.Message{}, false
	}
	if done == "" && (st.Answered == nil || st.Answered.Expired || st.Answered.Reoffered ||
		st.Answered.Tool != toolname.ChangeAddress || (st.Answered.Status != "declined" && st.Answered.Status != "lapsed")) {
		return agent.Message{}, false
	}
	fix := streetFixRe.FindStringSubmatch(t.text)
	if fix == nil || done != "" && !partFixRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	addr := t.statedAddress()
	if done != "" {
		addr = statedAddress(" to: " + done)
	}
	if addr == nil || strings.EqualFold(str(addr, "address1"), strings.TrimSpace(fix[1])) {
		return agent.Message{}, false
	}
	args := t.orderArg()
	for k, v := range addr {
		args[k] = v
	}
	args["address1"] = strings.TrimSpace(fix[1])
	return toolCall(n, toolname.ChangeAddress, args), true
}

// justChanged is the address the conversation's last action, an address
// change the reply before this message told of, ships to; "" when the
// last action was no such change. A street corrected right after it
// (trial 16: "oh wait, I typed it wrong, its 21 Oak Ave not 12" got the
// order's status) is that address with the street changed.
func justChanged(st *agent.State, lastBot string) string {
	if st == nil || len(st.Done) == 0 {
		return ""
	}
	d := st.Done[len(st.Done)-1]
	if d.Tool != toolname.ChangeAddress || d.Status != "done" || d.ShipTo == "" || !strings.Contains(lastBot, d.ShipTo) {
		return ""
	}
	return d.ShipTo
}

// newsRe asks for news of the order in words the status readings leave
// out: "any news on my throw?", "any word on it".
var newsRe = regexp.MustCompile(`(?i)\bany (?:news|word)\b`)

// multi10 is this file's hooks, in plan's order. It first reads "any
// news" as the "any update" the hooks after it know, so a status part
// beside another question is not sent to the guides.
func (t *turn) multi10(n int) (agent.Message, bool) {
	if newsRe.MatchString(t.text) {
		t.text = newsRe.ReplaceAllString(t.text, "any update")
	}
	if m, ok := t.streetCorrection(n); ok {
		return m, true
	}
	if m, ok := t.addressUnconfirmed(n); ok {
		return m, true
	}
	return t.damageQuestions(n)
}

// A yes to an address change that names another place without its
// address ("yes but can it be the other address?", "yes, could you send
// it to my office instead?"), or that holds a condition ("yes but only if
// it still ships today?"): code confirmed nothing. The first is asked for
// the full address; the second is answered from track_order and the same
// change stated again, word for word, for a new yes.

var (
	// otherPlaceRe names a place other than the one stated.
	otherPlaceRe = regexp.MustCompile(`(?i)\b(?:other|another|different|office|work|home|mom'?s|mum'?s|moms|parents'?|friend'?s|neighbou?r'?s|sister'?s|brother'?s)\b`)
	// yesConditionRe makes a yes depend on something.
	yesConditionRe = regexp.MustCompile(`(?i)\b(?:only if|as long as|provided|if it (?:still|can still|will still))\b`)
)

// statedAddress is the address the last statement of a change gives, as
// change_address's arguments, or nil.
func (t *turn) statedAddress() map[string]any {
	stated := t.lastBot
	if i := strings.LastIndex(stated, " to: "); i >= 0 {
		stated = stated[i+len(" to: "):]
	}
	if i := strings.Index(stated, ", "); i >= 0 && !strings.ContainsAny(stated[:i], "0123456789") {
		stated = stated[i+2:] // the name the statement starts with
	}
	return newAddress(stated)
}

// addressUnconfirmed answers a yes to an address change that code did not
// take as consent, when it names another place or sets a condition.
func (t *turn) addressUnconfirmed(n int) (agent.Message, bool) {
	st := t.req.State
	lapsed := st != nil && st.Answered != nil && !st.Answered.Expired && !st.Answered.Reoffered &&
		st.Answered.Tool == toolname.ChangeAddress && st.Answered.Status == "lapsed"
	// sticky9.go sets the answer aside for a message about another place;
	// the statement it answered is the previous reply.
	setAside := st != nil && st.Answered == nil && t.confirmed == nil && !t.declined && strings.Contains(t.lastBot, "change the shipping address")
	if !lapsed && !setAside || newAddress(t.text) != nil || streetFixRe.MatchString(t.text) || zipFixRe.MatchString(t.text) || agent.AfterYes(t.text, toolname.ChangeAddress) == "" {
		return agent.Message{}, false
	}
	if yesConditionRe.MatchString(t.text) {
		addr := t.statedAddress()
		if addr == nil {
			return agent.Message{}, false
		}
		switch {
		case n == 0:
			return toolCall(n, toolname.TrackOrder, t.orderArg()), true
		case n == 1 && t.calls[0].name == toolname.TrackOrder:
			args := t.orderArg()
			for k, v := range addr {
				args[k] = v
			}
			return toolCall(n, toolname.ChangeAddress, args), true
		case n == 2 && t.calls[0].name == toolname.TrackOrder && t.calls[1].name == toolname.ChangeAddress:
			return say("I haven't changed anything yet: I can't make the change depend on something, so here is where the order stands, for you to decide.\n\n%s\n\n%s",
				t.answer(t.calls[0]), t.answer(t.calls[1])), true
		}
		return agent.Message{}, false
	}
	if n > 0 || !otherPlaceRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	return say("I haven't changed anything yet. Which address should it go to instead? Please send me the full address (street, city, state and ZIP code) and I'll state the change for your yes."), true
}
