package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Issue 18's trial (pending8): new customers asked about a proposal while
// it waited for their yes ("do I pay the postage to send it back?"), said
// yes with a question or a condition ("yes, will it go to the same
// address?", "yes but can I keep the filters?"), and put two requests in
// one message, one of them something the agent can't do. Each question is
// answered from the proposal as code settled it (agent.State.Answered:
// its tool, items, resolution, amount, whether the items come back) and
// from the shop's guides, never from the prose of the last reply; the
// proposal stays stated for a plain yes (code states it again, or the
// model calls its tool again with what State says it was), and nothing the
// customer conditioned away is proposed.

// pendingAsk is the hook in plan(): the first of this file's readings that
// fits the message.
func (t *turn) pendingAsk(n int) (agent.Message, bool) {
	if m, ok := t.keptFromCancel(n); ok {
		return m, true
	}
	if m, ok := t.proposalQuestion(n); ok {
		return m, true
	}
	if m, ok := t.damageAndTheOther(n); ok {
		return m, true
	}
	return t.statusBesideCant(n)
}

// proposalTopic is what a question about a stated proposal asks.
type proposalTopic int

const (
	topicNone proposalTopic = iota
	topicLabel
	topicPostage
	topicRefundTime
	topicAmount
	topicVariant
	topicAddress
	topicPacking
	topicWhereTo
	topicSendBack
	topicCost
	topicShipTime
)

// proposalTopics are the questions' words, first match wins; es/de/fr
// words beside the English ones (a customer asks in their language).
var proposalTopics = []struct {
	topic proposalTopic
	re    *regexp.Regexp
}{
	{topicLabel, regexp.MustCompile(`(?i)(?:label|lable|labels|etiqueta|etikett|rücksendeetikett|étiquette|etiquette)`)},
	{topicPostage, regexp.MustCompile(`(?i)\b(?:postage|postge|postag|return shipping|shipping (?:cost|fee)|pay (?:for )?(?:the )?(?:shipping|postage|delivery)|who pays|pay .{0,20}(?:send|ship|post)\w* .{0,15}back|envío|envio|porto|rückversand|versandkosten|frais de (?:port|retour|renvoi)|payer le retour)`)},
	{topicRefundTime, regexp.MustCompile(`(?i)(?:how long|when|how soon|how many days|wann|wie lange|cuándo|cuando|cuánto tarda|quand|combien de temps|till|until).{0,40}(?:refund|money|card|reembolso|rückerstattung|erstattung|geld|remboursement|rembours|argent)|(?:refund|money|reembolso|erstattung|rückerstattung|remboursement).{0,30}(?:take|arrive|show|come|land|dauert|tarda|llega|prend)`)},
	{topicAmount, regexp.MustCompile(`(?i)\b(?:how much|full amount|wie viel|wieviel|cuánto|combien)\b`)},
	{topicVariant, regexp.MustCompile(`(?i)\b(?:colou?r|same (?:one|kind|style|model|size|design)|farbe|couleur)\b`)},
	{topicAddress, regexp.MustCompile(`(?i)\b(?:address|addres|adress|dirección|direccion|adresse)\b`)},
	{topicPacking, regexp.MustCompile(`(?i)\b(?:box|packaging|packing|original pack\w*|verpackung|caja|embalaje|emballage|boîte)\b`)},
	{topicWhereTo, regexp.MustCompile(`(?i)\bwhere\b.{0,25}\b(?:send|ship|post|mail|return)\b`)},
	{topicSendBack, regexp.MustCompile(`(?i)\b(?:send|ship|post|mail|return)\b.{0,30}\b(?:back|first)\b`)},
	{topicCost, regexp.MustCompile(`(?i)\b(?:cost|extra|charge|pay anything|free|kostet|cuesta|coûte)\b`)},
	{topicShipTime, regexp.MustCompile(`(?i)(?:how long|when|how soon|wann|wie lange|cuándo|quand).{0,40}(?:ship|arrive|take|get|come|deliver|kommt|llega|arrive)`)},
}

