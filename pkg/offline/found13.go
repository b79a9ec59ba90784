package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A parcel the customer reported as never come that came after all
// (issue 18, found13, a new user's trial): their report stayed open and
// refused everything they asked next ("your report that the parcel never
// came is still open"). Found-it words while such a report is open now
// close it (parcel_arrived, code decides what closes), and the rest of
// the message (a return, something missing from it) is read as it would
// be about any delivered order, in the same turn: the reply says the
// report was closed first.

// f13Tag ends the ID of the parcel_arrived call this hook makes.
const f13Tag = "_f13"

// f13FoundMoreRe adds to f12FoundRe what else says a parcel reported
// missing came: "its here", "the parcel came", "my son took it in",
// "i have it", "it showed up" without an article, and more es/de/fr. It
// counts only with no words saying it is still not there
// (f13StillGoneRe) and not as tracking's claim (f13ClaimRe).
var f13FoundMoreRe = regexp.MustCompile(`(?i)\b(?:it'?s|its|it is|they'?re|they are|(?:the|my) (?:parcel|package|box|order|delivery) is) (?:here|in|arrived)\b` +
	`|\b(?:it|they|(?:the|my) (?:parcel|package|box|order|delivery|pakage|packet)|(?:parcel|package|pakage|box)) (?:just |finally |finaly |has |have )?(?:came|come|arrived|got here|turned up|showed up|popped up)\b` +
	`|\b(?:son|daughter|wife|husband|partner|mum|mom|dad|mother|father|roommate|flatmate|housemate|brother|sister|kid|kids|family|landlord|concierge|doorman|building manager|reception)\b[^.!?]{0,20}?\b(?:took|grabbed|picked|brought|had|has|got|collected|signed for|put) (?:it|them|the (?:parcel|package|box))\b` +
	`|\b(?:i|we) (?:have|got|'ve got|ve got) (?:it|them|the (?:parcel|package|box))(?: now| after all| already)?\s*(?:$|[.,!;:)]|\b(?:thanks|sorry|so|all|lol)\b)` +
	`|\bmy (?:mistake|bad|error)\b|\bfalse alarm\b|\bignore my (?:last|previous|earlier) (?:msg|message)\b` +
	`|\bya (?:lleg[oó]|est[aá] aqu[ií])\b|\bs[ií] (?:lleg[oó]|ha llegado)\b|\blleg[oó] (?:al final|despu[ée]s|por fin)\b|\bestaba con (?:el|la|mi) vecin[oa]\b` +
	`|\bpaket ist (?:doch )?(?:da|hier|angekommen)\b|\bdoch (?:angekommen|gekommen|da)\b|\bnachbar(?:in)? hatte (?:es|ihn|das paket)\b` +
	`|\bretrouv[ée]e?\b|\bchez (?:ma|mon|le|la|les) voisine?s?\b|\b(?:le|mon) colis est (?:l[àa]|arriv[ée])\b|\bfinalement arriv[ée]\b`)

// f13StillGoneRe says the parcel is still not there: found-it words
// beside it are not the customer's ("it says it arrived but it's not
// here").
var f13StillGoneRe = regexp.MustCompile(`(?i)\b(?:not|never|nothing|no (?:box|parcel|package|sign)|nowhere|still|can'?t find|cant find|didn'?t|didnt|hasn'?t|hasnt|haven'?t|havent|isn'?t|isnt|wasn'?t|wasnt|nada|nichts|rien|pas)\b`)

// f13ClaimRe is tracking's or a question's "arrived": not the customer
// saying it came.
var f13ClaimRe = regexp.MustCompile(`(?i)\b(?:has|did|have|when|if|whether|says?|said|shows?|showing|marked|tracking|app|supposed|should|will|would)\b[^.!?]{0,25}\b(?:arrived?|came|come|delivered|here)\b`)

// f13Found reports whether low (the message, lowercased) says the parcel
// reported missing came after all.
func f13Found(low string) bool {
	norm := strings.ToLower(normalise(low))
	if f12FoundRe.MatchString(low) || f12FoundRe.MatchString(norm) && !f13StillGoneRe.MatchString(norm) {
		return true
	}
	for _, s := range []string{low, norm} {
		if f13FoundMoreRe.MatchString(s) && !f13StillGoneRe.MatchString(s) && !f13ClaimRe.MatchString(s) {
			return true
		}
	}
	return false
}

// f13ReportOpen reports whether the customer's report that the current
// order's parcel never came may be open: the last reply's step or an open
// one (State.Open).
func (t *turn) f13ReportOpen() bool {
	st := t.req.State
	for _, a := range append(append([]agent.StateAction(nil), st.Before...), st.Open...) {
		if a.Tool == toolname.ReportNotReceived && a.Status != "proposed" && a.Status != "not_delivered" {
			return true
		}
	}
	return false
}

