package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Questions about the order's own facts (issue 18, a fifth no-context
// trial): whether a return came back and when the money follows, why an
// order was cancelled, what store credit the customer has, what their
// thank-you code works on, what a tracking status word means. Each is
// answered from the tool's facts (and the docs for the card's timing),
// never from a template that does not know them.

type factAsk int

const (
	askNone factAsk = iota
	askReturnStatus
	askRefundOnCard
	askWhyCancelled
	askStoreCredit
	askCodeUse
	askStatusWord
)

var (
	// returnedRe names a return the customer sent.
	returnedRe = regexp.MustCompile(`\b(?:return(?:ed)?|retrun|sent (?:it |them |\w+ )?back|(?:parcel|package|item|stuff) i (?:sent|returned)|rücksendung|devoluci[oó]n|retour)\b`)
	// statusAskRe asks whether something happened yet.
	returnStatusAskRe = regexp.MustCompile(`\b(?:did|have|has|was|were|is)\b[^.?!]{0,40}\b(?:get|got|receiv\w*|reciev\w*|arriv\w*|reach\w*|process\w*|refunded|come back)\b|\bstatus\b|\bnews\b|\bwhere is (?:my|the) (?:money|refund)\b|\bwhen (?:do|will|can) i (?:get|see|have) (?:my|the) (?:money|refund)\b|\brecibieron\b|\bangekommen\b|\breçu\b|\bgeld\b|\bdinero\b|\brembours\w*\b`)
	// startReturnRe asks to start one.
	startReturnRe = regexp.MustCompile(`\b(?:want|wanna|like|need|can i|could i|how (?:do|can) i|start|please|pls|help me|quiero|möchte|voudrais)\b[^.?!]{0,30}\b(?:return|send|devolver|zurück|retourner|renvoyer)\b`)
	cardRe        = regexp.MustCompile(`\b(?:card|bank|account|statement|tarjeta|karte|carte|konto|compte|banco|cuenta)\b`)
	moneyRe       = regexp.MustCompile(`\b(?:refunds?|refnd|money|reembolso|erstattung|remboursement|geld|dinero|argent)\b`)
	cancelledRe   = regexp.MustCompile(`\b(?:cancell?ed|canceled|cancel(?:l)?ation|storniert|stornierung|annul[ée]e?s?|cancelad[oa]|cancelaron|anulad[oa]|anularon)(?:\P{L}|$)|\b(?:did|have|has) (?:you|u|they|someone|somebody|anyone)\b[^.?!]{0,10}\bcancell?\b`)
	whyRe         = regexp.MustCompile(`\b(?:why|who|reason|what happened|how come|didn'?t|did not|never|not me|wasn'?t me|mistake|warum|wieso|pourquoi|motivo|grund|raison|when)\b|\bpor ?qu[eé]`)
	creditRe      = regexp.MustCompile(`\b(?:store credit|stor credit|credit|cr[eé]dito|guthaben|avoir|gift ?card)\b`)
	creditAskRe   = regexp.MustCompile(`\b(?:do i have|have i got|i got|how much|balance|use|spend|where|see|come through|did (?:i|it|the|my)|is there|left|tengo|habe ich|wie viel|j'ai|est-ce que|got|have any|any)\b`)
	creditWantRe  = regexp.MustCompile(`\b(?:rather|instead|prefer|want|wanna|like|could i|can i (?:get|have|return|send)|please|pls)\b[^.?!]{0,40}\b(?:return|send|refund|exchange|credit)\b|\bfor (?:store )?credit\b`)
	codeUseRe     = regexp.MustCompile(`\b(?:work|works|apply|applies|use|used|valid|once|twice|more than once|anything|every|all|any|sirve|vale|funciona|gilt|marche|fonctionne|tous|toutes|cualquier)\b`)
	// otherPersonRe is someone other than the customer.
	otherPersonRe  = regexp.MustCompile(`(?i)\b(?:friends?|friend's|sister|brother|mum|mom|mother|dad|father|parents?|partner|wife|husband|girlfriend|boyfriend|coworker|co-worker|colleague|neighbou?r|cousin|aunt|uncle|son|daughter|someone else|hermana|hermano|madre|padre|amig[oa]|schwester|bruder|mutter|vater|freund(?:in)?|s(?:œ|oe)ur|fr(?:è|e)re|m(?:è|e)re|p(?:è|e)re|ami(?:e)?|coll(?:è|e)gue)\b`)
	meanAskRe      = regexp.MustCompile(`\b(?:mean|means|meaning|explain|significa|bedeutet|veut dire|signifie|is (?:that|this|it) (?:bad|normal|serious|good)|should i (?:be )?worr(?:y|ied)|what happens)\b`)
	statusWordRe   = regexp.MustCompile(`\b(?:exception|exeption|excepci[oó]n|ausnahme|failure|delivery failed|label created|pre.?transit|in transit|return(?:ed)? to sender)\b`)
	trackingWordRe = regexp.MustCompile(`\b(?:tracking|status|statut|estado|says|shows|seguimiento|sendungsverfolgung|suivi)\b`)
	neverArrivedRe = regexp.MustCompile(`\b(?:never|didn'?t|did not|hasn'?t|has not|not) (?:arrived?|come|came|show(?:ed)? up|turn(?:ed)? up|got here|get here)\b`)
	giftCardRe     = regexp.MustCompile(`\bgift ?cards?\b`)
	howLongRe      = regexp.MustCompile(`\b(?:how long|how many days|until when|by when|window|have i got|do i have|too late)\b`)
	whatIsRe       = regexp.MustCompile(`\b(?:what (?:is|does|do|'s)|what's|whats|why|que|qué|was|quoi)\b`)
)