// yesLeadRe is a leading yes, with what pads it ("yes pls,", "ok go
// ahead —"): what follows is the question or condition.
var yesLeadRe = regexp.MustCompile(`(?i)^\s*(?:yes|yeah|yep|yup|sure|ok|okay|alright|sí|si|vale|claro|ja|oui|d'accord)\b(?:[\s,.!]*(?:pls|plz|please|go ahead|do it|then|great))*[\s,.!:;—–-]*`)

// askLeadRe opens a question that may come without its question mark
// ("do i get a label").
var askLeadRe = regexp.MustCompile(`(?i)^(?:(?:and|so|but|hmm+|um+|wait|quick question|also)[\s,]+)*(?:how|when|will|would|do|does|did|is|are|can|could|where|who|what|which|it'?ll|wie|wann|wo|muss|cuándo|cuando|tengo|est-ce|combien|quand|dois-je|¿)`)

// takesBackRe is a question that takes the waiting proposal back for
// something else ("could I exchange it instead of cancelling?", "actually,
// can I swap it?"): not a question about its terms. Stating it again there
// left it waiting for a yes the customer meant for the other thing.
var takesBackRe = regexp.MustCompile(`(?i)\b(?:instead of|rather than|en lugar de|en vez de|statt|anstatt|au lieu de|plutôt que)\b|\bactually\b.{0,40}\b(?:exchange|swap|switch|change|keep|return|replace|refund)`)

// elseWordsRe asks for something other than what was stated: such a
// yes is a correction (answered.go), not a question about the terms.
var elseWordsRe = regexp.MustCompile(`(?i)\b(?:instead|rather|credit|only|just|both)\b`)

// p8topic is what q asks about a proposal, or topicNone.
func p8topic(q string) proposalTopic {
	low := strings.ToLower(q)
	for _, pt := range proposalTopics {
		if pt.re.MatchString(low) {
			return pt.topic
		}
	}
	return topicNone
}

// proposalQuestion answers a question about the proposal the last reply
// stated: asked before the yes (code lapsed it, or stated it again), or
// with a yes (code confirmed it, or stated it again). Lapsed and not
// stated again, the model states it again by calling its tool with what
// State says it was.
func (t *turn) proposalQuestion(n int) (agent.Message, bool) {
	st := t.req.State
	if st == nil || st.Answered == nil || st.Answered.Expired || t.order != "" && t.order != stateCurrentOrder(st) {
		return agent.Message{}, false
	}
	a := st.Answered
	q := strings.TrimSpace(yesLeadRe.ReplaceAllString(t.text, ""))
	if q == "" || (!strings.Contains(q, "?") && !askLeadRe.MatchString(q)) || len(t.requests(t.text)) > 0 {
		return agent.Message{}, false
	}
	if takesBackRe.MatchString(q) {
		return agent.Message{}, false // takes the proposal back: mind7's, never stated again
	}
	topic := p8topic(q)
	if topic == topicShipTime && a.Tool != toolname.ExchangeItem && a.Resolution != "replacement" {
		topic = topicNone // when something ships is the proposal's only for a new item
	}
	switch {
	case topic == topicNone:
		return agent.Message{}, false
	case a.Status == "confirmed" && t.confirmed == nil, a.Status == "declined":
		return agent.Message{}, false
	case a.Other != "" && elseWordsRe.MatchString(q):
		return agent.Message{}, false // asks for something else: correction's
	}
	if topic == topicAmount || topic == topicRefundTime && a.Tool == toolname.StartReturn {
		if m, ok := t.termsAnswer(n); ok {
			return m, true // itemreply.go answers these from the statement
		}
	}
	restate := a.Status == "lapsed" && !t.reoffered
	args, ok := t.statedArgs(a)
	if restate && !ok {
		return agent.Message{}, false // State holds too little to state it again (an address)
	}
	query := p8docsQuery(topic, a)
	var docs, write *call
	for i := range t.calls {
		switch t.calls[i].name {
		case toolname.SearchDocs:
			docs = &t.calls[i]
		case a.Tool:
			write = &t.calls[i]
		}
	}
	if query != "" && docs == nil {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": query}), true
	}
	if restate && write == nil {
		return toolCall(n, a.Tool, args), true
	}
	ans := p8answer(topic, a)
	if docs != nil {
		if text, ok := t.docsReply(*docs, query, nil); ok {
			ans = strings.TrimSpace(ans + "\n\n" + text)
		}
	}
	if t.confirmed != nil {
		return say("%s\n\nAbout your question: %s", t.answer(*t.confirmed), ans), true
	}
	reply := "I haven't started anything yet. " + ans
	if write != nil && str(write.result, "status") != "needs_confirmation" {
		reply += "\n\n" + t.answer(*write)
	}
	return say("%s", reply), true
}