// found13 closes the customer's open not-received report when they say
// the parcel came; with a request beside it, the request is then planned
// as on its own (the rest of the message, the close left out of the
// calls it sees).
func (t *turn) found13(n int) (agent.Message, bool) {
	if !t.verified || t.req.State == nil || t.confirmed != nil {
		return agent.Message{}, false
	}
	var closed *call
	for i := range t.calls {
		if t.calls[i].name == toolname.ParcelArrived && strings.HasSuffix(t.calls[i].id, f13Tag) {
			closed = &t.calls[i]
		}
	}
	low := strings.ToLower(t.text)
	if closed == nil {
		if n == 0 && !t.f13ReportOpen() && f13DeliveredNotHereRe.MatchString(low) && f13NotHereRe.MatchString(low) && t.currentOrder() != "" {
			return toolCall(0, toolname.ReportNotReceived, map[string]any{"order_number": t.currentOrder()}), true
		}
		if n == 0 && !t.f13ReportOpen() {
			return t.f13UnitShort(low)
		}
		if n > 0 || !t.f13ReportOpen() || !f13Found(low) {
			return agent.Message{}, false
		}
		m := toolCall(n, toolname.ParcelArrived, map[string]any{"order_number": t.req.State.CurrentOrder})
		if t.req.State.CurrentOrder == "" {
			m = toolCall(n, toolname.ParcelArrived, map[string]any{})
		}
		m.Blocks[0].ToolUse.ID += f13Tag
		return m, true
	}
	if closed.result == nil {
		return agent.Message{}, false
	}
	switch str(closed.result, "status") {
	case "handed_over":
		return say("Thanks for letting me know. %s, so I haven't changed or undone anything: I've passed this to a member of our team, who will look at it and reply here.",
			upperFirst(str(closed.result, "made_good"))), true
	case "closed", "nothing_open":
	default:
		return say("I'm sorry, I couldn't close your report just now. A member of our team can help if you'd like."), true
	}
	// The rest of the message, planned as on its own: the close is left
	// out of the calls the other hooks see, and the report out of the
	// state (it is closed).
	sub := *t
	sub.calls = nil
	for _, c := range t.calls {
		if c.id != closed.id {
			sub.calls = append(sub.calls, c)
		}
	}
	st := *t.req.State
	st.Before, st.Open = f13Without(st.Before), f13Without(st.Open)
	sub.req.State = &st
	rest := f12FoundRe.ReplaceAllString(low, " ")
	rest = strings.TrimSpace(f12LeadRe.ReplaceAllString(strings.TrimSpace(f13FoundMoreRe.ReplaceAllString(rest, " ")), ""))
	if !f13Asks(rest) {
		return say("%s", f13Closed(closed.result)), true
	}
	if norm := normalise(rest); !boxProblem(rest) && !boxProblem(norm) && f12GoneRe.MatchString(rest) {
		rest = strings.TrimSpace(f12GoneRe.ReplaceAllString(rest, " is missing from the box")) // as flow12 reads it
	}
	sub.text, sub.intent = rest, classify(normalise(rest))
	*t = sub
	m := t.plan()
	if hasToolUse(m) || str(closed.result, "status") != "closed" {
		return m, true
	}
	return say("%s %s", str(closed.result, "what_we_did"), m.Text()), true
}

// f13Without is as without the customer's report of a parcel never come.
func f13Without(as []agent.StateAction) []agent.StateAction {
	var out []agent.StateAction
	for _, a := range as {
		if a.Tool != toolname.ReportNotReceived {
			out = append(out, a)
		}
	}
	return out
}

// f13Asks reports whether rest, what a found-it message says beside it,
// asks for something or reports a problem (not thanks or "all good").
func f13Asks(rest string) bool {
	low := strings.ToLower(rest)
	if f12FoundRe.MatchString(low) {
		rest = f12FoundRe.ReplaceAllString(low, " ")
	}
	norm := normalise(rest)
	if contentWords(norm) == 0 || f12AllGoodRe.MatchString(rest) && contentWords(normalise(f12AllGoodRe.ReplaceAllString(rest, " "))) == 0 {
		return false
	}
	if boxProblem(strings.ToLower(norm)) || f12GoneRe.MatchString(rest) || isWriteAsk(rest) || resolutionTool(rest) != "" ||
		f13UnitShortRe.MatchString(rest) || countShortRe.MatchString(rest) || missingOnly(rest) {
		return true
	}
	switch classify(norm) {
	case intentReturn, intentRefund, intentAddress, intentPerson, intentHowTo:
		return true
	}
	return false
}

