package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A new request or question that arrives while a proposal or a promise
// waits for the customer's yes (issue 18's no-context trial t12). The
// pending statement was said again in place of an answer: a question
// about the colour ordered got the follow-up promise back, a faster
// service or a free extra asked for were ignored, "can i un-cancel
// it?" got the product guide, an address without commas was asked for
// again, a PO box's number was read as an order number, "is the refund
// done or not?" proposed a return. Here the new part is answered or done
// first, honestly where the shop cannot do it; a question about the order
// asked beside a follow-up promise gets the promise stated again after
// its answer (code never reoffers a promise), and a request of its own
// is taken as if nothing waited. Nothing runs without a yes: every write
// is a proposal code states.

// thread12 is the hook in plan().
func (t *turn) thread12(n int) (agent.Message, bool) {
	if t.rewritten {
		return agent.Message{}, false
	}
	for _, step := range []func(int) (agent.Message, bool){
		t.t12Uncancel, t.t12Address, t.t12YesEmail, t.t12Free, t.t12Carrier, t.t12RefundDone, t.t12Promise, t.t12MovedAlone,
	} {
		if m, ok := step(n); ok {
			return m, true
		}
	}
	return agent.Message{}, false
}

var (
	// t12UncancelRe asks to undo a cancellation, in any of the languages.
	t12UncancelRe = regexp.MustCompile(`(?i)\bun-?cancel\w*|\b(?:undo|reverse|revert|take back|cancel)\b[^.?!]{0,20}\bcancel+ations?\b|` +
		`\b(?:reinstate|restore|reactivate|revive|reopen|re-open|resume|un-?do)\b[^.?!]{0,20}\b(?:it|order|the order|my order|that)\b|` +
		`r[üu]ckg[äa]ngig|wiederherstellen|reaktivieren|\b(?:deshacer|revertir|anular)\b[^.?!]{0,20}\bcancelaci[oó]n\b|\breactivar\b|\brestablecer\b|` +
		`annuler l'annulation|\br[ée]tablir\b|\brestaurer\b|\br[ée]activer\b`)

	// t12FreeRe asks for something for nothing: "toss in a free one", "an
	// extra one for free", "something complimentary for the wait".
	t12FreeRe = regexp.MustCompile(`(?i)\b(?:\p{L}+\s+in|put|add|send|give|include|get|slip)\b[^.?!]{0,40}\b(?:free|freebie|for nothing|complimentary|on the house|gratis|gratuit\w*|kostenlos\w*|umsonst)\b|` +
		`\b(?:free|complimentary)\s+(?:\p{L}+\s+){0,3}(?:for|as)\s+(?:the|my|all|a|an)\s+(?:wait|waiting|trouble|delay|inconvenience|hassle|sorry)\b`)
	// t12FreeNotRe is a free thing the shop does offer or a question about
	// a charge: shipping, returns, a replacement, the change itself.
	t12FreeNotRe = regexp.MustCompile(`(?i)\b(?:shipping|delivery|returns?|replace\w*|refund\w*|exchange\w*|label|postage|of charge|wrap\w*)\b|\b(?:is|are|was|will)\b[^.?!]{0,30}\bfree\b[^.?!]{0,10}\?`)

	// t12CarrierRe asks the shop to cancel a shipment or send it with
	// another carrier.
	t12CarrierRe = regexp.MustCompile(`(?i)\b(?:cancel|void|scrap|kill)\b[^.?!]{0,20}\b(?:label|shipment|shipping label)\b|` +
		`\b(?:send|ship|resend|re-send|reship|re-ship|deliver|switch|change|use|go)\b[^.?!]{0,40}\b(?:with|via|by|through|using|to)\s+(?:ups|usps|fedex|dhl|another (?:carrier|courier)|a different (?:carrier|courier)|other (?:carrier|courier))\b|` +
		`\b(?:switch|change)\s+(?:the\s+)?(?:carrier|courier)\b`)

	// t12RefundStateRe asks whether a refund has happened.
	t12RefundStateRe = regexp.MustCompile(`(?i)\brefund\w*\b[^.?!]{0,40}\b(?:done|through|processed|issued|complete|completed|gone|happened|sent|finished|been made|or not)\b|` +
		`\b(?:did|has|have|was)\b[^.?!]{0,30}\brefund\w*\b[^.?!]{0,20}\b(?:go|gone|went|come|came|through|happen\w*)\b`)
	// t12AskForRe asks for something rather than about it.
	t12AskForRe = regexp.MustCompile(`(?i)\b(?:can i|could i|i want|i'?d like|i would like|please|pls|give me|start|want a|need a|how long|when will|how do)\b`)

	// t12EmailAskRe asks whether an email will confirm it.
	t12EmailAskRe = regexp.MustCompile(`(?i)\b(?:will|would|do|does|should|shall|is|are)\s+(?:i|we|you|u|there|it)\b[^.?!]{0,30}\b(?:get|receive|send|be sent|see|be|come)\b[^.?!]{0,30}\b(?:e-?mails?|confirmations?|correo|mail)\b|` +
		`\b(?:e-?mails?|confirmations?)\b[^.?!]{0,20}\b(?:coming|sent|on its way)\b`)

	// t12CondRe puts a condition ("and if it's not here by then?"): the
	// promise's own question (follow7.go).
	t12CondRe = regexp.MustCompile(`(?i)\b(?:if|otherwise|what happens|y si|und wenn|falls|et si|sinon)\b`)
	// t12WhenRe asks when it comes or whether it makes a day.
	t12WhenRe = regexp.MustCompile(`(?i)\b(?:when|will|would|is|does|gonna|going to)\b[^.?!]{0,40}\b(?:arrive|arriving|get here|be here|come|coming|make it|be delivered|deliver\w*|ship|shipping)\b|\bby (?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b(?:before|by) the weekend\b|\beta\b`)
	// t12MovedRe says the estimate moved: "you said Friday before", "now
	// it's later", "why did it change".
	t12MovedRe = regexp.MustCompile(`(?i)\b(?:you|u|it|the site|the email|tracking)\s+(?:said|told me|says|showed)\b[^.?!]{0,40}\b(?:before|last time|earlier|originally|first)\b|\bnow (?:it'?s|its|it is|it says) (?:later|different|another)\b|\bwhy (?:is it|did it|has it)\b[^.?!]{0,20}\b(?:later|change|changed|moved|different)\b|\b(?:moved|pushed back|changed) the (?:date|estimate)\b`)
)

