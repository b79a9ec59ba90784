package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Shipping-address conversations a trial got wrong (issue 18, addr13):
//
//   - a bare name after an address was proposed or changed ("Linda
//     Whitfield", "the name should be …") is the recipient of THAT
//     address: the same address is proposed again with the name, never
//     asked for a third time;
//   - a check of the address ("whr is it going, wht adress", "don't want
//     to change it, what address do you have on file", "read back the
//     address") shows the order's address from track_order, the customer
//     being verified, and asks for no new one.

// addr13 is the hook in plan().
func (t *turn) addr13(n int) (agent.Message, bool) {
	if m, ok := t.addr13Name(n); ok {
		return m, true
	}
	return t.addr13Lookup(n)
}

// a13NameCueRe introduces a recipient's name given on its own: "the name
// should be", "put it under the name", "a nombre de", "name:".
var a13NameCueRe = regexp.MustCompile(`(?i)(?:\bnam(?:e|en)|\bnombre|\bnom)(?:\s+(?:should|shld|shd|must|needs? to)\s+(?:be|say|read))?(?:\s+(?:is|es|ist|est|de))?\s*:?\s+|\b(?:should|shld|shd)\s+(?:be|say)\s+|\bunder\s+`)

// a13LeadRe is a courtesy before a bare name: "ok", "oh and", "sorry,".
var a13LeadRe = regexp.MustCompile(`(?i)^(?:(?:ok(?:ay)?|oh|and|also|sorry|actually|but|so|yes|yeah|no|nope)\b[\s,.!-]*)+`)

// givenName is the name text gives on its own (the whole message is a
// name, or a cue then a name): "" when it gives none.
func givenName(text string) string {
	s := strings.TrimSpace(a13LeadRe.ReplaceAllString(strings.TrimSpace(text), ""))
	s = strings.TrimSpace(trailingRe.ReplaceAllString(s, ""))
	s = strings.TrimRight(s, " .!?")
	if personName(s, false) {
		return s
	}
	for _, loc := range append(a13NameCueRe.FindAllStringIndex(text, -1), nameCueRe.FindAllStringIndex(text, -1)...) {
		rest := strings.Fields(text[loc[1]:])
		for k := min(len(rest), 5); k >= 2; k-- {
			c := strings.TrimRight(strings.Join(rest[:k], " "), " ,.!?")
			if personName(c, false) {
				return c
			}
		}
	}
	return ""
}

// addr13Name proposes the address the agent's last reply stated (a
// proposal, or the change just made) again, under the name the customer
// now gives.
func (t *turn) addr13Name(n int) (agent.Message, bool) {
	st := t.req.State
	if !t.verified || st == nil || t.confirmed != nil || !offers(t.req, toolname.ChangeAddress) {
		return agent.Message{}, false
	}
	if n > 0 {
		last := t.calls[n-1]
		if nm, _ := last.input["name"].(string); last.name == toolname.ChangeAddress && nm != "" && nm == givenName(t.text) && t.a13Active() {
			return say("%s", t.answer(last)), true
		}
		return agent.Message{}, false
	}
	if !t.a13Active() || newAddress(t.text) != nil || anyDigitRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	prev := newAddress(t.lastBot)
	if prev == nil {
		return agent.Message{}, false
	}
	name := givenName(t.text)
	if name == "" {
		return agent.Message{}, false
	}
	args := t.orderArg()
	if cur := stateCurrentOrder(st); t.order == "" && cur != "" {
		args["order_number"] = cur
	}
	for k, v := range prev {
		args[k] = v
	}
	args["name"] = name
	return toolCall(n, toolname.ChangeAddress, args), true
}

// a13Active reports whether the agent's last reply proposed or made an
// address change.
func (t *turn) a13Active() bool {
	st := t.req.State
	if st == nil {
		return false
	}
	for _, a := range st.Before {
		if a.Tool == toolname.ChangeAddress && (a.Status == "proposed" || a.Status == "done" || a.Status == "confirmed") {
			return true
		}
	}
	return st.Answered != nil && st.Answered.Tool == toolname.ChangeAddress && st.Answered.Status == "confirmed"
}

