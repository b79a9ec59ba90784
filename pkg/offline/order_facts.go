package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Questions about the customer's OWN order (facts8, a no-context trial):
// whether two items share a parcel, what they ordered, what they paid,
// how many they got, how their return is going and where it goes, and
// what address the order ships to. Read as policy questions they went to
// the docs search, which answered with a passage or "I don't know"; read
// as a change, "what address is on it?" proposed a new address. Each is
// answered here from the order tools' results (track_order's lines,
// parcels and address; refund_status's returns), after verification.

type orderAsk int

const (
	orderAskNone orderAsk = iota
	orderAskParcel
	orderAskItems
	orderAskHistory
	orderAskPrice
	orderAskCount
	orderAskReturn
	orderAskReturnWhere
	orderAskAddress
	orderAskPlaced
	orderAskShipping // shipping_paid.go
	orderAskTax      // a part of several asking the order's tax (split11.go; facts11.go answers it alone)
)

// placedAskRe asks when the order was placed.
var placedAskRe = regexp.MustCompile(`\bwhen\b[^.?!]{0,20}\b(?:did|do|have)\s+(?:i|we)\s+(?:place|placed|make|made|put in|submit|submitted)\b|\bwhat (?:day|date)\b[^.?!]{0,20}\b(?:i|we)\s+(?:ordered|placed|order)\b|\bwhen (?:did|was) (?:i|it|the order|my order) (?:order|ordered|placed)\b`)

// notOrderedRe says what came is not what was ordered.
var notOrderedRe = regexp.MustCompile(`\b(?:not|isn'?t|isnt|wasn'?t|wasnt|aren'?t|arent|weren'?t|werent)\s+(?:what|the (?:one|thing|item)s?)\s+(?:i|we)\s+(?:ordered|order|bought|picked|chose)\b` +
	`|\bpas ce que j'ai command|\bno (?:es|son) lo que (?:ped[ií]|compr[eé])|\bnicht (?:das|was),? (?:was )?ich bestellt`)

