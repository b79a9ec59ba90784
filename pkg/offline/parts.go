package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Messages of several parts, each answered as a turn of its own (issue
// 18): the message is cut into its parts, each part is run through the
// same pipeline as a message of one part (a sub-turn), its tool calls
// tagged with the part they belong to, and the parts' tool calls of a
// step are made together. At most one write is proposed a turn: a
// second is said to come next. A part the pipeline has no reading for is
// said so, never dropped.

// partTagRe is the tag a tool use's ID carries for the part it answers.
var partTagRe = regexp.MustCompile(`_p(\d+)$`)

// leadRe is what opens a part without saying anything of it: "btw",
// "oh and", "also", "plus", "n" (and).
var leadRe = regexp.MustCompile(`(?i)^\W*(?:(?:and|n|also|plus|btw|by the way|oh and|oh|ps|p\.s\.|and also|one more thing|another thing)\b[\s,:.]*)+`)

// conditionRe opens a part that only holds for the answer to the one
// before it: "if not, …", "otherwise …", "if so …".
var conditionRe = regexp.MustCompile(`(?i)^\W*(?:if not|if no|if so|if yes|otherwise|else|if that's the case|if it (?:hasn't|has not|isn't|is not|won't|will not|can't|cannot)(?: \p{L}+)?)\b[\s,:]*`)

// runOnAskRe is a question word inside a part, where a run-on message
// ("when does it get here how do i oil the board") may start its next
// question.
var runOnAskRe = regexp.MustCompile(`(?i)\s(?:how|hw|what|whats|what's|wat|wats|when|whens|when's|wen|where|wheres|where's|can|could|do you|does|is|are|will|should|who|which)\b`)

// howAskRe asks how to do something.
var howAskRe = regexp.MustCompile(`(?i)^\W*(?:how|hw)\s+(?:do|does|should|can|could|would|to|often|long|much)\b`)

// tailRe is what ends a part without saying anything of it, the opening
// of the next: "… pls. oh", "… monday, otherwise".
var tailRe = regexp.MustCompile(`(?i)(?:[\s,.;:]+(?:and|n|oh|btw|also|plus|otherwise|if not|or else))+[\s,.;:]*$`)

// doThatRe is a part that says "do that" of what the part before asked.
var doThatRe = regexp.MustCompile(`(?i)(\bto )(?:do (?:that|this|it|so))\b`)

// requestLeadRe is the asking that opens a request: "i want to", "can i".
var requestLeadRe = regexp.MustCompile(`(?i)^\W*(?:(?:i|we)(?:'d| would)? (?:like|want|need|wanna) to|(?:can|could|may) (?:i|we|you)|please|pls|plz)\s+`)

// piece is one part of a message: its words and what reads it.
type piece struct {
	text    string
	reading string // "write:<tool>", "look:<tool>", "cant", or ""
}

// reading is what answers part q: a write, a lookup, something the shop
// cannot do here, or nothing the pipeline knows ("").
func (t *turn) reading(q string) string {
	if howAskRe.MatchString(q) && newAddress(q) == nil && !windowDateRe.MatchString(q) {
		// "how should I get coffee stains off the mugs", "how do refunds
		// work": the guides', not a report of damage or a return.
		return "look:" + toolname.SearchDocs
	}
	if norm := normalise(q); returnWindowRe.MatchString(norm) && !windowDateRe.MatchString(q) && !cancelRe.MatchString(norm) {
		return "look:" + toolname.SearchDocs // "what's the return window for my order"
	}
	if t.cantKindHere(q) != cantNone {
		return "cant"
	}
	if tool := t.lookupPart(q); tool != "" {
		return "look:" + tool
	}
	if isWriteAsk(q) {
		return "write:" + askTool(t, q)
	}
	switch in := classify(normalise(q)); in {
	case intentNone, intentGreeting, intentThanks:
		return ""
	case intentStatus, intentLate:
		return "look:" + toolname.TrackOrder
	default:
		return "other:" + fmt.Sprint(in)
	}
}

// standsAlone reports whether part p of text asks something or asks for
// something: a question (its words, or the question mark after it in
// text), a request, a new address. Anything else ("I moved", "the glass
// has a crack") says more of the part next to it.
func standsAlone(p, text string) bool {
	if questionStartRe.MatchString(p) || openAskRe.MatchString(p) || shippedAskRe.MatchString(p) ||
		statusAskRe.MatchString(normalise(p)) || requestVerbRe.MatchString(p) || newAddress(p) != nil {
		return true
	}
	if i := strings.Index(text, p); i >= 0 {
		rest := strings.TrimLeft(text[i+len(p):], " ")
		return strings.HasPrefix(rest, "?")
	}
	return false
}

// openAskRe opens a question in a customer's short words.
var openAskRe = regexp.MustCompile(`(?i)^\W*(?:how|hw|what|whats|what's|wat|wats|when|whens|when's|wen|where|wheres|where's|wer|why|who|which|eta|is|are|does|do|did|has|have|can|could|will|would|should|may)\b`)

// filler reports whether q says nothing to answer: a greeting, thanks,
// "one more thing".
func filler(q string) bool {
	norm := normalise(q)
	in := classify(norm)
	return in == intentGreeting || in == intentThanks || contentWords(norm) == 0
}

// pieces cuts text into its parts, each with its reading: partsOf's cuts,
// their opening words ("btw", "if not") dropped, and run-on questions cut
// where both halves read as something different.
func (t *turn) pieces(text string) []piece {
	var texts []string
	for _, p := range partsOf(text) {
		p = leadRe.ReplaceAllString(p, "")
		p = conditionRe.ReplaceAllString(p, "")
		p = strings.TrimSpace(tailRe.ReplaceAllString(p, ""))
		if p == "" || filler(p) {
			continue
		}
		texts = append(texts, p)
	}
	// A statement says more of the part before it ("where is it?? the
	// carrier had some problem"); the first, of the part after it ("the
	// glass has a crack, can I get a new one").
	var joined []string
	held := ""
	for _, p := range texts {
		if !standsAlone(p, text) && !(ifClauseRe.MatchString(p) && t.reading(p) != "") {
			if len(joined) > 0 {
				joined[len(joined)-1] = joinComma(joined[len(joined)-1], p)
			} else {
				held = joinComma(held, p)
			}
			continue
		}
		joined = append(joined, joinComma(held, p))
		held = ""
	}
	if held != "" {
		if len(joined) == 0 {
			joined = append(joined, held)
		} else {
			joined[len(joined)-1] = joinComma(joined[len(joined)-1], held)
		}
	}
	var out []piece
	for _, p := range joined {
		out = append(out, t.runOn(p)...)
	}
	return out
}

func joinComma(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

// runOn cuts p at the first question word inside it where each side has a
// reading of its own, different from the other's.
func (t *turn) runOn(p string) []piece {
	whole := piece{text: p, reading: t.reading(p)}
	for _, loc := range runOnAskRe.FindAllStringIndex(p, -1) {
		left := strings.TrimSpace(tailRe.ReplaceAllString(p[:loc[0]], ""))
		right := strings.TrimSpace(p[loc[0]:])
		if len(strings.Fields(left)) < 3 || len(strings.Fields(right)) < 3 || filler(left) ||
			strings.HasSuffix(strings.TrimSpace(p[:loc[0]]), ",") || regexp.MustCompile(`(?i)\b(?:if|in case|suppose|what if)\b`).MatchString(left) {
			continue // a comma partsOf kept, or a condition and its question
		}
		if regexp.MustCompile(`(?i)\b(?:i|we|you|u|they|it)$`).MatchString(left) {
			continue // "the last day i can return": one clause
		}
		if !standsAlone(left, p) || !standsAlone(right, p) {
			continue // "the mug came in the wrong colour it should have been …"
		}
		lr, rr := t.reading(left), t.reading(right)
		if lr == "" || rr == "" || lr == rr || lr == "other:"+fmt.Sprint(intentNone) {
			continue
		}
		if strings.HasPrefix(lr, "write:") && strings.HasPrefix(rr, "write:") {
			continue // one request in several words
		}
		return append([]piece{{text: left, reading: lr}}, t.runOn(right)...)
	}
	return []piece{whole}
}

// partRounds are the steps of tool calls a turn may make: the agent's
// model calls (four by default) less the one that answers.
const partRounds = toolBudget

// eachPart is the step of a message of several parts, each with its own
// reading: each part's sub-turn steps on its own calls; their tool calls
// are made together, then each part is answered in the order asked (a
// proposal last, so its "Shall I go ahead?" ends the reply). ok is false
// for a message of one part, or one several hooks before answer better.
func (t *turn) eachPart(n int) (agent.Message, bool) {
	ps, ok := t.partsToAnswer()
	if !ok {
		return agent.Message{}, false
	}
	// Every call made so far belongs to a part; else the turn is another
	// hook's.
	byPart := make([][]call, len(ps))
	for _, c := range t.calls {
		m := partTagRe.FindStringSubmatch(c.id)
		var i int
		if m == nil || func() bool { _, err := fmt.Sscan(m[1], &i); return err != nil }() || i >= len(ps) {
			return agent.Message{}, false
		}
		byPart[i] = append(byPart[i], c)
	}
	rounds := t.rounds()
	var uses []agent.ToolUse
	answers := make([]string, len(ps))
	write := -1 // the part whose write is proposed
	for i, p := range ps {
		if strings.HasPrefix(p.reading, "write:") && p.reading != "write:" {
			if write >= 0 {
				answers[i] = "You also asked: \"" + strings.TrimSpace(p.text) + "\". Let's settle the first request; then just tell me and we'll do that next."
				continue
			}
			write = i
		}
		sub := *t
		sub.inPart = true
		sub.text, sub.prevText = thanksTailRe.ReplaceAllString(p.text, ""), ""
		if i > 0 {
			// "how many days do I have to do that": what the part before asked.
			sub.text = doThatRe.ReplaceAllString(sub.text, "${1}"+requestLeadRe.ReplaceAllString(ps[i-1].text, ""))
		}
		if strings.HasPrefix(p.reading, "look:") || p.reading == "cant" || p.reading == "" {
			sub.text = t.withReferent(t.itemReferent(sub.text, partTexts(ps[:i])))
		}
		sub.intent = classify(normalise(sub.text))
		sub.calls = byPart[i]
		msg := sub.withLanguageNote(sub.onlyOffered(sub.plan()))
		if p.reading == "look:"+toolname.SearchDocs && writesAny(msg) {
			// A question for the guides the pipeline took for a request
			// ("how do I get stains off"): the guides answer it.
			if msg = sub.docsOnly([]string{sub.text}); !hasToolUse(msg) {
				msg = say("%s", strings.Replace(msg.Text(), "For your other question,", "For your question \""+strings.TrimSpace(p.text)+"\",", 1))
			}
		}
		if hasToolUse(msg) {
			if rounds < partRounds {
				for _, b := range msg.Blocks {
					if b.ToolUse != nil {
						u := *b.ToolUse
						u.ID = fmt.Sprintf("tooluse_%d_%s_p%d", n+len(uses), u.Name, i)
						uses = append(uses, u)
					}
				}
				continue
			}
			// Out of steps: what this part found so far.
			if k := len(sub.calls); k > 0 {
				answers[i] = sub.answer(sub.calls[k-1])
			}
		} else {
			answers[i] = msg.Text()
		}
		if strings.TrimSpace(answers[i]) == "" || (p.reading == "" && unhelpful(answers[i])) {
			answers[i] = "I'm not sure about the part where you asked \"" + strings.TrimSpace(p.text) + "\"; a member of our team can help with that if you'd like."
		}
	}
	if len(uses) > 0 {
		msg := agent.Message{Role: agent.RoleAssistant}
		for i := range uses {
			msg.Blocks = append(msg.Blocks, agent.Block{ToolUse: &uses[i]})
		}
		return msg, true
	}
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(strings.ReplaceAll(s, englishOnly, ""))
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for i := range ps {
		if i != write {
			add(answers[i])
		}
	}
	if write >= 0 {
		add(answers[write])
	}
	return say("%s", strings.Join(out, "\n\n")), true
}

// partsToAnswer is the parts of a message eachPart answers, each as a
// sub-turn of its own; ok is false for a message of one part, or one
// several hooks before answer better. A hook that reads one question
// steps aside when ok (the part is read again by it in its sub-turn).
func (t *turn) partsToAnswer() ([]piece, bool) {
	if t.inPart || !t.verified || t.confirmed != nil || t.declined || t.intent == intentPerson ||
		strings.Contains(t.lastBot, "Shall I") {
		return nil, false
	}
	ps := t.pieces(t.text)
	if len(ps) < 2 {
		return nil, false
	}
	readings := map[string]bool{}
	writes := map[string]int{}
	unread := 0
	for _, p := range ps {
		if p.reading == "" {
			unread++
			continue
		}
		readings[p.reading] = true
		if strings.HasPrefix(p.reading, "write:") {
			writes[p.reading]++
		}
	}
	if len(readings) < 2 && (len(readings) == 0 || unread == 0) {
		return nil, false // one question in several words
	}
	if !t.mixedParts(ps, readings, unread) {
		return nil, false // the hooks for lookups or writes together
	}
	for _, k := range writes {
		if k > 1 {
			return nil, false // one request in several words
		}
	}
	return ps, true
}

// unhelpful reports whether reply is the pipeline's "I didn't follow".
func unhelpful(reply string) bool {
	low := strings.ToLower(reply)
	return strings.Contains(low, "not sure i understood") || strings.Contains(low, "didn't quite") || strings.Contains(low, "i'm not sure what")
}

func partTexts(ps []piece) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.text)
	}
	return out
}