// comesBack reports whether what a proposes has the items sent back.
func comesBack(a *agent.StateAnswer) bool {
	switch a.Tool {
	case toolname.StartReturn, toolname.ExchangeItem:
		return true
	case toolname.ReportDamage:
		return !a.KeepIt
	}
	return false
}

// p8docsQuery is what the guides are asked for a topic's policy, or ""
// when the proposal's own facts answer it.
func p8docsQuery(topic proposalTopic, a *agent.StateAnswer) string {
	switch topic {
	case topicLabel, topicPostage:
		if comesBack(a) {
			return "return postage prepaid label"
		}
	case topicPacking:
		if comesBack(a) {
			return "return original packaging"
		}
	case topicRefundTime:
		if a.Resolution != "store_credit" && a.Resolution != "replacement" {
			return "when will I get my refund"
		}
	case topicShipTime:
		return "how long does delivery take"
	}
	return ""
}

// p8answer is what the proposal's own facts say about topic.
func p8answer(topic proposalTopic, a *agent.StateAnswer) string {
	items := strings.Join(a.Items, " and ")
	back := comesBack(a)
	switch topic {
	case topicLabel, topicPostage:
		if back {
			return "There's no prepaid return label: return postage is paid by you. Once it is started, the email with the instructions says where to send it."
		}
		if a.Tool == toolname.CancelOrder {
			return "Nothing has shipped, so there's nothing to send back: no postage and no label."
		}
		return "You don't need to send anything back, so there's no postage to pay and no label needed."
	case topicRefundTime:
		switch {
		case a.Resolution == "store_credit":
			return "It's store credit, not a refund: it's yours as soon as it's done."
		case a.Resolution == "replacement":
			return "This is a replacement, so no refund is involved: the new one is sent to you."
		case back:
			return "The refund is made once the items are back with us and checked."
		}
		return "The refund goes to your original payment method as soon as it's done."
	case topicAmount:
		if a.Amount != "" {
			return fmt.Sprintf("It's %s in all.", a.Amount)
		}
		return "There's no charge for it."
	case topicVariant:
		if a.Tool == toolname.ExchangeItem && a.Want != "" {
			return fmt.Sprintf("You'd get %s instead of %s.", a.Want, items)
		}
		return fmt.Sprintf("Yes: it's exactly what you have, %s.", items)
	case topicAddress, topicWhereTo:
		if a.Tool == toolname.StartReturn || topic == topicWhereTo && back {
			return "The email with the instructions says where to send it back."
		}
		return "It goes to the address on the order."
	case topicPacking:
		if !back {
			return "You don't need to send anything back."
		}
		return "The email with the instructions says how to pack it."
	case topicSendBack:
		if back {
			return "Yes: it comes back to us first; the email with the instructions says how."
		}
		return "No, there's no need to send anything back."
	case topicCost:
		switch {
		case a.Tool == toolname.ExchangeItem:
			return "There's no extra cost for the exchange."
		case a.Resolution == "replacement":
			return "The replacement is at no cost to you."
		case a.Tool == toolname.CancelOrder && a.Amount != "":
			// A cancel refunds the whole order, its shipping charge with it.
			return "Nothing is charged, and you don't lose the shipping: " + cancelRefundsAll(a.Amount)
		case a.Amount != "":
			return fmt.Sprintf("Nothing is charged: it's %s back to you.", a.Amount)
		}
	case topicShipTime:
		switch {
		case a.Tool == toolname.ExchangeItem:
			return "The new one ships as soon as the original is on its way back to us."
		case a.Resolution == "replacement":
			return "The replacement ships as soon as it's ready; you'll get the tracking details by email."
		}
	}
	return "Here's exactly what I'd do:"
}