var (
	// apartAskRe asks whether items travel apart, not together.
	apartAskRe = regexp.MustCompile(`(?i)\b(?:separate(?:ly)?|seperate(?:ly)?|separatly|seperatly|apart|split|different (?:box|boxes|parcels?|packages?|shipments?)|getrennt|séparément|por separado)\b`)

	// parcelAskRe asks whether items share a parcel, or which one holds
	// an item.
	parcelAskRe = regexp.MustCompile(`\b(?:same|one|single|mismo|misma|même|gleichen?|selben?|einem)\s+(?:box|parcel|package|shipment|delivery|envelope|caja|paquete|env[ií]o|colis|carton|paket|karton|sendung)\b|\b(?:which|what)\s+(?:box|parcel|package|shipment)\b|\b(?:ship(?:ping|ped)?|com(?:e|es|ing)|arriv(?:e|es|ing)|sent|packed|travel(?:l?ing)?|together)\b[^.?!]{0,20}\b(?:together|separately|apart)\b|\b(?:get|got|gets|been|was|were|is|are)\s+split\b[^.?!]{0,30}\b(?:box|boxes|parcels?|packages?|shipments?)\b|\bseparate\s+(?:box|boxes|parcels?|packages?|shipments?|deliveries)\b|\bzusammen\b|\bensemble\b|\bjuntos?\b`)
	// shipAskRe asks the shop to ship some way: a request, not a look-up.
	shipAskRe = regexp.MustCompile(`\b(?:could|can|would|will) (?:you|u|yuo|ya)\s+(?:please\s+|pls\s+)?(?:split|ship|send|separate|combine|put|pack|hold|mail)\b|\b(?:please|pls|plz)\s+(?:split|ship|send|separate|combine|pack)\b`)
	// itemsAskRe asks what the order holds.
	itemsAskRe = regexp.MustCompile(`\bwhat\s+(?:did|do|have)\s+i\s+(?:order|ordered|buy|bought|get|got|purchase|purchased)\b|\bwhat(?:'s|s| is| was)\s+(?:in|on)\s+(?:(?:my|the|this|that)\s+(?:last\s+)?order|my\s+(?:last\s+)?(?:package|parcel|box|shipment))\b|\bremind me what\b|^\W*(?:ok(?:ay)?|and|so|cool|right)?[\s,]*what(?:'s|s| is)\s+in\s+(?:it|there|them|the box|the parcel|the package)\W*$|\bwhat i (?:ordered|bought|got|purchased)\b|\bwhat\s+(?:items|products|things|stuff)\b[^.?!]{0,25}\b(?:order|ordered|bought|buy|purchased)\b|\bqu[eé]\s+(?:ped[ií]|compr[eé])(?:\P{L}|$)|\bqu[eé]\s+hay\s+en\s+mi\s+pedido\b|\bwas\s+(?:habe|hab)\s+ich\b[^.?!]{0,25}\b(?:bestellt|gekauft)\b|\bqu'?est-ce que j'ai\s+(?:command|achet)|\bce que j'ai\s+(?:command|achet)`)
	// historyRe looks past the order at hand: every order they placed.
	historyRe = regexp.MustCompile(`\b(?:before|last time|previous(?:ly)?|in the past|ever|earlier|other orders?|all (?:of )?my orders|so far|antes|la [uú]ltima vez|vorher|fr[uü]her|letzte[sn]? mal|avant|la derni[eè]re fois)\b`)
	// inOrderAskRe asks whether an item is on the order.
	inOrderAskRe = regexp.MustCompile(`^(?:and\s+)?(?:was|were|is|are|did)\b[^.?!]{0,40}\b(?:in|on|part of)\s+(?:that|this|the|my)\s+(?:order|package|parcel|box|shipment)\b|\bdid i (?:order|buy|purchase)\b[^.?!]{0,40}(?:\btoo\b|\balso\b|\bas well\b|\bwith it\b|\b(?:in|on) (?:that|this|the|my) order\b)`)
	// priceAskRe asks what the customer paid.
	priceAskRe = regexp.MustCompile(`\bhow much\b[^.?!]{0,40}\b(?:did i pay|i paid|did (?:it|they|that|those|the \w+(?: \w+)?) cost|was|were|did i spend|did i get charged|was i charged)\b|\bwhat did\b[^.?!]{0,40}\bcost(?: me)?\b|\bwhat did i pay\b|\b(?:order|my)\s+total\b|\btotal (?:i paid|of my order|for my order)\b|\bcombien\b[^.?!]{0,30}\bpay[ée]|\bcu[aá]nto\b[^.?!]{0,30}\b(?:pagu[eé]|pag[oó]|cost[oó])(?:\P{L}|$)|\bwie ?viel\b[^.?!]{0,40}\b(?:bezahlt|gekostet)\b`)
	// countAskRe asks how many units.
	countAskRe  = regexp.MustCompile(`\b(?:how|hoe|hw) (?:many|mnay|manny|meny|mny|mayn)\b|\bwhat quantity\b|\bquantity of\b|\bwie ?viele\b|\bcu[aá]nt[oa]s\b|\bcombien de\b`)
	boughtRe    = regexp.MustCompile(`\b(?:order|ordered|buy|bought|get|got|purchase|purchased|in (?:my|the|that|this) (?:order|box|package|parcel)|bestellt|gekauft|ped[ií]|compr[eé]|command[ée]s?|achet[ée]s?)(?:\P{L}|$)`)
	notMineRe   = regexp.MustCompile(`\b(?:shipping|postage|delivery fee|refund|refunded|return|returns|back|credit|days|weeks|times|left in stock|in stock|stock)\b`)
	returnAskRe = regexp.MustCompile(`\b(?:what'?s|whats|what is)\s+(?:happening|going on)\s+with\b|\bhow(?:'s| is| are)\b[^.?!]{0,25}\bgoing\b|\b(?:any\s+)?(?:update|news|progress)\s+(?:on|about|with)\b|\bstatus\b|\bc[oó]mo va\b|\bqu[eé] pasa con\b|\bwie steht\b|\bo[uù] en est\b`)
	// returnsRe are returns, as the customer spells them.
	returnsRe = regexp.MustCompile(`\b(?:returns|retruns?|retuns?|retrns?|reutrns?|devoluciones|rücksendungen|retours)\b`)
	// returnWhereRe asks where a return goes.
	returnWhereRe = regexp.MustCompile(`\bwhere\b[^.?!]{0,25}\b(?:send|ship|post|mail|drop)\b[^.?!]{0,25}(?:\bback\b|\breturn)|\bwhere\b[^.?!]{0,20}\breturn\b[^.?!]{0,15}\b(?:go|goes|to)\b|\breturn(?:s)?\s+address\b|\baddress\b[^.?!]{0,15}\b(?:for|of)\s+(?:the|my|a)\s+return\b|\bwhere do returns go\b|\bd[oó]nde\b[^.?!]{0,30}\b(?:devuelvo|env[ií]o|mando)\b|\bwohin\b[^.?!]{0,30}\b(?:zurück|schicke|sende)\b|\bo[uù]\b[^.?!]{0,30}\b(?:renvoi|renvoyer|retourne|retourner)\b`)
	// returnLabelRe asks for a return label: how the return goes back,
	// which the return itself (or the docs) says (trial 10b: "can u email
	// me a return label" got the tracking again).
	returnLabelRe = regexp.MustCompile(`\b(?:return|returns|prepaid|shipping|postage)\s+labels?\b|\betiqueta de devoluci[oó]n\b|\b(?:retouren|rücksende)(?:etikett|schein)\b|\b[ée]tiquette de retour\b`)
	// addressCheckRe asks whether a street is the one on the order:
	// a check, not a change (trial 11a: "is 412 7th ave the right one?").
	addressCheckRe = regexp.MustCompile(`^\W*(?:and\s+|so\s+)?(?:is|it's|its|is it)\s+(?:going to\s+)?(?:\d+\w*\s+)?[\p{L}\d .']{2,40}?\s+(?:st|street|ave|avenue|rd|road|ln|lane|dr|drive|blvd|way|ct|court|pl|place)\.?\s*,?\s*(?:the\s+)?(?:right|correct)(?:\s+(?:one|address|adress|place))?\W*$`)
	// addressAskRe asks what address the order ships to.
	addressAskRe = regexp.MustCompile(`\b(?:what|which|wich|whats|what's|qu[eé]|welche[rsn]?|quelle)\s+(?:(?:shipping|delivery|mailing)\s+)?address\b|\baddress\b[^.?!]{0,25}\b(?:is on|on (?:the|my|this|that) order|it'?s going|is it going|did i (?:put|use|give|enter))\b|\b(?:confirm|check|double.?check|verify|see|show me|tell me|remind me)\b[^.?!]{0,30}\b(?:address|where\b[^.?!]{0,25}\b(?:ship|shipped|shipping|sent|send|sending|deliver|delivered|delivering|going|headed|mailing|posting))\b|\bwhere\b[^.?!]{0,25}\b(?:shipped|sent|delivered|going|headed|ship|deliver|send|shipping|delivering)(?: it| them)?\s+to\b|\bgoing to my (?:old|new|previous|former|current)\b|(?:^|\s)(?:a|à)\s+qu[eé]l?l?e?\s+address\b|\bwohin\b[^.?!]{0,30}\b(?:geliefert|geschickt|versandt|verschickt)\b|\bsteht\b[^.?!]{0,20}\baddress\b`)
	// addressChangeRe changes the address: not a look-up.
	addressChangeRe = regexp.MustCompile(`\b(?:change|changed|update|edit|fix|correct|wrong|incorrect|moved|moving|instead|switch|redirect|new address|cambiar|cambia|changer|modifier|umziehen|umgezogen)\b|(?:^|\P{L})(?:ändern|änderung)`)
)

