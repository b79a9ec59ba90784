package offline

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// state16: mid-conversation questions about what was done or what happens
// next (issue 18's no-context trials of `make dev`) were answered from
// the guides, or by running a write again: "do i keep the small one?"
// beside the yes to a wrong-item replacement got a guide passage; "did
// you cancel that replacement kit?" proposed cancelling it, or a refusal
// that said it was cancelled; "what happens now?" after a person took a
// parcel report got a skillet's care passage. The answer is the
// conversation's state (agent.State): the proposal just run (its KeepIt),
// what ran before (Done), what the previous reply did (Before: a person,
// a look-around) and the orders' stages. Nothing is proposed.

// s16Res are the question patterns, compiled at first use like phrases.
type s16Res struct {
	// cancelAsk asks whether something was cancelled: "did you cancel
	// the replacement?", "so it's not cancelled, right?".
	cancelAsk *regexp.Regexp
	// refundAsk asks whether a refund was made: "did you already refund
	// me?".
	refundAsk *regexp.Regexp
	// whatDone asks what was done about something: "was the chipped mug
	// replaced?", "what did you end up doing about it?".
	whatDone *regexp.Regexp
	// newItem asks after the item sent in place of another: "is the new
	// mug on its way?", "when does the new one get here?".
	newItem, newWhen *regexp.Regexp
	// next asks what happens now: "what happens next?", "so what now",
	// "¿y ahora qué?", "und jetzt?", "et maintenant ?".
	next *regexp.Regexp
	// label asks for a return label.
	label *regexp.Regexp
	// request is a request beside the question, which other steps take.
	request *regexp.Regexp
	// why asks why or when, which the order's facts answer.
	why *regexp.Regexp
	// rightOne asks for the item that should have come: "send me the
	// right one", "the correct one please".
	rightOne *regexp.Regexp
}

var s16res = sync.OnceValue(func() *s16Res {
	const who = `(?:you|u|it|that|this|they|the \w+(?: \w+)?|my \w+(?: \w+)?)`
	return &s16Res{
		cancelAsk: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:did|have|has)\s+` + who + `\s+(?:(?:already|actually|really|just|even)\s+)?(?:cancel+|cancle|been cancel+ed|get cancel+ed|got cancel+ed)|` +
			`(?:is|was|are|isn'?t|wasn'?t|it'?s|its|they'?re)\s+(?:[\p{L}'#\d-]+\s+){0,4}?(?:now\s+|really\s+|actually\s+|still\s+|not\s+)?(?:cancel+ed|cancled)|` +
			`(?:est[aá]|fue)\s+cancelad[oa]|(?:ist|wurde|haben sie|hast du)\s.{0,30}storniert|(?:est|a été|avez-vous)\s.{0,20}annulée?)(?:$|[^\p{L}])`),
		refundAsk: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:did|have|has)\s+(?:you|u)\s+(?:already\s+)?(?:refund\w*|(?:sent|issued|given|give|send|issue)\s+(?:me\s+)?(?:the|my|a)\s+refund)|` +
			`(?:was|am|have|did)\s+i\s+(?:already\s+)?(?:been\s+|get\s+|got\s+)?refunded)(?:$|[^\p{L}])`),
		whatDone: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:was|were|has|have|did)\s+` + who + `\s+(?:already\s+)?(?:been\s+|get\s+|got\s+)?(replaced|refunded|credited|returned|sorted|dealt with|fixed|handled)|` +
			`what (?:did|have) (?:you|u|we)\s+(?:end(?:ed)? up\s+)?(?:do|doing|done|decide|decided)|what (?:was|has been|got) done|` +
			`(?:did|has|have|is)\s+(?:the|my|that)\s+(?:new\s+)?(?:address|address change)\s+(?:been\s+)?(?:save|saved|stick|stuck|update|updated|change|changed|go through|went through))(?:$|[^\p{L}])`),
		newItem: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:the|my)\s+(?:new|replacement|right|correct)\s+(?:one|\p{L}+)|the one you(?:'re| are)? (?:sending|sent))(?:$|[^\p{L}])`),
		newWhen: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:on (?:its|it's|the) way|arrive\w*|get here|gets here|come|coming|ship\w*|sent|when|where|track\w*|cu[aá]ndo|d[oó]nde|llega\w*|wann|wo|kommt|unterwegs|quand|o[uù])(?:$|[^\p{L}])`),
		next: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:what(?:'s| is)?\s+(?:happens?|happening)\s+(?:now|next)|what(?:'s| is)? next|what now|now what|what do i do now|what should i do now|` +
			`what(?:'s| is) the next step|what are the next steps|and now\?|y ahora(?: qu[eé])?|qu[eé] pasa ahora|und (?:jetzt|nun)\b|was (?:passiert|geschieht) (?:jetzt|nun)|wie geht es weiter|` +
			`et maintenant|qu'est-ce qui se passe|et ensuite)(?:$|[^\p{L}])`),
		label:    regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:label|etiqueta|etikett|étiquette)(?:$|[^\p{L}])`),
		why:      regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:why|how come|when|warum|wieso|wann|pourquoi|quand|por qu[eé]|cu[aá]ndo)(?:$|[^\p{L}])`),
		rightOne: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:the|a)\s+(?:right|correct|proper)\s+(?:one|item|size|colou?r)|the one i (?:actually )?ordered|(?:el|la) (?:correct[oa]|buen[oa])|(?:den|die|das) richtigen?|(?:le|la) bon(?:ne)?(?:$|[^\p{L}])`),
		request: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:can|could|would|will|please|pls|plz)\s+(?:you|u)?\s*(?:just\s+)?(?:resend|re-send|send|replace|refund|cancel|return|change)|` +
			`i (?:want|would like|'d like|need)\s+(?:to|a|an|my)(?:$|[^\p{L}])`),
	}
})

