package offline

import (
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The arbiter sits between plan() and the reply: when the intent reader
// (reader.go) is sure the customer wants something the planned step does
// not serve, it stops the step. It never writes: it can stop a proposal,
// and send the turn to a read tool, the guides, one clarifying question or
// the offer of a person. Where the reader is unsure it leaves the hooks'
// step alone, and where the hooks understood nothing it says so honestly.

// act is one thing a planned step can do: a tool's name, or askAct for a
// reply with no tool.
const askAct = "reply"

// intentActs is, for each label of the reader, the acts that serve it
// (compatible), and how the arbiter serves it itself when a step does not
// (handler): a read tool, or "" for a reply the arbiter writes (want).
var intentActs = map[string]struct {
	compatible []string
	handler    string
	want       string // what the customer wants, for a clarifying question
}{
	"order_status":   {[]string{toolname.TrackOrder, toolname.ListOrders, toolname.FollowUp, toolname.Handover}, toolname.TrackOrder, "to know where your order is"},
	"late":           {[]string{toolname.TrackOrder, toolname.FollowUp, toolname.ReportNotReceived, toolname.Handover}, toolname.TrackOrder, "to know why your order is late"},
	"not_received":   {[]string{toolname.ReportNotReceived, toolname.TrackOrder, toolname.FollowUp, toolname.Handover}, "", "to report a parcel that never reached you"},
	"damaged":        {[]string{toolname.ReportDamage, toolname.StartReturn, toolname.ExchangeItem, toolname.Handover, toolname.SearchDocs}, "", "to report something that arrived damaged"},
	"wrong_item":     {[]string{toolname.ReportDamage, toolname.ExchangeItem, toolname.StartReturn, toolname.Handover}, "", "to report that you got the wrong item"},
	"missing_item":   {[]string{toolname.ReportDamage, toolname.ReportNotReceived, toolname.TrackOrder, toolname.Handover}, "", "to report an item missing from your parcel"},
	"return":         {[]string{toolname.StartReturn, toolname.ExchangeItem, toolname.ReportDamage, toolname.SearchDocs, toolname.RefundStatus, toolname.Handover}, "", "to return something"},
	"exchange":       {[]string{toolname.ExchangeItem, toolname.StartReturn, toolname.ReportDamage, toolname.SearchDocs, toolname.Handover}, "", "to exchange an item"},
	"cancel":         {[]string{toolname.CancelOrder, toolname.StartReturn, toolname.TrackOrder, toolname.Handover, toolname.SearchDocs}, "", "to cancel your order"},
	"address_change": {[]string{toolname.ChangeAddress, toolname.TrackOrder, toolname.ReportNotReceived, toolname.Handover, toolname.SearchDocs}, "", "to change the delivery address"},
	"address_lookup": {[]string{toolname.TrackOrder, toolname.ListOrders, toolname.Handover}, askAct, "to check the delivery address on your order"},
	"refund_status": {[]string{toolname.RefundStatus, toolname.TrackOrder, toolname.ListOrders, toolname.Handover, toolname.SearchDocs,
		// "refund me": a wish for money back, which these writes give.
		toolname.StartReturn, toolname.ReportDamage, toolname.ReportNotReceived, toolname.FollowUp, toolname.CancelOrder}, toolname.RefundStatus, "to know where your refund is"},
	"store_credit":  {[]string{toolname.StartReturn, toolname.ReportDamage, toolname.ReportNotReceived, toolname.FollowUp, toolname.CancelOrder, toolname.ExchangeItem, toolname.RefundStatus, toolname.SearchDocs, toolname.Handover}, "", "store credit instead of a refund"},
	"order_details": {[]string{toolname.TrackOrder, toolname.ListOrders, toolname.RefundStatus, toolname.Handover}, toolname.ListOrders, "the details of your order"},
	"order_change":  {[]string{toolname.CancelOrder, toolname.ChangeAddress, toolname.Handover, toolname.SearchDocs}, askAct, "to change what's on your order"},
	"expedite":      {[]string{toolname.SearchDocs, toolname.TrackOrder, toolname.Handover}, toolname.SearchDocs, "faster delivery"},
	"policy":        {[]string{toolname.SearchDocs, toolname.TrackOrder, toolname.RefundStatus, toolname.StartReturn, toolname.Handover}, toolname.SearchDocs, "to know how our shop works"},
	"product":       {[]string{toolname.SearchDocs, toolname.StartReturn, toolname.Handover}, toolname.SearchDocs, "to know about a product"},
	"person":        {[]string{toolname.Handover}, toolname.Handover, "to talk to a person"},
	"thanks":        {[]string{askAct}, askAct, ""},
	"greeting":      {[]string{askAct}, askAct, ""},
	"complaint":     {[]string{toolname.Handover, toolname.TrackOrder, toolname.SearchDocs}, askAct, "to tell us something went wrong"},
	"other":         {[]string{toolname.SearchDocs, toolname.Handover}, askAct, ""},
}

// writeActs are the tools whose call is a proposal.
var writeActs = map[string]bool{toolname.CancelOrder: true, toolname.ChangeAddress: true, toolname.ExchangeItem: true,
	toolname.FollowUp: true, toolname.ReportDamage: true, toolname.ReportNotReceived: true, toolname.StartReturn: true}

// orderFactLabels are the labels a verified customer's order answers, not
// the guides.
var orderFactLabels = map[string]bool{"order_status": true, "late": true, "order_details": true, "refund_status": true, "address_lookup": true}

// blockMass is how little of the reader's probability the labels an act
// serves may hold for the arbiter to stop it: a sure reading alone is not
// enough when the act's own labels come a close second ("I'd rather just
// get a refund" reads as refund status, and as a return).
const blockMass = 0.10

// sureLookup is how sure the reader must be to swap one lookup for
// another (the guides for the order, the stage for the order's lines):
// stricter than sure, since the hooks' lookup is no harm done.
const sureLookup = 0.75

// mass is the probability the reading gives the labels act serves.
func (r reading) mass(act string) float64 {
	m := 0.0
	for _, s := range r.ranked {
		if contains(intentActs[s.label].compatible, act) {
			m += s.score
		}
	}
	return m
}

// unsureReply is the honest answer when nothing understood the message.
const unsureReply = "I'm not sure I understood that; could you say it another way? A member of our team can also help if you'd like."

// arbitrate checks the step plan() chose against the reader.
func (t *turn) arbitrate(msg agent.Message) agent.Message {
	if !t.arbiterMayAct() {
		return msg
	}
	uses := 0
	for _, b := range msg.Blocks {
		if b.ToolUse != nil {
			uses++
		}
	}
	if uses > 1 {
		return msg // several requests at once: the hooks that split them own it
	}
	tool := firstToolUse(msg)
	rd := intentReader().read(t.text)
	label := rd.top()
	_, known := intentActs[label]
	if !known {
		return msg // a label the table has no row for: a test fails first
	}
	if label == "person" && agent.MentionsPersonOnly(t.text) {
		return msg // "quicker than a real person": no one asked for (person13)
	}
	switch {
	case tool != "" && writeActs[tool]:
		// A proposal: stopped when the reader is sure the customer wants
		// something it does not serve.
		if !rd.sure || rd.mass(tool) >= blockMass {
			return msg
		}
		return t.serve(label, msg)
	case tool == toolname.SearchDocs:
		// The guides, for what the customer's order (or a reply of our
		// own) answers: the order first, unless it was looked up already.
		if rd.ranked[0].score >= sureLookup && len(t.calls) == 0 && (orderFactLabels[label] || label == "thanks" || label == "greeting") && rd.mass(tool) < blockMass {
			return t.serve(label, msg)
		}
		return msg
	case tool == toolname.TrackOrder || tool == toolname.ListOrders || tool == toolname.RefundStatus:
		// A lookup as the first step of a message the reader is sure asks
		// for another: what the hooks fell back on when they did not
		// understand ("what did I pay?" answered with the order's stage).
		// Only for what no lookup serves, or another lookup does: a
		// write label's lookup may be the hooks' first step towards it.
		served := (label == "order_details" || label == "order_change") && orderAskOf(t.text) == orderAskNone // not order_facts.go's look-up
		if rd.ranked[0].score >= sureLookup && len(t.calls) == 0 && served && rd.mass(tool) < blockMass {
			return t.serve(label, msg)
		}
		return msg
	case tool == "":
		text := msg.Text()
		if c := t.called(toolname.ListOrders); c != nil && !c.isErr && label == "order_details" && rd.sure {
			// What they ordered and paid: the lines and totals, not
			// only which orders there are.
			return say("%s", orderDetailsReply(c.result))
		}
		if !strings.HasPrefix(text, cannotHelp) && !strings.HasPrefix(text, dontKnow) {
			return msg
		}
		for _, c := range t.calls {
			if c.name != toolname.SearchDocs {
				return msg // an answer from the order stands beside it
			}
		}
		if rd.sure && intentActs[label].handler != "" {
			// Not a clarifying question for a write: the hooks found
			// nothing to do, and asking what they want helps no more
			// than what they were told.
			return t.serve(label, msg)
		}
		if !rd.sure && text == cannotHelp && label != "other" {
			return say("%s", unsureReply)
		}
	}
	return msg
}

// arbiterMayAct reports whether the turn is one the arbiter may judge: a
// verified customer's new request, not an answer to a proposal or to a
// question the agent just asked, nor a verification step.
func (t *turn) arbiterMayAct() bool {
	if !t.verified || t.confirmed != nil || t.declined || t.other != "" || t.reoffered || t.expired || t.inPart || t.rewritten {
		return false
	}
	if t.called(toolname.VerifyCustomer) != nil || agent.Affirmative(t.text) {
		return false
	}
	if t.called(toolname.ItemOptions) != nil {
		return false // the options were read for the variant named (variant15.go): that step owns the turn
	}
	if len(partsOf(t.text)) > 1 {
		return false // several requests: one reading cannot judge them
	}
	if language(t.text) != "" {
		return false // the reader learnt from few lines of other languages
	}
	st := t.req.State
	if st == nil {
		st = &agent.State{}
	}
	words := len(strings.Fields(t.text))
	if words < 3 || (words <= 6 && strings.Contains(t.lastBot, "?") && len(st.Before) > 0) {
		// A short answer carries on the step before it.
		return false
	}
	if strings.Contains(t.lastBot, "full new address") || st.Answered != nil {
		return false
	}
	return true
}

// serve does what label asks for instead of msg: its read tool, once,
// then the answer from its result; or a reply of its own.
func (t *turn) serve(label string, msg agent.Message) agent.Message {
	acts := intentActs[label]
	n := len(t.calls)
	if h := acts.handler; h != "" && h != askAct {
		if c := t.called(h); c != nil {
			// The tool ran: answer from it, whatever plan() would do next.
			if label == "order_details" && !c.isErr {
				return say("%s", orderDetailsReply(c.result))
			}
			return say("%s", t.answer(*c))
		}
		if !offers(t.req, h) {
			return say("%s", unsureReply)
		}
		switch h {
		case toolname.SearchDocs:
			return toolCall(n, h, map[string]any{"query": t.text})
		case toolname.Handover:
			return toolCall(n, h, map[string]any{"reason": "customer asked for a person"})
		case toolname.ListOrders:
			return toolCall(n, h, map[string]any{})
		}
		return toolCall(n, h, t.orderArg())
	}
	switch label {
	case "thanks":
		return say("You're very welcome! If anything else comes up with your order, just message me here.")
	case "greeting":
		return say("Hi there! I'm the %s assistant. I can check on an order, look into a late parcel, start a return, change a delivery address before it ships, or check on a refund. What can I help with?", t.shopName())
	case "other":
		return say("%s", cannotHelp)
	case "address_lookup":
		return say("I can't see the delivery address from here, I'm sorry: it's in your order confirmation email. If it needs changing, tell me the new address; a member of our team can also check it for you if you'd like.")
	case "order_change":
		return say("I'm sorry, I can't change the items or details of an order here. A member of our team can help with that if you'd like: just say the word.")
	case "complaint":
		return say("I'm sorry to hear that, and thank you for telling us. If you'd like, a member of our team can look into it with you.")
	}
	if acts.want != "" {
		// A write the reader is sure of, but not the one planned: ask,
		// propose nothing.
		return say("Just to be sure I understood: you'd like %s, is that right? Tell me a little more and I'll help, or a member of our team can.", acts.want)
	}
	return msg
}

// orderDetailsReply states the customer's orders: items, dates, totals.
func orderDetailsReply(r map[string]any) string {
	var lines []string
	for _, o := range list(r, "orders") {
		line := fmt.Sprintf("%s from %s: %s (%s)", str(o, "order_number"), str(o, "placed"), joinAnd(strs(o, "items")), stageWords(str(o, "stage")))
		if total := str(o, "total"); total != "" {
			line += ", total " + total
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return "I don't see any orders under your email yet."
	}
	return "Here are your recent orders:\n" + strings.Join(lines, "\n") + "\nWhich one can I help with?"
}

func (t *turn) calledAny(names ...string) bool {
	for _, n := range names {
		if t.called(n) != nil {
			return true
		}
	}
	return false
}

func contains(acts []string, s string) bool {
	for _, l := range acts {
		if l == s {
			return true
		}
	}
	return false
}
