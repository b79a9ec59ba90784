package offline

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Messages of several parts (issue 18): each part is looked up with its
// own tool on its own words (the order's facts with track_order, a
// refund with refund_status, each product or policy question with its own
// search_docs), all in one step, then each answered; "what if" questions
// are the policy's to answer, never a request; and of two writes asked
// together, the first is proposed and the others named, never dropped.

// commaAskRe is a comma (or "and") that starts another question of the
// same sentence: "how much does it hold, can it go in the oven".
var commaAskRe = regexp.MustCompile(`(?i),\s*(?:and\s+)?(?:(?:the|my|your)\s+\p{L}+(?:\s+\p{L}+)?\s*[:,]\s*)?(?:can|could|is|are|does|do|did|has|have|how|what|whats|what's|when|whens|when's|where|wheres|where's|which|will|would|should)\b`)

// andWriteRe is an "and" (or "+", "also") that starts another request:
// "add a mug and swap the kit", "return the kit, and can I swap a mug".
var andWriteRe = regexp.MustCompile(`(?i)(?:,?\s+and|\s+\+|,)\s+(?:then\s+|also\s+)?(?:please\s+|pls\s+)?(?:(?:can|could|would|will) (?:you|u|i)\s+)?(?:i(?:'d| would)? (?:like|want|need) (?:you )?to\s+)?(?:add|put|cancel|change|update|exchange|swap|switch|make|return|refund|replace|send|ship)\b`)

// hypotheticalRe asks what would happen, not for something to be done:
// "what if it gets lost", "would I get my money back", "if it broke,
// would you replace it".
var hypotheticalRe = regexp.MustCompile(`(?i)\b(?:what if|what happens|what would happen|what will happen|what do (?:you|u) do if|hypothetically|suppose|supposing|in case|would i (?:need|have|get|be)|would (?:you|u) (?:replace|refund|send)|do i (?:have|need) to (?:pay|send|return)|who pays|(?:once|after|when) (?:it|they|the order|my order|the parcel) (?:ships|has shipped|is shipped|arrives|has arrived))\b|\bif\b[^.?!]*\b(?:would|will|do|does) (?:i|you|u)\b|\bif\s+(?:i|we)\s+(?:do\s*n[o'’]?t|didn'?t|dont|no longer|change (?:my|our) minds?|decide)\b|\bif\s+(?:the|its|it's|it|they|their)\s+(?:\p{L}+\s+)?(?:colou?r|size|fit)\b`)

// windowDateRe asks when the customer's own return window ends: a fact of
// the order (track_order), not the policy's length.
var windowDateRe = regexp.MustCompile(`(?i)\b(?:until|till|til|by) when\b[^.?!]*\b(?:return|send)|\blast day\b[^.?!]*\b(?:return|send)|\bwhen(?:'s|s)?\b[^.?!]*\b(?:return(?:s|ing)?|refund) (?:window|period|deadline)|\breturn(?:s)? (?:window|period|deadline)\b[^.?!]*\b(?:end|ends|close|closes|closed|over|expire|expires|left)\b|\breturn deadline\b|\bhow (?:many days|much time|long)\b[^.?!]*\b(?:left|remaining)\b`)

// addAskRe asks to add to an order in a request of its own: "add a
// third one", "put an extra one on my order".
var addAskRe = regexp.MustCompile(`(?i)^\W*(?:(?:please|pls|plz|also|and|then|can you|could you|can u|could u|can i|could i)\s+)*(?:add|ad|put|include)\s+(?:a|an|one|another|more|extra|an extra|a second|a third|\d+|some|the|gift)\b|\b(?:add|ad|put|include)\b[^.?!]*\b(?:on|to|in|into|onto)\s+(?:my|the|this)\s+(?:order|purchase)\b`)

// variantAskRe asks for another colour or size of an item: an exchange.
var variantAskRe = regexp.MustCompile(`(?i)\b(?:change|switch|swap|exchange|make)\b[^.?!]*\b(?:colou?r|size|variant|version|finish)\b|\b(?:change|switch|swap|exchange)\b[^.?!]*\bfrom\s+\p{L}+\s+to\s+\p{L}+|\bmake\s+(?:it|them|(?:the|my)\s+\p{L}+)\s+\p{L}+\s+instead\b|\bbe\s+\p{L}+\s+instead\b`)

