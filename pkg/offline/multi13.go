package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A message of two parts around a proposal (multi13, issue 18's trial):
// a yes and a question or a new problem ("yep that's it. also how do i
// oil the board", "yes. oh and the board has a big crack too"), which
// code confirmed (agent.YesWithAside), or a question about the order
// asked while the proposal waits ("wait before that, is the kit walnut or
// another colour?"), which code stated again (agent.AsksAside). The hooks
// for a yes said what was done and dropped the rest; those for a waiting
// proposal answered about the proposal, not the question. Here the other
// part is answered as a message of its own, through the whole pipeline (a
// sub-turn, its tool calls tagged), after what was done; a waiting
// proposal is stated again by code below the answer.

// m13Tag ends the ID of a tool use this hook makes for the other part.
const m13Tag = "_m13"

// m13LeadRe is what opens the other part and says nothing itself: a
// "but", "also", "oh and", a pause before a question.
var m13LeadRe = regexp.MustCompile(`(?i)^(?:(?:perfecto|perfect|genial|great|cool|thanks|thank you|gracias|danke|merci|vale|c'est bon|passt|that'?s it|thats it|that'?s right|but|pero|aber|mais|also|and|oh|ah|btw|by the way|plus|y|und|et|aussi|wait|waitt+|hold on|hang on|one sec(?:ond)?|before that|before i say yes|hmm+|um+|moment|momento|espera|attendez|attends|quick question|one more thing)[\s,:;.!+&-]+)+`)

// m13Part is the other part of the customer's message, or "".
func (t *turn) m13Part() string {
	st := t.req.State
	switch {
	case t.confirmed != nil:
		return strings.TrimSpace(m13LeadRe.ReplaceAllString(agent.AfterYes(t.text, t.confirmed.name), ""))
	case st != nil && st.Answered != nil && st.Answered.Reoffered && !st.Answered.Expired && st.Answered.Status == "lapsed":
		return strings.TrimSpace(m13LeadRe.ReplaceAllString(t.text, ""))
	}
	return ""
}

// m13Own reports whether part q, asked while a proposal waits, is about
// the order or a product rather than the proposal's terms: it names one
// of the order's items the proposal is not about, or asks a product's
// care and use.
func (t *turn) m13Own(q string) bool {
	a := t.req.State.Answered
	if a == nil || q == "" {
		return false
	}
	lines := t.orderLines(t.currentOrder())
	q = t.itemSpelling(q) // "les filtres": the filters
	if a.Tool == toolname.ChangeAddress && m13PolicyRe.MatchString(normalise(q)) {
		return true // the shop's policy: nothing an address change says
	}
	switch a.Tool {
	case toolname.ChangeAddress:
		return namesItem(lines, q) || m13ColourRe.MatchString(q)
	case toolname.ReportDamage:
		return classify(normalise(q)) == intentHowTo && !backAskRe.MatchString(q)
	}
	return false
}

// m13PolicyRe asks the shop's policy: returns, refunds, where it ships.
var m13PolicyRe = regexp.MustCompile(`(?i)\b(?:returns?|return window|refunds?|ship to|ship outside|countries|abroad|warranty)\b`)

// m13SkippedRe says a question of theirs went unanswered: group 1 is
// what it was about.
var m13SkippedRe = regexp.MustCompile(`(?i)\b(?:skipped|ignored|didn'?t answer|did not answer|never answered|missed|forgot)\b.*?\bquestion\s+(?:about|on|regarding|re|of)\s+(.{3,}?)[\s?.!]*$`)

// multi13 answers the other part of a two-part message around a
// proposal: the hook in plan().
func (t *turn) multi13(n int) (agent.Message, bool) {
	if t.inPart || t.req.State == nil {
		return agent.Message{}, false
	}
	if m, ok := t.m13RemedyDocs(n); ok {
		return m, true
	}
	if m, ok := t.m13Resend(n); ok {
		return m, true
	}
	q := t.m13Part()
	if m := m13SkippedRe.FindStringSubmatch(t.text); m != nil && t.confirmed == nil {
		q = "what about " + m[1] + "?" // asked again, in their words
	} else if t.confirmed == nil && !t.m13Own(q) {
		return agent.Message{}, false
	}
	if len([]rune(q)) < 6 || thanksOnlyRe.MatchString(q) {
		return agent.Message{}, false
	}
	if t.confirmed == nil && t.req.State.Answered != nil && t.req.State.Answered.Tool == toolname.ChangeAddress && m13PolicyRe.MatchString(normalise(q)) {
		return t.m13Docs(n, q)
	}
	if t.confirmed != nil && !t.m13Takes(q) {
		return agent.Message{}, false // about what was done: the hooks for a yes
	}
	if t.confirmed != nil && t.fromOutcome(q) != "" {
		return agent.Message{}, false // afterYesQuestion answers it from what was done
	}
	for _, c := range t.calls {
		if !strings.HasSuffix(c.id, m13Tag) {
			return agent.Message{}, false // another hook's turn
		}
	}
	sub := *t
	// Not inPart: the other part is a message of its own, read by the
	// hooks a whole message gets (order_facts skips a part's). It cannot
	// come back here: its text holds no yes and its State no answer.
	sub.inPart = false
	sub.text, sub.prevText, sub.lastBot = t.m13Ask(q), "", ""
	sub.text = sub.itemSpelling(sub.text)
	sub.intent = classify(normalise(sub.text))
	sub.confirmed, sub.declined, sub.reoffered, sub.expired, sub.other = nil, false, false, false, ""
	st := *t.req.State
	st.Answered = nil
	sub.req.State = &st
	msg := sub.onlyOffered(sub.plan())
	if hasToolUse(msg) {
		if t.rounds() >= partRounds {
			return agent.Message{}, false
		}
		out := agent.Message{Role: agent.RoleAssistant}
		for _, b := range msg.Blocks {
			if b.ToolUse != nil {
				u := *b.ToolUse
				u.ID = fmt.Sprintf("tooluse_%d_%s%s", n+len(out.Blocks), u.Name, m13Tag)
				out.Blocks = append(out.Blocks, agent.Block{ToolUse: &u})
			}
		}
		return out, true
	}
	answer := strings.TrimSpace(msg.Text())
	if answer == "" {
		answer = "I'm not sure about your other question, and I'd rather not guess; a member of our team can help with that if you'd like."
	}
	if t.confirmed == nil {
		return say("%s", answer), true
	}
	return say("%s\n\n%s", t.answer(*t.confirmed), answer), true
}

// thanksOnlyRe is a part that only thanks.
var thanksOnlyRe = regexp.MustCompile(`(?i)^(?:thanks|thank you|thx|ty|cheers|gracias|danke|merci)[\s!.]*$`)

// m13ColourRe asks an item's colour: "is the kit walnut or another
// colour?", "welche Farbe", "quelle couleur".
var m13ColourRe = regexp.MustCompile(`(?i)\b(?:colou?r|farbe|couleur|color)\b`)

// m13AfterClauseRe is a clause after a question that only tells why
// ("how do i oil the board, mine's going grey").
var m13AfterClauseRe = regexp.MustCompile(`(?i)^(.{8,}?)\s*,\s*(?:mine|it|its|it's|they|theyre|they're|the|my|cause|because|since)\b[^?]*$`)

// m13Ask is part q in the words the pipeline reads for a message of its
// own: an item's colour asked as "what colour is my <item>", a question
// without the clause that tells why.
func (t *turn) m13Ask(q string) string {
	if m13ColourRe.MatchString(q) {
		for _, l := range t.orderLines(t.currentOrder()) {
			if namesItem([]string{l}, q) {
				return "what colour is my " + strings.ToLower(l) + "?"
			}
		}
		return "what colour did i order?"
	}
	if m := m13AfterClauseRe.FindStringSubmatch(q); m != nil && openAskRe.MatchString(m[1]) {
		return m[1]
	}
	return q
}

// m13RemedyDocs answers, beside the remedy the customer chose, a question
// about a product the guides answer ("replacement pls + is the mug
// dishwasher safe?"; remedyAside held it and said it could not answer):
// once report_damage has stated the choice, the guides are searched and
// their passage follows the statement.
func (t *turn) m13RemedyDocs(n int) (agent.Message, bool) {
	if !remedyAskedRe.MatchString(t.lastBot) {
		return agent.Message{}, false
	}
	m := remedyThenAskRe.FindStringSubmatch(t.text)
	if m == nil || backAskRe.MatchString(m[2]) {
		return agent.Message{}, false
	}
	q := strings.TrimSpace(strings.TrimLeft(m[2], "+&-,. "))
	if classify(normalise(q)) != intentHowTo {
		return agent.Message{}, false
	}
	var report, docs *call
	for i := range t.calls {
		switch c := &t.calls[i]; {
		case c.name == toolname.ReportDamage && c.result != nil && !c.isErr:
			report = c
		case c.name == toolname.SearchDocs && strings.HasSuffix(c.id, m13Tag):
			docs = c
		}
	}
	switch {
	case report == nil:
		return agent.Message{}, false // the choice is stated first
	case docs == nil:
		if t.rounds() >= partRounds {
			return agent.Message{}, false
		}
		u := agent.ToolUse{ID: fmt.Sprintf("tooluse_%d_%s%s", n, toolname.SearchDocs, m13Tag), Name: toolname.SearchDocs, Input: mustJSON(map[string]any{"query": docsQuery(q)})}
		return agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &u}}}, true
	case docs.isErr || docs.result == nil:
		return agent.Message{}, false
	}
	answer, ok := t.docsReply(*docs, q, nil)
	if !ok {
		answer = fmt.Sprintf("About your other question (%q): our guides don't say, and I'd rather not guess. A member of our team can tell you if you'd like.", q)
	}
	return say("%s\n\n%s", t.answer(*report), answer), true
}

