package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A message (or one part of it) that asks the shop to do something no
// tool does: hold a parcel or change when or where the carrier brings it,
// ship faster, give a discount or a price adjustment, place an order for
// the customer, change the items of an order on its way. The customer
// hears plainly that it can't be done here, why when the order's facts
// say, what they can do instead, and that a person can help: never the
// order's status alone, never another write proposed in its place.

// cantKind is a kind of request no tool does.
type cantKind int

const (
	cantNone     cantKind = iota
	cantDelivery          // hold, reschedule, leave elsewhere, collect: the carrier's
	cantFaster            // a faster shipping service
	cantCode              // a discount code
	cantPrice             // a price adjustment
	cantNewOrder          // an order placed for the customer
	cantLines             // other items, variants or quantities in an order on its way
)

var (
	// askDoRe asks someone to do something: "can you", "please", "is it
	// possible", "would you mind", in English, Spanish, German, French.
	askDoRe = regexp.MustCompile(`(?i)\b(?:can|could|would|will|can't|cant|couldn't|won't|wont)\s+(?:you|u|ya|you guys|y'all|someone|somebody|your team|the (?:shop|store|team))\b|\b(?:please|pls|plz|plase|pleas|kindly)\b|\bi(?:'d| would|d)?\s+(?:want|need|like|love)(?: for)?\s+(?:you|u)\s+to\b|\b(?:is it|would it be|is there (?:any )?(?:way|chance)|any (?:way|chance)|anyway)\b|\bpossible\b|\b(?:can|could|may)\s+(?:i|we)\s+(?:still\s+)?(?:change|switch|swap|get|have|upgrade|make)\b|\b(?:pueden|puede|podrían|podria|podría|podéis|puedes|podrias|podrías|puedo|quiero)\b|\b(?:können|könnten|kannst|könntest|kann|bitte)\b|\b(?:pouvez|pourriez|peux|pourrais|puis|voudrais|veux)\b`)
	// imperativeRe starts with a verb of doing: "hold it till Monday".
	imperativeRe = regexp.MustCompile(`(?i)^\s*(?:(?:just|pls|please|ok|okay|so)[\s,]+)?(?:hold|delay|postpone|reschedule|send|ship|rush|expedite|upgrade|change|switch|swap|make|place|give|deliver|leave)\b`)

	deliveryRe = regexp.MustCompile(`(?i)\b(?:hold|hlod|hodl|holf|retain)\s+(?:on ?to\s+)?(?:it|them|the (?:package|parcel|order|delivery|shipment|box)|my (?:package|parcel|order|delivery|shipment|stuff|things))\b` +
		`|\bkeep\s+(?:it|them|the (?:package|parcel|order|box)|my (?:package|parcel|order))\b[^.?!]{0,30}\b(?:until|till|untill|til|while|at the)\b` +
		`|\b(?:delay|postpone|reschedule|push back|put off)\s+(?:the |my )?(?:delivery|shipment|shipping|parcel|package|order|it|them)\b` +
		`|\bchange\s+(?:the |my )?deliver(?:y)?\s+(?:date|day|time)\b` +
		`|\bdeliver\s+(?:it|them)\s+(?:on|next|after|later|another|a different|some other)\b` +
		`|\bleave\s+(?:it|them|the (?:package|parcel|box)|my (?:package|parcel|order))\s+(?:with|at|by|outside|behind|next door|in (?:the|my)|on (?:the|my))\b` +
		`|\b(?:pick(?:\s+it|\s+them)?\s+up|collect(?:\s+it|\s+them)?)\s+(?:at|from)\b|\b(?:post office|pickup point|pick-up point|parcel locker|collection point)\b` +
		`|\b(?:retener|retenga|retengan|aplazar|posponer)\b|\brecoger(?:lo|la)?\s+en\b|zurück ?halten|zurückbehalten|\b(?:aufbewahren|verschieben)\b|\bspäter\s+(?:liefern|zustellen)\b|\bbeim nachbarn\b|\b(?:retenir|reporter|décaler)\b|point relais|chez (?:le|mon|ma) voisin`)
	// deliveryStrongRe needs no asking words: a hold or a new day said
	// outright is a request.
	deliveryStrongRe = regexp.MustCompile(`(?i)\b(?:hold|hlod|hodl|retain|postpone|reschedule|retener|aplazar|posponer|retenir|reporter|décaler|verschieben)\b|zurück ?halten`)

	fasterRe = regexp.MustCompile(`(?i)\b(?:faster|fastr|quicker|sooner|speed (?:it |things |this |that )?up|expedite\w*|expidite\w*|hurry(?: it| them| (?:the|my) \p{L}+)? up|rush (?:it|the|my)|overni(?:ght|te) (?:shipping|delivery|post|mail|air)|(?:ship|send|deliver) (?:it |them )?overni(?:ght|te)|overnite|next[- ]day (?:shipping|delivery|air)|express|priority (?:shipping|mail|delivery)|upgrade\b[^.?!]{0,30}\b(?:shipping|delivery|postage))\b|más rápido|mas rapido|\burgente\b|\bschneller\b|\beilig\b|plus vite|plus rapidement|accélérer`)
	// shippingPolicyAskRe asks what the shop offers, not for something
	// done: "do you offer express shipping?", "how much is overnight?".
	shippingPolicyAskRe = regexp.MustCompile(`(?i)^\s*(?:do|does)\s+(?:you|u|the shop|the store)\b|\bhow much\b|\bcosts?\b|\bprice\b`)

	codeRe = regexp.MustCompile(`(?i)\b(?:discount|discout|dicount|discont|promo|promotion|coupon|cupon|copoun|voucher|rabatt\w*|gutschein\w*|descuento|cup[oó]n|réduction|code promo)\b`)
	// codeRecallRe asks for a code the customer was given: thank_you_code's.
	codeRecallRe = regexp.MustCompile(`(?i)\b(?:again|which|what was|lost|forgot\w*|misplaced|repeat|resend|re-send|that code|the code|my code)\b`)
	priceRe      = regexp.MustCompile(`(?i)\b(?:refund|give|credit|pay)\s+me\s+(?:back\s+)?the\s+(?:price\s+)?difference\b|\b(?:refund|credit)\s+(?:back\s+)?the\s+(?:price\s+)?difference\b|\bprice\s+(?:match\w*|adjust\w*|protection)\b|\b(?:is|are|went|now)\s+on sale\b|\bcheaper now\b|\bprice\s+(?:dropped|went down)\b`)

	newOrderRe = regexp.MustCompile(`(?i)\b(?:place|put in|submit|make)\s+(?:an?\s+|the\s+|another\s+|a second\s+)?(?:new\s+)?(?:order|purchase)\b[^.?!]{0,30}\bfor (?:me|us)\b` +
		`|\b(?:order|buy|purchase)\s+(?:it|one|another|more|some|\d+|two|three|a few|\p{L}+ more)\b[^.?!]{0,40}\b(?:for me|on my (?:card|account)|(?:with|to|on) (?:the same|my) card)\b` +
		`|\bcharge (?:the same|my|it to my) card\b|\bre-?order\b[^.?!]{0,20}\bfor me\b` +
		`|passer (?:une |la )?(?:nouvelle )?commande pour moi|\b(?:hacer|realizar)\s+(?:un|el|otro)\s+pedido por mí|\bpedir(?:lo|la)? por mí|für mich bestellen|bestellung für mich aufgeben`)

	linesRe = regexp.MustCompile(`(?i)\b(?:change|chnage|chang|switch|swap|swop|replace|update)\b[^.?!]{0,50}?\b(?:instead|to (?:the|a|an|\d+)|for (?:the|a|an)|into)\b` +
		`|\b(?:switch|swap|change)\s+(?:it|them|that|this|mine)\s+(?:to|for|into)\s+(?:\p{L}+\s*){1,3}$` +
		`|\binstead of\b|\bmake it (?:\d+|two|three|four|one)\b` +
		`|\b(?:in|to|for)\s+(?:a |the )?(?:different|another|other)\s+(?:colou?r|size|material|finish|variant|version|style|pack|one|kind)\b` +
		`|\b(?:exchange|swap|tauschen|umtauschen|cambiar|échanger|changer)\b`)
	// onArrivalRe speaks of a time after delivery ("once they arrive"):
	// an exchange then is the exchange tool's, asked about beforehand.
	onArrivalRe = regexp.MustCompile(`(?i)\b(?:once|when|after)\s+(?:it|they|the \p{L}+|my \p{L}+)\s*(?:'s|'re|is|are|has|have)?\s*(?:arriv\w*|gets? here|get to me|comes?|came|shows? up|turns? up|here|delivered|been delivered)\b|\bafter delivery\b|cuando llegue|une fois (?:reçu|arrivé|livré)|wenn (?:es|sie|er) (?:ankommt|ankommen|da ist|da sind)`)
	// notLinesRe is another thing changed: an address, a mind, money.
	notLinesRe = regexp.MustCompile(`(?i)\b(?:address|adress|adresse|dirección|direccion|street|mind|refund|credit|money|replacement|cancel\w*|return\w*|deliver\w*|date|day|email|e-mail|password|name)\b`)
)

