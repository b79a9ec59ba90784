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
var whatIfRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:if|what if|in case|incase|hypothetically|suppose|supposing|assuming|say|before it ships|before it'?s shipped|before it arrives|accept returns|take returns|allow returns|do returns|offer returns|once|later|afterwards|eventually|returnable|refundable|exchangeable|would i be able|will i be able|would it be possible|would i get|would i be|could i later|si|en caso de|cuando llegue|más tarde|mas tarde|falls|wenn|sollte|später|spater|une fois|plus tard|au cas où)(?:[^\p{L}]|$)`)

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
	case has(norm, "returnable", "refundable", "exchangeable", "money back", "refund", "store credit", "returns",
		"geld zurück", "umtausch", "rembours", "reembols", "mi dinero", "mon argent"), goBackRe.MatchString(norm):
	case resolutionTool(t.text) == toolname.ExchangeItem || resolutionTool(t.text) == toolname.ReportDamage:
	default:
		return false
	}
	// Calling the order off is not a question about later.
	return resolutionTool(t.text) != toolname.CancelOrder
}

// goBackRe is a thing going back to the shop in other words: "can it go
// back", "will you take it back".
var goBackRe = regexp.MustCompile(`\b(?:go|goes|going|take|takes|taken|mail|post|ship) (?:it |them |this |that )?back\b`)

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
	norm := strings.ToLower(normalise(t.text))
	condition := conditionAskRe.MatchString(norm) || usedAskRe.MatchString(norm)
	arrived := stage == "delivered, return window open" && condition
	later := stage == "delivered, return window open" && !arrived && t.asksLaterReturn(norm)
	if !(notYetDelivered(stage) && (t.asksWhatIfReturned() || condition)) && !arrived && !later {
		return agent.Message{}, false
	}
	question := returnPolicyQuestion
	if isPolicyQuestion(norm) && !later || arrived || condition {
		// "What's the refund timeline if I return it?", "is it
		// returnable if I've used it?": the guides' answer to what was
		// asked.
		question = t.text
	}
	if refundTimingRe.MatchString(norm) {
		question = refundTimingQuestion
	}
	if n == 0 {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": docsQuery(question)}), true
	}
	last := t.calls[n-1]
	if later && last.name == toolname.TrackOrder && n >= 2 {
		return t.laterReply(name, last, t.calls[n-2], question), true
	}
	if last.name != toolname.SearchDocs {
		return agent.Message{}, false
	}
	if later && (n > 1 || question == returnPolicyQuestion || len(list(last.result, "passages")) > 0) {
		return toolCall(n, toolname.TrackOrder, t.deadlineOrder()), true
	}
	if n == 1 && question != returnPolicyQuestion && (last.isErr || len(list(last.result, "passages")) == 0) {
		// The customer's words found nothing: the return policy's may.
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": docsQuery(returnPolicyQuestion)}), true
	}
	if arrived {
		if text, ok := t.policyReply(last, question); ok {
			return say("%s\n\nIf you'd like to send something back, tell me which item and I'll set the return up.", text), true
		}
		return agent.Message{}, false
	}
	where := "hasn't been delivered yet"
	if notShipped(stage) {
		where = "hasn't shipped yet"
	}
	lead := fmt.Sprintf("Your order %s %s, so there's nothing to send back yet and I haven't started anything.", name, where)
	if text, ok := t.policyReply(last, question); ok {
		return say("%s Once it arrives, this is how returns work:\n\n%s", lead, text), true
	}
	return say("%s I couldn't find our return policy in our guides, and I'd rather not guess: once it arrives, just message me here if you'd like to send something back, or a member of our team can tell you more now if you'd like.", lead), true
}

// laterIfRe is a return spoken of as a condition, not asked for: "if I
// don't like them", "what if I returned it", "hypothetically", "how would
// that work". politeIfRe is an "if" that only softens a request ("if I
// can", "if that's ok").
var (
	laterIfRe  = regexp.MustCompile(`\b(?:what if|what would happen|what happens if|hypothetical(?:ly)?|suppos(?:e|ing)|in case|how would (?:that|it|this|a return|returning) work|if (?:i|it|they|the|my|one|we)\b)`)
	politeIfRe = regexp.MustCompile(`\bif (?:i|we) (?:can|could|may)\b|\bif (?:that'?s|it'?s|this is|that is|it is) (?:ok|okay|alright|all right|fine|possible)\b|\bif possible\b`)
)

// asksLaterReturn reports whether a message about an order that has
// arrived asks what a return would be, should the customer want one
// ("if I don't like them, could I return them later?"), rather than
// asking for it: nothing broken, and no request softened by an "if".
func (t *turn) asksLaterReturn(norm string) bool {
	return laterIfRe.MatchString(politeIfRe.ReplaceAllString(norm, "")) && !damageRe.MatchString(norm) && t.asksWhatIfReturned()
}

