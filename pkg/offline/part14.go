package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A new user's trial of `make dev` (issue 18, part14) found requests and
// questions the shop can or cannot meet misread or left unanswered,
// mid-conversation most of all:
//
//   - "can you send it express?" got the status again, never whether the
//     shop ships faster: the shop's guide says what shipping it offers
//     and costs, and an order's speed is not changed here;
//   - "is it going to my place on X street?" was read as a change of
//     address: it is a check, answered with the address on file;
//   - "yes, and to the same address?" ran the yes but never said which
//     address;
//   - "and if it never arrives, do I get my money back?" got the 30-day
//     return policy: a late or lost parcel is replaced or refunded;
//   - "which colour did I order?" got the status: the order's lines say.
//
// Each is a hook of its own, narrow enough to leave other readings alone.

// part14 is the hook in plan().
func (t *turn) part14(n int) (agent.Message, bool) {
	for _, hook := range []func(int) (agent.Message, bool){t.p14SameAddress, t.p14AddressCheck, t.p14LateMoney, t.p14Shipping, t.p14Variant} {
		if m, ok := hook(n); ok {
			return m, true
		}
	}
	return agent.Message{}, false
}

var (
	// p14SameAddressRe asks whether what was agreed goes where the order
	// went: "same address?", "to my house again right".
	p14SameAddressRe = regexp.MustCompile(`(?i)\bsame\s+(?:address|adress|addy|place|house|home|spot)\b|\b(?:my|the)\s+(?:house|place|home|address|adress)\s+again\b|\bmisma\s+direcci[oó]n\b|\b(?:gleiche|selbe|dieselbe)n?\s+adresse\b|\bm[eê]me\s+adresse\b`)

	// p14GoingRe asks whether the order goes to somewhere: "its going
	// to", "is the X still headed to". What follows must be a place
	// (p14PlaceRe): "is it going to arrive?" is no check.
	p14GoingRe = regexp.MustCompile(`(?i)\b(?:is|it'?s|its|it is|is it|are they|r they|is my (?:order|parcel|package|stuff|box))\s+(?:still\s+|really\s+|definitely\s+)?(?:going|goin|headed|heading|being (?:sent|shipped|delivered)|shipping|set to go)\s+(?:to|2)\s+` +
		`|\b(?:is|are)\s+(?:the|my)\s+(?:\S+\s+){1,2}?(?:still\s+)?(?:going|goin|headed|heading|being sent|shipping)\s+(?:to|2)\s+`)
	// p14PlaceRe is the start of a place: a number, "my (old) address",
	// "the X address", a street, an apartment.
	p14PlaceRe = regexp.MustCompile(`(?i)^(?:\d|(?:my|the|our)\s+(?:\S+\s+){0,2}?(?:address|adress|addy|place|house|home|apartment|apt|flat|work|office)\b|\S+\s+(?:st|street|ave|avenue|rd|road|dr|drive|ln|lane|blvd|boulevard|way|court|ct|pl|place)\b|apt\b|apartment\b|unit\b)`)
	// p14CheckRe asks about the order's address outright: "headed to the
	// X address", "is the address on the order 12 X?".
	p14CheckRe = regexp.MustCompile(`(?i)\b(?:headed|heading|going)\s+to\s+(?:the|my)\s+\S+\s+(?:address|adress|place)\b` +
		`|\b(?:address|adress)\s+on\s+(?:the\s+)?(?:order|file)\s+(?:is\s+)?\d`)

	// p14CheckAskRe is what makes the check a question: a question mark,
	// "right", "correct", "just checking".
	p14CheckAskRe = regexp.MustCompile(`(?i)\?|\bright\b|\bcorrect\b|\bjust (?:checking|want(?:ed)? to (?:know|check|make sure))\b|\bconfirm\b`)

	// p14ChangeRe asks for another address: none of it is a check.
	p14ChangeRe = regexp.MustCompile(`(?i)\b(?:chang\w*|updat\w*|instead|switch\w*|new address|moved|move it|send it to|ship it to|redirect\w*|reroute\w*|cambi\w*|änder\w*|umleit\w*|modifi\w*)\b`)

	// p14StopWords are words of a check that name no part of an address.
	p14StopWords = map[string]bool{"the": true, "address": true, "adress": true, "street": true, "ave": true, "avenue": true, "going": true, "goin": true,
		"headed": true, "heading": true, "order": true, "right": true, "still": true, "just": true, "checking": true, "place": true, "want": true, "know": true,
		"its": true, "it's": true, "is": true, "my": true, "to": true, "on": true, "file": true, "road": true, "apt": true, "unit": true, "wait": true,
		"old": true, "new": true, "house": true, "home": true, "parcel": true, "package": true, "correct": true, "really": true, "that": true, "this": true,
		"going?": true, "and": true, "for": true, "with": true, "are": true, "they": true, "being": true, "sent": true, "shipped": true, "delivered": true}
)