// state16 is the hook in plan().
func (t *turn) state16(n int) (agent.Message, bool) {
	st := t.req.State
	if st == nil || t.inPart {
		return agent.Message{}, false
	}
	if m, ok := t.s16KeepAnswer(n); ok {
		return m, true
	}
	if n == 0 && t.askedResolution() && s16res().rightOne.MatchString(t.text) && pickedOption(t.text) == "" && !agent.Negative(t.text) {
		// "send me the right one please" to "replacement or refund?" of a
		// wrong item: a replacement; the steps after read it so.
		t.text = "a replacement please"
		return agent.Message{}, false
	}
	if !st.Verified || st.Answered != nil || t.confirmed != nil || t.declined || t.reoffered {
		return agent.Message{}, false
	}
	if n > 0 {
		return t.s16AfterCall(n)
	}
	r := s16res()
	low := strings.ToLower(t.text)
	if doneAskRe.MatchString(low) && len(st.Done) > 0 {
		// "did the cancellation go through?": undo13 answers, but a
		// cancellation's refund is part of what went through.
		if d, ok := pickDone(st.Done, low); ok && d.Tool == toolname.CancelOrder && d.Amount != "" && d.Status != "queued" {
			return say("Yes, that went through: %s", s16Describe(st, d)), true
		}
	}
	switch {
	case r.cancelAsk.MatchString(low) && s16Question(low) && !r.why.MatchString(low):
		return t.s16Cancelled(st, low)
	case r.refundAsk.MatchString(low) && s16Question(low):
		return t.s16Refunded(st, low)
	case r.whatDone.MatchString(low) && s16Question(low):
		return t.s16WhatDone(st, low)
	case (r.newItem.MatchString(low) || agent.RefersToReplacement(t.text)) && r.newWhen.MatchString(low) && s16Question(low) && !r.request.MatchString(low):
		return t.s16NewItem(st, low)
	case r.label.MatchString(low) && s16Question(low) && !r.request.MatchString(low):
		return t.s16Label(st)
	case r.next.MatchString(low) && !r.request.MatchString(low):
		return t.s16Next(st)
	}
	return agent.Message{}, false
}

// s16Question reports whether low reads as a question: a question mark,
// "right", or a question's opening word.
func s16Question(low string) bool {
	low = strings.TrimSpace(low)
	if strings.Contains(low, "?") || strings.Contains(low, "right") {
		return true
	}
	for _, w := range []string{"did ", "have ", "has ", "is ", "was ", "were ", "what ", "when ", "where ", "so ", "wait "} {
		if strings.HasPrefix(low, w) {
			return true
		}
	}
	return false
}