// cantKindOf is the kind of request no tool does that text makes, or
// cantNone.
func cantKindOf(text string) cantKind {
	low := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	asks := askDoRe.MatchString(low) || imperativeRe.MatchString(low)
	switch {
	case priceRe.MatchString(low):
		return cantPrice
	case codeRe.MatchString(low) && !codeRecallRe.MatchString(low) && !friendRe.MatchString(low) && !strings.Contains(low, "instead"):
		// "a voucher instead" chooses among what was offered.
		return cantCode
	case newOrderRe.MatchString(low):
		return cantNewOrder
	case deliveryRe.MatchString(low) && (asks || deliveryStrongRe.MatchString(low)):
		return cantDelivery
	case fasterRe.MatchString(low) && asks && !strings.Contains(low, "no rush") && !shippingPolicyAskRe.MatchString(low):
		return cantFaster
	case (linesRe.MatchString(low) || isVariantAsk(text)) && (asks || strings.Contains(low, "instead")) && !notLinesRe.MatchString(low) && !onArrivalRe.MatchString(low) && newAddress(text) == nil:
		return cantLines
	}
	return cantKindMore(low, asks) // cant_more.go
}

// cantRequest is the kind of request no tool does in the customer's
// message and whether another part of it asks where the order is. ok is
// false when no part makes one, or another part asks for something a
// tool does (the rest of the model takes the message).
func (t *turn) cantRequest() (kind cantKind, status bool, ok bool) {
	for _, q := range questions(t.text) {
		k := t.cantKindHere(q)
		if asksTool(q, k) {
			// A part that asks for what a tool does (beside the request,
			// or in its words: "refund the mugs and give me a code").
			return cantNone, false, false
		}
		if k != cantNone {
			if kind == cantNone {
				kind = k
			}
			continue
		}
		if lookupOf(q) == toolname.TrackOrder {
			status = true
		}
	}
	if kind == cantNone {
		kind, status = t.cantKindHere(t.text), false
	}
	return kind, status, kind != cantNone
}

