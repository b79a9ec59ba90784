package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Resolutions beyond returns and address changes (issue 16): cancelling an
// order, store credit, exchanges. Each is recognised in plain words here
// and answered from its tool's result; offline.go only calls in.

var cancelRe = regexp.MustCompile(`(?i)\b(cancel|cancle|cancell?ation)\b`)

// callOffRe is calling an order off in other words: a verb that undoes
// ("scratch that order", "call off my purchase"), or not wanting the
// order any more.
var callOffRe = regexp.MustCompile(`(?i)\b(?:scratch|scrap|nix|call off|kill|void|abort|withdraw|revoke|undo|forget)\b[^.?!,]{0,15}\b(?:order|purchase)\b|\b(?:order|purchase)\b[^.?!]{0,40}\b(?:(?:don'?t|dont|do not) (?:want|need) (?:it|them|this|that)? ?any ?more|no longer (?:want|need)|changed my mind)\b|\b(?:don'?t|dont|do not|no longer) (?:want|need) (?:the|my|this|that) (?:order|purchase)\b`)

// missingItemRe is an item left out of a parcel that came: "one mug is
// missing from the box", "the box came without the lid", "only got one
// of the two".
var missingItemRe = regexp.MustCompile(`(?i)\b(?:missing|left out|not in|wasn'?t in|weren'?t in|isn'?t in|aren'?t in)\b[^.?!]{0,20}\b(?:box|package|parcel|delivery|shipment|order)\b|\b(?:box|package|parcel|delivery|shipment)\b[^.?!]{0,30}\b(?:without|missing|short)\b|\bonly (?:got|received|came with) (?:one|1|two|2|half)\b|\b(?:one|an?|the|\d+) [\p{L}\-]+(?: [\p{L}\-]+)? (?:is|are|was|were) missing\b`)

// goneRe is a whole parcel gone: "the parcel's gone missing", "my
// package was stolen", "someone nicked it from the porch".
var goneRe = regexp.MustCompile(`(?i)\b(?:parcel|package|box|delivery|shipment|order)(?:'s| is| has| was| got| went)?(?: gone| been| got| went)? (?:missing|stolen|lost|nicked|taken)\b|\b(?:stole|stolen|nicked|pinched|swiped|nabbed|taken|took|grabbed)\b[^.?!]{0,20}\b(?:from|off) (?:my|the|our) (?:porch|doorstep|step|steps|door|front door|mailbox|letterbox|letter box|front garden|building|lobby)\b|\bporch pirate`)

// damageRe is an item that arrived damaged, in any of the usual words.
var damageRe = regexp.MustCompile(`\b(?:broken|broke|damaged?|cra(?:ck|k)(?:ed|s)?|chip(?:ped|s)?|dent(?:ed|s)?|scratch(?:ed|es)|shatter(?:ed)?|smashed|bent|torn|tear|ripped|snapped|holes?|stain(?:ed|s)?|leak(?:s|ing|ed)|defect(?:s|ive)?|faulty|in pieces|busted)\b`)

// claimedArrivedRe says the carrier or the tracking claims a parcel came
// ("says arrived", "apparently it was dropped off", "shows as came"), and
// notThereRe that the customer does not have it ("can't find it",
// "nowhere", "don't have it"): together, a parcel marked delivered that
// never came, however it is put.
var (
	// careQuestionRe is a care or how-to question: how to clean, remove or
	// look after something, tips for it.
	careQuestionRe = regexp.MustCompile(`\bget\b[^.?!]{1,40}\bout of\b|\btips? (?:for|on)\b|\bhow (?:do|can|should|would) (?:i|you|we) (?:clean|wash|care for|look after|remove|treat|polish|descale|maintain|store|get rid of)\b|\b(?:how|best way) to (?:clean|wash|care for|look after|remove|treat|polish|descale|maintain|store|get rid of)\b`)
	// addressNamedRe is a shipping address named, typos and all.
	addressNamedRe   = regexp.MustCompile(`\badd?ress?\b`)
	claimedArrivedRe = regexp.MustCompile(`\b(?:says?|said|shows?|showed|showing|shown|marked|supposedly|apparently|claims?|claimed|tracking|status|notification|email)\b[^.?!]{0,30}?\b(?:arrived|arrive|came|dropped off|left|handed over|signed for|delivered)\b`)
	notThereRe       = regexp.MustCompile(`\b(?:can'?t|cannot|can not|couldn'?t|could not|cant|cnt) (?:find|see|locate)\b|\bnowhere\b|\b(?:isn'?t|is not|wasn'?t|was not|not) (?:here|there|anywhere|at (?:my|the) (?:door|house|home|address)|on (?:my|the) (?:porch|doorstep|step))\b|\bno sign\b|\bnever (?:got|received|came|saw|showed|turned)\b|\b(?:didn'?t|did not|haven'?t|have not|don'?t|do not) (?:get|got|receive|received|have|see|seen) (?:it|them|anything|a thing|any)\b|\bno (?:parcel|package|box|delivery)\b|\bnothing (?:here|there|at|on|in|came|arrived)\b|\bmissing\b`)
)