// orderAskOf is which question about the customer's own order text
// asks, if any.
func orderAskOf(text string) orderAsk {
	low := strings.ToLower(text)
	norm := strings.ToLower(normalise(text))
	either := func(re *regexp.Regexp) bool { return re.MatchString(low) || re.MatchString(norm) }
	returns := returnedRe.MatchString(low) || returnedRe.MatchString(norm) || returnsRe.MatchString(low)
	if boxProblem(low) || boxProblem(norm) || notOrderedRe.MatchString(low) {
		return orderAskNone // what came is not the order: a report, not a look-up
	}
	switch {
	case returns && either(returnWhereRe), either(returnWhereRe) && strings.Contains(norm, "back"), either(returnLabelRe):
		return orderAskReturnWhere
	case either(addressCheckRe) && newAddress(text) == nil && !returns:
		return orderAskAddress // "is 48 linden street the right one?"
	case either(addressAskRe) && !either(addressChangeRe) && newAddress(text) == nil && !returns:
		return orderAskAddress
	case returns && either(returnAskRe) && !either(startReturnRe):
		return orderAskReturn
	case returns:
		return orderAskNone
	case asksShippingPaid(low, norm):
		return orderAskShipping
	case either(parcelAskRe) && !either(addressChangeRe) && !either(shipAskRe):
		return orderAskParcel
	case either(countAskRe) && either(boughtRe) && !either(notMineRe):
		return orderAskCount
	case either(priceAskRe) && !either(notMineRe):
		return orderAskPrice
	case either(itemsAskRe) && either(historyRe):
		return orderAskHistory
	case either(itemsAskRe), either(itemsAskMoreRe), either(inOrderAskRe) && !either(notMineRe): // itemsAskMoreRe: multi10.go
		return orderAskItems
	case either(placedAskRe):
		return orderAskPlaced
	}
	return orderAskNone
}