// s16KeepAnswer: a yes that ran a damage or wrong-item proposal with a
// question whether the item goes back ("yes send the right one please. and
// do i keep the small one?") is answered from what ran, by its KeepIt.
func (t *turn) s16KeepAnswer(n int) (agent.Message, bool) {
	c, a := t.confirmed, t.req.State.Answered
	if n > 0 || c == nil || c.isErr || c.name != toolname.ReportDamage || a == nil || a.Status != "confirmed" || !agent.AsksKeep(t.text) {
		return agent.Message{}, false
	}
	done := t.answer(*c)
	if a.KeepIt {
		if strings.Contains(strings.ToLower(done), "no need") {
			return say("%s You keep the one you have.", done), true
		}
		return say("%s\n\nYou keep the one you have: there's no need to send it back.", done), true
	}
	return say("%s\n\nAbout your question: yes, it comes back to us first; the email with the instructions says how.", done), true
}

// s16AfterCall answers from the call this hook made: refund_status for a
// refund asked about with nothing refunded here, report_not_received for
// what happens next while the customer looks around.
func (t *turn) s16AfterCall(n int) (agent.Message, bool) {
	if n != 1 {
		return agent.Message{}, false
	}
	c := t.calls[0]
	low := strings.ToLower(t.text)
	r := s16res()
	switch {
	case c.name == toolname.RefundStatus && r.refundAsk.MatchString(low):
	case c.name == toolname.ReportNotReceived && r.next.MatchString(low):
	case c.name == toolname.TrackOrder && r.newWhen.MatchString(low) && (r.newItem.MatchString(low) || agent.RefersToReplacement(t.text)):
	default:
		return agent.Message{}, false
	}
	if c.isErr || c.result == nil {
		return agent.Message{}, false
	}
	return say("%s", t.answer(c)), true
}

// s16Target is the order a question is about: the one named, the
// replacement when it speaks of one, else the current order.
func (t *turn) s16Target(st *agent.State) (string, bool) {
	if t.order != "" {
		return t.order, false
	}
	if agent.RefersToReplacement(t.text) || s16res().newItem.MatchString(strings.ToLower(t.text)) {
		for _, d := range st.Done {
			if d.Tool == toolname.CancelOrder {
				for _, o := range st.Orders {
					if o.Name == d.Order && o.Replaces != "" {
						return o.Name, true
					}
				}
			}
		}
		if o, ok := replacementOrder(st); ok {
			return o.Name, true
		}
	}
	return stateCurrentOrder(st), false
}

// s16Stage is an order's stage in words, "" when unknown.
func s16Stage(st *agent.State, name string) string {
	for _, o := range st.Orders {
		if o.Name == name {
			return o.Stage
		}
	}
	return ""
}

// s16Cancelled answers whether an order (or the replacement) was
// cancelled, from what ran here and the order's stage; nothing is
// proposed.
func (t *turn) s16Cancelled(st *agent.State, low string) (agent.Message, bool) {
	name, repl := t.s16Target(st)
	if name == "" {
		return agent.Message{}, false
	}
	for i := len(st.Done) - 1; i >= 0; i-- {
		d := st.Done[i]
		if d.Tool != toolname.CancelOrder || d.Order != name {
			continue
		}
		if d.Status == "queued" {
			return say("Not yet: the cancellation of order %s is with our team for approval; they'll reply here once it's decided.", name), true
		}
		if d.Amount != "" {
			return say("Yes: order %s is cancelled, and %s is going back to your original payment method (it usually shows within a few business days).", name, d.Amount), true
		}
		if repl {
			return say("Yes: order %s, the replacement, is cancelled, so it won't be sent. Nothing was charged for it, so there's nothing to refund; the original order stays as it is.", name), true
		}
		return say("Yes: order %s is cancelled.", name), true
	}
	stage := s16Stage(st, name)
	if strings.Contains(stage, "cancel") {
		return agent.Message{}, false // cancelled before this conversation: the order's facts answer (why, when)
	}
	what := "order " + name
	if repl {
		what = "the replacement, order " + name + ","
	}
	if stage != "" {
		return say("No, %s hasn't been cancelled: nothing was changed, and it stands (%s). If you'd like it cancelled, just tell me.", what, stage), true
	}
	return say("No, %s hasn't been cancelled: nothing was changed. If you'd like it cancelled, just tell me.", what), true
}