// statedArgs are the arguments that state a again, from what State says
// it was: the same items, resolution and reason on the current order.
func (t *turn) statedArgs(a *agent.StateAnswer) (map[string]any, bool) {
	args := map[string]any{}
	if name := t.currentOrder(); name != "" {
		args["order_number"] = name
	}
	items := statedItems(a.Items)
	switch a.Tool {
	case toolname.CancelOrder:
		if a.Resolution == "store_credit" {
			args["resolution"] = a.Resolution
		}
		return args, true
	case toolname.StartReturn:
		if a.Reason != "" && a.Reason != "UNKNOWN" {
			args["reason"] = a.Reason
		}
		if a.Resolution != "" {
			args["resolution"] = a.Resolution
		}
	case toolname.ReportDamage:
		args["problem"] = "damaged"
		switch a.Reason {
		case "WRONG_ITEM":
			args["problem"] = "wrong_item"
		case "OTHER": // a unit that never came
			args["problem"] = "missing"
		}
		args["resolution"] = a.Resolution
	case toolname.ExchangeItem:
		if len(items) == 0 || a.Want == "" {
			return nil, false
		}
		args["item"], args["want"] = items[0], a.Want
		return args, true
	default:
		return nil, false
	}
	if len(items) == 0 {
		return nil, false
	}
	args["items"] = items
	return args, true
}

// keptFromCancel answers a yes (or a no) to a cancellation that keeps
// some of the order ("yes but can I keep the filters?"): an order is
// cancelled as a whole, so nothing is proposed that takes what they keep;
// they hear what can be done instead.
func (t *turn) keptFromCancel(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || st == nil || st.Answered == nil || st.Answered.Tool != toolname.CancelOrder || st.Answered.Expired ||
		st.Answered.Status == "confirmed" || !keptMarkRe.MatchString(t.text) && !keepWordRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	var kept []string
	for _, l := range t.orderLines(t.currentOrder()) {
		if len(namedItems([]string{l}, t.text)) > 0 {
			kept = append(kept, "the "+itemTitle(l))
		}
	}
	if len(kept) == 0 {
		return agent.Message{}, false
	}
	return say("I haven't cancelled anything. An order can only be cancelled as a whole, not item by item, so I can't cancel it and leave out %s. "+
		"I can cancel the whole order if you'd like, or once it arrives, anything you don't want can be returned. %s",
		strings.Join(kept, " and "), cantPerson), true
}

// keepWordRe keeps something in any of the languages, beside
// keptMarkRe's forms: "die Filter möchte ich behalten".
var keepWordRe = regexp.MustCompile(`(?i)\b(?:keep|keeping|behalten|behalte|garde|garder|gardez|quedo|quedarme|quedar)\b`)

// p8statusRe asks where the order is, in words questions() may not
// classify ("wheres my parcel").
var p8statusRe = regexp.MustCompile(`(?i)\b(?:where'?s|wheres|where is|where are|when will .{0,30}(?:arrive|come|get here|be here)|tracking)\b|dónde está|wo ist|wo bleibt|où est`)

// p8payRe is what went wrong at checkout or with a payment: a code that
// failed, a charge.
var p8payRe = regexp.MustCompile(`(?i)\b(?:code|coupon|promo|voucher|discount|charged|charge|billed|payment)\b|gutschein|rabatt|código|cupón|cupon|descuento|réduction|paiement`)

