package agent

import (
	"regexp"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Facts of the customer's own order that a question about it needs and
// the journey does not carry (facts8): where it ships, what each line
// cost and how many of it, the order's total and its shipping charge; and of each return, what
// it holds and how it goes back. A model answers "what address is on
// it?", "how much did I pay for the X?", "how many did I get?" or "where
// do I send the return?" from these, never from the docs or a guess.

// lineFacts adds to d (an order's facts) its shipping address, its lines
// with quantity, unit price and what was paid, and its total.
func lineFacts(o order.Order, d map[string]any) {
	if a := o.ShippingAddress; a != nil {
		if s := formatAddress(*a); s != "" {
			d["ship_to"] = s
		}
	}
	var lines []map[string]any
	for _, li := range o.LineItems {
		item := li.Title
		if li.Variant != "" {
			item += " (" + li.Variant + ")"
		}
		l := map[string]any{"item": item, "paid": money(li.Paid(li.Quantity), o.Currency)}
		if li.Quantity > 1 {
			// A quantity and one unit's price say something only for
			// several: a line without them is one unit, and what was
			// paid for it is its price (DESIGN.md §7's first-turn budget
			// pays for every key).
			l["quantity"] = li.Quantity
			l["unit_price"] = money(li.Price, o.Currency)
		}
		lines = append(lines, l)
	}
	if len(lines) > 0 {
		d["lines"] = lines
	}
	d["order_total"] = money(o.TotalPrice, o.Currency)
}

// chargesAskRe is a customer's message about what they were charged: the
// words that make the order's tax and shipping charge worth their tokens
// in track_order's result (DESIGN.md §7's first-turn budget: "where is my
// order?" does not pay for them).
var chargesAskRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:tax\w*|vat|gst|hst|iva|mwst|steuer\w*|tva|impuesto\w*|ship\w*|postage|delivery|deliver|s&h|p&p|charg\w*|cost\w*|paid|pay|fee\w*|free|price\w*|total|much|env[ií]o|versand\w*|porto|livraison|frais|pagu[eé]|pag[oó]|cobr\w*|bezahlt|gezahlt|kost\w*|pay[ée]|co[uû]t\w*|combien|cu[aá]nto|wie ?viel)`)
})

// chargeFacts adds to d the order's tax and what its delivery cost, when
// text (the customer's message) speaks of charges.
func chargeFacts(o order.Order, text string, d map[string]any) {
	if !chargesAskRe().MatchString(text) {
		return
	}
	var tax order.Money
	for _, li := range o.LineItems {
		tax += li.Tax
	}
	// The tax on its items ("was there tax?", facts11): part of each
	// line's paid, never shown on its own, so a model had only the
	// delivery date or the total to offer.
	d["tax"] = money(tax, o.Currency)
	if sh := o.Shipping; sh != nil {
		// What this order's delivery cost the customer ("what did I pay
		// for shipping?"): the docs give the shop's rates, not this.
		m := map[string]any{"paid": money(sh.Paid, o.Currency)}
		if sh.Method != "" {
			m["method"] = sh.Method
		}
		if sh.Paid == 0 {
			m["free"] = true
		}
		d["shipping"] = m
	}
}

// returnFacts adds to m (one return of o, as refund_status lists it) the
// items it holds ("2 × Harbor Stoneware Mug (Sea Glass / 12 oz)") and,
// while it is on its way back, how it goes back: by email, with a label
// only where a label provider is set up.
func (s *session) returnFacts(o order.Order, r order.Return, m map[string]any) {
	var items []string
	for _, l := range r.Lines {
		for _, li := range o.LineItems {
			if li.ID != l.LineItemID {
				continue
			}
			pl := conversation.ProposalLine{Title: li.Title, Variant: li.Variant, Quantity: l.Quantity}
			items = append(items, describeLines([]conversation.ProposalLine{pl}))
		}
	}
	if len(items) > 0 {
		m["items"] = items
	}
	switch r.Status {
	case "requested", "open":
		m["send_back"] = sendBack(s.a.ReturnLabels)
	}
}