// m13ResendRe asks for a payment sent to be sent again.
var m13ResendRe = regexp.MustCompile(`(?i)\b(?:resend|re-send|send (?:it|that|the refund|the money) again|reissue|re-issue|issue it again|redo the refund|volver a enviar|reenviar|reenv[ií]a|erneut (?:senden|überweisen)|nochmal (?:senden|schicken|überweisen)|renvoyer)\b`)

// m13ResendOther names something else a customer may want sent again.
var m13ResendOther = regexp.MustCompile(`(?i)\b(?:parcel|package|order|email|e-mail|tracking|label|item|replacement|code|link|paquete|pedido|correo|paket|bestellung|colis|commande)\b`)

// m13Resend answers a request to send a refund again, right after the
// refund's facts were given ("I'd check with my bank or can you resend
// it?", the trial: the request was ignored): the shop cannot send an
// issued refund again; the bank can trace it, and a person can look into
// it.
func (t *turn) m13Resend(n int) (agent.Message, bool) {
	if n > 0 || t.confirmed != nil || !m13ResendRe.MatchString(t.text) || m13ResendOther.MatchString(t.text) ||
		!strings.Contains(strings.ToLower(t.lastBot), "refund") {
		return agent.Message{}, false
	}
	return say("I can't send a refund again once it has been issued: it has already left us, as above. If it still isn't on your statement after 10 business days, your bank can trace it with the date and the amount. If you'd like, I can also pass this to a member of our team to look into it with you."), true
}