// isVariantAsk reports whether q asks for another colour or size, typos
// of its words corrected: "change the colur of the kit".
func isVariantAsk(q string) bool {
	return variantAskRe.MatchString(q) || variantAskRe.MatchString(normalise(q))
}

// thanksTailRe is thanks at the end of a request.
var thanksTailRe = regexp.MustCompile(`(?i)[,;\s]*(?:thanks|thank you|thx|ty|cheers)(?: (?:so much|a lot))?[!.\s]*$`)

// refundTimeAskRe asks how long refunds take: the policy's.
var refundTimeAskRe = regexp.MustCompile(`(?i)\b(?:how (?:long|fast|soon|quick(?:ly)?|many days)|when)\b[^.?!]*\brefunds?\b|\brefunds?\b[^.?!]*\b(?:take|how long|how fast)\b`)

// shippedAskRe asks whether the order has moved: "did it ship".
var shippedAskRe = regexp.MustCompile(`(?i)^\W*(?:did|has|have|is|was)\s+(?:it|they|my order|the order|my stuff|my package|my parcel|everything)\s+(?:ship|shipped|left|gone out|go out|arrive|arrived|been sent|sent|on (?:its|the) way)\b`)

// ifClauseRe is a condition only, and mainClauseRe the question it is
// the condition of: "if a mug broke" "would you replace it".
var (
	ifClauseRe   = regexp.MustCompile(`(?i)^\W*(?:hypothetically,?\s*|say\s+|and\s+)?(?:if|in case|suppose|supposing)\b`)
	mainClauseRe = regexp.MustCompile(`(?i)^\W*(?:would|will|do|does|can|could|what)\s+(?:you|u|i|it|they|happens)\b`)
)

// partsOf splits text into its questions and requests: questions' own
// splits, then at a comma or "and" that starts another question or
// request.
func partsOf(text string) []string {
	var out []string
	var qs []string
	for _, q := range questions(text) {
		qs = append(qs, strings.Split(q, "\n")...)
	}
	// "if it broke, would you replace it?" is one question.
	for i := 0; i+1 < len(qs); i++ {
		if ifClauseRe.MatchString(qs[i]) && mainClauseRe.MatchString(qs[i+1]) {
			qs[i] += ", " + qs[i+1]
			qs = append(qs[:i+1], qs[i+2:]...)
		}
	}
	for _, q := range qs {
		if regexp.MustCompile(`(?i)\b(?:if|in case|suppose|supposing)\b`).MatchString(q) {
			out = append(out, q) // a condition and its question
			continue
		}
		for _, p := range splitAt(q, commaAskRe) {
			out = append(out, splitAt(p, andWriteRe)...)
		}
	}
	var kept []string
	for _, p := range out {
		// "btw", "oh and": no words of the question.
		p = leadRe.ReplaceAllString(p, "")
		p = strings.TrimFunc(p, func(r rune) bool { return r == ' ' || r == ',' || r == '+' || r == '.' })
		if len(kept) > 0 && leansOnPrevious(kept[len(kept)-1], p) {
			kept[len(kept)-1] += ", " + p // shop_question.go
			continue
		}
		if p != "" {
			kept = append(kept, p)
		}
	}
	return kept
}

// splitAt splits s before each match of re, dropping the joining
// punctuation and "and".
func splitAt(s string, re *regexp.Regexp) []string {
	var out []string
	last := 0
	for _, loc := range re.FindAllStringIndex(s, -1) {
		if loc[0] == 0 {
			continue
		}
		out = append(out, s[last:loc[0]])
		last = loc[0]
	}
	out = append(out, s[last:])
	for i := range out {
		out[i] = regexp.MustCompile(`(?i)^[\s,+]*(?:and\s+)?`).ReplaceAllString(out[i], "")
	}
	return out
}

// lookupPart is the tool that looks up what part q asks, in a message of
// several parts; "" when q asks for something done (or for nothing).
func (t *turn) lookupPart(q string) string {
	norm := normalise(q)
	low := strings.ToLower(q)
	switch in := classify(norm); {
	case receivedFact(q):
		return "" // "the throw came days ago": a fact (said_arrived.go)
	case shippedAskRe.MatchString(low):
		return toolname.TrackOrder
	case windowDateRe.MatchString(low) || windowDateRe.MatchString(norm):
		return toolname.TrackOrder
	case hypotheticalRe.MatchString(low) && newAddress(q) == nil:
		return toolname.SearchDocs
	case isWriteAsk(q):
		return ""
	case refundTimeAskRe.MatchString(low) && !mineRe.MatchString(low):
		return toolname.SearchDocs
	case lookupOf(q) != "":
		return lookupOf(q)
	case in == intentHowTo:
		return toolname.SearchDocs
	case in == intentNone && contentWords(norm) > 0:
		// "mug capacity", "whats its capacity": a product's guide.
		return toolname.SearchDocs
	}
	return ""
}