// statusBesideCant answers a message that asks where the order is and
// also for something the agent can't do ("where's my order? also the
// discount code didn't work"): the status, then honestly that the other
// can't be done here, with a person offered.
func (t *turn) statusBesideCant(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.intent == intentPerson {
		return agent.Message{}, false
	}
	qs := p8partsRe.Split(t.text, -1)
	if len(qs) < 2 {
		return agent.Message{}, false
	}
	status, kind := false, cantNone
	for _, q := range qs {
		if q = strings.TrimSpace(q); q == "" {
			continue
		}
		k := t.cantKindHere(q)
		switch {
		case k != cantNone && kind == cantNone && !asksTool(q, k) && p8payRe.MatchString(q):
			kind = k
		case k == cantNone && p8statusRe.MatchString(q):
			status = true
		}
	}
	if !status || kind == cantNone {
		return agent.Message{}, false
	}
	switch {
	case n == 0:
		return toolCall(0, toolname.TrackOrder, t.orderArg()), true
	case n == 1 && t.calls[0].name == toolname.TrackOrder && !t.calls[0].isErr && t.calls[0].result != nil:
		return say("%s\n\n%s", t.answer(t.calls[0]), t.cantSay(kind, nil)), true
	}
	return agent.Message{}, false
}

// p8partsRe splits a message into its asks: at a full stop or question
// mark, or a joining "and", "also", in any of the languages.
var p8partsRe = regexp.MustCompile(`(?i)[?.!;]+\s*|,?\s+\b(?:and also|also|and|plus|además|außerdem|aussi)\b\s*|,\s+y\s+|,\s+und\s+|,\s+et\s+`)

// p8damageRe reports damage in the customer's words, typos included.
var p8damageRe = regexp.MustCompile(`(?i)\b(?:chip|chips|chipped|chiped|crack|cracks|cracked|craked|broken|broke|brocken|smashed|shattered|dented|damaged|damged)\b`)

// otherUnitRe is the other unit of what the damage clause named: "the
// other one", "the second one", "the rest".
var otherUnitRe = regexp.MustCompile(`(?i)\b(?:the|my)\s+(?:other|second|2nd)(?:\s+one)?\b`)

// p8sendBackRe is a return in other words: "send it back", "retrun".
var p8sendBackRe = regexp.MustCompile(`(?i)\b(?:send|ship|post|mail)\b(\s+(?:the|my)\s+(?:other|second|2nd)(?:\s+one)?)\s+back\b(?:\s+too|\s+as well)?|\b(?:retrun|retun|retrn)\b`)

// p8idRe is "i'd like" written without its apostrophe.
var p8idRe = regexp.MustCompile(`(?i)\bid (like|want|love)\b`)

// damageAndTheOther reads a damage report for one unit beside a return of
// "the other one" ("one of the mugs has a chip, and I want to send the
// other one back too"): the other unit is the item the damage named, and
// the message is the two requests it makes, each called in turn (code
// states the first and keeps the second for next).
func (t *turn) damageAndTheOther(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || !p8damageRe.MatchString(t.text) || !otherUnitRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	lines := t.orderLines(t.currentOrder())
	loc := otherUnitRe.FindStringIndex(t.text)
	named := namedItems(lines, t.text[:loc[0]])
	if len(named) != 1 {
		return agent.Message{}, false
	}
	// The order's own title, singular: "the other one" is one unit.
	title := t.lineNamed(t.currentOrder(), t.text[:loc[0]])
	if title == "" {
		return agent.Message{}, false
	}
	text := p8sendBackRe.ReplaceAllStringFunc(t.text, func(m string) string {
		if sub := p8sendBackRe.FindStringSubmatch(m); sub[1] != "" {
			return "return" + sub[1]
		}
		return "return"
	})
	text = otherUnitRe.ReplaceAllString(text, "one "+title)
	text = p8idRe.ReplaceAllString(text, "i'd $1")
	text = p8damageRe.ReplaceAllString(text, "damaged")
	sub := *t
	sub.text = text
	if len(sub.requests(text)) < 2 {
		return agent.Message{}, false
	}
	return sub.severalRequests(n)
}

// cancelRefundsAll says what a cancel gives back: the whole order, its
// shipping charge with it (cancel_order's statement holds the amount).
func cancelRefundsAll(amount string) string {
	return fmt.Sprintf("cancelling refunds the whole order, shipping included, %s back to you.", amount)
}