// resolutionTool is the tool a message asks for, or "": read with its
// typos put right ("deliverd", "exchnage") and support words of other
// languages in English.
func resolutionTool(text string) string {
	t := strings.ToLower(normalise(text))
	switch {
	case careQuestionRe.MatchString(t):
		// How to care for or fix a thing ("how do I get stains out of",
		// "tips for"): a question for the docs, not a damage report.
		return ""
	case (cancelRe.MatchString(t) || callOffRe.MatchString(t) || stopsOrder(t) || stopsOrder(text)) && !has(t, "cancel the return", "cancel my return", "cancel return", "subscription"):
		return toolname.CancelOrder
	case goneRe.MatchString(t) && !boxProblem(t):
		// The whole parcel gone (not "the box was missing the lid") (lost, stolen from the door): not an
		// item left out of one that came.
		return toolname.ReportNotReceived
	case boxProblem(t) || boxProblem(strings.ToLower(text)):
		// Someone else's things, a part missing (box_problem.go).
		return toolname.ReportDamage
	case missingItemRe.MatchString(t) && !has(t, "delivered", "never", "whole", "entire", "tracking"):
		// Part of a parcel that came: an item missing is a wrong
		// delivery, report_damage's to put right.
		return toolname.ReportDamage
	case (has(t, "delivered") && has(t, "never", "not ", "didn't", "haven't", "hasn't", "no sign", "can't find", "cannot find", "isn't here", "wasn't", "nowhere", "no parcel", "no package", "nothing", "missing", "no box")) ||
		(claimedArrivedRe.MatchString(t) && notThereRe.MatchString(t)) ||
		has(t, "never got", "never received", "didn't receive", "did not receive", "haven't received", "didn't get it", "not received", "never came", "never turned up"):
		return toolname.ReportNotReceived
	case (damageRe.MatchString(t) || wrongReceived(t) || wrongReceived(text) || has(t, "doesn't work", "does not work", "stopped working",
		"wrong item", "not what i ordered", "wrong one", "sent me the wrong", "wrong colour", "wrong color", "wrong size")) &&
		(!has(t, "return", "send it back", "send back", "send them back") || damageChoice(t) == "replacement"):
		// Asked for a return in so many words: start_return, reason
		// DEFECTIVE; unless what they want back is a replacement.
		return toolname.ReportDamage
	case has(t, "exchange", "swap", "different size", "different colour", "different color", "another size", "another colour", "another color",
		"smaller size", "bigger size", "larger size", "smaller one", "bigger one", "larger one") && !addressNamedRe.MatchString(t) &&
		!agent.WantsCredit(t): // "in exchange for a voucher" is store credit
		// Swapping the address is an address change, not an exchange.
		return toolname.ExchangeItem
	}
	return ""
}