// isWriteAsk reports whether q asks for something done to an order.
func isWriteAsk(q string) bool {
	if asksToAdd(q) || addAskRe.MatchString(q) || isVariantAsk(q) || resolutionTool(q) != "" || newAddress(q) != nil {
		return true
	}
	norm := normalise(q)
	if isPolicyQuestion(norm) && !mineRe.MatchString(strings.ToLower(q)) {
		return false // "do you ship to PO boxes?", "what's the return policy?"
	}
	switch classify(norm) {
	case intentReturn, intentAddress, intentPerson:
		return !hypotheticalRe.MatchString(q)
	case intentRefund:
		return !refundStatusAskRe.MatchString(normalise(q)) && !refundTimeAskRe.MatchString(q) && !hypotheticalRe.MatchString(q)
	}
	return false
}

// partsOwn reports whether a message of several parts is this file's to
// answer: not an answer to the agent's question, a symptom asked about,
// a code asked for, or another language.
func (t *turn) partsOwn() bool {
	low := strings.ToLower(t.text)
	return t.verified && t.confirmed == nil && t.intent != intentPerson && !strings.Contains(t.lastBot, "Shall I") &&
		!strings.Contains(t.lastBot, "?") && language(t.text) == "" &&
		(!symptomAskRe.MatchString(low) || applianceRe.MatchString(low)) && !codeAskRe.MatchString(t.text)
}

// requestVerbRe asks for something done: a verb of asking, or a request
// that starts with what to do.
var requestVerbRe = regexp.MustCompile(`(?i)\b(?:can|could|would|will|please|pls|plz|want|wanna|need|like to|i'd like|id like)\b|^\W*(?:(?:and|also|then)\s+)*(?:add|ad|put|cancel|change|update|exchange|swap|switch|make|return|refund|replace|send|ship)\b`)