// rounds counts the steps of tool calls made since the customer's message.
func (t *turn) rounds() int {
	k := 0
	for i := len(t.req.Messages) - 1; i >= 0; i-- {
		m := t.req.Messages[i]
		if m.Role == agent.RoleUser && m.Text() != "" && !strings.HasPrefix(m.Text(), "(system:") {
			break
		}
		if m.Role == agent.RoleAssistant && hasToolUse(m) {
			k++
		}
	}
	return k
}

// mixedParts reports whether a message's parts are of kinds no other hook
// answers together: something the shop cannot do, or a question it has no
// reading for, beside anything else; a request beside a question for the
// guides or a refund; or parts only this file's cuts find (a run-on
// question, one opened by "btw" or "if not"). Lookups alone are
// multiLookups', requests alone severalWrites' and severalRequests', the
// order's status with one request statusAndRequest's.
func (t *turn) mixedParts(ps []piece, readings map[string]bool, unread int) bool {
	write, look := false, false
	for r := range readings {
		switch {
		case strings.HasPrefix(r, "write:"), strings.HasPrefix(r, "other:"):
			write = true
		case strings.HasPrefix(r, "look:"):
			look = true
		}
	}
	if (readings["cant"] && look) || (unread > 0 && (look || write)) {
		return true
	}
	if write && (readings["look:"+toolname.SearchDocs] || readings["look:"+toolname.RefundStatus]) {
		return true
	}
	if readings["look:"+toolname.TrackOrder] && (readings["write:"+toolname.StartReturn] || readings["write:"+toolname.CancelOrder]) {
		return true // statusAndRequest takes the resolutions' tools only
	}
	if _, _, cant := t.cantRequest(); cant && !readings["cant"] {
		return true // no part is something the shop cannot do
	}
	n := 0
	for _, p := range partsOf(t.text) {
		if p = strings.TrimSpace(leadRe.ReplaceAllString(p, "")); p != "" && !filler(p) {
			n++
		}
	}
	return len(ps) > n
}

// writesAny reports whether msg calls a write tool.
func writesAny(msg agent.Message) bool {
	for _, b := range msg.Blocks {
		if u := b.ToolUse; u != nil && isWriteTool(u.Name) {
			return true
		}
	}
	return false
}
