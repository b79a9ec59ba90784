package offline

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Facts of the customer's own order that the tools give but that other
// readings took elsewhere (facts11, no-context trials): a line's variant
// ("what scent did I get?") went to the product guide or the tracking
// status; "was there tax?" got the delivery date; "how much was it and
// when?" after a refund got the order total; "show me all orders on this
// account" was refused as someone else's. Each is answered here from this
// conversation's tool results; a fact no tool holds (the card paid with,
// the parcel's weight) is said not to be on the order, with a person
// offered, never a nearby fact in its place.

type f11Ask int

const (
	f11None    f11Ask = iota
	f11Variant        // a line's variant: scent, colour, size
	f11Tax            // the order's tax
	f11Refund         // a refund's amount and date
	f11Orders         // the account's orders
	f11Card           // the card paid with: not in the tools
	f11Weight         // the parcel's weight: not in the tools
)

var (
	// f11AttrRe names a variant's dimension.
	f11AttrRe = regexp.MustCompile(`\b(?:scents?|fragrances?|colou?rs?|clours?|colr|sizes?|sises?|szie|sixe|inch(?:es)?|oz|ounces?|flavou?rs?|variants?|versions?|pack|finish|aromas?|olor|tamaño|talla|duft\w*|farbe|größe|grösse|geruch|parfums?|odeur|couleur|taille|pouces|zoll)\b`)
	// f11OrPairRe weighs two sizes against each other ("10 or 12 inch").
	f11OrPairRe = regexp.MustCompile(`\b\d+\s*(?:inch|in|oz|cm|pouces|zoll|pulgadas)?\s+(?:or|o|oder|ou)\s+(?:(?:the|la|le|el|die|das)\s+)?\d+\b`)
	// f11OwnRe says it is what the customer got: their order, not the
	// catalogue.
	f11OwnRe = regexp.MustCompile(`\b(?:i|we)\s+(?:got|get|ordered|order|picked|pick|chose|choose|bought|buy|selected|purchased|went with)\b|\bdid (?:i|we)\b|\b(?:on|in) (?:my|the|this|that) order\b|\bmy order\b|\bwas it\b|\bwere they\b|\bagain\b|\bi'?ve got\b` +
		`|ped[ií](?:\P{L}|$)|compr[eé](?:\P{L}|$)|eleg[ií](?:\P{L}|$)|escog[ií](?:\P{L}|$)|\bmi pedido\b|\bich\b[^.?!]{0,30}\b(?:bestellt|gekauft|gewählt|bekommen)\b|\b(?:habe|hab) ich\b|\bmeiner? bestellung\b|\bj'ai\s+(?:command|achet|choisi|pris|reçu)|\bque j'ai\b|\bma commande\b`)
	// f11WhichRe asks which one.
	f11WhichRe = regexp.MustCompile(`^(?:and\s+|ok\s+|so\s+)?(?:which|wich|what|wat|wht)\b|\b(?:which|wich|what|wat)\s+(?:one|kind|type|sizes?|colou?rs?|scents?|versions?|variants?)\b|\bqu[eé]\b|\bcu[aá]l\b|\bwelche\w*\b|\bquel(?:le)?s?\b`)
	// f11AskRe is a question put as one.
	f11AskRe = regexp.MustCompile(`\?|^(?:and\s+|ok\s+|so\s+)?(?:is|was|are|were|did|do|remind me|tell me)\b`)
	// f11CatalogueRe asks about the shop's range or a choice still to
	// make, or changes the variant: not what was ordered.
	f11CatalogueRe = regexp.MustCompile(`\b(?:add|return\w*|send (?:it|them) back|style|devolver|zurückschicken|retourner|come in|comes in|available|offer|do you (?:have|sell|make|carry)|other|another|different|recommend|best|should|stock|restock|sell|change|switch|swap|exchange|instead|wrong|but (?:got|received|you sent|it came)|not what|sent me|cambiar|ändern|tauschen|changer|échanger|otro|otra|andere\w*|autre)\b`)

	// f11PriceRe asks what something cost.
	f11PriceRe = regexp.MustCompile(`\b(?:pay|paid|cost|costs|price|per|each|charged)\b`)

	// f11TaxRe names tax.
	f11TaxRe = regexp.MustCompile(`\b(?:tax|taxes|taxed|vat|gst|hst|impuestos?|iva|steuer\w*|mehrwertsteuer|mwst|taxes?|tva)\b`)
	// f11TaxOwnRe says it is this order's tax.
	f11TaxOwnRe = regexp.MustCompile(`\b(?:i|me|my|we|it|this|that|the order|was there|were there|any|the tax|how much|was)\b|pagu[eé]|\bmi\b|\bme\b|\bich\b|\bmeiner?\b|\bgab es\b|\bj'ai\b|\bma commande\b|\bmon\b`)
	// f11TaxRatesRe asks about tax in general: where the shop charges it.
	f11TaxRatesRe = regexp.MustCompile(`\b(?:canada|uk|eu|europe|abroad|international\w*|country|countries|state|states|rate|rates|exempt|included in (?:the|your) prices|invoice|receipt)\b|\bdo you (?:charge|add|collect)\b[^.?!]{0,20}\b(?:on|for) (?:orders|international|shipping to)\b`)

	// f11RefundRe names money given back.
	f11RefundRe = regexp.MustCompile(`\b(?:refund\w*|reimburs\w*|money back|get back|got back|get refunded|devolv\w*|devuelt\w*|reembols\w*|erstatt\w*|zurück(?:erstattet|bekommen|erhalten)|rembours\w*)\b`)
	// f11AmountWhenRe asks how much or when.
	f11AmountWhenRe = regexp.MustCompile(`\bhow much\b|\bwhen\b|\bwhat (?:date|day|amount)\b|\bwhat did\b|\bcu[aá]nto\b|\bcu[aá]ndo\b|\bwie ?viel\b|\bwann\b|\bcombien\b|\bquand\b`)
	// f11RefundRequestRe asks for a refund or weighs one: not one made.
	f11RefundRequestRe = regexp.MustCompile(`\b(?:can|could|want|would|will|i'?d like|need|please|give me|start|request|if|should)\b|\bquiero\b|\bpuedo\b|\bmöchte\b|\bkann\b|\bje veux\b|\bpuis-je\b|\bvoudrais\b|\bcombien de temps\b|\bhow long\b|\bcu[aá]nto tiempo\b|\bwie lange\b`)
	// f11ReachRe asks when a refund reaches the card or bank: the refund's
	// timing (follow7.go), not its figure.
	f11ReachRe = regexp.MustCompile(`\b(?:card|bank|account|statement|tarjeta|banco|cuenta|karte|konto|carte|compte)\b`)
	// f11ThatRe leans on what was said before ("how much was it?").
	f11ThatRe = regexp.MustCompile(`\b(?:it|that|this|they|them|lo|eso|es|das|ça|le)\b`)

	// f11OrdersRe asks for the account's orders.
	f11OrdersRe = regexp.MustCompile(`\b(?:all|every|list|show|see|pull up)\b[^.?!]{0,25}\b(?:my|our|the)?\s*orders?\b[^.?!]{0,20}\b(?:on|in|under|for)\s+(?:this|my|the)\s+account\b|\b(?:all|every|list|show me|see)\b[^.?!]{0,15}\b(?:my|our)\s+orders\b|\borders\s+(?:have\s+)?(?:i|we)\s+(?:'ve\s+)?(?:placed|made)\b` +
		`|\b(?:todos\s+)?mis\s+pedidos\b|\b(?:alle\s+)?meine[n]?\s+bestellungen\b|\b(?:toutes\s+)?mes\s+commandes\b`)
	// f11OrdersNotRe is another thing done with the orders, or someone
	// else's.
	f11OrdersNotRe = regexp.MustCompile(`\b(?:where|track\w*|status|cancel\w*|return\w*|refund\w*|change|d[oó]nde|wo|o[uù]|stornier\w*|cancelar|annuler|his|her|their|someone|somebody|wife|husband|partner|friend|mom|mum|dad|son|daughter|sister|brother)\b|@`)

	// f11CardRe asks which card or payment method was used.
	f11CardRe = regexp.MustCompile(`\b(?:which|what|wich|wat)\s+(?:credit\s+|debit\s+)?(?:card|payment)\b|\bcard\b[^.?!]{0,15}\b(?:i|we)\s+(?:pay|paid|use|used)\b|\b(?:paid|pay)\s+(?:it\s+)?(?:with|by|on)\b|\bpayment method\b|\blast (?:4|four) digits\b|\b(?:qu[eé]|cu[aá]l)\s+tarjeta\b|\bwelche[rnm]?\s+karte\b|\bm[eé]todo de pago\b|\bzahlungs(?:methode|mittel|art)\b|\bmoyen de paiement\b|\bquelle carte\b`)
	// f11CardNotRe asks what the shop accepts, not what was used.
	f11CardNotRe = regexp.MustCompile(`\b(?:can (?:i|we|you)|do you (?:accept|take)|accept\w*|puedo|aceptan|kann ich|akzeptier\w*|puis-je|acceptez|gift card|store credit|geschenkkarte|tarjeta regalo|carte cadeau)\b`)
	// f11WeightRe asks what the parcel weighs.
	f11WeightRe = regexp.MustCompile(`\bhow heavy\b[^.?!]{0,25}\b(?:package|parcel|box|order|shipment)\b|\b(?:package|parcel|box|order|shipment)\b[^.?!]{0,25}\bweigh\w*\b|\bweight of (?:my|the) (?:package|parcel|box|order|shipment)\b|\bpeso del? (?:paquete|pedido)\b|\bwie schwer\b[^.?!]{0,25}\b(?:paket|bestellung|sendung)\b|\bpoids du colis\b|\bcombien p[eè]se\b`)
)