var (
	// a13LookRe asks what address the order goes to, typos and all.
	a13LookRe = regexp.MustCompile(`(?i)\b(?:wh?a?t'?s?|wht|wat|wut|which|wich|whcih|whch)\s+(?:\S+\s+){0,3}(?:address|adress|adres|addres|addresss|addy|addr)\b` +
		`|\b(?:whr|where|wher|wehre|were)\s+(?:is|s|'s|iz)?\s*(?:it|my order|the order|this|order|my package|the parcel|my parcel|my stuff)\s+(?:going|goin|headed|heading|shipping|being (?:sent|shipped|delivered))\b` +
		`|\bread\s+(?:back|out|me|it)\b[^.?!]{0,30}\b(?:address|adress|adres)\b|\b(?:address|adress|adres)\b[^.?!]{0,30}\b(?:on file|(?:do )?(?:you|u) have|now|currently|at the moment)\b` +
		`|\bquelle\s+est\s+l'?\s*adresse\b|\bà\s+quelle\s+adresse\b|\bl'adresse\s+(?:de livraison\s+)?(?:actuelle|enregistr)` +
		`|\bqu[eé]\s+direcci[oó]n\b|\bcu[aá]l\s+es\s+la\s+direcci[oó]n\b` +
		`|\bwelche\s+(?:\S+\s+)?(?:liefer)?adresse\b|\bwie\s+lautet\s+die\s+(?:liefer)?adresse\b`)
	// a13NotChangeRe says the customer does not want a change.
	a13NotChangeRe = regexp.MustCompile(`(?i)\b(?:don'?t|dont|do not|doesn'?t|no need to|not|never)\s+(?:\w+\s+){0,2}?(?:chang|updat|edit)\w*|\bno\s+change\w*\b|\bjust\s+(?:checking|wondering|confirming|want(?:ed)? to (?:check|know|confirm|see|make sure))\b|\bnvm\b|\bnever ?mind\b|\bkein\w*\s+änderung|\bnicht\s+ändern|\bno\s+(?:quiero\s+)?cambiar|\bpas\s+(?:de\s+)?chang`)
)

// a13OtherAddressRe is an address that is not the order's shipping
// address: the return address, the billing one, an email address, the
// shop's own.
var a13OtherAddressRe = regexp.MustCompile(`(?i)\b(?:return\w*|retrun\w*|send (?:it |them )?back|billing|bill to|invoice|e-?mail|ip|your|ur|shop'?s|store'?s|warehouse|company|business|devoluci\w*|facturaci\w*|retour\w*|rücksend\w*|rechnung\w*|factur\w*)\b`)

// addressLook reports whether text asks what address the order ships to,
// and not for a change.
func addressLook(text string) bool {
	low := strings.ToLower(text)
	if newAddress(text) != nil || t12NewAddress(text) != nil || !a13LookRe.MatchString(low) || a13OtherAddressRe.MatchString(low) {
		return false
	}
	return !addressChangeRe.MatchString(low) || a13NotChangeRe.MatchString(low)
}

// addr13Lookup answers a check of the address from track_order's
// ship_to: the order's address now, a change just made included.
func (t *turn) addr13Lookup(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.declined || !addressLook(t.text) || a13AsksMore(t.text) || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	c := t.called(toolname.TrackOrder)
	if c == nil {
		if n > 0 {
			return agent.Message{}, false
		}
		args := t.orderArg()
		if cur := stateCurrentOrder(t.req.State); t.order == "" && cur != "" {
			args["order_number"] = cur
		}
		return toolCall(n, toolname.TrackOrder, args), true
	}
	a := str(c.result, "ship_to")
	if c.isErr || a == "" {
		return agent.Message{}, false
	}
	return say("Order %s is addressed to: %s.", str(c.result, "order_number"), a), true
}

// a13PartRe splits a message's asks joined by "and", "also" or ";".
var a13PartRe = regexp.MustCompile(`(?i)\s+(?:and|also|plus|y|und|et)\s+|[;\n]`)

// a13ShipAskRe asks whether it has gone or when it comes ("did everything
// ship", "y ya lo enviaron?"): a status question beside the address.
var a13ShipAskRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:ship(?:ped)?|shipt|sent|dispatched|out yet|on (?:its|it's) way|arrive|arriving|` +
	`envia(?:ron|do|da)|enviaste|mandaron|llega\p{L}*|verschickt|versandt|verschickt|unterwegs|ankommen|kommt|exp[ée]di\p{L}*|envoy[ée]\p{L}*|arriv\p{L}*|` +
	`when|cu[aá]ndo|wann|quand|how much|tracking|sendungsnummer|suivi|seguimiento|cost\p{L}*|gekostet|kostet|cuesta|cost[oó]|co[uû]t\p{L}*|paid|pagu[eé]|bezahlt|pay[ée]|sale|sali[oó])(?:[^\p{L}]|$)`)

// a13AsksMore reports whether a message asks something beside the address
// ("is it out yet and what address did it go to"): the general path
// answers each part.
func a13AsksMore(text string) bool {
	for _, q := range questions(text) {
		for _, p := range a13PartRe.Split(q, -1) {
			if addressLook(p) {
				continue
			}
			if a13ShipAskRe.MatchString(p) || orderAskOf(p) != orderAskNone || (classify(normalise(p)) != intentNone && classify(normalise(p)) != intentGreeting && classify(normalise(p)) != intentAddress) {
				return true
			}
		}
	}
	return false
}
