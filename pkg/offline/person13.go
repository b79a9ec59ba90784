package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// What the chat cannot do, said honestly (issue 18, person13):
//   - a return, refund or fault on an order past its return window: the
//     window closed (policy's date, from the order's facts), nothing is
//     offered that policy refuses, and a fault goes to a person;
//   - a new order ("can I order another one through you?"): the chat only
//     looks after orders placed, so the shop is where to buy (it got a
//     product guide);
//   - the account's address ("I'm moving, update my address for future
//     orders"): only an order's shipping address changes here (it was
//     asked for a new address for this order).

// faultRe is a fault in what came: rust, a crack, it does not work.
var faultRe = regexp.MustCompile(`(?i)\b(?:rust\w*|faulty|fault|defect\w*|broken|broke|crack\w*|chipp?\w*|damaged?|dent\w*|peeling|flak\w*|warp\w*|leak\w*|` +
	`(?:doesn'?t|does not|won'?t|stopped|isn'?t) work\w*|rouill\w*|cass[ée]\w*|fissur\w*|défectu\w*|rost\w*|kaputt|defekt|besch[äa]digt|gebrochen|` +
	`oxidad\w*|roto|rota|rajad\w*|defectuos\w*|dañad\w*)`)

// refundWishRe wishes for money back; p13RefundAskRe asks where a refund
// is instead.
var (
	refundWishRe = regexp.MustCompile(`(?i)\b(?:(?:want|need|like|get|give me|have)\b[^.?!]{0,20}\b(?:refund|money back|my money)|refund (?:me|it|this|please|pls)|` +
		`remboursement|rembourser|reembolso|erstattung|geld zur[üu]ck)\b`)
	p13RefundAskRe = regexp.MustCompile(`(?i)\b(?:where|when|status|come through|came through|received|arrived|has|did|was)\b`)
)

// pastWindow answers a refund or a fault on the current order once its
// return window has closed (a plain return the tools refuse already).
func (t *turn) pastWindow(n int) (agent.Message, bool) {
	st := t.req.State
	if n != 0 || !t.verified || t.confirmed != nil || t.reoffered || st == nil || st.Given == nil || str(st.Given, "stage") != "past_return_window" {
		return agent.Message{}, false
	}
	wish := refundWishRe.MatchString(t.text)
	fault := faultRe.MatchString(t.text)
	if fault && !wish && (t.intent == intentHowTo || howToRe.MatchString(strings.ToLower(t.text))) {
		// "how do I get the rust off?" asks the care guide, not a claim.
		return agent.Message{}, false
	}
	if !fault && (!wish || p13RefundAskRe.MatchString(t.text)) {
		return agent.Message{}, false
	}
	name := str(st.Given, "order_number")
	window := "its return window has closed"
	if st.ReturnWindowDays > 0 {
		window = fmt.Sprintf("its %d-day return window has closed", st.ReturnWindowDays)
	}
	if e := str(st.Given, "return_window_closed"); e != "" {
		window += ": its last day was " + e
	}
	text := fmt.Sprintf("I'm sorry: %s, so I can't start a return or a refund for order %s here.", window, name)
	if fault {
		text += " As it sounds faulty, a member of our team can look at it: would you like me to pass this to them?"
	} else {
		text += " " + cantPerson
	}
	return say("%s", text), true
}

// p13NewOrderRe asks the chat to take a new order.
var p13NewOrderRe = regexp.MustCompile(`(?i)\b(?:(?:order|buy|purchase)\s+(?:another|a new|one more|more|a second|an extra|some more|\d+ more|two more|a couple more)\b[^.?!]*\b(?:through|thru|via|from|with|here|in this chat|in the chat)\b|` +
	`(?:place|make|put in|start)\s+(?:me\s+)?(?:a\s+)?new order|(?:can|could|would)\s+(?:you|u)\s+(?:order|buy|place an order|sell me)\b|` +
	`(?:pedir|comprar)\s+otr[oa]|hacer un (?:nuevo )?pedido|nuevo pedido|neue bestellung|nochmal bestellen|noch (?:eine?n?|mal) bestellen|` +
	`commander (?:un autre|une autre|encore)|nouvelle commande|passer (?:une )?commande)`)

// newOrder answers a wish to buy through the chat.
func (t *turn) newOrder(n int) (agent.Message, bool) {
	low := strings.ToLower(t.text)
	if n != 0 || t.confirmed != nil || t.reoffered || !p13NewOrderRe.MatchString(low) || p13AddToOrderRe.MatchString(low) {
		return agent.Message{}, false
	}
	return say("I'm sorry, I can't take new orders in this chat: I can only help with orders you've already placed. " +
		"You can order it on our shop's website, and I'm happy to help with that order once it's placed. " + cantPerson), true
}

// p13AddToOrderRe adds to the order placed: an order change, not a new order.
var p13AddToOrderRe = regexp.MustCompile(`(?i)\b(?:to|onto|on|in)\s+(?:my|the|this|that)\s+(?:order|pedido|commande|bestellung)\b`)

// accountAddressRe is the address kept on the customer's account, or the
// one for orders to come.
var accountAddressRe = regexp.MustCompile(`(?i)\b(?:(?:my|the)\s+account|profile|default address|saved address|future orders?|next orders?|orders? (?:from now on|in the future)|` +
	`for next time|kundenkonto|konto|zuk[üu]nftige bestellungen|mi cuenta|la cuenta|pedidos futuros|futuros pedidos|mon compte|commandes futures|prochaines commandes)\b`)

// p13AddressRe names an address.
var p13AddressRe = regexp.MustCompile(`(?i)\b(?:address|adress|addres|adresse|anschrift|direcci[oó]n)\b`)

// accountAddress answers a change of the account's address.
func (t *turn) accountAddress(n int) (agent.Message, bool) {
	if n != 0 || t.confirmed != nil || t.reoffered || !accountAddressRe.MatchString(t.text) || !p13AddressRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	text := "I can only change the shipping address of an order that hasn't shipped yet, not the address saved on your account. " +
		"You can update that address in your account on our shop's website, and new orders will use it."
	if st := t.req.State; st != nil && st.Given != nil && str(st.Given, "stage") == "pre_shipment" {
		text += fmt.Sprintf(" If you'd also like order %s sent to the new address, just tell me the full address.", str(st.Given, "order_number"))
	}
	return say("%s %s", text, cantPerson), true
}

// person13 is the hook of this file's answers.
func (t *turn) person13(n int) (agent.Message, bool) {
	if m, ok := t.pastWindow(n); ok {
		return m, true
	}
	if m, ok := t.newOrder(n); ok {
		return m, true
	}
	return t.accountAddress(n)
}
