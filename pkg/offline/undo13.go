package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// undo13: a resolution the agent already arranged, taken back or asked
// about by what it is, not by its order number (issue 18 new-user
// trial). "cancel the replacement" is the replacement order, never the
// original (delivered, so the cancel was refused); "cancel that return"
// is the return, never the order; "did the refund go through?" is
// answered from what this conversation ran (State.Done), not the docs.

// undoVerbRe takes something back: cancel, stop, call off, no longer
// needed; in Spanish, German and French too.
var undoVerbRe = regexp.MustCompile(`(?i)canc(?:e|é)l|cancle|\bstop|\bhold\b|call (?:it )?off|don'?t (?:need|want|send)|dont (?:need|want|send)|do not (?:need|want|send)|no need|not need|no longer|undo|withdraw|take back|storn|abbrechen|brauche .{0,20}nicht|annul|anular|ya no (?:lo |la )?(?:necesito|quiero)|no (?:lo |la )?necesito|n'en ai plus besoin|plus besoin`)

// returnWordRe names a return: in English (and its typos), Spanish,
// German and French.
var returnWordRe = regexp.MustCompile(`(?i)\b(?:re?tu?rn|retrun|retun)(?:ing)?\b|devoluci[oó]n|devolver|r(?:ü|ue)cksendung|retoure|zur(?:ü|ue)ck(?:schicken|senden)|\bretour\b|renvoyer`)

// keepAfterAllRe keeps the items of a return after all: "i'll keep it
// after all", "keeping it", "me lo quedo", "ich behalte es", "je garde".
var keepAfterAllRe = regexp.MustCompile(`(?i)\b(?:i'?ll|i will|im|i'm|i am|gonna|going to)\s+keep(?:ing)?\b|\bkeep(?:ing)? (?:it|them|the)\b|\bme (?:lo|la|los|las) quedo\b|\bbehalte\b|\bje (?:le |la |les )?garde\b`)

// doneAskRe asks whether something was done: "did it go through?", "is
// the replacement on its way?", "did you do the refund?", "le
// remboursement est fait ?", "ist der Ersatz schon unterwegs?".
var doneAskRe = regexp.MustCompile(`(?i)\b(?:go(?:ne)? (?:through|thru)|went (?:through|thru)|on (?:its|it's|the) way|been (?:sent|done|issued|processed|started)|did you (?:do|send|issue|process|start|make|set up)|is it done|happened)\b|est (?:fait|parti|passé)|c'est fait|a été fait|unterwegs|erledigt|durchgegangen|se (?:hizo|proces[oó])|est[aá] hech[oa]|ya (?:sali[oó]|est[aá])`)

// cancelReturnRe takes back a return by name, with no return of this
// conversation to go by: "cancel that return", "undo my return",
// "cancela la devolución", "Rücksendung stornieren", "annulez le retour".
var cancelReturnRe = regexp.MustCompile(`(?i)(?:canc(?:e|é)l\w*|cancle|undo|withdraw|anul\w*|annul\w*)\s+(?:(?:the|that|this|my|mi|la|le|ma|mon)\s+)?(?:re?tu?rn|retrun|devoluci[oó]n|retour)\b|r(?:ü|ue)cksendung\s+(?:zu\s+)?storn|(?:re?tu?rn|retrun)\s+(?:request\s+)?(?:cancel|undo)`)

// doneNameRe is a question's pronoun for what was done: "did it go
// through?", "did that go thru?".
var doneNameRe = regexp.MustCompile(`(?i)\b(?:it|that|this|everything|all that)\b`)

// nowAskRe asks for a promised remedy now: "can you do the replacement
// now?".
var nowAskRe = regexp.MustCompile(`(?i)\b(?:now|right away|today|instead|already)\b|ahora|jetzt|maintenant`)