// resolutionWanted is the resolution tool this message asks for: in so
// many words, or as the answer to "replacement or refund?"; "" for none.
func (t *turn) resolutionWanted() string {
	tool := resolutionTool(t.text)
	if tool == "" && swapAsked(t.text) {
		tool = toolname.ExchangeItem // "trade the kit for a skillet" (other_product.go)
	}
	if tool == "" && t.askedResolution() && pickedOption(t.text) != "" {
		tool = toolname.ReportDamage
	}
	if tool == "" && (t.stillMissing() || t.outcomeForMissing() != "" || t.notHereAfterDelivered()) {
		tool = toolname.ReportNotReceived
	}
	if tool == "" && strings.Contains(t.lastBot, "arrived damaged or wrong? The order has") && !agent.Negative(t.text) &&
		len(namedItems(t.orderLines(t.currentOrder()), t.text)) > 0 {
		tool = toolname.ReportDamage // the answer to "which item?"
	}
	if tool == "" && t.answersExchange() != "" {
		tool = toolname.ExchangeItem
	}
	if tool == "" && t.verified && lateChoice(t.text) == "replacement" && !t.onItsWay() && t.stageOf(t.currentOrder()) != "" &&
		strings.HasPrefix(t.stageOf(t.currentOrder()), "delivered") {
		// "can I get a replacement?" about an order that has arrived, with
		// no question of ours open: a damaged or wrong item, which
		// report_damage asks about (which item, what is wrong).
		tool = toolname.ReportDamage
	}
	if tool == "" && t.changedMindTool() == toolname.CancelOrder {
		tool = toolname.CancelOrder // no longer wanted, before it ships
	}
	if tool == toolname.ReportDamage && (t.wantsOtherVariant() || wrongOptionSwap(t.text)) {
		tool = toolname.ExchangeItem
	}
	if tool == "" && agent.WantsCredit(normalise(t.text)) && strings.Contains(t.lastBot, "I'll cancel order") {
		tool = toolname.CancelOrder // "store credit instead" of the cancellation's refund
	}
	return tool
}

// exchangeInsteadRe is exchange_item's question for the variant: "Which
// would you like instead of <item>? <title> comes in: ...".
var exchangeInsteadRe = regexp.MustCompile(`Which would you like instead of (.+?)\? `)

// answersExchange is what an answer to exchange_item's last question
// gives: "want" (the option, for "Which would you like instead of ...?"),
// "item" (for "Which ... would you like to exchange?"), or "" when this
// message answers neither (a no, a new request, a person).
func (t *turn) answersExchange() string {
	if resolutionTool(t.text) != "" || agent.Negative(t.text) || t.intent != intentNone {
		return "" // a no, or something else: an order, a person, a question
	}
	switch {
	case exchangeInsteadRe.MatchString(t.lastBot):
		return "want"
	case strings.Contains(t.lastBot, "would you like to exchange"):
		return "item"
	}
	return ""
}

// resolution is this turn's call for a resolution the customer asked for:
// a request to verify first, or the tool call.
func (t *turn) resolution(n int) (agent.Message, bool) {
	tool := t.resolutionWanted()
	if tool == "" {
		return agent.Message{}, false
	}
	if !t.verified {
		lead := "I can help with that."
		if tool == toolname.CancelOrder {
			lead = "I can check whether your order can still be cancelled."
		}
		switch {
		case t.order != "" && t.email == "":
			return say("%s To keep your details safe, could you tell me the email address you used for order %s?", lead, t.order), true
		case t.order == "" && t.email != "":
			return say("%s Could you also give me your order number? It's in your confirmation email and starts with #.", lead), true
		}
		return say("%s First, could you give me your order number (it starts with #) and the email address you used at checkout?", lead), true
	}
	return toolCall(n, tool, t.resolutionArgs(tool)), true
}

// resolutionAfterVerify is the call after a verification, when what the
// customer first asked for was a resolution.
func (t *turn) resolutionAfterVerify() *call {
	tool := resolutionTool(t.text)
	if tool == "" {
		tool = resolutionTool(t.prevText)
	}
	if tool == "" {
		return nil
	}
	return &call{name: tool, input: t.resolutionArgs(tool)}
}