// factAskOf is which of these questions text asks, if any.
func factAskOf(text string) factAsk {
	low := strings.ToLower(text)
	norm := strings.ToLower(normalise(text))
	either := func(re *regexp.Regexp) bool { return re.MatchString(low) || re.MatchString(norm) }
	switch {
	case either(statusWordRe) && (either(meanAskRe) || either(whatIsRe) || len(strings.Fields(low)) <= 2),
		either(meanAskRe) && either(trackingWordRe) && !either(moneyRe):
		return askStatusWord
	case either(cancelledRe) && either(whyRe) && !either(cardRe):
		return askWhyCancelled
	case either(codeAskRe) && either(codeUseRe) && !otherPersonRe.MatchString(low) && !either(creditRe):
		return askCodeUse
	case either(creditRe) && either(creditAskRe) && !either(creditWantRe) && !buyingRe.MatchString(low):
		return askStoreCredit
	case either(moneyRe) && cardRe.MatchString(giftCardRe.ReplaceAllString(low, " ")) && !either(creditWantRe):
		return askRefundOnCard
	case returnedRe.MatchString(low) && either(returnStatusAskRe) && !either(startReturnRe) && !either(howLongRe):
		return askReturnStatus
	}
	return askNone
}

// ownFacts answers a question about the order's own facts: the tool for
// it first, then the answer from its result.
func (t *turn) ownFacts(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.declined || t.reoffered {
		return agent.Message{}, false
	}
	if n == 0 && neverArrivedRe.MatchString(strings.ToLower(normalise(t.text))) && !returnedRe.MatchString(strings.ToLower(t.text)) &&
		strings.HasPrefix(t.stageOf(t.currentOrder()), "delivered") && offers(t.req, toolname.ReportNotReceived) {
		// "never arrived, I want a refund" about an order the carrier
		// marked delivered: the not-received steps, whatever is asked for.
		return toolCall(n, toolname.ReportNotReceived, t.orderArg()), true
	}
	ask := factAskOf(t.text)
	if ask == askNone && strings.Contains(strings.ToLower(t.lastBot), "code") && codeUseRe.MatchString(strings.ToLower(t.text)) &&
		pronounRe.MatchString(t.text) && !otherPersonRe.MatchString(t.text) {
		// "can I use it on anything?", just after the code.
		ask = askCodeUse
	}
	if ask == askNone {
		return agent.Message{}, false
	}
	tool := toolname.TrackOrder
	switch ask {
	case askReturnStatus, askRefundOnCard, askStoreCredit:
		tool = toolname.RefundStatus
	}
	if !offers(t.req, tool) || !t.onlyAsks(tool) {
		return agent.Message{}, false
	}
	first := t.called(tool)
	if first == nil {
		if n > 0 {
			return agent.Message{}, false // another step is under way
		}
		return toolCall(n, tool, t.orderArg()), true
	}
	if first.isErr || first.result == nil {
		return agent.Message{}, false
	}
	r := first.result
	switch ask {
	case askReturnStatus:
		return say("%s", refundFacts(r, false)), true
	case askRefundOnCard:
		docs := t.called(toolname.SearchDocs)
		if docs == nil && offers(t.req, toolname.SearchDocs) {
			return toolCall(n, toolname.SearchDocs, map[string]any{"query": "when will I get my refund on my payment method"}), true
		}
		text := refundFacts(r, docs != nil)
		if docs != nil {
			if d, ok := t.docsReply(*docs, "when will the refund reach my card", nil); ok {
				text += "\n\n" + d
			}
		}
		return say("%s", text), true
	case askStoreCredit:
		return say("%s", creditFacts(r)), true
	case askWhyCancelled:
		return say("%s", t.cancelFacts(*first)), true
	case askCodeUse:
		if str(r, "thank_you_code") == "" {
			if t.cantKindHere(t.text) == cantCode {
				// "any chance of a code?" and the order has none: cantDo's answer.
				return say("%s", t.cantSay(cantCode, nil)), true
			}
			return agent.Message{}, false
		}
		return say("%s", codeFacts(r)), true
	case askStatusWord:
		return say("%s%s", t.answer(*first), stageMeaning(r)), true
	}
	return agent.Message{}, false
}