// orderFacts answers a question about the customer's own order from the
// order tools: the tool first, then the answer from its result. Not
// verified, it asks for the order number and email first (a return's
// address, which the docs give, excepted).
func (t *turn) orderFacts(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.declined || t.reoffered || t.inPart {
		return agent.Message{}, false
	}
	ask := orderAskOf(t.text)
	if ask == orderAskNone {
		return agent.Message{}, false
	}
	for _, q := range questions(t.text) {
		if orderAskOf(q) == orderAskNone && classify(normalise(q)) != intentNone && classify(normalise(q)) != intentGreeting {
			return agent.Message{}, false // another request beside it: the general path
		}
	}
	tool := toolname.TrackOrder
	switch ask {
	case orderAskReturn, orderAskReturnWhere:
		tool = toolname.RefundStatus
	case orderAskHistory:
		tool = toolname.ListOrders
	}
	if !t.verified {
		if ask == orderAskReturnWhere {
			return t.returnAddressDocs(n, nil)
		}
		if t.order != "" && t.email != "" {
			return agent.Message{}, false // the verification comes first
		}
		// A look-up, whatever its words suggest ("address"): the plain lead.
		v := *t
		v.intent = intentNone
		return say("%s", v.askToVerify()), true
	}
	if !offers(t.req, tool) {
		return agent.Message{}, false
	}
	first := t.called(tool)
	if first == nil {
		if n > 0 && ask != orderAskReturnWhere {
			return agent.Message{}, false // another step is under way
		}
		args := t.orderArg()
		if cur := t.currentOrder(); ask == orderAskItems && t.order == "" && cur != "" && asksInOrder(t.text) {
			// "was the X in that order?": the order under discussion, even
			// when another order holds X.
			args = map[string]any{"order_number": cur}
		}
		if ask == orderAskHistory {
			args = map[string]any{}
		}
		return toolCall(n, tool, args), true
	}
	if first.isErr || first.result == nil {
		return agent.Message{}, false
	}
	r := first.result
	if ask == orderAskHistory {
		return say("%s", historyFacts(r)), true
	}
	if str(r, "order_number") == "" {
		return agent.Message{}, false
	}
	switch ask {
	case orderAskParcel:
		return say("%s", t.parcelFacts(r)), true
	case orderAskItems:
		return say("%s", t.itemFacts(r)), true
	case orderAskPrice:
		return say("%s", t.priceFacts(r)), true
	case orderAskShipping:
		return say("%s", shippingFacts(r)), true
	case orderAskCount:
		return say("%s", t.countFacts(r)), true
	case orderAskReturn:
		return say("%s", returnFacts(r)), true
	case orderAskReturnWhere:
		if m, ok := returnWhere(r); ok {
			return say("%s", m), true
		}
		return t.returnAddressDocs(n, r)
	case orderAskPlaced:
		if str(r, "placed") == "" {
			return agent.Message{}, false
		}
		return say("You placed order %s on %s.", str(r, "order_number"), str(r, "placed")), true
	case orderAskAddress:
		a := str(r, "ship_to")
		if a == "" {
			return agent.Message{}, false
		}
		return say("Order %s is addressed to: %s. If that needs changing, tell me the new address and I'll check whether it can still be changed.", str(r, "order_number"), a), true
	}
	return agent.Message{}, false
}