// p14SameAddress answers a yes that also asks whether what it sends goes
// to the same address: code ran the yes; the reply says so and names the
// address on the order (track_order's ship_to).
func (t *turn) p14SameAddress(n int) (agent.Message, bool) {
	c := t.confirmed
	if c == nil || !t.verified || !p14SameAddressRe.MatchString(t.text) || p14ChangeRe.MatchString(t.text) || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	switch c.name {
	case toolname.ReportDamage, toolname.ReportNotReceived, toolname.FollowUp, toolname.ExchangeItem:
	default:
		return agent.Message{}, false
	}
	if r, _ := c.input["resolution"].(string); r == "refund" || r == "store_credit" {
		return agent.Message{}, false
	}
	track := t.called(toolname.TrackOrder)
	if track == nil {
		args := t.orderArg()
		if o, _ := c.input["order_number"].(string); o != "" {
			args = map[string]any{"order_number": o}
		}
		return toolCall(n, toolname.TrackOrder, args), true
	}
	addr := str(track.result, "ship_to")
	if track.isErr || addr == "" {
		return agent.Message{}, false
	}
	return say("%s\n\nAbout your question: yes, it goes to the same address as order %s: %s.", t.answer(*c), str(track.result, "order_number"), addr), true
}

// p14Order is the order a check is about: the one named when it is the
// customer's, else the conversation's.
func (t *turn) p14Order() (string, *agent.StateOrder) {
	st := t.req.State
	if st == nil {
		return "", nil
	}
	name := stateCurrentOrder(st)
	for i := range st.Orders {
		if t.order != "" && st.Orders[i].Name == t.order {
			return t.order, &st.Orders[i]
		}
	}
	for i := range st.Orders {
		if st.Orders[i].Name == name {
			return name, &st.Orders[i]
		}
	}
	return name, nil
}

// p14AddressCheck answers "is it going to X?" with the address on file:
// yes when what the customer named is part of it, else the address as it
// is. Nothing is proposed.
func (t *turn) p14AddressCheck(n int) (agent.Message, bool) {
	st := t.req.State
	if !t.verified || st == nil || st.Answered != nil || t.confirmed != nil || t.declined || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	if !p14Checks(low) || !p14CheckAskRe.MatchString(low) || p14ChangeRe.MatchString(low) || a13OtherAddressRe.MatchString(low) || !p14Alone(low, p14Checks) {
		return agent.Message{}, false
	}
	name, o := t.p14Order()
	if len(st.Orders) > 1 && t.order == "" && (st.CurrentOrder == "" || o == nil || !notYetDelivered(o.Stage)) {
		return agent.Message{}, false // which order (an open one, not the one delivered): refer11's
	}
	track := t.called(toolname.TrackOrder)
	if track == nil {
		if n > 0 || name == "" {
			return agent.Message{}, false
		}
		return toolCall(n, toolname.TrackOrder, map[string]any{"order_number": name}), true
	}
	addr := str(track.result, "ship_to")
	if track.isErr || addr == "" {
		return agent.Message{}, false
	}
	if p14Names(low, addr) {
		return say("Yes: order %s is going to %s.", str(track.result, "order_number"), addr), true
	}
	return say("The address on order %s is %s. If that's not where it should go, tell me the new address and I'll check whether it can still be changed.", str(track.result, "order_number"), addr), true
}

// p14Checks reports whether low asks where the order goes, naming a
// place.
func p14Checks(low string) bool {
	if p14CheckRe.MatchString(low) {
		return true
	}
	for _, m := range p14GoingRe.FindAllStringIndex(low, -1) {
		if p14PlaceRe.MatchString(low[m[1]:]) {
			return true
		}
	}
	return false
}