// refundFacts words refund_status's refunds and returns: the return
// received, each refund's amount and day, and when the money shows
// (unless the docs say it after).
func refundFacts(r map[string]any, docsFollow bool) string {
	order := str(r, "order_number")
	var parts []string
	refunds := list(r, "refunds")
	for _, f := range refunds {
		items := strings.Join(strs(f, "items"), ", ")
		switch {
		case str(f, "return_received") != "" && items != "":
			parts = append(parts, fmt.Sprintf("We received your return of %s (order %s) and refunded %s on %s.", items, order, str(f, "amount"), str(f, "return_received")))
		case str(f, "return_received") != "":
			parts = append(parts, fmt.Sprintf("We received your return on order %s and refunded %s on %s.", order, str(f, "amount"), str(f, "return_received")))
		case str(f, "for") == "the cancelled order":
			parts = append(parts, fmt.Sprintf("Order %s was cancelled and %s was refunded on %s.", order, str(f, "amount"), str(f, "date")))
		default:
			parts = append(parts, fmt.Sprintf("Order %s was refunded %s on %s.", order, str(f, "amount"), str(f, "date")))
		}
	}
	if len(refunds) == 0 {
		for _, ret := range list(r, "returns") {
			parts = append(parts, fmt.Sprintf("Your return on order %s was started on %s (%s); the refund follows once it reaches us and has been checked.", order, str(ret, "requested"), strings.ReplaceAll(str(ret, "status"), "_", " ")))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("I don't see a return received or a refund on order %s yet. If you've sent something back, it shows here once it reaches us; a member of our team can check on it if you'd like.", order)
	}
	if len(refunds) > 0 && !docsFollow {
		if note := str(refunds[0], "note"); note != "" {
			parts = append(parts, "The money goes back to your original payment method: "+note+".")
		}
	}
	if c := list(r, "store_credit"); len(c) > 0 {
		parts = append(parts, creditFacts(r))
	}
	return strings.Join(parts, " ")
}

// creditFacts words the store credit issued on the order.
func creditFacts(r map[string]any) string {
	order := str(r, "order_number")
	credit := list(r, "store_credit")
	if len(credit) == 0 {
		return fmt.Sprintf("I don't see any store credit issued on order %s. If you expected some, a member of our team can look into it if you'd like.", order)
	}
	var parts []string
	for _, c := range credit {
		s := fmt.Sprintf("You have %s in store credit from order %s, issued on %s", str(c, "amount"), order, str(c, "date"))
		if f := str(c, "for"); f != "" {
			s += " for " + f
		}
		s += "."
		if how := str(c, "issued_as"); how != "" {
			s += " It's " + how
			if end := str(c, "gift_card_ending"); end != "" {
				s += ", ending " + end
			}
			s += "."
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// cancelFacts words why and when an order was cancelled, and its refund,
// with a person offered to a customer who did not expect it.
func (t *turn) cancelFacts(c call) string {
	r := c.result
	if str(r, "stage") != "cancelled" {
		return t.answer(c)
	}
	order := str(r, "order_number")
	s := fmt.Sprintf("Order %s was cancelled", order)
	if d := str(r, "cancelled"); d != "" {
		s += " on " + d
	}
	if why := str(r, "cancel_reason"); why != "" {
		s += ". Our records give the reason as: " + why
	}
	s += "."
	if amt := str(r, "refunded_total"); amt != "" {
		s += fmt.Sprintf(" %s was refunded to your original payment method", amt)
		if d := str(r, "refund_date"); d != "" {
			s += " on " + d
		}
		s += "."
	}
	return s + " If that isn't what you asked for, I'm sorry: a member of our team can look into what happened if you'd like. Just say yes."
}

// codeFacts words the customer's thank-you code: what it takes off, what
// it works on, until when.
func codeFacts(r map[string]any) string {
	s := fmt.Sprintf("Your thank-you code %s", str(r, "thank_you_code"))
	if off := str(r, "thank_you_code_off"); off != "" {
		s += " takes " + off + " off your next order"
	}
	if use := str(r, "thank_you_code_use"); use != "" {
		s += "; it works " + use
	}
	if until := str(r, "thank_you_code_until"); until != "" {
		s += ", until " + until
	}
	return s + "."
}

// stageMeanings say what a parcel's stage means, in the carrier's terms.
var stageMeanings = map[string]string{
	"delivery_exception": "An \"exception\" is the carrier's word for a parcel that ran into a problem on its way (an address it couldn't match, no one there to receive it, or damage) and can't be delivered until that's sorted out.",
	"label_created":      "\"Label created\" means the shipping label is made, but the carrier hasn't scanned the parcel yet.",
	"in_transit":         "\"In transit\" means the carrier has the parcel and it's moving through their network.",
	"out_for_delivery":   "\"Out for delivery\" means it's on the van and should reach you today.",
	"delivered":          "\"Delivered\" means the carrier recorded handing it over or leaving it at the address.",
}

// stageMeaning is what the order's (or its first parcel's) stage means.
func stageMeaning(r map[string]any) string {
	stage := str(r, "stage")
	for _, p := range list(r, "parcels") {
		if s := str(p, "stage"); stageMeanings[s] != "" && stageMeanings[stage] == "" {
			stage = s
		}
	}
	if m := stageMeanings[stage]; m != "" {
		return "\n\n" + m
	}
	return ""
}

// onlyAsks reports whether every question of the message is for tool
// (or for none): "where's my money, and why was it cancelled?" asks two
// tools, which the general path answers one by one.
func (t *turn) onlyAsks(tool string) bool {
	qs := questions(t.text)
	if len(qs) < 2 {
		return true
	}
	for _, q := range qs {
		if factAskOf(q) != askNone {
			continue
		}
		switch classify(normalise(q)) {
		case intentNone, intentGreeting, intentThanks:
		case intentHowTo:
			if !pronounRe.MatchString(q) {
				return false // a product of its own: the guides
			}
			// "… and how do I use it?": the thing just asked about.
		case intentStatus, intentLate:
			if tool != toolname.TrackOrder {
				return false
			}
		case intentRefund:
			if tool != toolname.RefundStatus {
				return false
			}
		default:
			return false
		}
	}
	return true
}