func (t *turn) resolutionArgs(tool string) map[string]any {
	args := t.orderArg()
	if tool == toolname.CancelOrder && agent.WantsCredit(normalise(t.text)) {
		args["resolution"] = "store_credit"
	}
	if tool == toolname.ReportDamage {
		name, _ := args["order_number"].(string)
		if name == "" {
			name = t.currentOrder()
		}
		about := t.text
		if resolutionTool(about) != tool {
			about = t.clauseAbout(t.prevText, tool)
		}
		items := namedItems(t.orderLines(name), about)
		if len(items) == 0 {
			items = namedItems(t.orderLines(name), t.text)
		}
		if box := boxItems(t.orderLines(name), about); box != nil {
			items = box
		}
		if items == nil {
			items = []map[string]any{}
		}
		args["items"] = items
		args["problem"] = "damaged"
		if low := strings.ToLower(about); boxProblem(low) || boxProblem(strings.ToLower(normalise(about))) || missingItemRe.MatchString(strings.ToLower(normalise(about))) || missingItemRe.MatchString(low) || f13UnitShortRe.MatchString(low) || has(low, "wrong item", "not what i ordered", "wrong one", "sent me the wrong", "wrong colour", "wrong color", "wrong size") ||
			(wrongReceived(low) && !damageRe.MatchString(low)) {
			args["problem"] = "wrong_item"
			if missingOnly(low) || missingOnly(strings.ToLower(normalise(about))) {
				args["problem"] = "missing"
			}
		} else if has(low, "defective", "faulty", "doesn't work", "does not work", "stopped working") {
			args["problem"] = "defective"
		}
		if c := damageChoice(t.text); c != "" {
			args["resolution"] = c
		} else if c := damageChoice(normalise(t.text)); c != "" && language(t.text) != "" {
			// "quiero un reembolso": the choice in English words.
			args["resolution"] = c
		} else if c := pickedOption(t.text); c != "" && t.askedResolution() {
			args["resolution"] = c
		}
	}
	if tool == toolname.ExchangeItem {
		name, _ := args["order_number"].(string)
		if name == "" {
			name = t.currentOrder()
		}
		text := t.text
		if resolutionTool(text) != tool && resolutionTool(t.prevText) == tool {
			text = t.prevText
		}
		item := map[string]any{"title": ""}
		items := namedItems(t.orderLines(name), text)
		if loc := wantRe.FindStringIndex(text); loc != nil && len(items) > 1 {
			// "the charcoal mug for Sea Glass / 16 oz": the item is the
			// one named before what they want instead.
			if before := namedItems(t.orderLines(name), text[:loc[0]]); len(before) > 0 {
				items = before
			}
		}
		if len(items) > 0 {
			item = items[0]
		}
		want := wanted(text)
		if w := swapWant(text); w != "" && swapAsked(text) {
			want = w
		}
		// An answer to the tool's question carries on with what was asked
		// before: the option they want now (the item as the question
		// named it), or the item (the option as they asked before).
		switch t.answersExchange() {
		case "want":
			want = t.text
			if m := exchangeInsteadRe.FindStringSubmatch(t.lastBot); m != nil {
				item = map[string]any{"title": m[1]}
			}
		case "item":
			if items := namedItems(t.orderLines(name), t.text); len(items) > 0 {
				item = items[0]
			}
		}
		args["item"] = item
		args["want"] = want
		if r := returnReason(text); r != "" && r != "UNWANTED" {
			args["reason"] = r
		}
	}
	return args
}

// wantRe finds what the customer wants instead: "for the charcoal one",
// "in a 16 oz", "to sage".
var wantRe = regexp.MustCompile(`(?i)\b(?:for|in|to|into|with)\s+(?:an?\s+|the\s+)?([^,.!?]+)`)

// orderedRe names the option a customer says they ordered or wanted:
// "I ordered charcoal", "it should have been the large one".
var orderedRe = regexp.MustCompile(`(?i)\b(?:i (?:ordered|wanted|chose|picked|asked for|paid for|selected)|(?:it|they|this|that) (?:should|was supposed to|were supposed to) (?:have been|be)|should (?:have been|be)|supposed to be|meant to be)\s+(?:the\s+|a\s+|an\s+)?([\p{L}\d][\p{L}\d \-]{1,30}?)(?:\s+(?:one|ones|version|colou?r|size))?\s*(?:[,.!?;]|$|\band\b|\bbut\b|\bnot\b)`)