// t12Uncancel answers a wish to undo a cancellation of an order that is
// cancelled: it can't be restored here; a new order, or a person.
func (t *turn) t12Uncancel(n int) (agent.Message, bool) {
	st := t.req.State
	if !t.verified || st == nil || n > 0 || !t12UncancelRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	name := t.order
	if name == "" {
		name = stateCurrentOrder(st)
	}
	var items []string
	cancelled := false
	for _, o := range st.Orders {
		if o.Name == name {
			cancelled, items = o.Stage == "cancelled", o.Items
		}
	}
	if !cancelled {
		return agent.Message{}, false
	}
	what := "the same items"
	var named []string
	for _, it := range namedItems(items, t.text) {
		if s, _ := it["title"].(string); s != "" {
			named = append(named, s)
		}
	}
	if len(named) > 0 {
		what = "the " + strings.Join(named, " and the ")
	} else if len(items) > 0 {
		what = strings.Join(items, " and ")
	}
	return say("I'm sorry, I can't undo a cancellation: order %s is cancelled, and a cancelled order can't be restored here. "+
		"You're welcome to place a new order for %s on our store. %s", name, what, cantPerson), true
}

// t12Free answers a request for something free: no tool gives one.
func (t *turn) t12Free(n int) (agent.Message, bool) {
	low := strings.ToLower(strings.ReplaceAll(t.text, "’", "'"))
	if n > 0 || t.confirmed != nil || !t12FreeRe.MatchString(low) || t12FreeNotRe.MatchString(low) ||
		!(askDoRe.MatchString(low) || imperativeRe.MatchString(low) || typoAskRe.MatchString(low) || t12ShortAskRe.MatchString(low)) {
		return agent.Message{}, false
	}
	return say("I'm sorry, I can't add free items or gifts to an order from here: none of the changes I can make does that. %s", cantPerson), true
}