// asksTool reports whether q asks for something a tool does, besides a
// request of kind k (whose own words may read as one: a price difference
// refunded, another variant swapped, a parcel sent elsewhere).
func asksTool(q string, k cantKind) bool {
	if newAddress(q) != nil {
		return true
	}
	tool, in := resolutionTool(q), classify(normalise(q))
	switch k {
	case cantPrice:
		return tool != "" && tool != toolname.FollowUp
	case cantLines:
		return tool != "" && tool != toolname.ExchangeItem
	case cantDelivery:
		return tool != "" || in == intentReturn || in == intentPerson
	}
	return tool != "" || in == intentReturn || in == intentAddress || in == intentPerson ||
		(in == intentRefund && lookupOf(q) != toolname.RefundStatus)
}

// cantKindHere is cantKindOf for this conversation: a discount code the
// customer earned is thank_you_code's; other items for an order that has
// arrived are exchange_item's.
func (t *turn) cantKindHere(text string) cantKind {
	k := cantKindOf(text)
	if k == cantNone {
		k = t.sendNowKind(text) // cant_send_now.go
	}
	switch k {
	case cantCode:
		if st := t.req.State; st != nil {
			if code, _ := st.Given["thank_you_code"].(string); code != "" {
				return cantNone
			}
		}
	case cantLines:
		if !t.verified || offers(t.req, toolname.ExchangeItem) {
			return cantNone
		}
		switch _, why := t.stageOfOrder(); {
		case why == "it hasn't shipped yet", why == labelWhy, strings.HasPrefix(why, shippedWhy):
		default:
			return cantNone
		}
	}
	return k
}

// cantDo answers a request no tool does: for a verified customer the
// order's facts first (track_order), then what can't be done and why,
// what they can do instead, and the offer of a person.
func (t *turn) cantDo(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.intent == intentPerson || agent.Affirmative(t.text) {
		return agent.Message{}, false
	}
	kind, status, ok := t.cantRequest()
	if !ok {
		return agent.Message{}, false
	}
	needsFacts := status || kind == cantDelivery || kind == cantFaster || kind == cantSendNow
	if !t.verified || !needsFacts {
		if n > 0 {
			return agent.Message{}, false
		}
		return say("%s", t.cantSay(kind, nil)), true
	}
	switch {
	case n == 0:
		return toolCall(0, toolname.TrackOrder, t.orderArg()), true
	case n == 1 && t.calls[0].name == toolname.TrackOrder:
		c := t.calls[0]
		if c.isErr || c.result == nil {
			return say("%s", t.cantSay(kind, nil)), true
		}
		if status {
			return say("%s\n\n%s", t.answer(c), t.cantSay(kind, nil)), true
		}
		return say("%s", t.cantSay(kind, c.result)), true
	}
	return agent.Message{}, false
}