// multiLookups is the step of a message of several parts that each look
// something up (or of one "what if" question): every lookup at once, then
// each answered in the order asked. ok is false for any other message.
func (t *turn) multiLookups(n int) (agent.Message, bool) {
	if !t.partsOwn() || swapAsked(t.text) {
		return agent.Message{}, false
	}
	if _, _, cant := t.cantRequest(); cant {
		return agent.Message{}, false // cantDo's
	}
	parts := partsOf(t.text)
	type look struct{ tool, q string }
	var looks []look
	track, docs := false, 0
	for i, q := range parts {
		tool := t.lookupPart(q)
		if tool == "" && i > 0 && hypotheticalRe.MatchString(parts[i-1]) && questionStartRe.MatchString(q) {
			// "what if I change my mind, can I still cancel?": the policy's.
			tool = toolname.SearchDocs
		}
		switch tool {
		case "":
			in := classify(normalise(q))
			if in == intentGreeting || in == intentThanks || contentWords(normalise(q)) == 0 {
				continue
			}
			return agent.Message{}, false // a request: not only lookups
		case toolname.SearchDocs:
			docs++
			if hypotheticalReturn(q) {
				// "can I return the mugs if I don't like the colour":
				// the return policy, whatever the reason given.
				looks = append(looks, look{tool, returnPolicyQuestion})
				continue
			}
			looks = append(looks, look{tool, t.withReferent(t.itemReferent(q, parts[:i]))})
		case toolname.TrackOrder:
			if !track {
				looks = append(looks, look{tool, q})
			}
			track = true
		default:
			looks = append(looks, look{tool, q})
		}
	}
	// One "what if" about damage or a loss is the policy's too.
	hypo := len(parts) == 1 && len(looks) == 1 && hypotheticalRe.MatchString(parts[0]) &&
		!regexp.MustCompile(`(?i)\b(?:return|refund|money|exchange)`).MatchString(parts[0]) &&
		(resolutionTool(parts[0]) == toolname.ReportDamage || resolutionTool(parts[0]) == toolname.ReportNotReceived || resolutionTool(parts[0]) == toolname.FollowUp)
	if len(looks) < 2 && !hypo {
		return agent.Message{}, false
	}
	if n == 0 {
		var calls []agent.ToolUse
		for _, l := range looks {
			input := t.orderArg()
			if l.tool == toolname.SearchDocs {
				input = map[string]any{"query": docsQueryFor(l.q)}
				if hypotheticalRe.MatchString(l.q) && resolutionTool(l.q) == toolname.ReportDamage {
					// "what if it arrives cracked": the policy on damage,
					// not the item's care.
					input["query"] = damagedQuery
				}
			}
			calls = append(calls, agent.ToolUse{Name: l.tool, Input: mustJSON(input)})
		}
		return toolCalls(0, calls), true
	}
	// The first step's calls are the looks, in order; each later step
	// searches again, in the topic's generic words, for each question
	// whose last search found nothing.
	if n < len(looks) {
		return agent.Message{}, false
	}
	last := make([]int, len(looks)) // each look's last call
	tried := make([]int, len(looks))
	for i, l := range looks {
		if t.calls[i].name != l.tool {
			return agent.Message{}, false
		}
		last[i] = i
	}
	for next := len(looks); ; {
		var again []int
		for i, l := range looks {
			c := t.calls[last[i]]
			if l.tool != toolname.SearchDocs || c.isErr || tried[i] >= min(2, len(docsTries(l.q))) {
				continue
			}
			if _, ok := t.docsReply(c, l.q, map[string]bool{}); !ok {
				again = append(again, i)
			}
		}
		if len(again) == 0 {
			if next != n {
				return agent.Message{}, false
			}
			break
		}
		if next == n {
			var calls []agent.ToolUse
			for _, i := range again {
				q := docsTries(looks[i].q)[tried[i]]
				calls = append(calls, agent.ToolUse{Name: toolname.SearchDocs, Input: mustJSON(map[string]any{"query": q})})
			}
			return toolCalls(n, calls), true
		}
		for _, i := range again {
			if next >= n || t.calls[next].name != toolname.SearchDocs {
				return agent.Message{}, false
			}
			last[i], tried[i] = next, tried[i]+1
			next++
		}
	}
	var out []string
	quoted := map[string]bool{}
	for i, l := range looks {
		c := t.calls[last[i]]
		if l.tool != toolname.SearchDocs {
			out = append(out, t.answer(c))
			continue
		}
		q := l.q
		if hypotheticalRe.MatchString(q) && resolutionTool(q) == toolname.ReportDamage {
			// Searched as the policy on damage: answered by it, whatever
			// product the question names.
			q = damagedQuery
		}
		if text, ok := t.docsReply(c, q, quoted); ok {
			out = append(out, text)
		} else {
			out = append(out, "For your question \""+strings.TrimSpace(l.q)+"\", I couldn't find the answer in our guides, and I'd rather not guess: a member of our team can help if you'd like.")
		}
	}
	return say("%s", strings.Join(out, "\n\n")), true
}