// t12Carrier answers a request to cancel a shipment or send it with
// another carrier: no tool does that. When a follow-up promise was just
// offered, it is stated again as what can be done.
func (t *turn) t12Carrier(n int) (agent.Message, bool) {
	low := strings.ToLower(t.text)
	if t.confirmed != nil || !t12CarrierRe.MatchString(low) ||
		!(askDoRe.MatchString(low) || imperativeRe.MatchString(low) || strings.Contains(low, "instead")) {
		return agent.Message{}, false
	}
	const cant = "I'm sorry, I can't cancel the shipment now or choose another carrier from here: the parcel goes with the carrier its label was made for."
	if !t.t12PromiseWaits() {
		if n > 0 {
			return agent.Message{}, false
		}
		return say("%s %s", cant, cantPerson), true
	}
	switch {
	case n == 0:
		return toolCall(0, toolname.FollowUp, t.t12PromiseArgs()), true
	case t.calls[n-1].name == toolname.FollowUp:
		last := t.calls[n-1]
		if s := str(last.result, "statement"); s != "" && !last.isErr {
			return say("%s What I can do is this: %s Shall I go ahead? Just reply yes.", cant, s), true
		}
		return say("%s %s", cant, cantPerson), true
	}
	return agent.Message{}, false
}

// t12RefundDone answers whether a refund has happened: refund_status,
// never a new return.
func (t *turn) t12RefundDone(n int) (agent.Message, bool) {
	st := t.req.State
	if !t.verified || st == nil || !t12RefundStateRe.MatchString(t.text) || t12AskForRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	if a := st.Answered; a != nil && a.Status == "lapsed" && a.Tool != toolname.FollowUp {
		return agent.Message{}, false // about the refund just stated (pending11.go)
	}
	for _, q := range questions(t.text) {
		if t12RefundStateRe.MatchString(q) {
			continue
		}
		if in := classify(normalise(q)); lookupOf(q) != "" || in != intentNone && in != intentThanks && in != intentGreeting {
			return agent.Message{}, false // another question beside it: each part (parts.go)
		}
	}
	switch {
	case n == 0:
		return toolCall(0, toolname.RefundStatus, t.orderArg()), true
	case t.calls[n-1].name == toolname.RefundStatus:
		return say("%s", t.answer(t.calls[n-1])), true
	}
	return agent.Message{}, false
}

// t12YesEmail answers "yes, will I get an email?" beside the outcome of
// the yes (or, when code stated the proposal again, beside it).
func (t *turn) t12YesEmail(n int) (agent.Message, bool) {
	st := t.req.State
	if st == nil || st.Answered == nil || n > 0 || !strings.Contains(t.text, "?") || !t12EmailAskRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	a := st.Answered
	note := t12EmailNote(a.Tool)
	switch {
	case t.confirmed != nil && a.Status == "confirmed":
		return say("%s\n\n%s", t.answer(*t.confirmed), note), true
	case a.Status == "lapsed" && a.Reoffered && !a.Expired:
		return say("I haven't started anything yet. %s", note), true
	}
	return agent.Message{}, false
}

// t12EmailNote says, for a write of tool, what email the customer gets:
// only what the statement itself promises.
func t12EmailNote(tool string) string {
	switch tool {
	case toolname.CancelOrder:
		return "About the email: yes, you'll get a cancellation email from us."
	case toolname.StartReturn, toolname.ExchangeItem:
		return "About the email: yes, the instructions for sending the items back come by email."
	}
	return "About the email: this chat is your confirmation, and it stays here for you to look back on; I can't promise a separate email about it."
}

// t12PromiseWaits reports whether a follow-up promise was offered in the
// previous reply and the message neither took nor refused it in so many
// words: code lapsed (or read a stray "wait" as declining) it.
func (t *turn) t12PromiseWaits() bool {
	st := t.req.State
	if st == nil || st.Answered == nil || st.Answered.Tool != toolname.FollowUp || st.Answered.Expired || t.confirmed != nil {
		return false
	}
	return st.Answered.Status == "lapsed" || st.Answered.Status == "declined"
}

// t12PromiseArgs are follow_up's arguments for stating the promise again.
func (t *turn) t12PromiseArgs() map[string]any {
	args := t.orderArg()
	if _, ok := args["order_number"]; !ok {
		args["order_number"] = t.currentOrder()
	}
	if r := t.req.State.Answered.Resolution; r != "" {
		args["resolution"] = r
	}
	return args
}

