package offline

import (
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func list(m map[string]any, k string) []map[string]any {
	raw, _ := m[k].([]any)
	var out []map[string]any
	for _, r := range raw {
		if x, ok := r.(map[string]any); ok {
			out = append(out, x)
		}
	}
	return out
}

func strs(m map[string]any, k string) []string {
	raw, _ := m[k].([]any)
	var out []string
	for _, r := range raw {
		if s, ok := r.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return "your items"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// answer writes the reply from the last tool's result.
func (t *turn) answer(c call) string {
	r := c.result
	if code := str(r, "error"); code != "" {
		return t.problem(c, code)
	}
	if s, ok := t.resolutionAnswer(c); ok {
		return s
	}
	switch c.name {
	case toolname.VerifyCustomer:
		return "Thanks, you're verified. What can I help you with?"
	case toolname.TrackOrder:
		return t.tracking(r)
	case toolname.ListOrders:
		var lines []string
		for _, o := range list(r, "orders") {
			// The items after a colon, as orderDetailsReply: "(items):" is
			// how a guide's passage is quoted.
			lines = append(lines, fmt.Sprintf("%s from %s: %s (%s)", str(o, "order_number"), str(o, "placed"), joinAnd(strs(o, "items")), stageWords(str(o, "stage"))))
		}
		if len(lines) == 0 {
			return "I don't see any orders under your email yet."
		}
		return "Here are your recent orders:\n" + strings.Join(lines, "\n") + "\nWhich one can I help with?"
	case toolname.StartReturn:
		return t.returnAnswer(r)
	case toolname.ChangeAddress:
		return t.addressAnswer(r)
	case toolname.RefundStatus:
		return refundAnswer(r)
	case toolname.SearchDocs:
		return t.docsAnswer(r)
	case toolname.FollowUp:
		return t.followUpAnswer(r)
	case toolname.Handover:
		return "Of course. I've passed your conversation to a member of our team, and they'll reply right here as soon as they can. You don't need to repeat anything: they can see everything we've discussed."
	}
	return "Done. Is there anything else I can help with?"
}

// docsAnswer quotes the best passage and names its source; with none, it
// says so and offers a person rather than guessing.
func (t *turn) docsAnswer(r map[string]any) string {
	ps := onTopic(list(r, "passages"), t.text)
	if len(ps) == 0 && t.intent == intentNone {
		return cannotHelp
	}
	if len(ps) == 0 || t.otherProduct(ps, t.text) {
		return dontKnow
	}
	p := ps[0]
	src := str(p, "source")
	if sec := str(p, "section"); sec != "" {
		src += ", " + sec
	}
	return fmt.Sprintf("Here's what our guide says (%s):\n%s", src, str(p, "text"))
}

// cannotHelp is the answer to a message that is neither about an order nor
// answered by the documentation.
const cannotHelp = "I'm sorry, I'm not able to help with that here. I can check where an order is, start a return, change a delivery address before it ships, check on a refund, or answer questions about our products. If you'd like, I can also pass you to a member of our team."

// dontKnow is the answer to a product question the documentation does not
// answer.
const dontKnow = "I'm sorry, I don't know: I couldn't find that in our product guides, and I'd rather not guess. Would you like me to pass this to a member of our team?"

func (t *turn) problem(c call, code string) string {
	switch code {
	case "not_verified":
		if c.name == toolname.VerifyCustomer {
			return "I'm sorry, I couldn't match that order number with that email address. Could you double-check both? The email should be the one you used at checkout."
		}
		return t.askToVerify()
	case agent.ErrorVerificationLocked:
		if m := str(c.result, "customer_message"); m != "" {
			return "I'm sorry, I can't verify you right now. " + m
		}
		return "I'm sorry, I can't verify you right now: there have been too many unsuccessful attempts, so for your security verification is paused for a while. Please try again later, or I can pass you to a member of our team."
	case "too_many_attempts":
		return "I'm sorry, I can't verify your details here after several tries. A member of our team can help: just say the word and I'll pass you over."
	case "order_not_found":
		return "I couldn't find that order under your details. Could you check the order number? It's in your confirmation email and starts with #."
	case "no_orders":
		return "I don't see any orders under your email yet."
	case "incomplete_address":
		return "Sure, I can do that. What's the full new address? Please include the street, city, state and ZIP code, for example: 42 Elm Street, Portland, OR 97201."
	case "not_in_address":
		on, _, _ := strings.Cut(strings.TrimPrefix(str(c.result, "message"), "the order's address is "), ";")
		return "The address on your order is " + on + ", so I'm not sure which part to change. Could you send me the full new address? Please include the street, city, state and ZIP code."
	case "invalid_address":
		why, _, _ := strings.Cut(str(c.result, "message"), ";")
		return "I couldn't use that address: " + why + ". Could you send it again? Please include the street, city, state and ZIP code, for example: 42 Elm Street, Portland, OR 97201."
	case "no_items":
		return "I couldn't match those items on the order. " + str(c.result, "message")
	case "docs_unavailable":
		return "I'm sorry, I can't look that up in our product guides right now. Would you like me to pass this to a member of our team?"
	}
	return "I'm sorry, something went wrong on my side. Could you try again, or would you like me to pass you to a member of our team?"
}

// problemLeads introduce what the delivery check did, by problem.
var problemLeads = map[string]string{
	"late":               "It's running late, and we've already been in touch about it:",
	"stalled":            "The carrier hasn't updated its tracking for a few days, and we've already been in touch about it:",
	"lost":               "Here is what we are doing about it:",
	"failure":            "The carrier reported a problem delivering it:",
	"returned_to_sender": "The carrier is returning it to us:",
	"not_received":       "About the parcel you told us didn't arrive:",
	"damaged":            "About the damaged item you told us about:",
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func (t *turn) returnAnswer(r map[string]any) string {
	switch str(r, "status") {
	case "needs_confirmation":
		return t.stillOpen() + str(r, "statement") + " Shall I go ahead? Just reply yes."
	case "ask_customer":
		return str(r, "question")
	case "return_requested":
		then := "your refund of " + str(r, "amount") + " follows"
		if str(r, "resolution") == "store_credit" {
			return storeCreditDone(r)
		}
		return fmt.Sprintf("Done: I've started the return of %s on order %s. You'll get an email with %s, and %s when the items are back with us.",
			joinAnd(strs(r, "items")), str(r, "order_number"), mailedBack(r), then)
	case "refused":
		return fmt.Sprintf("I'm sorry, I can't start a return for that order: %s. If something is wrong with the item, I can pass this to a member of our team to take a look.", str(r, "reason"))
	case "needs_approval":
		return "Thanks. Returns like this one are approved by a member of our team, so I've passed your request on, exactly as above. They'll reply right here."
	case "already_done":
		return "That return has already been requested, so there's nothing more to do. You'll get an email with the return label once it's approved."
	case "failed":
		return "I'm sorry, the shop couldn't start that return automatically. Would you like me to pass it to a member of our team?"
	}
	return "I've noted your return request."
}

func (t *turn) addressAnswer(r map[string]any) string {
	switch str(r, "status") {
	case "needs_confirmation":
		return str(r, "statement") + " Is that right? Reply yes and I'll update it."
	case "address_changed":
		return fmt.Sprintf("Done: order %s will now ship to %s.", str(r, "order_number"), str(r, "ships_to"))
	case "refused":
		if strings.Contains(str(r, "reason"), "country") {
			return fmt.Sprintf("I'm sorry, I can't change the address: %s. Shipping it abroad is something a member of our team can look at: would you like me to pass this to them?", str(r, "reason"))
		}
		if offer := str(r, "offer"); offer != "" && !strings.Contains(offer, "carrier") {
			// Nothing has shipped to redirect (an order with no
			// shipping address): a person is the one offer.
			return fmt.Sprintf("I'm sorry, I can't change the address: %s. A member of our team can help if you'd like.", str(r, "reason"))
		}
		return fmt.Sprintf("I'm sorry, I can't change the address: %s. The carrier may be able to redirect the parcel from its tracking page, and a member of our team can help too if you'd like.", str(r, "reason"))
	case "needs_approval":
		return "Thanks. Address changes are approved by a member of our team, so I've passed this on, exactly as above. They'll reply right here."
	case "already_done":
		return "That address change has already been made."
	case "failed":
		return "I'm sorry, the shop couldn't change the address automatically. Would you like me to pass it to a member of our team?"
	}
	return "I've noted the new address."
}

func refundAnswer(r map[string]any) string {
	name := str(r, "order_number")
	refunds, returns := list(r, "refunds"), list(r, "returns")
	if credit := list(r, "store_credit"); len(credit) > 0 {
		var parts []string
		for _, c := range credit {
			part := fmt.Sprintf("%s on %s as %s", str(c, "amount"), str(c, "date"), str(c, "issued_as"))
			if end := str(c, "gift_card_ending"); end != "" {
				part += ", ending " + end
			}
			parts = append(parts, part)
		}
		text := fmt.Sprintf("We issued store credit on order %s: %s.", name, joinAnd(parts))
		if len(refunds) > 0 || len(returns) > 0 {
			text += " " + refundAnswer(map[string]any{"order_number": name, "refunds": r["refunds"], "returns": r["returns"]})
		}
		return text
	}
	switch {
	case len(refunds) > 0:
		var parts []string
		for _, f := range refunds {
			parts = append(parts, fmt.Sprintf("%s on %s", str(f, "amount"), str(f, "date")))
		}
		return fmt.Sprintf("I can see a refund on order %s: %s. Refunds reach your original payment method within 5 to 10 business days of being issued.", name, joinAnd(parts))
	case len(returns) > 0:
		return fmt.Sprintf("Your return for order %s was requested on %s and is %s. The refund is issued once the items are back with us.", name, str(returns[0], "requested"), str(returns[0], "status"))
	}
	if nr, ok := r["new_return"].(map[string]any); ok && nr["allowed"] == false {
		// Policy refuses a return now (the window closed): none is offered.
		return fmt.Sprintf("There's no refund on order %s so far, and I can't start a return for it: %s. %s", name, str(nr, "reason"), cantPerson)
	}
	return fmt.Sprintf("There's no refund on order %s so far. If you'd like to return something, I can help start a return.", name)
}

func stageWords(s string) string {
	switch s {
	case "pre_shipment":
		return "not shipped yet"
	case "label_created":
		return "packed, waiting for the carrier"
	case "in_transit":
		return "on its way"
	case "out_for_delivery":
		return "out for delivery"
	case "delivery_exception":
		return "held up by a delivery problem"
	case "delivered":
		return "delivered"
	case "past_return_window":
		return "delivered, return window closed"
	case "returned_refunded":
		return "returned and refunded"
	case "cancelled":
		return "cancelled"
	}
	return strings.ReplaceAll(s, "_", " ")
}

// mailedBack is what the started return's email carries, as the tool's
// result says: a return label only where the shop makes them.
func mailedBack(r map[string]any) string {
	if strings.Contains(str(r, "next"), "no return label") {
		return "instructions for sending it back (there is no prepaid return label)"
	}
	return "the return label and instructions"
}