// wrongVariantRe is an item that came in the wrong option.
var wrongVariantRe = regexp.MustCompile(`(?i)\bwrong (?:colou?r|size|shade|finish|style|variant|option|length|capacity)\b`)

// wantsOtherVariant reports whether a report of a wrong colour or size
// names the option the customer wanted, and the order's own line for the
// item is not in it: the order was for what came, so a replacement would
// send the same again; an exchange to the option named is what they want.
func (t *turn) wantsOtherVariant() bool {
	m := orderedRe.FindStringSubmatch(t.text)
	if m == nil || !wrongVariantRe.MatchString(normalise(t.text)) {
		return false
	}
	said := words(m[1])
	if len(said) == 0 {
		return false
	}
	lines := t.orderLines(t.currentOrder())
	if o, _ := t.orderArg()["order_number"].(string); o != "" {
		lines = t.orderLines(o)
	}
	for _, l := range lines {
		if !namesItem([]string{l}, t.text) {
			continue
		}
		has := map[string]bool{}
		for _, w := range words(l) {
			has[w] = true
		}
		for _, w := range said {
			if !has[w] {
				return true // the line is not in the option they wanted
			}
		}
		return false
	}
	return false
}

// wanted is the customer's words for the option they want instead.
func wanted(text string) string {
	if m := orderedRe.FindStringSubmatch(text); m != nil && wrongVariantRe.MatchString(normalise(text)) {
		return strings.TrimSpace(m[1])
	}
	m := wantRe.FindAllStringSubmatch(text, -1)
	if len(m) == 0 {
		return text
	}
	return m[len(m)-1][1]
}