// t12Promise takes a message said right after a follow-up promise that
// is neither a yes nor a no to it, nor a question about it: a question
// about the order (a variant, when it comes, why the estimate moved) is
// answered and the promise stated again after it; a request of its own
// (a cancellation, an address) is taken as if nothing waited.
func (t *turn) t12Promise(n int) (agent.Message, bool) {
	if !t.verified || !t.t12PromiseWaits() || t12CondRe.MatchString(t.text) || agent.Affirmative(t.text) || lateChoice(t.text) != "" {
		return agent.Message{}, false
	}
	free := *t
	free.declined, free.reoffered = false, false
	st := *t.req.State
	st.Answered = nil
	free.req.State = &st
	switch {
	case t12AsksVariantByName(t.text) && len(t.t12LinesNamed()) > 0:
		lines := t.t12LinesNamed()
		return t.t12ThenPromise(n, func(s *turn, k int) (agent.Message, bool) {
			if k > 0 {
				return agent.Message{}, false
			}
			return say("On order %s you got: %s.", s.currentOrder(), strings.Join(lines, "; ")), true
		})
	case t12OwnVariantRe.MatchString(t.text) && len(t.orderLines(t.currentOrder())) > 0:
		lines := t.orderLines(t.currentOrder())
		if named := namedItems(lines, t.text); len(named) > 0 {
			if own := t.t12LinesByTitle(lines); len(own) > 0 {
				lines = own
			}
		}
		return t.t12ThenPromise(n, func(s *turn, k int) (agent.Message, bool) {
			if k > 0 {
				return agent.Message{}, false
			}
			return say("On order %s you got: %s.", s.currentOrder(), strings.Join(lines, "; ")), true
		})
	case f11AskOf(t.text, t.lastBot) == f11Variant || f11AsksVariant(t.text, t.namesOrderLine()):
		return t.t12ThenPromise(n, func(s *turn, k int) (agent.Message, bool) {
			s.declined, s.reoffered, s.req.State = false, false, free.req.State
			return s.facts11(k)
		})
	case t12MovedRe.MatchString(t.text) || t12WhenRe.MatchString(t.text) && !t.t12Request():
		moved := t12MovedRe.MatchString(t.text)
		return t.t12ThenPromise(n, func(s *turn, k int) (agent.Message, bool) {
			switch {
			case k == 0:
				return toolCall(0, toolname.TrackOrder, s.orderArg()), true
			case s.calls[k-1].name == toolname.TrackOrder && !s.calls[k-1].isErr && s.calls[k-1].result != nil:
				r := s.calls[k-1].result
				if moved {
					return say("%s\n\n%s", t12Moved(r), s.answer(s.calls[k-1])), true
				}
				return say("%s", s.answer(s.calls[k-1])), true
			}
			return agent.Message{}, false
		})
	case t.t12Request():
		return free.plan(), true
	}
	return agent.Message{}, false
}

// t12Request reports whether the message asks for something done: a
// cancellation, an address, a return, or what no tool does.
func (t *turn) t12Request() bool {
	switch t.intent {
	case intentAddress, intentReturn, intentPerson:
		return true
	}
	if resolutionTool(t.text) != "" || strings.Contains(normalise(t.text), "cancel") {
		return true
	}
	k, _, ok := t.cantRequest()
	return ok && k != cantNone
}

// t12ThenPromise runs inner (a question's steps) and then states the
// follow-up promise again: follow_up once more, its statement after the
// answer.
func (t *turn) t12ThenPromise(n int, inner func(s *turn, k int) (agent.Message, bool)) (agent.Message, bool) {
	if n > 0 && t.calls[n-1].name == toolname.FollowUp {
		sub := *t
		sub.calls = t.calls[:n-1]
		m, ok := inner(&sub, n-1)
		if !ok || hasToolUse(m) {
			return agent.Message{}, false
		}
		last := t.calls[n-1]
		if s := str(last.result, "statement"); s != "" && !last.isErr {
			return say("%s\n\n%s Shall I go ahead? Just reply yes.", m.Text(), s), true
		}
		return m, true
	}
	sub := *t
	m, ok := inner(&sub, n)
	if !ok {
		return agent.Message{}, false
	}
	if hasToolUse(m) {
		return m, true
	}
	return toolCall(n, toolname.FollowUp, t.t12PromiseArgs()), true
}