// p14Alone reports whether low asks only what is asks (each of its
// parts by a13PartRe and its questions): a status or another ask beside
// it goes the general path, which answers each part.
func p14Alone(low string, is func(string) bool) bool {
	for _, q := range questions(low) {
		for _, p := range a13PartRe.Split(q, -1) {
			if strings.TrimSpace(p) == "" || is(p) {
				continue
			}
			if a13ShipAskRe.MatchString(p) || orderAskOf(p) != orderAskNone {
				return false
			}
			if c := classify(normalise(p)); c != intentNone && c != intentGreeting && c != intentAddress {
				return false
			}
		}
	}
	return true
}

// p14Names reports whether text names part of addr: a number or a word
// of it beyond the words any address has.
func p14Names(text, addr string) bool {
	have := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(addr), p14NotWordRune) {
		have[w] = true
	}
	for _, w := range strings.FieldsFunc(text, p14NotWordRune) {
		if len(w) >= 2 && !p14StopWords[w] && have[w] {
			return true
		}
	}
	return false
}

func p14NotWordRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r > 127)
}

var (
	// p14IfRe opens a condition: "and if", "what happens if", "y si",
	// "und wenn", "et si".
	p14IfRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:if|what if|in case|y si|si|und wenn|wenn|falls|et si|s'il|au cas o[uù])(?:[^\p{L}]|$)`)
	// p14LostRe is a parcel lost or late.
	p14LostRe = regexp.MustCompile(`(?i)\blost\b|\bnever\s+(?:arrives?|comes?|shows?\s+up|turns?\s+up|gets?\s+here|makes?\s+it|gets?\s+to\s+me)\b|\b(?:doesn'?t|does not|dont|don'?t)\s+(?:arrive|come|show|turn up|get here)\b|\blate\b|\bdelayed\b|\bgo(?:es)?\s+missing\b|\bse\s+pierde\b|\bperd(?:i[oó]|ido)\b|\bno\s+llega\b|\bnunca\s+llega\b|\bllega\s+tarde\b|\bnicht\s+ankommt\b|\bnie\s+ankommt\b|\bverloren\b|\bzu\s+spät\b|\bversp[aä]tet\b|\bn'arrive\s+(?:jamais|pas)\b|\bperdu\b|\ben\s+retard\b`)
	// p14ByRe is a deadline ("if it's not here by friday"): the late
	// promise's (follow7), which states what is done then.
	p14ByRe = regexp.MustCompile(`(?i)\b(?:by|before|until|till)\s+(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|tmrw|next|this|the\s+\d|\d|christmas|xmas|then|end)|\bpara\s+el\s+(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|\d)|\bbis\s+(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen|\d)|\b(?:d'ici|avant)\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|le\s+\d)`)
	// p14MoneyRe asks for the money back.
	p14MoneyRe = regexp.MustCompile(`(?i)\bmoney\s+back\b|\brefund\w*|\breimburs\w*|\breembols\w*|\bdevuelv\w*\s+(?:el\s+)?dinero\b|\bdinero\b|\bgeld\b|\berstatt\w*|\brembours\w*|\bargent\b`)
)

// p14LateMoney answers what happens to the money if a parcel on its way
// is lost or late: it is replaced or refunded, not the return window.
// Nothing is proposed: it only asks what would happen.
func (t *turn) p14LateMoney(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	if !p14IfRe.MatchString(low) || !p14LostRe.MatchString(low) || !p14MoneyRe.MatchString(low) || p14ByRe.MatchString(low) {
		return agent.Message{}, false
	}
	name, o := t.p14Order()
	if o == nil || !notYetDelivered(o.Stage) {
		return agent.Message{}, false
	}
	track := t.called(toolname.TrackOrder)
	if track == nil {
		if n > 0 {
			return agent.Message{}, false
		}
		return toolCall(n, toolname.TrackOrder, map[string]any{"order_number": name}), true
	}
	est := ""
	if !track.isErr {
		est = t.currentEstimate(track.result)
	}
	return say("You won't lose out if it goes astray: if order %s is lost, or runs well past its delivery estimate and stops moving, tell me here and I'll arrange a replacement at no cost or a refund to your original payment method, whichever you prefer.%s Nothing needs doing now: it's still on its way.",
		name, est), true
}