// f11PaidRe asks what the customer paid: the order's price, whatever the
// reply before it said of refunds (trial 16: "how much did i pay for the
// filters" after a reply listing "check on a refund" got refund status).
var f11PaidRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(?:did i pay|i paid|did i spend|was i charged|did i get charged|did (?:it|they|that|those|the \w+) cost|bezahlt|gekostet)\b|\b(?:pagu[eé]|pay[ée])(?:\P{L}|$)`)
})

// f11AskOf is which own-order question text asks, if any; lastBot is the
// reply before it (a refund it gave makes "how much was it?" the refund's).
func f11AskOf(text, lastBot string) f11Ask {
	low := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	norm := strings.ToLower(normalise(text))
	either := func(re *regexp.Regexp) bool { return re.MatchString(low) || re.MatchString(norm) }
	switch {
	case either(f11OrdersRe) && !f11OrdersNotRe.MatchString(low):
		return f11Orders
	case f11CardRe.MatchString(low) && !f11CardNotRe.MatchString(low) && !f11RefundRe.MatchString(low):
		return f11Card
	case f11WeightRe.MatchString(low):
		return f11Weight
	case f11TaxRe.MatchString(low) && f11TaxOwnRe.MatchString(low) && !f11TaxRatesRe.MatchString(low) && !f11RefundRe.MatchString(low):
		return f11Tax
	case either(f11AmountWhenRe) && !f11RefundRequestRe.MatchString(low) && !f11ReachRe.MatchString(low) &&
		(f11RefundRe.MatchString(low) || (f11ThatRe.MatchString(low) || len(strings.Fields(low)) <= 8) && strings.Contains(strings.ToLower(lastBot), "refund") && !f11PaidRe().MatchString(low)):
		return f11Refund
	}
	return f11None
}

// f11AsksVariant reports whether text asks which variant of an item of
// the order the customer got; named says whether it names a line.
func f11AsksVariant(text string, named bool) bool {
	low := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	if f11CatalogueRe.MatchString(low) {
		return false
	}
	if damageRe.MatchString(low) || damageRe.MatchString(strings.ToLower(normalise(text))) || misspeltDamage(low) {
		return false // "j'ai reçu le puzzle abîmé, que faire ?": a damage report
	}
	if priceAskRe.MatchString(low) || countAskRe.MatchString(low) || f11PriceRe.MatchString(low) {
		return false // what it cost, how many: order_facts.go
	}
	own := f11OwnRe.MatchString(low)
	attr := f11AttrRe.MatchString(low)
	pair := f11OrPairRe.MatchString(low)
	if !pair && !f11WhichRe.MatchString(low) && !f11AskRe.MatchString(low) {
		return false // "the candle's scent is too strong": not a question of which
	}
	switch {
	case attr && (own || named || pair):
		return true
	case pair && named:
		return true
	case f11WhichRe.MatchString(low) && named && own:
		return true
	}
	return false
}

// facts11 answers a question about a fact of the customer's own order
// from the order tools (track_order, refund_status, list_orders).
func (t *turn) facts11(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.declined || t.reoffered || t.inPart || !t.verified {
		return agent.Message{}, false
	}
	ask := f11AskOf(t.text, t.lastBot)
	if ask == f11None && f11AsksVariant(t.text, t.namesOrderLine()) {
		ask = f11Variant
	}
	if ask == f11None {
		return agent.Message{}, false
	}
	for _, q := range questions(t.text) {
		if len(questions(t.text)) > 1 && f11AskOf(q, t.lastBot) == f11None && !f11AsksVariant(q, t.namesOrderLine()) &&
			classify(normalise(q)) != intentNone && classify(normalise(q)) != intentGreeting {
			return agent.Message{}, false // another request beside it: the general path
		}
	}
	tool := toolname.TrackOrder
	args := t.orderArg()
	switch ask {
	case f11Refund:
		tool = toolname.RefundStatus
	case f11Orders:
		tool, args = toolname.ListOrders, map[string]any{}
	}
	if !offers(t.req, tool) {
		return agent.Message{}, false
	}
	c := t.called(tool)
	if c == nil {
		if n > 0 {
			return agent.Message{}, false // another step is under way
		}
		return toolCall(n, tool, args), true
	}
	if c.isErr || c.result == nil {
		return agent.Message{}, false
	}
	r := c.result
	if ask == f11Orders {
		return say("%s", historyFacts(r)), true
	}
	order := str(r, "order_number")
	if order == "" {
		return agent.Message{}, false
	}
	switch ask {
	case f11Refund:
		return say("%s", returnFacts(r)), true
	case f11Tax:
		return say("%s", taxFacts(r)), true
	case f11Card:
		return say("I don't see which card or payment method was used on order %s in what I can look up here. %s", order, f11Person), true
	case f11Weight:
		return say("I don't see the parcel's weight on order %s in what I can look up here. %s", order, f11Person), true
	}
	return say("%s", t.variantFacts(r)), true
}

// facts11Orders answers "show me all orders on this account" alone: it
// comes before the refusal of others' data, which read it as someone
// else's.
func (t *turn) facts11Orders(n int) (agent.Message, bool) {
	if f11AskOf(t.text, t.lastBot) != f11Orders {
		return agent.Message{}, false
	}
	return t.facts11(n)
}

// f11Person offers a person for a fact the tools do not hold.
const f11Person = "A member of our team can check that for you if you'd like."

// namesOrderLine reports whether the text names a line of the current
// order (from the conversation's state).
func (t *turn) namesOrderLine() bool {
	lines := t.orderLines(t.currentOrder())
	return len(lines) > 0 && namesItem(lines, t.text)
}

// taxFacts says the order's tax, from track_order's tax fact.
func taxFacts(r map[string]any) string {
	order := str(r, "order_number")
	tax := str(r, "tax")
	switch {
	case tax == "":
		return fmt.Sprintf("I don't see the tax on order %s broken out in what I can look up here. %s", order, f11Person)
	case strings.Trim(tax, "$€£0.,  ") == "" || strings.HasPrefix(tax, "0"):
		return fmt.Sprintf("There was no tax on order %s (%s).", order, tax)
	}
	return fmt.Sprintf("Order %s included %s in tax, already part of what you paid for its items; the order came to %s in total.", order, tax, str(r, "order_total"))
}

// variantFacts says which variant of each line the customer named (every
// line when none is named) the order holds.
func (t *turn) variantFacts(r map[string]any) string {
	order := str(r, "order_number")
	lines := t.named(r)
	if len(lines) == 0 {
		lines = list(r, "lines")
	}
	var with, without []string
	for _, l := range lines {
		item := str(l, "item")
		title, variant := item, ""
		if i := strings.LastIndex(item, " ("); i > 0 && strings.HasSuffix(item, ")") {
			title, variant = item[:i], item[i+2:len(item)-1]
		}
		if q := quantityOf(l); q > 1 {
			title = fmt.Sprintf("%d × %s", q, title)
		}
		if variant == "" {
			without = append(without, title)
			continue
		}
		with = append(with, counted(l))
	}
	var parts []string
	if len(with) > 0 {
		parts = append(parts, fmt.Sprintf("On order %s you got: %s.", order, strings.Join(with, "; ")))
	}
	if len(without) > 0 {
		parts = append(parts, fmt.Sprintf("I don't see a size, colour or scent on the order for %s. %s", strings.Join(without, ", "), f11Person))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("I don't see that item on order %s. %s", order, f11Person)
	}
	return strings.Join(parts, " ")
}

// namedParcelEstimate is where the parcels holding the items the customer
// named stand, when they name some of an order of several parcels: one
// item's estimate is never given for another ("can you expedite the
// skillet?" on an order whose throw is on its way and skillet not).
func (t *turn) namedParcelEstimate(parcels []map[string]any) (string, bool) {
	if len(parcels) < 2 {
		return "", false
	}
	text := strings.ToLower(t.text)
	var said []string
	for _, p := range parcels {
		if !mentions(text, strs(p, "items")) {
			continue
		}
		stage := parcelStage(p)
		if e := str(p, "estimated_delivery"); e != "" && !strings.Contains(stage, e) {
			stage += ", estimated delivery " + e
		}
		said = append(said, fmt.Sprintf("%s: %s", strings.Join(strs(p, "items"), ", "), stage))
	}
	if len(said) == 0 || len(said) == len(parcels) {
		return "", false
	}
	return " " + strings.Join(said, "; ") + ".", true
}