// resolutionAnswer words a resolution tool's result.
func (t *turn) resolutionAnswer(c call) (string, bool) {
	r := c.result
	switch c.name {
	case toolname.CancelOrder:
		switch str(r, "status") {
		case "needs_confirmation":
			return str(r, "statement") + " Shall I go ahead? Just reply yes.", true
		case "cancelled":
			if str(r, "credit") != "" {
				return fmt.Sprintf("Done: order %s is cancelled and %s in store credit is yours to spend now. You'll get a cancellation email too.",
					str(r, "order_number"), str(r, "credit")), true
			}
			if str(r, "refund") == "" { // a replacement sent free of charge: nothing to refund
				return fmt.Sprintf("Done: order %s is cancelled, so it won't be sent. %s", str(r, "order_number"), upperFirst(str(r, "next"))+"."), true
			}
			return fmt.Sprintf("Done: order %s is cancelled and %s is on its way back to your original payment method (it usually shows within a few business days). You'll get a cancellation email too.",
				str(r, "order_number"), str(r, "refund")), true
		case "refused":
			return fmt.Sprintf("I'm sorry, I can't cancel order %s: %s. If you'd like, a member of our team can take a look.", str(r, "order_number"), str(r, "reason")), true
		case "needs_approval":
			return "Thanks. Cancellations like this one are approved by a member of our team, so I've passed your request on, exactly as above. They'll reply right here.", true
		case "failed":
			return "I'm sorry, the shop couldn't cancel that order automatically. Would you like me to pass it to a member of our team?", true
		}
	case toolname.ReportNotReceived:
		lead := t.missingOutcomeLead(r)
		switch str(r, "status") {
		case "look_around":
			return lead + fmt.Sprintf("I'm sorry it isn't there. The carrier says %s was delivered, and %s. Could you check with your neighbours, around the door, in any safe place or parcel locker? If it hasn't turned up by %s, just tell me here and I'll sort it out straight away.",
				str(r, "order_number"), reasonAfterDelivered(str(r, "reason")), str(r, "until")), true
		case "needs_confirmation":
			// The delivery policy's replacement or refund, for the
			// customer's yes.
			return lead + str(r, "statement") + " Shall I go ahead? Just reply yes.", true
		case "resolved":
			return notReceivedDone(r), true
		case "refused":
			return fmt.Sprintf("I'm sorry, I can't do that now: %s. A member of our team can take a look if you'd like.", str(r, "reason")), true
		case "needs_approval":
			return "Thanks. Requests like this one are approved by a member of our team, so I've passed it on, exactly as above. They'll reply right here.", true
		case "failed":
			return "I'm sorry, the shop couldn't do that automatically. Would you like me to pass it to a member of our team?", true
		case "reported":
			done := notReceivedDone(r)
			if lead != "" && str(r, "action") == "person" {
				done += " They can see this conversation, including what you'd prefer."
			}
			return lead + done, true
		case "not_delivered":
			return fmt.Sprintf("The carrier hasn't marked order %s as delivered yet, so it should still be on its way. Ask me \"where is my order?\" any time for its latest tracking; if it runs late or stops moving, tell me and I'll see what I can do.", str(r, "order_number")), true
		case "handed_over":
			if why := str(r, "reason"); why != "" {
				// Claimed long after the scan: the policy's reason.
				return lead + fmt.Sprintf("I'm sorry. Order %s: %s. I've passed this to a member of our team, who will reply right here.", str(r, "order_number"), why), true
			}
			return lead + "I'm sorry. I've passed this to a member of our team, who will reply right here.", true
		}
	case toolname.ReportDamage:
		switch str(r, "status") {
		case "needs_confirmation":
			return str(r, "statement") + " Shall I go ahead? Just reply yes.", true
		case "ask_customer":
			return str(r, "question"), true
		case "resolved":
			return damageDone(r), true
		case "refused":
			return fmt.Sprintf("I'm sorry, I can't arrange a replacement, refund or return for that here: %s. A member of our team can take a look if you'd like.", str(r, "reason")), true
		case "needs_approval":
			return "Thanks. Requests like this one are approved by a member of our team, so I've passed it on, exactly as above. They'll reply right here.", true
		case "failed":
			return "I'm sorry, the shop couldn't do that automatically. Would you like me to pass it to a member of our team?", true
		}
	case toolname.ExchangeItem:
		switch str(r, "status") {
		case "needs_confirmation":
			return str(r, "statement") + " Shall I go ahead? Just reply yes.", true
		case "ask_customer":
			return str(r, "question"), true
		case "exchange_started":
			return fmt.Sprintf("Done: your exchange on order %s is set up. %s goes back (you'll get an email with %s) and %s ships as soon as it's on its way.",
				str(r, "order_number"), str(r, "item"), mailedBack(r), str(r, "new_item")), true
		case "out_of_stock":
			return fmt.Sprintf("I'm sorry, %s is out of stock right now, so I can't exchange %s for it. I can start %s instead. Which would you prefer?",
				str(r, "wanted"), str(r, "item"), str(r, "offer")), true
		case "different_price":
			return fmt.Sprintf("I'm sorry, %s costs a different amount, so I can't swap %s for it straight. I can start %s instead. Which would you prefer?",
				str(r, "wanted"), str(r, "item"), str(r, "offer")), true
		case "refused":
			return fmt.Sprintf("I'm sorry, I can't set up that exchange: %s.", str(r, "reason")), true
		case "needs_approval":
			return "Thanks. Exchanges like this one are approved by a member of our team, so I've passed your request on, exactly as above. They'll reply right here.", true
		case "other_product":
			return otherProductAnswer(r), true
		case "unavailable":
			return "I'm sorry, I can't set up an exchange for that item here. I can start a return instead, or pass you to a member of our team.", true
		case "failed":
			return "I'm sorry, the shop couldn't set up that exchange automatically. Would you like me to pass it to a member of our team?", true
		}
	}
	return "", false
}

// storeCreditDone words a return taken as store credit: where the credit
// went, or the gift card's code.
func storeCreditDone(r map[string]any) string {
	credit, _ := r["store_credit"].(map[string]any)
	where := "It's in your store credit account with us already and applies at checkout when you're signed in."
	if code := str(credit, "gift_card_code"); code != "" {
		where = "It's on a gift card, code " + code + ", ready to use at checkout: keep it somewhere safe."
	}
	return fmt.Sprintf("Done: I've started the return of %s on order %s, and %s in store credit is yours now. %s You'll get an email with %s.",
		joinAnd(strs(r, "items")), str(r, "order_number"), str(r, "amount"), where, mailedBack(r))
}