var (
	// p14FasterRe names a faster shipping service than the order has:
	// whether the shop offers one is the guide's. A bare "expedite it"
	// or "speed it up" names none: the order's facts answer it (cantDo).
	p14FasterRe = regexp.MustCompile(`(?i)\b(?:express|expedited\s+(?:shipping|delivery)|overnight|next[- ]day|2[- ]day|two[- ]day|priority (?:shipping|mail)|rush (?:shipping|delivery)|faster (?:shipping|delivery)|shipping (?:options?|methods?|upgrade)|expressversand|schneller\w*\s+versand|exprés|env[ií]o (?:urgente|r[aá]pido)|livraison (?:express|rapide))\b`)
	// p14CostRe asks what shipping costs or when it is free.
	p14CostRe = regexp.MustCompile(`(?i)\b(?:shipping|shiping|delivery)\s+(?:cost|costs|fee|fees|price|charge)\b|\b(?:cost|price|charge|pay)\w*\s+(?:for\s+|of\s+)?(?:the\s+)?(?:shipping|shiping|delivery)\b|\bfree\s+(?:shipping|shiping|delivery)\b|\bshipping\s+(?:is\s+|be\s+)?free\b|\benv[ií]o\s+gratis\b|\bgastos\s+de\s+env[ií]o\b|\bversandkosten\b|\bkostenlose[rn]?\s+versand\b|\bfrais\s+de\s+(?:port|livraison)\b|\blivraison\s+gratuite\b`)
	// p14PaidRe asks what the order's own shipping cost: the order's fact
	// (shipping_paid.go), not the guide's.
	p14PaidRe = regexp.MustCompile(`(?i)\bpaid\b|\bdid\s+(?:i|you|it|shipping|the shipping)\b|\bwas\s+(?:the\s+)?(?:shipping|it|delivery)\b|\b(?:cost|charged?)\s+me\b|\b(?:on|for|of)\s+(?:this|my|the)\s+order\b|\bgekostet\b|\bpagu[eé]\b|\bpay[ée]\b`)
	// p14ReturnRe is about sending something back: return postage, not
	// shipping.
	p14ReturnRe = regexp.MustCompile(`(?i)\b(?:return\w*|back|postage|label|devol\w*|retour\w*|rücksend\w*|zurücksend\w*)\b`)
)

// p14ShippingQuery is what the guides are asked about shipping.
const p14ShippingQuery = "how long does delivery take, and how much does shipping cost"

