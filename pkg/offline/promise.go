package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A late or stalled parcel ("it's late", "still not here"): after
// track_order, a parcel still on its way that nothing was done about yet
// gets the follow-up promise policy allows (follow_up), stated word for
// word for the customer's yes.

func init() {
	// A promise's what_we_did is a whole sentence of its own.
	problemLeads["follow_up"] = ""
}

// followUpNext is the follow_up call after a track_order result that shows
// a late customer's parcel still on its way, with nothing done about it.
func (t *turn) followUpNext(last call) *call {
	if t.intent != intentLate || last.name != toolname.TrackOrder || last.isErr || t.called(toolname.FollowUp) != nil {
		return nil
	}
	moving, overdue := false, saysOverdue(t.text)
	for _, p := range list(last.result, "parcels") {
		if str(p, "what_we_did") != "" {
			return nil
		}
		switch str(p, "stage") {
		case "label_created", "in_transit", "out_for_delivery":
			moving = true
			overdue = overdue || parcelOverdue(p)
		}
	}
	if !moving || !overdue {
		// A parcel within its estimate, of a customer who only says it
		// hasn't come yet: its estimate, not a late-parcel promise.
		return nil
	}
	args := map[string]any{}
	if n := str(last.result, "order_number"); n != "" {
		args["order_number"] = n
	}
	return &call{name: toolname.FollowUp, input: args}
}

// ifNotComeRe is a condition that the parcel still does not come ("if it
// doesn't come by then", "if it's not here by friday", "in case it never
// arrives"), typos allowed: what follows it is asked for then.
var ifNotComeRe = regexp.MustCompile(`^\s*(?:if|in case|incase|should|unless)\s+(?:it|they|the (?:parcel|package|order|box|delivery))(?:'s|s|'re)?\s+(?:still\s+)?(?:doesn'?t|does not|dosn'?t|dosnt|dosent|doesnt|not|don'?t|do not|isn'?t|is not|aren'?t|are not|hasn'?t|has not|haven'?t|have not|won'?t|will not|never|fails to|is still not)?\s*(?:\w+\s+){0,2}?(?:come|comes|arrive|arrives|arrived|here|there|get here|gets here|got here|turn up|turns up|turned up|show up|shows up|showed up|be here|been delivered|delivered|make it)\b[^,.?!]{0,30}?(?:[,.]|\s(?:can|could|will|would|i|please|just|then)\b)`)

// askingRe opens a question that asks how things are, not for something.
var askingRe = regexp.MustCompile(`^\s*(?:do|does|did|is|are|should|how|what|when|why|if)\b`)

// lateChoice is a refund or replacement asked for now ("I'd rather just
// get a refund", "just send me a new one"), or "".
func lateChoice(text string) string {
	t := strings.ToLower(text)
	if ifNotComeRe.MatchString(t) {
		// "if it doesn't come by then, can I get my money back?": the
		// promise's own question, asked before it is offered.
		t = ifNotComeRe.ReplaceAllString(t, " ")
		t = strings.TrimLeft(t, " ,")
		t += " " + strings.ToLower(normaliseWords(t)) // "refnd" is a refund
	}
	switch {
	case askingRe.MatchString(t):
		// "do I need to send the replacement back?" asks; it chooses
		// nothing.
		return ""
	case has(t, "where is my refund", "where's my refund", "refund status", "my refund yet", "store credit", "cancel"):
		return ""
	case has(t, "refund", "money back", "my money"):
		return "refund"
	case has(t, "replacement", "replace it", "new one", "send another", "another one", "send it again", "resend", "re-send"):
		return "replacement"
	}
	return ""
}

// lateResolution is follow_up with the resolution a verified customer asks
// for now about an order still on its way: policy gives it now, or the
// tool answers with the promise and why not yet.
func (t *turn) lateResolution(n int) (agent.Message, bool) {
	st := t.req.State
	choice := lateChoice(t.text)
	if !t.verified || st == nil || choice == "" || t.resolutionWanted() != "" {
		// A broken item, a parcel marked delivered, an exchange or a
		// cancellation is its own tool's.
		return agent.Message{}, false
	}
	args := t.orderArg()
	name, _ := args["order_number"].(string)
	if name == "" {
		name = stateCurrentOrder(st)
	}
	known := false
	for _, o := range st.Orders {
		if o.Name != name {
			continue
		}
		known = true
		switch o.Stage { // agent.stageWords
		case "label created, waiting for the carrier", "in transit", "out for delivery":
			args["order_number"], args["resolution"] = name, choice
			return toolCall(n, toolname.FollowUp, args), true
		case "delivery problem reported by the carrier", "not shipped yet":
			if len(o.OnItsWay) > 0 && (o.Stage == "not shipped yet" || mentions(strings.ToLower(t.text), o.OnItsWay)) {
				// Partly shipped: the parcel with the carrier is the one
				// that can be late.
				args["order_number"], args["resolution"] = name, choice
				return toolCall(n, toolname.FollowUp, args), true
			}
			if !lateWords(t.text) {
				continue
			}
			args["order_number"], args["resolution"] = name, choice
			return toolCall(n, toolname.FollowUp, args), true
		default:
			// Partly delivered: the parcel still with the carrier, when
			// the customer names its items or says it is late.
			if len(o.OnItsWay) > 0 && (mentions(strings.ToLower(t.text), o.OnItsWay) || lateWords(t.text)) {
				args["order_number"], args["resolution"] = name, choice
				return toolCall(n, toolname.FollowUp, args), true
			}
		}
	}
	if !known && name != "" && ifNotComeRe.MatchString(strings.ToLower(t.text)) {
		// An order the context does not list (it lists the latest few):
		// the condition says it has not come, and the tool knows its stage.
		args["order_number"], args["resolution"] = name, choice
		return toolCall(n, toolname.FollowUp, args), true
	}
	return agent.Message{}, false
}