func (t *turn) undo13(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || st == nil || !st.Verified || st.Answered != nil || t.confirmed != nil || t.declined || t.inPart || t.reoffered {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	if m, ok := t.undoReplacement(st, low); ok {
		return m, true
	}
	if m, ok := t.undoReturn(st, low); ok {
		return m, true
	}
	if m, ok := t.promisedNow(st, low); ok {
		return m, true
	}
	return t.askDone(st, low)
}

// replacementOrder is the customer's replacement order the message is
// about: the current order when it is one, else their newest.
func replacementOrder(st *agent.State) (agent.StateOrder, bool) {
	for _, o := range st.Orders {
		if o.Name == st.CurrentOrder && o.Replaces != "" {
			return o, true
		}
	}
	for _, o := range st.Orders {
		if o.Replaces != "" {
			return o, true
		}
	}
	return agent.StateOrder{}, false
}

// undoReplacement: "cancel the replacement" proposes cancelling the
// replacement order (code states it); one that shipped is said so, with
// its tracking, and a person offered.
func (t *turn) undoReplacement(st *agent.State, low string) (agent.Message, bool) {
	if !undoVerbRe.MatchString(low) || !(agent.RefersToReplacement(t.text) || agent.TakesBackSent(t.text)) || returnWordRe.MatchString(low) {
		return agent.Message{}, false
	}
	o, ok := replacementOrder(st)
	if !ok {
		return agent.Message{}, false
	}
	if offers(t.req, toolname.CancelOrder) && st.CurrentOrder == o.Name {
		return toolCall(0, toolname.CancelOrder, map[string]any{"order_number": o.Name}), true
	}
	track := ""
	if g := st.Given; g != nil && g["order_number"] == o.Name {
		for _, p := range givenParcels(st) {
			if num, _ := p["tracking_number"].(string); num != "" {
				carrier, _ := p["carrier"].(string)
				track = fmt.Sprintf(" It's with %s, tracking number %s.", strings.TrimSpace(carrier+" "), num)
				break
			}
		}
	}
	return say("I'm sorry, I can't cancel the replacement (order %s): it has already left us (%s), so it can no longer be stopped.%s Once it arrives you can keep it or send it back. A member of our team can look at it with you if you'd like.",
		o.Name, o.Stage, track), true
}

// undoReturn: a return taken back is never a cancellation of the order.
// It cannot be withdrawn here: said honestly, with what keeping the
// items means, and a person offered to close it.
func (t *turn) undoReturn(st *agent.State, low string) (agent.Message, bool) {
	var ret *agent.StateDone
	for i := len(st.Done) - 1; i >= 0; i-- {
		if st.Done[i].Return {
			ret = &st.Done[i]
			break
		}
	}
	named := returnWordRe.MatchString(low) && (undoVerbRe.MatchString(low) || keepAfterAllRe.MatchString(low))
	kept := ret != nil && keepAfterAllRe.MatchString(low) && !strings.Contains(low, "?")
	if ret == nil {
		// No return ran here: only a return cancelled by name ("I
		// don't want to return it, can I exchange it?" is no such).
		named, kept = cancelReturnRe.MatchString(low), false
	}
	if !named && !kept {
		return agent.Message{}, false
	}
	if ret == nil {
		return say("I can't withdraw a return from here. Nothing is refunded until the items are back with us, so if you keep them, just don't send them back; a member of our team can close the return for you. Would you like me to pass this to them?"), true
	}
	what := fmt.Sprintf("the return of %s on order %s", strings.Join(ret.Items, " and "), ret.Order)
	if ret.Resolution == "store_credit" {
		return say("I'm sorry, I can't withdraw %s from here: its store credit (%s) was issued when the return started, so a member of our team needs to sort this out with you. Would you like me to pass this to them?", what, ret.Amount), true
	}
	return say("I can't withdraw %s from here, I'm sorry. If you'd rather keep it, you don't need to send anything back: the refund only follows once the items are back with us. A member of our team can close the return for you; would you like me to pass this to them?", what), true
}

// promisedNow: a remedy a follow-up promise holds for later, asked for
// now ("and the replacement, can you do that now?").
func (t *turn) promisedNow(st *agent.State, low string) (agent.Message, bool) {
	if !nowAskRe.MatchString(low) || !offers(t.req, toolname.FollowUp) {
		return agent.Message{}, false
	}
	res := ""
	switch {
	case strings.Contains(low, "replace") || strings.Contains(low, "reemplazo") || strings.Contains(low, "ersatz") || strings.Contains(low, "remplacement"):
		res = "replacement"
	case strings.Contains(low, "refund") || strings.Contains(low, "reembolso") || strings.Contains(low, "erstatt") || strings.Contains(low, "rembourse"):
		res = "refund"
	default:
		return agent.Message{}, false
	}
	for i := len(st.Done) - 1; i >= 0; i-- {
		if d := st.Done[i]; d.Tool == toolname.FollowUp && d.Resolution == "promise" {
			return toolCall(0, toolname.FollowUp, map[string]any{"order_number": d.Order, "resolution": res}), true
		}
	}
	return agent.Message{}, false
}

// askDone answers "did it go through?" from what this conversation ran,
// or says nothing was done when the last proposal was not confirmed.
func (t *turn) askDone(st *agent.State, low string) (agent.Message, bool) {
	if !doneAskRe.MatchString(low) {
		return agent.Message{}, false
	}
	if len(st.Done) == 0 {
		for _, a := range st.Before {
			if a.Status == "lapsed" || a.Status == "declined" {
				ord := stateCurrentOrder(st)
				return say("No, nothing has been done yet: what I proposed on order %s wasn't confirmed, so nothing was set up. Tell me if you'd like it, and I'll state it again for your yes.", ord), true
			}
		}
		return agent.Message{}, false
	}
	d, ok := pickDone(st.Done, low)
	if !ok || (t.order != "" && t.order != d.Order && t.order != d.Replacement) {
		return agent.Message{}, false // about something else: another order, their parcel
	}
	items := strings.Join(d.Items, " and ")
	if d.Status == "queued" {
		return say("Your request on order %s is with our team for approval; they'll reply here once it's decided.", d.Order), true
	}
	switch {
	case d.Replacement != "":
		stage := ""
		for _, o := range st.Orders {
			if o.Name == d.Replacement {
				stage = " (" + o.Stage + ")"
			}
		}
		return say("Yes, that went through: the replacement of %s is set up as order %s%s. You'll get the tracking details as soon as it ships.", items, d.Replacement, stage), true
	case d.Tool == toolname.FollowUp && d.Resolution == "promise":
		return say("Yes: I'm keeping an eye on order %s as promised, and I'll be back in touch if it hasn't arrived by then.", d.Order), true
	case d.Tool == toolname.CancelOrder:
		return say("Yes, that went through: order %s is cancelled.", d.Order), true
	case d.Return:
		back := ""
		if d.Amount != "" && d.Resolution == "refund" {
			back = fmt.Sprintf(" Your refund of %s follows once it's back with us.", d.Amount)
		}
		return say("Yes, that went through: the return of %s on order %s is started. Send it back as the emailed instructions say.%s", items, d.Order, back), true
	case d.Resolution == "store_credit":
		return say("Yes, that went through: %s in store credit for %s on order %s is yours now.", d.Amount, items, d.Order), true
	case d.Resolution == "refund":
		return say("Yes, that went through: the refund of %s for %s on order %s was issued to your original payment method; it usually shows within 5 to 10 business days.", d.Amount, items, d.Order), true
	}
	return say("Yes, that went through on order %s.", d.Order), true
}

// pickDone is the ran proposal a question names: by its kind, else by an
// item's word, else the newest when the question says "it" or "that";
// false when it names none of them.
func pickDone(done []agent.StateDone, low string) (agent.StateDone, bool) {
	kinds := []struct {
		words string
		is    func(agent.StateDone) bool
	}{
		{`replace|reemplazo|ersatz|remplacement|new one`, func(d agent.StateDone) bool { return d.Replacement != "" }},
		{`refund|reembolso|erstatt|rembourse|money back`, func(d agent.StateDone) bool { return d.Resolution == "refund" && !d.Return }},
		{`return|devoluci|r(?:ü|ue)cksend|retour`, func(d agent.StateDone) bool { return d.Return }},
		{`credit|crédito|guthaben|avoir`, func(d agent.StateDone) bool { return d.Resolution == "store_credit" }},
		{`cancel`, func(d agent.StateDone) bool { return d.Tool == toolname.CancelOrder }},
	}
	for _, k := range kinds {
		if !regexp.MustCompile(`(?i)` + k.words).MatchString(low) {
			continue
		}
		for i := len(done) - 1; i >= 0; i-- {
			if k.is(done[i]) {
				return done[i], true
			}
		}
	}
	for i := len(done) - 1; i >= 0; i-- {
		for _, it := range done[i].Items {
			for _, w := range strings.Fields(strings.ToLower(it)) {
				if w = strings.Trim(w, "()"); len(w) >= 3 && strings.Contains(low, w) {
					return done[i], true
				}
			}
		}
	}
	return done[len(done)-1], doneNameRe.MatchString(low)
}