// laterReply answers a question about returning an order that has arrived,
// from its return window (track_order c) and the guides (search d): yes,
// until the window's last day, how returns work, and the offer to start
// one. Nothing is proposed.
func (t *turn) laterReply(name string, c, d call, question string) agent.Message {
	what := "items from order " + name
	if l := t.lineNamed(name, t.text); l != "" {
		what = "the " + l + " (order " + name + ")"
	}
	lead := fmt.Sprintf("Yes, you can return %s", what)
	if end := str(c.result, "return_window_ends"); !c.isErr && end != "" {
		lead += " until " + end
	}
	lead += ". I haven't started anything."
	if d.name == toolname.SearchDocs {
		if text, ok := t.policyReply(d, question); ok {
			lead += " This is how returns work:\n\n" + text
		}
	}
	return say("%s\n\nIf you decide to send it back, just tell me and I'll set up the return.", lead)
}

// refundTimingRe asks how long a refund takes.
var refundTimingRe = regexp.MustCompile(`(?i)\brefunds?\b[^.?!]{0,20}\b(?:timeline|time ?frame|how long|take|takes|when)\b|\b(?:timeline|time ?frame|how long|when)\b[^.?!]{0,30}\brefunds?\b`)

// refundTimingQuestion is what the guides are searched and ranked by for
// a refund's timing.
const refundTimingQuestion = "when will I get my refund"