// severalWrites is the step of a message that asks for two or more things
// done that severalRequests does not take (one is adding items, or one is
// phrased as a question): the first the tools can do is done as if asked
// alone (a proposal, never run without a yes), and the reply names each
// other one: what cannot be done, and what comes next.
func (t *turn) severalWrites(n int) (agent.Message, bool) {
	if !t.partsOwn() {
		return agent.Message{}, false
	}
	var asks []string
	parts := partsOf(t.text)
	for i, p := range parts {
		if isWriteAsk(p) && requestVerbRe.MatchString(p) && !hypotheticalRe.MatchString(p) && (i == 0 || !hypotheticalRe.MatchString(parts[i-1])) {
			asks = append(asks, p)
		}
	}
	if len(asks) < 2 {
		return agent.Message{}, false
	}
	adds := 0
	for _, a := range asks {
		if isAdd(a) {
			adds++
		}
	}
	if adds == 0 && t.requests(t.text) != nil {
		return agent.Message{}, false // severalRequests'
	}
	same := true
	for _, a := range asks[1:] {
		same = same && askTool(t, a) == askTool(t, asks[0])
	}
	if same && adds == 0 {
		return agent.Message{}, false // one request in several words
	}
	// The first request the order's stage offers a tool for goes first;
	// else the first the tools could do.
	first := -1
	for i, a := range asks {
		if tool := askTool(t, a); tool != "" && offers(t.req, tool) {
			first = i
			break
		}
	}
	// A change no tool does at this stage ("the kit in oak" before it
	// ships) is said so, never tried.
	cant := func(a string) bool {
		tool := askTool(t, a)
		return (tool == "" || !offers(t.req, tool)) && t.cantKindHere(a) != cantNone
	}
	for i, a := range asks {
		if first < 0 && !isAdd(a) && !cant(a) {
			first = i
		}
	}
	var notes []string
	for i, a := range asks {
		switch {
		case i == first:
		case cant(a):
			notes = append(notes, "You also asked: \""+strings.TrimSpace(a)+"\". "+t.cantSay(t.cantKindHere(a), nil))
		case isAdd(a):
			notes = append(notes, "I'm sorry, I can't add items to an order once it has been placed: you're welcome to place a new order for that.")
		default:
			notes = append(notes, "You also asked: \""+strings.TrimSpace(a)+"\". Let's settle this first; then just tell me and we'll do that next.")
		}
	}
	if first < 0 {
		return say("%s", strings.Join(notes, "\n\n")), true
	}
	sub := *t
	sub.text, sub.prevText = thanksTailRe.ReplaceAllString(asks[first], ""), ""
	sub.intent = classify(normalise(sub.text))
	var msg agent.Message
	if tool := askTool(t, sub.text); tool == toolname.ExchangeItem && resolutionTool(sub.text) == "" && n == 0 {
		// "change the colour of the kit to oak": an exchange in other words.
		msg = toolCall(n, tool, sub.resolutionArgs(tool))
	} else if n > 0 && t.calls[n-1].name == toolname.ExchangeItem && resolutionTool(sub.text) == "" {
		msg = say("%s", t.answer(t.calls[n-1]))
	} else {
		msg = sub.plan()
	}
	if hasToolUse(msg) {
		return msg, true
	}
	return say("%s\n\n%s", msg.Text(), strings.Join(notes, "\n\n")), true
}

// toolCalls is one step of several tool calls, numbered from n.
func toolCalls(n int, uses []agent.ToolUse) agent.Message {
	msg := agent.Message{Role: agent.RoleAssistant}
	for i, u := range uses {
		u.ID = fmt.Sprintf("tooluse_%d_%s", n+i, u.Name)
		msg.Blocks = append(msg.Blocks, agent.Block{ToolUse: &u})
	}
	return msg
}

func mustJSON(v any) json.RawMessage {
	raw, _ := json.Marshal(v)
	return raw
}

// isAdd reports whether request a asks to add items to the order.
func isAdd(a string) bool { return asksToAdd(a) || addAskRe.MatchString(a) }

// askTool is the write tool that would do request a, "" for none.
func askTool(t *turn, a string) string {
	switch {
	case isAdd(a):
		return ""
	case newAddress(a) != nil:
		return toolname.ChangeAddress
	case resolutionTool(a) != "":
		return resolutionTool(a)
	case isVariantAsk(a):
		return toolname.ExchangeItem
	}
	switch classify(normalise(a)) {
	case intentReturn, intentRefund:
		return toolname.StartReturn
	case intentAddress:
		return toolname.ChangeAddress
	}
	return ""
}

// damagedQuery searches for what the shop does about an item that
// arrived damaged, in words shops commonly use for it.
const damagedQuery = "item arrived damaged replacement"

// docsTries are the searches after a question's own words: its topic's
// generic words.
func docsTries(q string) []string {
	tries := conceptTries(normalise(q))
	if refundTimeAskRe.MatchString(q) && len(tries) == 0 {
		tries = []string{"refund days", "money back"}
	}
	return tries
}

// hypotheticalReturn reports whether q asks whether a return would be
// possible, for a reason of taste (no damage, no loss).
func hypotheticalReturn(q string) bool {
	switch classify(normalise(q)) {
	case intentReturn, intentRefund:
	default:
		return false
	}
	tool := resolutionTool(q)
	return hypotheticalRe.MatchString(q) && !asksWhatHappensRe.MatchString(q) &&
		tool != toolname.ReportDamage && tool != toolname.ReportNotReceived
}

// asksWhatHappensRe asks what the shop would do, not whether a return may
// be made: the guides' answer to the question's own words.
var asksWhatHappensRe = regexp.MustCompile(`(?i)\b(?:what|how long|how fast|how much|who)\b`)