// damageChoice is the resolution a customer chose for a damaged item: an
// option they turn down ("a refund please, I don't want another one") is
// not their choice.
func damageChoice(text string) string {
	t := strings.ToLower(text)
	if agent.WantsCredit(t) {
		return "store_credit"
	}
	replacement, _ := saidOption(t, replacementWords...)
	refund, _ := saidOption(t, "refund", "money back", "reembolso", "rembourse", "erstattung", "geld zurück")
	replacement = replacement || (!refund && asksAnother(t)) // ww4.go
	refund = refund || (!replacement && asksMoneyBack(t))
	switch {
	case replacement:
		return "replacement"
	case refund:
		return "refund"
	}
	return scopeChoice(text) // scope11.go
}

// replacementWords ask for a replacement, in English, Spanish, German and
// French: "send me another", "mandar otra", "eine neue", "Ersatz",
// "remplacement", "reemplazo".
var replacementWords = []string{"replacement", "replace", "new one", "send another", "send me another", "another one",
	"mandar otra", "mandar otro", "enviar otra", "enviar otro", "mandarme otra", "mandarme otro", "enviarme otra", "enviarme otro",
	"reemplazo", "reemplazar", "reponer", "una nueva", "uno nuevo",
	"eine neue", "einen neuen", "ein neues", "ersatz",
	"envoyer une autre", "envoyer un autre", "remplacement", "remplacer", "une nouvelle", "un nouveau"}

// turnedDownRe ends the words just before an option that turn it down: "I
// don't want", "not", "no need for", "rather not have", "instead of".
var turnedDownRe = regexp.MustCompile(`\b(?:no|not|don'?t|do not|doesn'?t|won'?t|never|without|instead of)\b(?:\s+[\p{L}']+){0,3}\s*$`)

// saidOption reports whether t asks for one of the phrases, and whether it
// turns one down.
func saidOption(t string, phrases ...string) (asked, declined bool) {
	for _, p := range phrases {
		for i := 0; ; {
			j := strings.Index(t[i:], p)
			if j < 0 {
				break
			}
			at := i + j
			if turnedDownRe.MatchString(t[max(0, at-40):at]) {
				declined = true
			} else {
				asked = true
			}
			i = at + len(p)
		}
	}
	return asked, declined
}

// damageDone words a resolved damaged-item report.
func damageDone(r map[string]any) string {
	var b strings.Builder
	switch str(r, "resolution") {
	case "replacement":
		fmt.Fprintf(&b, "Done: a replacement of %s is on its way", str(r, "items"))
		if o := str(r, "replacement_order"); o != "" {
			fmt.Fprintf(&b, " (order %s); you'll get tracking as soon as it ships", o)
		}
		b.WriteString(".")
	case "store_credit":
		fmt.Fprintf(&b, "Done: %s in store credit is yours now.", str(r, "amount"))
		if credit, _ := r["store_credit"].(map[string]any); str(credit, "gift_card_code") != "" {
			fmt.Fprintf(&b, " It's on a gift card, code %s.", str(credit, "gift_card_code"))
		}
	default:
		if keep, _ := r["keep_it"].(bool); keep {
			fmt.Fprintf(&b, "Done: I've refunded %s to your original payment method; it usually shows within a few business days.", str(r, "amount"))
		} else {
			fmt.Fprintf(&b, "Done: your refund of %s follows as soon as the item is back with us.", str(r, "amount"))
		}
	}
	if keep, _ := r["keep_it"].(bool); keep {
		b.WriteString(" No need to send anything back.")
	} else {
		b.WriteString(" You'll get an email with " + mailedBack(r) + ".")
	}
	return b.String()
}

// reasonAfterDelivered is the policy's reason without its first clause
// ("it was marked delivered ...; parcels often turn up ...").
func reasonAfterDelivered(reason string) string {
	if _, rest, ok := strings.Cut(reason, "; "); ok {
		return rest
	}
	return reason
}