// lateWords reports whether text says a parcel is late, stalled or lost.
func lateWords(text string) bool {
	t := strings.ToLower(text)
	return lateRe.MatchString(t) || lateWordRe.MatchString(t) || ifNotComeRe.MatchString(t)
}

var lateWordRe = regexp.MustCompile(`\b(?:late|lost|overdue|delayed|stuck)\b`)

// followUpAnswer says where the parcel is (the track_order result this
// turn), then the promise, word for word, for a yes.
func (t *turn) followUpAnswer(r map[string]any) string {
	where := ""
	if c := t.called(toolname.TrackOrder); c != nil && !c.isErr {
		where = t.tracking(c.result)
	}
	if why := str(r, "not_now"); why != "" {
		where = strings.TrimSpace(where + " I'm sorry, I can't do that now: " + why + ".")
	}
	switch str(r, "status") {
	case "needs_confirmation":
		where = strings.TrimSpace(strings.Replace(strings.Replace(where, " "+lateApology, "", 1), " "+lateUnshipped, "", 1))
		return strings.TrimSpace(where + " " + str(r, "statement") + " Shall I go ahead? Just reply yes.")
	case "resolved":
		if done, ok := lateCreditDone(r); ok {
			return done // rest15.go
		}
		if str(r, "resolution") == "refund" {
			return fmt.Sprintf("Done: I've refunded %s for %s to your original payment method; it usually shows within a few business days.", str(r, "amount"), str(r, "items"))
		}
		if o := str(r, "replacement_order"); o != "" {
			return fmt.Sprintf("Done: a replacement of %s is on its way (order %s); you'll get tracking as soon as it ships.", str(r, "items"), o)
		}
		return fmt.Sprintf("Done: a replacement of %s is on its way; you'll get tracking as soon as it ships.", str(r, "items"))
	case "needs_approval":
		return "Thanks. Requests like this one are approved by a member of our team, so I've passed it on, exactly as above. They'll reply right here."
	case "promised":
		return "You have my word. " + str(r, "promise")
	case "promised_already":
		where = strings.TrimSpace(strings.Replace(strings.Replace(where, " "+lateApology, "", 1), " "+lateUnshipped, "", 1))
		return strings.TrimSpace(where + " As I promised: " + str(r, "promise"))
	case "refused":
		return strings.TrimSpace(where + " I'm sorry, I can't promise a follow-up on it right now: " + str(r, "reason") + ". A member of our team can look into it with the carrier if you'd like.")
	}
	if where == "" {
		return "I'm sorry, I can't set up a follow-up on that order. A member of our team can look into it with the carrier if you'd like."
	}
	return where
}

// overdueRe says a parcel is late in so many words, not only that it
// hasn't come yet: "it's late", "taking forever", "should have been here",
// "it hasn't moved" (stalled; what foreignLatePhrases read "no se ha
// movido", "hat sich nicht bewegt", "n'a pas bougé" as).
var overdueRe = regexp.MustCompile(`\b(?:late|lost|overdue|delayed|delay|stuck|forever|ages|so long|too long|should(?:'ve| have) (?:been|arrived|come)|by now|weeks|(?:hasn'?t|hasnt|has not|haven'?t|havent|have not|not) (?:moved|budged)|no movement)\b`)

// saysOverdue reports whether text says the parcel is late.
func saysOverdue(text string) bool {
	return overdueRe.MatchString(strings.ToLower(normalise(text))) || lateSayRe.MatchString(strings.ToLower(normalise(text)))
}

// parcelOverdue reports whether a track_order parcel is past its estimate
// or has a problem.
func parcelOverdue(p map[string]any) bool {
	late, _ := p["late"].(bool)
	passed, _ := p["estimate_passed"].(bool)
	return late || passed || str(p, "problem") != ""
}