// s16Refunded answers whether a refund was made: from what ran here,
// else from the order's refunds (refund_status).
func (t *turn) s16Refunded(st *agent.State, low string) (agent.Message, bool) {
	for i := len(st.Done) - 1; i >= 0; i-- {
		if d := st.Done[i]; d.Amount != "" && (t.order == "" || t.order == d.Order) {
			return say("%s", s16Describe(st, d)), true
		}
	}
	if !offers(t.req, toolname.RefundStatus) {
		return agent.Message{}, false
	}
	return toolCall(0, toolname.RefundStatus, t.orderArg()), true
}

// s16WhatDone says what was done about the thing the question names,
// and, when the question guessed another remedy ("was it replaced?" of a
// unit made good with store credit), that it was not that.
func (t *turn) s16WhatDone(st *agent.State, low string) (agent.Message, bool) {
	if len(st.Done) == 0 {
		return agent.Message{}, false
	}
	d, _ := pickDone(st.Done, low)
	if strings.Contains(low, "address") {
		for i := len(st.Done) - 1; i >= 0; i-- {
			if st.Done[i].Tool == toolname.ChangeAddress {
				return say("%s", s16Describe(st, st.Done[i])), true
			}
		}
		return agent.Message{}, false
	}
	verb := ""
	if m := s16res().whatDone.FindStringSubmatch(low); m != nil {
		verb = m[1]
	}
	did := s16Describe(st, d)
	switch {
	case verb == "replaced" && d.Replacement == "",
		verb == "refunded" && d.Resolution != "refund" && !(d.Tool == toolname.CancelOrder && d.Amount != ""),
		verb == "credited" && d.Resolution != "store_credit":
		return say("No. %s", did), true
	}
	return say("%s", did), true
}

// s16NewItem answers after the item sent in place of another: the
// replacement order, or, when the unit was refunded or credited instead,
// that nothing new is coming.
func (t *turn) s16NewItem(st *agent.State, low string) (agent.Message, bool) {
	if len(st.Done) == 0 {
		return agent.Message{}, false
	}
	for i := len(st.Done) - 1; i >= 0; i-- {
		if d := st.Done[i]; d.Replacement != "" {
			if offers(t.req, toolname.TrackOrder) {
				return toolCall(0, toolname.TrackOrder, map[string]any{"order_number": d.Replacement}), true
			}
			return say("%s", s16Describe(st, d)), true
		}
	}
	for i := len(st.Done) - 1; i >= 0; i-- {
		d := st.Done[i]
		if d.Tool == toolname.ReportDamage && (d.Resolution == "refund" || d.Resolution == "store_credit") {
			return say("Nothing new is on its way: %s", s16Describe(st, d)), true
		}
	}
	return agent.Message{}, false
}

// s16Label answers whether a return this conversation started comes
// with a prepaid label.
func (t *turn) s16Label(st *agent.State) (agent.Message, bool) {
	for i := len(st.Done) - 1; i >= 0; i-- {
		d := st.Done[i]
		if !d.Return {
			continue
		}
		if d.Label {
			return say("Yes: the return of %s on order %s comes with a prepaid label, sent to you by email.", strings.Join(d.Items, " and "), d.Order), true
		}
		return say("There's no prepaid return label for the return of %s on order %s: you'll get an email with the instructions and the address to send it to, and the postage is yours.", strings.Join(d.Items, " and "), d.Order), true
	}
	return agent.Message{}, false
}

// s16Next says what happens next: a person has the case, the customer
// looks around first (restated by report_not_received), or what follows
// the newest thing that ran here.
func (t *turn) s16Next(st *agent.State) (agent.Message, bool) {
	lookAround := false
	for _, a := range append(append([]agent.StateAction{}, st.Before...), st.Open...) {
		switch {
		case a.Tool == toolname.Handover && a.Status == "done",
			a.Tool == toolname.ReportNotReceived && (a.Status == "handover" || a.Status == "done"):
			return say("A member of our team has your report about order %s and will get back to you here; there's nothing more you need to do for now. If the parcel turns up in the meantime, just tell me.", stateCurrentOrder(st)), true
		case a.Tool == toolname.ReportNotReceived && a.Status == "look_around":
			lookAround = true
		}
	}
	if lookAround && offers(t.req, toolname.ReportNotReceived) {
		return toolCall(0, toolname.ReportNotReceived, t.orderArg()), true
	}
	if len(st.Done) == 0 {
		return agent.Message{}, false
	}
	d := st.Done[len(st.Done)-1]
	return say("%s", s16Next(st, d)), true
}

