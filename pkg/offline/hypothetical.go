package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// whatIfRe is a question about what would happen later, not a request to
// act now: "if I don't like it", "what if it doesn't fit", "in case it
// breaks", "once it arrives", "is it returnable", "would I be able to",
// in English, Spanish, German and French. Read on the normalised text.
var whatIfRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:if|what if|in case|incase|hypothetically|suppose|supposing|assuming|once|later|afterwards|eventually|returnable|refundable|exchangeable|would i be able|will i be able|would it be possible|would i get|would i be|could i later|si|en caso de|cuando llegue|más tarde|mas tarde|falls|wenn|sollte|später|spater|une fois|plus tard|au cas où)(?:[^\p{L}]|$)`)

// notYetDelivered reports whether an order at stage (the context's stage
// words, agent.stageWords) has not reached the customer: nothing of it
// can be sent back yet.
func notYetDelivered(stage string) bool {
	switch stage {
	case "not shipped yet", "label created, waiting for the carrier", "in transit", "out for delivery", "delivery problem reported by the carrier":
		return true
	}
	return false
}

// notShipped reports whether an order at stage has not left the shop.
func notShipped(stage string) bool {
	return stage == "not shipped yet" || stage == "label created, waiting for the carrier"
}

// asksWhatIfReturned reports whether the message asks what would happen
// if the customer wanted to send the order back, have their money back
// or swap it, rather than asking for that now.
func (t *turn) asksWhatIfReturned() bool {
	norm := strings.ToLower(normalise(t.text))
	if !whatIfRe.MatchString(norm) || t.intent == intentLate || lateWords(t.text) || lateChoice(t.text) != "" && has(norm, "arrive", "come", "turn up", "show up", "get here") {
		// "If it hasn't arrived by Friday, can I get a refund?" is a late
		// parcel's, which follow_up answers.
		return false
	}
	switch {
	case t.intent == intentReturn || t.intent == intentRefund:
	case has(norm, "returnable", "refundable", "exchangeable", "money back", "refund", "store credit"):
	case resolutionTool(t.text) == toolname.ExchangeItem || resolutionTool(t.text) == toolname.ReportDamage:
	default:
		return false
	}
	// Calling the order off is not a question about later.
	return resolutionTool(t.text) != toolname.CancelOrder
}

// returnPolicyQuestion is what the guides are searched and ranked by for
// the return policy: its window and its conditions.
const returnPolicyQuestion = "what is your return policy, how many days do I have to return"

// policyForLater answers a question about returning an order that has not
// reached the customer ("if I don't like it, can I send it back once it
// arrives?") from the return policy in the guides: nothing can be started
// before delivery, and nothing is proposed.
func (t *turn) policyForLater(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil {
		return agent.Message{}, false
	}
	name := t.currentOrder()
	if t.order != "" {
		name = t.order
	}
	stage := t.stageOf(name)
	if !notYetDelivered(stage) || !t.asksWhatIfReturned() {
		return agent.Message{}, false
	}
	if n == 0 {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": docsQuery(returnPolicyQuestion)}), true
	}
	last := t.calls[n-1]
	if last.name != toolname.SearchDocs {
		return agent.Message{}, false
	}
	where := "hasn't been delivered yet"
	if notShipped(stage) {
		where = "hasn't shipped yet"
	}
	lead := fmt.Sprintf("Your order %s %s, so there's nothing to send back yet and I haven't started anything.", name, where)
	if text, ok := t.docsReply(last, returnPolicyQuestion, nil); ok && !last.isErr {
		return say("%s Once it arrives, this is how returns work:\n\n%s", lead, text), true
	}
	return say("%s I couldn't find our return policy in our guides, and I'd rather not guess: once it arrives, just message me here if you'd like to send something back, or a member of our team can tell you more now if you'd like.", lead), true
}

// changedMindRe is a customer who no longer wants what they ordered, in
// any words: "I don't want it anymore", "changed my mind", "don't send
// it", in English, Spanish, German and French.
var changedMindRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:don'?t|dont|do not|no longer) (?:want|need) (?:it|them|this|that|these|those|the \p{L}+|my \p{L}+)(?: any ?more| after all)?|(?:don'?t|dont|do not) (?:want|need) (?:it|them) any ?more|changed my mind|change of heart|(?:don'?t|dont|do not) (?:send|ship) (?:it|them|this|that|my order|the order)|ya no (?:lo|la|los|las) (?:quiero|necesito)|he cambiado de opinión|cambié de opinión|(?:brauche|will|möchte) (?:es|sie|das|ihn) nicht mehr|habe es mir anders überlegt|(?:je )?n'en (?:veux|ai) plus(?: besoin)?|je ne (?:le|la|les) veux plus|j'ai changé d'avis)(?:[^\p{L}]|$)`)

// changedMindTool is what a customer who no longer wants their order
// asks for, by where the order is: before it ships, calling it off;
// once it has arrived, a return. In between (and for a message that
// names its own resolution) it is "": the other readings decide.
func (t *turn) changedMindTool() string {
	if !t.verified || !changedMindRe.MatchString(t.text) || resolutionTool(t.text) != "" || whatIfRe.MatchString(strings.ToLower(normalise(t.text))) {
		return ""
	}
	name := t.currentOrder()
	if t.order != "" {
		name = t.order
	}
	switch stage := t.stageOf(name); {
	case notShipped(stage):
		return toolname.CancelOrder
	case stage == "delivered, return window open":
		return toolname.StartReturn
	}
	return ""
}

// exchangeAskRe asks for a swap in so many words.
var exchangeAskRe = regexp.MustCompile(`(?i)\b(?:exchange|swap|switch|trade)\b`)

// wrongOptionSwap reports whether a message about an item in the wrong
// option ("the wrong colour, can I exchange them for …") asks for the
// swap rather than reporting damage: nothing in it is broken.
func wrongOptionSwap(text string) bool {
	norm := strings.ToLower(normalise(text))
	return wrongVariantRe.MatchString(norm) && exchangeAskRe.MatchString(norm) && !damageRe.MatchString(norm)
}