// notReceivedDone words what the delivery policy did about a parcel that
// never came.
func notReceivedDone(r map[string]any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "I'm sorry your order %s never reached you. %s", str(r, "order_number"), str(r, "what_we_did"))
	if o := str(r, "replacement_order"); o != "" {
		fmt.Fprintf(&b, " Your replacement is order %s.", o)
	}
	if a := str(r, "refunded"); a != "" {
		fmt.Fprintf(&b, " Refunded: %s.", a)
	}
	return strings.TrimSpace(b.String())
}

// outcomeForMissing is what a customer asks for in place of a parcel
// marked delivered that never came ("can I have store credit instead?",
// "just refund me"): "store credit", "a refund" or "a replacement", when
// the message asks for one and either says the parcel is missing or the
// agent's previous reply took report_not_received's step; "" otherwise.
// A return, an exchange or a damaged item named is its own tool's.
func (t *turn) outcomeForMissing() string {
	asked := ""
	low := strings.ToLower(t.text)
	switch {
	case agent.WantsCredit(normalise(t.text)):
		asked = "store credit"
	case has(low, "refund", "money back", "my money"):
		asked = "a refund"
	case has(low, "replacement", "replace it", "new one", "send another", "another one", "resend", "re-send", "send it again"):
		asked = "a replacement"
	}
	if asked == "" {
		return ""
	}
	if tool := resolutionTool(t.text); tool == toolname.ReportNotReceived {
		return asked
	} else if tool != "" {
		return ""
	}
	if !t.before(toolname.ReportNotReceived, "") || has(low, "return", "send it back", "send back", "exchange") {
		return ""
	}
	return asked
}

// missingOutcomeLead is what comes before report_not_received's answer
// when the customer asked for an outcome of their own choosing: the tool
// takes none (the merchant's delivery policy decides how a missing parcel
// is made good, after the wait it sets), so the answer says so first.
func (t *turn) missingOutcomeLead(r map[string]any) string {
	asked := t.outcomeForMissing()
	if asked == "" {
		return ""
	}
	switch str(r, "status") {
	case "look_around":
		return fmt.Sprintf("I can't arrange %s for it yet: our policy first gives a parcel marked delivered time to turn up, and then our delivery policy decides how it's made good. ", asked)
	case "reported", "handed_over", "needs_confirmation":
		return fmt.Sprintf("I can't choose %s for a missing parcel myself: our delivery policy decides how it's made good. ", asked)
	}
	return ""
}

// onItsWay reports whether the current order has a parcel with the
// carrier (agent.StateOrder.OnItsWay).
func (t *turn) onItsWay() bool {
	if st := t.req.State; st != nil {
		for _, o := range st.Orders {
			if o.Name == t.currentOrder() {
				return len(o.OnItsWay) > 0
			}
		}
	}
	return false
}

// stageOf is an order's stage in the State's words, or "".
func (t *turn) stageOf(name string) string {
	if st := t.req.State; st != nil {
		for _, o := range st.Orders {
			if o.Name == name {
				return o.Stage
			}
		}
	}
	return ""
}

// missingOnly reports whether text (lower case) says an item is missing
// from a parcel that came, and nothing came in its place: nothing can be
// sent back then (policy.Missing).
func missingOnly(text string) bool {
	return (wholeUnitGoneRe.MatchString(text) || f13UnitShortRe.MatchString(text)) &&
		!has(text, "wrong", "instead", "someone else", "somebody else", "not mine", "not what i ordered")
}

// wholeUnitGoneRe is a whole unit of a line missing ("one of the mugs is
// missing, only 1 came", "falta una taza"), not a part of one ("the kit
// came without the scoop": the kit comes back for a whole one, above the
// keep-it value).
var wholeUnitGoneRe = regexp.MustCompile(`(?i)\bonly (?:got|received|came with|had) (?:one|1|two|2)\b|\bonly (?:one|1|two|2) (?:came|arrived|was in)\b|` +
	`\b(?:one|1|an?) of (?:the|my) [\p{L}]+ (?:is|was|are|were) missing\b|\b(?:one|1|an?) [\p{L}]+ (?:is|was) missing\b|\bfalta(?:ba)? (?:una?|1)\b|\bil manque (?:une?|1)\b|\b(?:eine|ein|einer) [\p{L}]+ fehlt\b`)