// t12Moved says why the estimate is what it is: a parcel's estimate that
// rolled on ("was due by") and why, or that it has not changed.
func t12Moved(r map[string]any) string {
	var moved []string
	for _, p := range list(r, "parcels") {
		e := str(p, "estimated_delivery")
		i := strings.Index(e, "(was due by ")
		if i < 0 {
			continue
		}
		what := "your order"
		if items := p["items"]; items != nil {
			if l, ok := items.([]any); ok && len(l) > 0 {
				var s []string
				for _, x := range l {
					s = append(s, fmt.Sprint(x))
				}
				what = "the " + strings.Join(s, " and the ")
			}
		}
		why := "the carrier hasn't delivered it in the time first estimated"
		switch str(p, "stage") {
		case "pre_shipment":
			why = "it hasn't left us yet, so the estimate moves on with each day it waits"
		case "label_created":
			why = "the carrier hasn't picked it up yet, so the estimate moves on with each day it waits"
		case "in_transit":
			if ls := str(p, "last_scan"); ls != "" {
				why = "the carrier hasn't scanned it since " + ls + ", so the estimate moved on"
			}
		}
		moved = append(moved, fmt.Sprintf("You're right, the estimate moved: %s was due by %s, and is now expected %s, because %s. I'm sorry about that.",
			what, strings.TrimSuffix(e[i+len("(was due by "):], ")"), strings.TrimSpace(e[:i]), why))
	}
	if len(moved) > 0 {
		return strings.Join(moved, " ")
	}
	for _, p := range list(r, "parcels") {
		if str(p, "estimated_delivery") != "" {
			return "The estimate I have for your order hasn't changed; here is where it stands."
		}
	}
	return "Here is where your order stands."
}

var (
	// t12StreetRe is a street line without a comma after it: a number,
	// up to five words, a street type, an optional direction and unit; or
	// a PO box.
	t12StreetRe = `(?:\d+[A-Za-z]?\s+(?:[\p{L}\d.'-]+\s+){0,4}?(?:st|street|ave|avenue|av|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace|pkwy|parkway|hwy|highway|cir|circle|sq|square|trl|trail|loop|row|aly|alley)\.?` +
		`(?:\s+(?:n|s|e|w|ne|nw|se|sw)\.?)?(?:\s+(?:apt|apartment|unit|suite|ste|#)\.?\s*[\w-]+)?|p\.?\s?o\.?\s*box\s+\d+)`
	// t12AddressRe is a US address whose parts no comma separates: street,
	// city, state code, ZIP.
	t12AddressRe = regexp.MustCompile(`(?i)(` + t12StreetRe + `)\s*,?\s+([\p{L}][\p{L}.' -]*?)\s*,?\s+([A-Za-z]{2})\s*,?\s+(\d{5}(?:-\d{4})?)\b`)
	// t12AddressCueRe tells the message is about where the order goes.
	t12AddressCueRe = regexp.MustCompile(`(?i)\b(?:address|adress|addr|ship|send|deliver|po box|p\.o\.|instead|like i said|what about|change)\b`)
)

// t12States are the US state and territory codes.
var t12States = map[string]bool{}

func init() {
	for _, s := range strings.Fields("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR") {
		t12States[s] = true
	}
}

// t12NewAddress reads a US address the other readings miss (no commas,
// or a PO box): change_address's fields, or nil.
func t12NewAddress(text string) map[string]any {
	m := t12AddressRe.FindStringSubmatch(text)
	if m == nil || !t12States[strings.ToUpper(m[3])] {
		return nil
	}
	street := strings.TrimSpace(m[1])
	if loc := addressCueRe.FindAllStringIndex(street, -1); len(loc) > 0 {
		street = strings.TrimSpace(street[loc[len(loc)-1][1]:])
	}
	a := map[string]any{"address1": street, "city": strings.TrimSpace(m[2]), "province": strings.ToUpper(m[3]), "zip": m[4], "country_code": "US"}
	if name := headName(text[:t12AddressRe.FindStringIndex(text)[0]]); name != "" {
		a["name"] = name // addr13_name.go
	}
	return a
}

