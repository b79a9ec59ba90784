package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Issue 18's no-context trial (pending11): a customer asks something
// before answering a proposal, about it ("do I have to send it back?",
// "¿tengo que devolver la taza?") or aside ("when does it arrive?", "how
// much is standard shipping?"). Code states the proposal again
// (agent.AsksAside; State.Answered lapsed and reoffered) and the reply
// must answer the question: from the proposal's own facts, the order's
// status, or the shop's guides, never with a new proposal the question
// did not ask for. The proposal's statement is code's to add.

// p11sendBackRe asks whether the items must go back, in any of the
// languages: an obligation, then a return in words.
var p11sendBackRe = regexp.MustCompile(`(?i)(?:have to|need to|got to|must|should|tengo que|hay que|debo|muss ich|müssen|dois-je|je dois|faut-il|il faut)\s.{0,25}?` +
	`(?:\b(?:return|send|ship|post|mail)\b.{0,25}\b(?:back|first)\b|\breturn\b|devolver|devuelvo|zurückschicken|zurücksenden|zurückgeben|renvoyer|retourner|rendre)`)

// p11windowRe asks how long the customer has to send things back: the
// return window, a guide's, not whether these items go back.
var p11windowRe = regexp.MustCompile(`(?i)\b(?:how long|how many days|how much time|deadline|window|in general)\b`)

// p11refundTimeRe asks when the money arrives, in any of the languages.
var p11refundTimeRe = regexp.MustCompile(`(?i)(?:how long|when|how soon|how many days|wann|wie lange|cuándo|cuando|quand|combien de temps).{0,40}(?:refund|money|card|reembolso|dinero|devuelven|erstattung|rückerstattung|geld|remboursement|rembours|argent)`)

// p11statusRe asks where the order is or when it comes: the order's
// status, which track_order tells.
var p11statusRe = regexp.MustCompile(`(?i)\b(?:when (?:does|will|did|would|is) (?:it|my order|my parcel|my package|the order|the parcel|the package|my stuff)(?: \w+)? (?:arrive|ship|come|get here|be here|be delivered|leave|go out)|(?:has|did|is) (?:it|my order|the order|my parcel|the parcel) (?:shipped|ship|left|leave|arrived|arrive|been delivered|delivered|on its way)|left the warehouse|where(?:'s| is) (?:it|my order|my parcel|my package)|arrive)\b`)

// p11includedRe asks whether an item is part of what was stated: "do the
// filters get cancelled too?", "is the kit included?".
var p11includedRe = regexp.MustCompile(`(?i)\b(?:do|does|will|would|is|are)\b.{0,40}\b(?:too|also|as well|included|include|includes|part of (?:it|that|this)|covered|in (?:it|that|this))\b|\b(?:what about|and)\s+the\s+\p{L}+\b.{0,20}\?`)

// p11costRe asks what the proposal costs.
var p11costRe = regexp.MustCompile(`(?i)\b(?:cost|costs|extra|charge|fee|pay anything|free|kostet|cuesta|coûte)\b`)

// p11shopRe asks about the shop's terms in general: a guide answers it.
var p11shopRe = regexp.MustCompile(`(?i)\b(?:standard shipping|shipping cost|shipping costs|delivery cost|usually|normally|in general|policy|policies|return window|gift|(?:ship|deliver)\s+(?:to|outside|internationally|abroad))\b|rückgabe|richtlinie|política|politica|plazo|politique|délai`)

// p11postageRe asks who pays to send the items back, in words
// proposalTopics does not know ("who covers the shipping back?") or
// misspelt ("posatge").
var p11postageRe = regexp.MustCompile(`(?i)\b(?:who|do i|will i|would i|have to|need to)\b.{0,20}\b(?:pay|pays|paying|cover|covers|covering)\b.{0,25}(?:\bshipping\b|\bpost\w{0,3}ge\b|\bpos\w{1,3}ge\b|\bpostage\b)|porto\b|rücksendekosten|envío de vuelta|frais de retour`)

// p11fillerRe are words that pad a question and say nothing of its
// topic: a guide search without them finds the passage.
var p11fillerRe = regexp.MustCompile(`(?i)\b(?:anyway|anyways|btw|by the way|usually|normally|in general|just wondering|out of curiosity|wait|hang on|hold on|before that|first)\b\W*`)