// policyReply is the guides' answer to question from the search c, or to
// the return policy when none answers it in its own words.
func (t *turn) policyReply(c call, question string) (string, bool) {
	if c.isErr {
		return "", false
	}
	if text, ok := t.docsReply(c, question, nil); ok {
		return text, true
	}
	return t.docsReply(c, returnPolicyQuestion, nil)
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

// conditionAskRe asks whether an item can go back in a condition ("is it
// returnable if I've used it?", "can I return it without the box?"): a
// policy question, even about an order that has arrived.
var conditionAskRe = regexp.MustCompile(`(?i)\b(?:returnable|refundable|exchangeable|can (?:i|you|we) (?:still )?(?:return|exchange|refund)|accept (?:a )?returns?)\b[^.?!]*\b(?:if|once|after|even|without|when)\b[^.?!]*\b(?:used|opened|worn|washed|tried|assembled|unboxed|box|packaging|packing|tags?|receipt|gift|sale|personali[sz]ed)\b`)

// usedAskRe asks whether an item the customer has used can go back ("can
// I return one I already opened?"): the same policy question.
var usedAskRe = regexp.MustCompile(`(?i)\b(?:return|exchange|refund|send back)\b[^.?!]{0,40}\b(?:i|i'?ve|i have|we|we'?ve)\s+(?:already\s+|just\s+)?(?:used|opened|worn|washed|burned|burnt|lit|assembled|tried|unboxed)\b`)

// refundAskRe asks for money back (normalise says "refund" for "money
// back").
var refundAskRe = regexp.MustCompile(`(?i)\b(?:want|like|need|get|have|request|give me|issue|process)\b[^.?!]{0,15}\brefund\b`)

// refundAsksReturn reports whether a refund asked for, about an order that
// has arrived and has none, is a return: an item of the order named ("a
// refund for the kit", "un reembolso de la cafetera") or the money asked
// for ("can I get a refund?"), not the state of a refund already made.
func (t *turn) refundAsksReturn() bool {
	name := t.currentOrder()
	if t.order != "" {
		name = t.order
	}
	if t.stageOf(name) != "delivered, return window open" {
		return false
	}
	if len(namedItems(t.orderLines(name), t.text)) > 0 {
		return true
	}
	norm := strings.ToLower(normalise(t.text))
	return (refundAskRe.MatchString(norm) || wantsAll(t.text)) && !has(norm, "status", "where", "when", "yet", "already", "gone through", "received", "processed")
}

// fewerRe is a correction to fewer units of what was stated: "just one of
// them", "only one", "only 1".
var fewerRe = regexp.MustCompile(`(?i)\b(?:just|only|simply)\s+(one|1|a single one|two|2)\b|\b(one|1|two|2) of them\b`)

// fewerSaid is how many units a correction to fewer asks for, 0 for none.
func fewerSaid(text string) int {
	m := fewerRe.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	switch strings.ToLower(m[1] + m[2]) {
	case "two", "2":
		return 2
	}
	return 1
}

// fewerOfStated are the stated lines ("2 × Mug (Sea Glass)") as items of n
// units each, when exactly one line was stated with more than n units.
func fewerOfStated(stated []string, n int) []map[string]any {
	if len(stated) != 1 {
		return nil
	}
	m := stateItemRe.FindStringSubmatch(stated[0])
	if m == nil {
		return nil
	}
	var had int
	if _, err := fmt.Sscanf(stated[0], "%d ×", &had); err != nil || had <= n {
		return nil
	}
	title := strings.TrimSpace(m[1] + " " + m[2])
	return []map[string]any{{"title": title, "quantity": n}}
}

func init() {
	// Damage and swap words of other languages the shared list lacks.
	for w, en := range map[string]string{
		"angeschlagen": "chipped", "abgeplatzt": "chipped", "zersprungen": "cracked", "gerissen": "cracked", "eingedrückt": "dented", "verbeult": "dented",
		"zerrissen": "torn", "ausgelaufen": "leaking", "desportillado": "chipped", "desportillada": "chipped", "descascarillado": "chipped",
		"abollado": "dented", "abollada": "dented", "rayado": "scratched", "rayada": "scratched", "roto.": "broken", "fêlé": "cracked", "fêlée": "cracked",
		"cabossé": "dented", "cabossée": "dented", "déchiré": "torn", "déchirée": "torn",
		// swapping
		"umtauschen": "exchange", "umtausch": "exchange", "eintauschen": "exchange", "tauschen": "exchange",
		"intercambiar": "exchange", "échanger": "exchange", "échange": "exchange",
		// sending back, as conjugated
		"devuelvo": "return", "devuelve": "return", "devolverlo": "return", "devolverla": "return", "devolverlos": "return", "devolverlas": "return",
	} {
		if _, ok := foreign[w]; !ok {
			foreign[w] = en
		}
	}
	for w, l := range map[string]string{"devuelvo": "es", "devolverlo": "es", "devolverla": "es", "devolverlos": "es", "devolverlas": "es", "hago": "es"} {
		if _, ok := foreignMarkers[w]; !ok {
			foreignMarkers[w] = l
		}
	}
}

// foreignNamedItems are the items a message in another language names by
// its product nouns ("les tasses", "la cafetera"), read from their English
// nouns alone: the message's own words may be an English title's by chance
// (French "pour" is not a pour-over).
func foreignNamedItems(lines []string, text string) []map[string]any {
	if language(text) == "" {
		return nil
	}
	translated := agent.WithProductNouns(text)
	if translated == text || !strings.HasPrefix(translated, text) {
		return nil
	}
	return narrowForeign(lines, text, namedItemsIn(lines, translated[len(text):])) // scope11.go
}

// zipFixRe corrects the ZIP code of a stated address: "sorry, the zip is
// 80204", "zip should be 80204", "postcode 80204 not 80203".
var zipFixRe = regexp.MustCompile(`(?i)\b(?:zip|zip ?code|postcode|post code|postal code|plz|código postal|code postal)\b[^0-9]{0,20}(\d{5}(?:-\d{4})?)\b`)

// addressCorrection states the address change again with the ZIP code the
// customer's message puts right, when the change it did not confirm was
// an address (its statement, the model's own last reply, gives the rest).
func (t *turn) addressCorrection(n int, tool string) (agent.Message, bool) {
	if tool != toolname.ChangeAddress || newAddress(t.text) != nil {
		return agent.Message{}, false
	}
	fix := zipFixRe.FindStringSubmatch(t.text)
	stated := t.lastBot
	if i := strings.LastIndex(stated, " to: "); i >= 0 {
		stated = stated[i+len(" to: "):]
	}
	if i := strings.Index(stated, ", "); i >= 0 && !strings.ContainsAny(stated[:i], "0123456789") {
		stated = stated[i+2:] // the name the statement starts with
	}
	addr := newAddress(stated)
	if fix == nil || addr == nil {
		return agent.Message{}, false
	}
	args := t.orderArg()
	for k, v := range addr {
		args[k] = v
	}
	args["zip"] = fix[1]
	return toolCall(n, toolname.ChangeAddress, args), true
}

// asksRefundAgain reports whether the message only asks for the refund
// ("refund please") right after a return was stated and not agreed: the
// return, stated again for its yes, not a refund's status.
func (t *turn) asksRefundAgain() bool {
	norm := strings.ToLower(normalise(t.text))
	return t.intent == intentRefund && t.order == "" && len(strings.Fields(norm)) <= 6 &&
		!has(norm, "status", "where", "when", "yet", "already", "gone through", "received", "processed", "instead", "not", "don't", "cancel")
}

// statedItems are a proposal's stated lines ("2 × Mug (Sea Glass)") as
// items with their units.
func statedItems(stated []string) []map[string]any {
	var out []map[string]any
	for _, s := range stated {
		m := stateItemRe.FindStringSubmatch(s)
		var q int
		if m == nil {
			continue
		}
		if _, err := fmt.Sscanf(s, "%d ×", &q); err != nil || q < 1 {
			q = 1
		}
		out = append(out, map[string]any{"title": strings.TrimSpace(m[1] + " " + m[2]), "quantity": q})
	}
	return out
}