// named are the lines of r the customer's text names.
func (t *turn) named(r map[string]any) []map[string]any {
	var out []map[string]any
	for _, l := range list(r, "lines") {
		if namesItem([]string{str(l, "item")}, t.text) {
			out = append(out, l)
		}
	}
	if len(out) < 2 {
		return out
	}
	// Two lines of one product told apart by their variant ("what did the
	// cedar & smoke candle cost", trial 11a: both candles answered): the
	// ones whose variant the text names, when that narrows.
	said := map[string]bool{}
	for _, w := range words(strings.ToLower(t.text)) {
		said[w] = true
	}
	var byVariant []map[string]any
	for _, l := range out {
		item := str(l, "item")
		open := strings.LastIndex(item, "(")
		if open < 0 {
			continue
		}
		for _, w := range words(strings.ToLower(strings.Trim(item[open:], "()"))) {
			if len([]rune(w)) > 2 && said[w] {
				byVariant = append(byVariant, l)
				break
			}
		}
	}
	if len(byVariant) > 0 && len(byVariant) < len(out) {
		return byVariant
	}
	return out
}

// quantityOf is a line's quantity as a number.
func quantityOf(l map[string]any) int {
	q, ok := l["quantity"].(float64)
	if !ok {
		return 1 // track_order leaves out a quantity of one
	}
	return int(q)
}

// counted is a line as "2 × Title (Variant)", or its title alone for one.
func counted(l map[string]any) string {
	if q := quantityOf(l); q > 1 {
		return fmt.Sprintf("%d × %s", q, str(l, "item"))
	}
	return str(l, "item")
}

// historyFacts lists the customer's orders, newest first as list_orders
// gives them, each with what it held.
func historyFacts(r map[string]any) string {
	var each []string
	for _, o := range list(r, "orders") {
		each = append(each, fmt.Sprintf("%s (placed %s): %s", str(o, "order_number"), str(o, "placed"), strings.Join(strs(o, "items"), ", ")))
	}
	if len(each) == 0 {
		return "I don't see any orders on your account yet."
	}
	return "Here are your orders, newest first: " + strings.Join(each, "; ") + "."
}

// asksInOrder reports whether text asks if an item is on the order
// ("was the X in that order?"), not what the order holds ("what did I
// order?").
func asksInOrder(text string) bool {
	low := strings.ToLower(text)
	return inOrderAskRe.MatchString(low) && !itemsAskRe.MatchString(low)
}