// m13Docs answers q, a question about the shop's policy asked while an
// address change waits, from the guides alone: it is about no order.
func (t *turn) m13Docs(n int, q string) (agent.Message, bool) {
	// A question of another language is searched in the guides' English
	// ("¿cuánto tiempo tengo para devolver algo?": return days).
	query := docsQuery(normalise(q))
	if f := foreignPolicyQuery(q); f != "" {
		query = f
	}
	q = normalise(q)
	if n == 0 {
		u := agent.ToolUse{ID: fmt.Sprintf("tooluse_%d_%s%s", n, toolname.SearchDocs, m13Tag), Name: toolname.SearchDocs, Input: mustJSON(map[string]any{"query": query})}
		return agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &u}}}, true
	}
	c := t.calls[n-1]
	if c.name != toolname.SearchDocs || c.isErr || c.result == nil {
		return agent.Message{}, false
	}
	if text, ok := t.docsReply(c, q, nil); ok {
		return say("%s", text), true
	}
	return say("I'm not sure about that one, and I'd rather not guess; a member of our team can tell you if you'd like."), true
}

// m13ProblemRe tells of something broken or missing.
var m13ProblemRe = regexp.MustCompile(`(?i)\b(?:broken|broke|crack\w*|crak\w*|chipped|damaged|dented|smashed|shattered|missing|without|rot[oa]|kaputt|cass[ée]e?)\b`)

// m13Takes reports whether q, said beside a yes, is this hook's: a
// product's care or use, an item of the order named, its colour, or a new
// problem. A question about what was done (an email, the date, the
// total, the postage) is the hooks' for a yes.
func (t *turn) m13Takes(q string) bool {
	q = t.itemSpelling(q)
	return classify(normalise(q)) == intentHowTo || m13ColourRe.MatchString(q) || m13ProblemRe.MatchString(q) || m13ShipRe.MatchString(q) || m13PolicyRe.MatchString(normalise(q)) ||
		namesItem(t.orderLines(t.currentOrder()), q)
}

// m13ShipRe asks whether or when the order ships or comes: "will it still
// ship this week?", "wen does it ship".
var m13ShipRe = regexp.MustCompile(`(?i)\b(?:ship|arrive|come|get here)\b`)