const cantPerson = "A member of our team can help if you'd like."

// cantSay says what can't be done here, with the facts of r (a
// track_order result, nil when the reply has the status already or there
// is none) and what the customer can do instead.
func (t *turn) cantSay(kind cantKind, r map[string]any) string {
	var b strings.Builder
	switch kind {
	case cantDelivery:
		b.WriteString("I'm sorry, I can't hold a parcel or change when or where the carrier delivers it from here.")
		b.WriteString(carrierOptions(r))
	case cantFaster:
		b.WriteString("I'm sorry, I can't change the shipping speed of an order from here.")
		b.WriteString(t.currentEstimate(r))
	case cantCode:
		b.WriteString("I'm sorry, I can't create discount codes here, and there's no code waiting for you on your order.")
	case cantPrice:
		b.WriteString("I'm sorry, I can't adjust the price of an order that's already been placed.")
	case cantNewOrder:
		b.WriteString("I'm sorry, I can't place orders for you from here: orders are placed on our store, at checkout. You're welcome to order there anytime.")
		b.WriteString(t.newOrderInstead())
	case cantLines:
		b.WriteString("I'm sorry, I can't change the items, variants or quantities of an order here: none of the changes I can make does that.")
		b.WriteString(t.linesInstead())
	default:
		b.WriteString(t.cantSayMore(kind))
	}
	b.WriteString(" " + cantPerson)
	return b.String()
}

// carrierOptions points to the carrier's own hold and redirect options,
// from the first parcel on its way with a tracking link.
func carrierOptions(r map[string]any) string {
	if r == nil {
		return ""
	}
	shipped := false
	for _, p := range list(r, "parcels") {
		switch str(p, "stage") {
		case "delivered", "cancelled":
			continue
		}
		if url := str(p, "tracking_url"); url != "" {
			carrier := orDefault(str(p, "carrier"), "The carrier")
			return fmt.Sprintf(" %s may let you hold the parcel, pick it up or choose another delivery day from its tracking page: %s", carrier, url)
		}
		if s, _ := p["shipped"].(bool); s {
			shipped = true
		}
	}
	if !shipped && str(r, "stage") == "pre_shipment" {
		return " It hasn't shipped yet: once it does, you'll get an email with its tracking link, where the carrier may let you hold it or choose another delivery day."
	}
	return ""
}

// currentEstimate is the estimate of the parcel the customer asked about,
// or of the first one not delivered.
func (t *turn) currentEstimate(r map[string]any) string {
	if r == nil {
		return ""
	}
	if s, ok := t.namedParcelEstimate(list(r, "parcels")); ok {
		return s // parcels.go's focus falls through to another item's parcel
	}
	for _, p := range t.focus(list(r, "parcels")) {
		if e := str(p, "estimated_delivery"); e != "" {
			s := ""
			if sb := str(p, "ships_by"); sb != "" {
				s = fmt.Sprintf(" It should ship by %s;", sb)
				return fmt.Sprintf("%s its estimated delivery is %s.", s, e)
			}
			return fmt.Sprintf(" Its estimated delivery is %s.", e)
		}
		if v, _ := p["out_for_delivery_today"].(bool); v {
			return " It's out for delivery today."
		}
	}
	return ""
}

// linesInstead is what a customer who wants other items can do, by the
// order's stage: cancel it and order again while it hasn't shipped, or
// exchange or return it once it arrives.
func (t *turn) linesInstead() string {
	ord, why := t.stageOfOrder()
	days := 0
	if st := t.req.State; st != nil {
		days = st.ReturnWindowDays
	}
	after := "Once it arrives, you can ask me to exchange or return it."
	if days > 0 {
		after = fmt.Sprintf("Once it arrives, you can ask me to exchange or return it within %d days of delivery.", days)
	}
	switch {
	case why == "it hasn't shipped yet" && offers(t.req, toolname.CancelOrder):
		return fmt.Sprintf(" Order %s hasn't shipped yet: you can ask me to cancel it for a full refund and then place a new order with what you want.", ord)
	case why == labelWhy:
		return fmt.Sprintf(" Order %s can no longer be cancelled here either: %s. %s", ord, labelWhy, after)
	case strings.HasPrefix(why, shippedWhy):
		return fmt.Sprintf(" Order %s is already on its way. %s", ord, after)
	}
	return ""
}