func (t *turn) itemFacts(r map[string]any) string {
	var all []string
	for _, l := range list(r, "lines") {
		all = append(all, counted(l))
	}
	if len(all) == 0 {
		all = strs(r, "items")
	}
	order := str(r, "order_number")
	has := fmt.Sprintf("Order %s (placed %s) has: %s.", order, str(r, "placed"), strings.Join(all, ", "))
	if !asksInOrder(t.text) {
		return has
	}
	if named := t.named(r); len(named) > 0 {
		var said []string
		for _, l := range named {
			said = append(said, counted(l))
		}
		return fmt.Sprintf("Yes: %s is on order %s. %s", strings.Join(said, " and "), order, has)
	}
	return fmt.Sprintf("I don't see that on order %s. %s If it was on another order, tell me its number and I'll check that one.", order, has)
}

func (t *turn) priceFacts(r map[string]any) string {
	order := str(r, "order_number")
	lines := t.named(r)
	if len(lines) == 0 {
		var each []string
		for _, l := range list(r, "lines") {
			each = append(each, fmt.Sprintf("%s: %s", counted(l), str(l, "paid")))
		}
		return fmt.Sprintf("Order %s came to %s in total (items, shipping and tax). By item, with tax and any discount: %s.", order, str(r, "order_total"), strings.Join(each, "; "))
	}
	var parts []string
	for _, l := range lines {
		s := fmt.Sprintf("You paid %s for %s on order %s, with tax and any discount", str(l, "paid"), counted(l), order)
		if u := str(l, "unit_price"); u != "" {
			s += fmt.Sprintf(" (%s each before them)", u)
		}
		parts = append(parts, s+".")
	}
	return strings.Join(parts, " ") + fmt.Sprintf(" The order's total was %s.", str(r, "order_total"))
}

func (t *turn) countFacts(r map[string]any) string {
	order := str(r, "order_number")
	lines := t.named(r)
	if len(lines) == 0 {
		lines = list(r, "lines")
	}
	var parts []string
	for _, l := range lines {
		parts = append(parts, fmt.Sprintf("%d × %s", quantityOf(l), str(l, "item")))
	}
	return fmt.Sprintf("On order %s you ordered %s.", order, strings.Join(parts, ", "))
}

// parcelFacts says which parcel each item of the order is in, and
// whether the items the customer named share one.
func (t *turn) parcelFacts(r map[string]any) string {
	order := str(r, "order_number")
	parcels := list(r, "parcels")
	if len(parcels) == 0 {
		return fmt.Sprintf("Order %s hasn't been packed into parcels yet: %s ship together unless the warehouse splits them.", order, strings.Join(strs(r, "items"), ", "))
	}
	in := map[string]int{} // line title: its parcel
	var said []string
	for i, p := range parcels {
		items := strs(p, "items")
		var with []string
		with = append(with, items...)
		desc := strings.Join(with, ", ")
		switch {
		case str(p, "tracking_number") != "":
			desc += fmt.Sprintf(" (%s, tracking number %s; %s)", str(p, "carrier"), str(p, "tracking_number"), parcelStage(p))
		default:
			desc += " (" + parcelStage(p) + ")"
		}
		said = append(said, desc)
		for _, it := range items {
			if _, after, ok := strings.Cut(it, " × "); ok {
				it = after
			}
			in[it] = i
		}
	}
	var lead string
	named := t.named(r)
	if len(named) >= 2 {
		same := true
		for _, l := range named[1:] {
			same = same && in[str(l, "item")] == in[str(named[0], "item")]
		}
		var names []string
		for _, l := range named {
			names = append(names, str(l, "item"))
		}
		// "are they coming separately?" asks the other way round from
		// "are they in the same box?": its yes is different parcels.
		yes, no := "Yes", "No"
		if apartAskRe.MatchString(t.text) {
			yes, no = no, yes
		}
		if same {
			lead = fmt.Sprintf("%s: %s are in the same parcel. ", yes, strings.Join(names, " and "))
		} else {
			lead = fmt.Sprintf("%s: %s are in different parcels. ", no, strings.Join(names, " and "))
		}
	}
	if len(parcels) == 1 {
		return lead + fmt.Sprintf("Order %s is in one parcel: %s.", order, said[0])
	}
	return lead + fmt.Sprintf("Order %s comes in %d parcels: %s.", order, len(parcels), strings.Join(said, "; "))
}