// p11question is q as the guides are asked it: without its padding, a
// charge called what the guides call it, other languages' support words
// in English; the return policy asked as the guides' own question.
func p11question(q string) string {
	if p11policyRe.MatchString(q) {
		return returnPolicyQuestion
	}
	q = p11fillerRe.ReplaceAllString(q, "")
	return normalise(p11chargeRe.ReplaceAllString(q, "cost"))
}

// p11policyRe asks for the return policy or its window, in any of the
// languages: asked as the guides' own question.
var p11policyRe = regexp.MustCompile(`(?i)\b(?:return policy|returns policy|return window|deadline for returns|how long do i have)\b|rückgabe|política de devoluci|politica de devoluci|plazo|politique de retour|délai de retour`)

// p11chargeRe is what a customer calls a price: the guides say "cost".
var p11chargeRe = regexp.MustCompile(`(?i)\b(?:charge|charges|fee|fees|price)\b`)

// pendingAside answers a question asked while a proposal waits, stated
// again by code: the hook in plan().
func (t *turn) pendingAside(n int) (agent.Message, bool) {
	st := t.req.State
	if st == nil || st.Answered == nil || st.Answered.Status != "lapsed" || !st.Answered.Reoffered || st.Answered.Expired ||
		t.confirmed != nil || t.declined || t.order != "" && t.order != stateCurrentOrder(st) {
		return agent.Message{}, false
	}
	a := st.Answered
	q := strings.TrimSpace(t.text)
	switch {
	case p11sendBackRe.MatchString(q) && !p11refundTimeRe.MatchString(q) && !p11windowRe.MatchString(q) &&
		p8topic(q) != topicPostage && p8topic(q) != topicLabel:
		// Postage and a label are pending8's (proposalQuestion) to answer.
		if n > 0 {
			return agent.Message{}, false
		}
		return say("I haven't started anything yet. %s", p8answer(topicSendBack, a)), true
	case p11includedRe.MatchString(q) && len(a.Items) > 0 && n == 0:
		// "do the filters get cancelled too?": the statement's own lines
		// say (trial 11a: answered "not in our guides").
		var in []string
		for _, it := range a.Items {
			if namesItem([]string{it}, q) {
				in = append(in, it)
			}
		}
		switch {
		case len(in) > 0:
			return say("I haven't started anything yet. Yes: it covers %s, as stated below.", strings.Join(in, " and ")), true
		case t.namesOwnItem():
			return say("I haven't started anything yet. No: as it stands it covers only %s. If you want something else included, tell me and I'll check it.", strings.Join(a.Items, " and ")), true
		}
	case p11postageRe.MatchString(q) && !p11shopRe.MatchString(q):
		if n > 0 {
			return agent.Message{}, false
		}
		return say("I haven't started anything yet. %s", p8answer(topicPostage, a)), true
	case p11refundTimeRe.MatchString(q) && p11refunds(a):
		if n > 0 {
			return agent.Message{}, false
		}
		return say("I haven't started anything yet. The refund goes to your original payment method as soon as it's done; it usually takes 5 to 10 business days to show, depending on your bank."), true
	case a.Tool == toolname.ChangeAddress && p11costRe.MatchString(q) && !p11shopRe.MatchString(q):
		if n > 0 {
			return agent.Message{}, false
		}
		return say("I haven't started anything yet. Changing the address costs nothing."), true
	case p11statusRe.MatchString(q) && p8topic(q) != topicRefundTime && (a.Tool != toolname.ExchangeItem && a.Resolution != "replacement"):
		switch {
		case n == 0:
			return toolCall(0, toolname.TrackOrder, t.orderArg()), true
		case n == 1 && t.calls[0].name == toolname.TrackOrder && !t.calls[0].isErr && t.calls[0].result != nil:
			return say("%s", t.answer(t.calls[0])), true
		}
	case p11shopRe.MatchString(q):
		switch {
		case n == 0:
			return toolCall(0, toolname.SearchDocs, map[string]any{"query": docsQuery(p11question(q))}), true
		case n == 1 && t.calls[0].name == toolname.SearchDocs && !t.calls[0].isErr:
			if text, ok := t.docsReply(t.calls[0], p11question(q), nil); ok {
				return say("%s", text), true
			}
		}
	}
	return agent.Message{}, false
}

// p11refunds reports whether a refunds money to the customer's card as
// soon as it runs: a cancellation, or damage refunded without a return.
func p11refunds(a *agent.StateAnswer) bool {
	if a.Resolution == "store_credit" || a.Resolution == "replacement" {
		return false
	}
	return a.Tool == toolname.CancelOrder || a.Tool == toolname.ReportDamage && !comesBack(a)
}