// s16Describe says what ran, truly: a replacement with its order, a
// refund or store credit with its amount, a return, a cancellation with
// what goes back, an address change with the address.
func s16Describe(st *agent.State, d agent.StateDone) string {
	items := strings.Join(d.Items, " and ")
	if d.Status == "queued" {
		return fmt.Sprintf("Your request on order %s is with our team for approval; they'll reply here once it's decided.", d.Order)
	}
	switch {
	case d.Replacement != "":
		stage := s16Stage(st, d.Replacement)
		if strings.Contains(stage, "cancel") {
			return fmt.Sprintf("A replacement of %s was set up as order %s, and that order was cancelled afterwards.", items, d.Replacement)
		}
		if stage != "" {
			stage = " (" + stage + ")"
		}
		return fmt.Sprintf("I set up a replacement of %s as order %s%s, at no cost; you'll get the tracking details by email as soon as it ships.", items, d.Replacement, stage)
	case d.Tool == toolname.CancelOrder:
		if d.Amount != "" {
			return fmt.Sprintf("Order %s is cancelled, and %s is going back to your original payment method (it usually shows within a few business days).", d.Order, d.Amount)
		}
		return fmt.Sprintf("Order %s is cancelled.", d.Order)
	case d.Tool == toolname.ChangeAddress:
		if d.ShipTo != "" {
			return fmt.Sprintf("Yes, it's saved: order %s now ships to %s.", d.Order, d.ShipTo)
		}
		return fmt.Sprintf("Yes, it's saved: order %s now ships to the new address.", d.Order)
	case d.Return:
		back := ""
		if d.Amount != "" && d.Resolution == "store_credit" {
			back = fmt.Sprintf(" %s in store credit was issued for it.", d.Amount)
		} else if d.Amount != "" {
			back = fmt.Sprintf(" Your refund of %s follows once it's back with us.", d.Amount)
		}
		return fmt.Sprintf("I started the return of %s on order %s: send it back as the emailed instructions say.%s", items, d.Order, back)
	case d.Resolution == "store_credit":
		return fmt.Sprintf("%s was made good with %s in store credit (order %s), yours to spend now; nothing needs to go back.", s16Cap(items), d.Amount, d.Order)
	case d.Resolution == "refund":
		return fmt.Sprintf("I refunded %s for %s on order %s to your original payment method; it usually shows within a few business days.", d.Amount, items, d.Order)
	case d.Tool == toolname.FollowUp:
		return fmt.Sprintf("I'm keeping an eye on order %s as promised, and I'll be back in touch if it hasn't arrived by then.", d.Order)
	}
	return fmt.Sprintf("That went through on order %s.", d.Order)
}

// s16Next says what follows d, which ran here.
func s16Next(st *agent.State, d agent.StateDone) string {
	switch {
	case d.Status == "queued":
		return s16Describe(st, d)
	case d.Return:
		how := "You'll get an email with the instructions for sending it back"
		if d.Label {
			how = "You'll get an email with a prepaid return label"
		}
		after := "."
		if d.Amount != "" && d.Resolution != "store_credit" {
			after = fmt.Sprintf("; once it's back with us, your refund of %s follows.", d.Amount)
		}
		return fmt.Sprintf("Next: %s (order %s, %s)%s There's nothing else you need to do.", how, d.Order, strings.Join(d.Items, " and "), after)
	case d.Replacement != "":
		return "Next: " + s16Describe(st, d) + " There's nothing else you need to do."
	case d.Tool == toolname.ChangeAddress:
		return fmt.Sprintf("Nothing more from you: order %s ships to the new address%s, and you'll get an email with tracking as soon as it's on its way.", d.Order, s16To(d.ShipTo))
	}
	return s16Describe(st, d) + " There's nothing else you need to do."
}

// s16To is " (address)" or "".
func s16To(a string) string {
	if a == "" {
		return ""
	}
	return " (" + a + ")"
}

// s16Cap capitalises s's first letter.
func s16Cap(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