// f13Closed is the reply to a report closed with nothing else asked.
func f13Closed(res map[string]any) string {
	if str(res, "status") == "nothing_open" {
		return "Glad to hear it turned up! There's nothing more you need to do about it. If anything in it is missing or damaged, just tell me here."
	}
	return "Glad to hear it turned up! " + str(res, "what_we_did") + " If anything in it is missing or damaged, just tell me here."
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// f13UnitShortRe is one unit of several of a line that did not come, in
// words wholeUnitGoneRe does not take: "one of the two candles is
// missing", "box had 1 of the 2 candles", "ordered 2 mugs but there was
// just one inside", "only got one mug, i ordered two". A missing unit,
// never a wrong item nor a parcel that never came.
var f13UnitShortRe = regexp.MustCompile(`(?i)\b(?:one|1) of (?:the|my) (?:two|2|three|3|four|4) [\p{L}]+ (?:is|was) (?:missing|not there|not in (?:it|the box))` +
	`|\b(?:box|package|parcel|it) (?:had|has|contained|came with) (?:only |just )?(?:one|1) of (?:the|my) (?:two|2|three|3|four|4)\b` +
	`|\b(?:ordered|bought|paid for) (?:two|2|three|3|four|4) [\p{L}]+,? but (?:there (?:was|is)|i (?:only )?got|(?:i )?only got|only|just) (?:just |only )?(?:one|1)\b` +
	`|\bonly (?:got|received|had) (?:one|1) [\p{L}]+,? (?:but )?(?:i|we) ordered (?:two|2|three|3|four|4)\b` +
	`|\b(?:only|just) (?:one|1) [\p{L}]+ (?:in|inside) (?:the|my|it|there)\b`)

// f13CountRe reads the counts of f13UnitShortRe: what came, then what was
// ordered (either way round).
var f13CountRe = regexp.MustCompile(`(?i)\b(one|1|two|2|three|3|four|4)\b`)

// f13UnitShort reports the units of a line that did not come
// (report_damage, problem missing) for a message f13UnitShortRe takes
// alone and that other readings leave to the guides or the tracking.
func (t *turn) f13UnitShort(low string) (agent.Message, bool) {
	if t.f13StillNotThere(low) {
		// "nope not there" after a missing item's report: that report
		// again, as the customer first made it.
		t.text = t.prevText
		t.intent = classify(normalise(t.text))
		low = strings.ToLower(t.text)
	}
	if !f13UnitShortRe.MatchString(low) || len(questions(t.text)) > 1 {
		return agent.Message{}, false
	}
	name := t.currentOrder()
	if name == "" {
		return agent.Message{}, false
	}
	if m := countShortRe.FindStringSubmatch(t.text); m != nil && t.countShortText() && len(namedItems(t.orderLines(name), m[2])) > 0 {
		return agent.Message{}, false // countShort (guide10.go) counts it against the order
	}
	items := namedItems(t.orderLines(name), t.text)
	if len(items) != 1 {
		return agent.Message{}, false
	}
	nums := map[string]int{"one": 1, "1": 1, "two": 2, "2": 2, "three": 3, "3": 3, "four": 4, "4": 4}
	var counts []int
	for _, m := range f13CountRe.FindAllString(low, -1) {
		counts = append(counts, nums[strings.ToLower(m)])
	}
	gone := 1
	if len(counts) == 2 && counts[0] != counts[1] {
		gone = max(counts[0], counts[1]) - min(counts[0], counts[1])
	}
	items[0]["quantity"] = gone
	return toolCall(0, toolname.ReportDamage, map[string]any{"order_number": name, "problem": "missing", "items": items}), true
}

// f13NotThereRe says the item is still not there, nothing more ("nope
// not there", "no its not there, checked twice").
var f13NotThereRe = regexp.MustCompile(`(?i)^\W*(?:nope|no|nah|still)?\W*(?:it'?s|its|it is|they'?re|it was)?\s*(?:not|isn'?t|isnt|wasn'?t) (?:there|in (?:it|there|the box))\b[\s,.!]*(?:(?:i )?(?:checked|looked)(?: again| twice| everywhere)?)?[\s.!]*$`)

// f13StillNotThere reports whether low answers a missing item's report
// (the last reply's report_damage) with only "it is not there".
func (t *turn) f13StillNotThere(low string) bool {
	if t.prevText == "" || !f13NotThereRe.MatchString(low) {
		return false
	}
	for _, a := range t.req.State.Before {
		if a.Tool == toolname.ReportDamage {
			return true
		}
	}
	return false
}

// f13DeliveredNotHereRe and f13NotHereRe: the app or the tracking says
// delivered, and nothing is there ("the app says delivered?? no box
// here"): a parcel that never came, not a question about the box.
var (
	f13DeliveredNotHereRe = regexp.MustCompile(`(?i)\b(?:app|tracking|tracker|it|site|website|email|status|carrier)\b[^.!?]{0,20}\b(?:says?|said|shows?|showing|marked|claims?)\b[^.!]{0,15}\bdeliver(?:ed|d)\b`)
	f13NotHereRe          = regexp.MustCompile(`(?i)\b(?:no (?:box|parcel|package)|nothing (?:here|at|came|on)|not here|isn'?t here|never (?:came|got|arrived)|didn'?t (?:get|come|arrive)|got nothing)\b`)
)