// t12Address proposes an address the other readings miss, for the
// conversation's order (a PO box's number is no order number).
func (t *turn) t12Address(n int) (agent.Message, bool) {
	st := t.req.State
	if !t.verified || st == nil || newAddress(t.text) != nil && !strings.Contains(strings.ToLower(t.text), "box") {
		return agent.Message{}, false
	}
	a := t12NewAddress(t.text)
	if a == nil {
		return agent.Message{}, false
	}
	cue := t12AddressCueRe.MatchString(t.text) || t.intent == intentAddress || strings.Contains(t.lastBot, "address") ||
		st.Answered != nil && st.Answered.Tool == toolname.ChangeAddress
	if !cue {
		return agent.Message{}, false
	}
	switch {
	case n == 0:
		name := t.order
		if name == "" || strings.Contains(t.text, strings.TrimPrefix(name, "#")) && !strings.Contains(t.text, name) {
			name = stateCurrentOrder(st)
		}
		args := map[string]any{"order_number": name}
		for k, v := range a {
			args[k] = v
		}
		return toolCall(0, toolname.ChangeAddress, args), true
	case t.calls[n-1].name == toolname.ChangeAddress:
		return say("%s", t.answer(t.calls[n-1])), true
	}
	return agent.Message{}, false
}

// t12ShortAskRe is "can you" in a text's shorthand: "cn u", "cud u".
var t12ShortAskRe = regexp.MustCompile(`(?i)\b(?:cn|cud|cld|cuold)\s+(?:u|you|ya)\b`)

// t12OwnVariantRe asks which variant the customer has: "which colour is
// mine", "what size did i get", "remind me what scent".
var t12OwnVariantRe = regexp.MustCompile(`(?i)\b(?:which|what|wat|remind|remember|forget|forgot)\b[^.?!]{0,30}\b(?:colou?rs?|sizes?|scents?|variants?|versions?|styles?)\b|\b(?:colou?rs?|sizes?|scents?)\b[^.?!]{0,30}\b(?:mine|i (?:got|picked|ordered|chose|have)|did i)\b`)

// t12LinesByTitle are the lines whose product the message names.
func (t *turn) t12LinesByTitle(lines []string) []string {
	said := map[string]bool{}
	for _, w := range wordRe.FindAllString(strings.ToLower(agent.WithProductNouns(t.text)), -1) {
		said[stemWord(w)] = true
	}
	var out []string
	for _, l := range lines {
		title := l
		if i := strings.Index(l, "("); i > 0 {
			title = l[:i]
		}
		for _, w := range wordRe.FindAllString(strings.ToLower(title), -1) {
			if len(w) >= 3 && said[stemWord(w)] {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// t12VariantAskRe is a question, or a customer who can't remember.
var t12VariantAskRe = regexp.MustCompile(`(?i)\?|\b(?:forget|forgot|remember|remind|which|was it|is it|did i)\b`)

// t12AsksVariantByName reports whether text asks which variant was
// ordered in the shape of a question or a lapse of memory.
func t12AsksVariantByName(text string) bool {
	return t12VariantAskRe.MatchString(text)
}

// t12LinesNamed are the current order's lines whose variant the message
// names by a word of it ("the cedar one or the fig one"), narrowed to
// those whose product it names too when any; none when it names no
// variant word.
func (t *turn) t12LinesNamed() []string {
	lines := t.orderLines(t.currentOrder())
	said := map[string]bool{}
	for _, w := range wordRe.FindAllString(strings.ToLower(t.text), -1) {
		said[stemWord(w)] = true
	}
	var byVariant, byBoth []string
	for _, l := range lines {
		i := strings.Index(l, "(")
		if i < 0 {
			continue
		}
		variant, title := false, false
		for _, w := range wordRe.FindAllString(strings.ToLower(l[i:]), -1) {
			variant = variant || len(w) >= 3 && said[stemWord(w)]
		}
		for _, w := range wordRe.FindAllString(strings.ToLower(l[:i]), -1) {
			title = title || len(w) >= 4 && said[stemWord(w)]
		}
		if variant {
			byVariant = append(byVariant, l)
			if title {
				byBoth = append(byBoth, l)
			}
		}
	}
	if len(byBoth) > 0 {
		return byBoth
	}
	return byVariant
}

// t12MovedAlone answers "you said Friday, now it's later?" with no
// promise waiting: why the estimate is what it is, and where it stands.
func (t *turn) t12MovedAlone(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.t12PromiseWaits() || !t12MovedRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	switch {
	case n == 0:
		return toolCall(0, toolname.TrackOrder, t.orderArg()), true
	case t.calls[n-1].name == toolname.TrackOrder && !t.calls[n-1].isErr && t.calls[n-1].result != nil:
		return say("%s\n\n%s", t12Moved(t.calls[n-1].result), t.answer(t.calls[n-1])), true
	}
	return agent.Message{}, false
}