// p14Shipping answers a question about shipping options or costs, alone
// or while a proposal waits, from the shop's guide; a request for faster
// shipping of the customer's order is declined honestly, with the
// estimate and the offer of a person.
func (t *turn) p14Shipping(n int) (agent.Message, bool) {
	if t.confirmed != nil || !offers(t.req, toolname.SearchDocs) {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	faster := p14FasterRe.MatchString(low)
	cost := p14CostRe.MatchString(low)
	// A faster service asked "for my order" is still the question of
	// what the shop offers, not of what this order's shipping cost.
	if !faster && !cost || p14ReturnRe.MatchString(low) || p14PaidRe.MatchString(low) && !faster || !p14Alone(low, func(s string) bool { return p14FasterRe.MatchString(s) || p14CostRe.MatchString(s) }) {
		return agent.Message{}, false
	}
	if faster && !t.verified {
		return agent.Message{}, false // a general question: the docs path answers it
	}
	st := t.req.State
	var pending *agent.StateAnswer
	if st != nil && st.Answered != nil && st.Answered.Status == "lapsed" && !t.reoffered {
		pending = st.Answered
	}
	var args map[string]any
	if pending != nil && pending.Tool != toolname.CancelOrder {
		var ok bool
		if args, ok = t.statedArgs(pending); !ok {
			return agent.Message{}, false
		}
	}
	if faster && t.called(toolname.TrackOrder) == nil {
		if n > 0 {
			return agent.Message{}, false
		}
		return toolCall(n, toolname.TrackOrder, t.orderArg()), true
	}
	docs := t.called(toolname.SearchDocs)
	if docs == nil {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": p14ShippingQuery}), true
	}
	if args != nil && t.called(pending.Tool) == nil {
		return toolCall(n, pending.Tool, args), true
	}
	text, ok := t.docsReply(*docs, p14ShippingQuery, nil)
	if !ok {
		return agent.Message{}, false
	}
	if i := strings.Index(text, "\n\nAlso ("); i > 0 {
		text = text[:i] // one passage answers it: the next one ranked is another topic
	}
	var b strings.Builder
	if faster {
		b.WriteString("I'm sorry, I can't change the shipping speed of an order from here.")
		if tr := t.called(toolname.TrackOrder); tr != nil && !tr.isErr {
			b.WriteString(t.currentEstimate(tr.result))
		}
		b.WriteString(" " + cantPerson + "\n\n")
	}
	b.WriteString(text)
	switch {
	case pending != nil && pending.Tool == toolname.CancelOrder:
		// A cancellation is not stated again in this turn: the tool reads
		// the message, and an item named in the question ("if i order
		// only the X again") would narrow it to that item.
		b.WriteString(fmt.Sprintf("\n\nI haven't cancelled anything: order %s stays as it is. If you'd still like it cancelled, just tell me.", orDefault(t.currentOrder(), "your order")))
	case pending != nil:
		if w := t.called(pending.Tool); w != nil {
			b.WriteString("\n\n" + t.answer(*w))
		}
	}
	return say("%s", b.String()), true
}

var (
	// p14VariantRe asks which variant the order has: "which colour did i
	// order", "i thought i ordered the X one".
	p14VariantRe = regexp.MustCompile(`(?i)\b(?:which|what|wich|wat)\s+(?:colou?r|scent|size|variant|shade|style)\b|\bthought\s+i\s+(?:ordered|got|picked|chose|bought)\b|\bde\s+qu[eé]\s+(?:color|tama[ñn]o)\b|\bwelche\s+(?:farbe|gr[oö](?:ß|ss)e)\b|\bquelle\s+(?:couleur|taille)\b`)
	// p14OwnRe makes it about the order, not a product's question ("what
	// size filters does it take").
	p14OwnRe = regexp.MustCompile(`(?i)\b(?:did|do)\s+i\s+(?:order|get|pick|buy|choose)|\bi\s+(?:ordered|got|picked|bought|chose)\b|\b(?:in|on|of)\s+my\s+order\b|\bthought\b|\bque\s+ped[ií]\b|\bbestellt\b|\bcommand[ée]\b`)
	// p14ExpectRe says the customer expected another one.
	p14ExpectRe = regexp.MustCompile(`(?i)\bthought\b|\bshould\s+(?:be|have been)\b|\bmeant\b|\bsupposed to\b|\bwrong\b|\bi\s+(?:ordered|picked|chose)\s+the\b`)
	// p14ActRe asks for something done about it: the request paths take it.
	p14ActRe = regexp.MustCompile(`(?i)\b(?:exchange|swap|return|send (?:it |them )?back|refund|cambi\w*|umtausch\w*|[ée]chang\w*|devol\w*)\b`)
)

// p14Variant answers which variant an order has from its lines, with an
// exchange or a person offered when the customer expected another.
func (t *turn) p14Variant(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || !t.verified || st == nil || t.confirmed != nil || st.Answered != nil {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	// Only a doubt about what was ordered ("i thought i ordered the slate
	// blue one?"): a plain "what colour did i order?" is the order facts'
	// (a track_order call, facts11.go).
	if !p14ExpectRe.MatchString(low) || !p14VariantRe.MatchString(low) || !p14OwnRe.MatchString(low) || p14ActRe.MatchString(low) || !p14Alone(low, func(s string) bool { return p14VariantRe.MatchString(s) || p14ExpectRe.MatchString(s) }) {
		return agent.Message{}, false
	}
	name, o := t.p14Order()
	if o == nil || len(o.Items) == 0 {
		return agent.Message{}, false
	}
	reply := fmt.Sprintf("Order %s has: %s.", name, strings.Join(o.Items, "; "))
	if p14ExpectRe.MatchString(low) {
		if notYetDelivered(o.Stage) {
			reply += " If that's not the one you meant, once it arrives I can help you exchange it, or a member of our team can take a look now if you'd like."
		} else {
			reply += " If that's not the one you meant, I can help you exchange it, or a member of our team can take a look if you'd like."
		}
	}
	return say("%s", reply), true
}