// parcelStage says a parcel's stage with its date.
func parcelStage(p map[string]any) string {
	switch {
	case str(p, "delivered") != "":
		return "delivered " + str(p, "delivered")
	case p["out_for_delivery_today"] == true:
		return "out for delivery today"
	case str(p, "ships_by") != "":
		return "not shipped yet, ships by " + str(p, "ships_by")
	case p["shipped"] == false:
		return "not shipped yet"
	case str(p, "estimated_delivery") != "":
		return strings.ReplaceAll(str(p, "stage"), "_", " ") + ", estimated delivery " + str(p, "estimated_delivery")
	}
	return strings.ReplaceAll(str(p, "stage"), "_", " ")
}

// returnFacts is how the order's returns and refunds stand, with what
// each return holds.
func returnFacts(r map[string]any) string {
	order := str(r, "order_number")
	var parts []string
	for _, ret := range list(r, "returns") {
		what := "your return"
		if items := strs(ret, "items"); len(items) > 0 {
			what = "your return of " + strings.Join(items, ", ")
		}
		parts = append(parts, fmt.Sprintf("On order %s, %s was started on %s (status: %s); the refund follows once it reaches us and has been checked.", order, what, str(ret, "requested"), strings.ReplaceAll(str(ret, "status"), "_", " ")))
	}
	for _, f := range list(r, "refunds") {
		s := fmt.Sprintf("Order %s was refunded %s on %s", order, str(f, "amount"), str(f, "date"))
		if items := strs(f, "items"); len(items) > 0 {
			s += " for " + strings.Join(items, ", ")
		}
		if str(f, "return_received") != "" {
			s += " (your return reached us)"
		}
		parts = append(parts, s+".")
	}
	if len(parts) == 0 {
		return fmt.Sprintf("I don't see a return or a refund on order %s yet. If you'd like to start a return, tell me which items.", order)
	}
	return strings.Join(parts, " ")
}

// returnWhere is how the customer's return goes back, from the return
// itself: "" when the order has none under way.
func returnWhere(r map[string]any) (string, bool) {
	for _, ret := range list(r, "returns") {
		how := str(ret, "send_back")
		if how == "" {
			continue
		}
		what := "your return"
		if items := strs(ret, "items"); len(items) > 0 {
			what = "your return of " + strings.Join(items, ", ")
		}
		return fmt.Sprintf("For %s on order %s (started %s): %s Please use what that email gives rather than any other address.", what, str(r, "order_number"), str(ret, "requested"), how), true
	}
	return "", false
}

// returnAddressDocs answers where a return goes from the docs, when the
// customer has no return under way (r: their order's refunds, or nil).
func (t *turn) returnAddressDocs(n int, r map[string]any) (agent.Message, bool) {
	const q = "where do I send a return, return address and instructions"
	docs := t.called(toolname.SearchDocs)
	if docs == nil {
		if !offers(t.req, toolname.SearchDocs) {
			return agent.Message{}, false
		}
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": q}), true
	}
	text, ok := t.docsReply(*docs, q, nil)
	if !ok {
		return agent.Message{}, false
	}
	if r != nil {
		text = fmt.Sprintf("I don't see a return under way on order %s yet. %s", str(r, "order_number"), text)
	}
	return say("%s", text), true
}
