package agent

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Exchanger is the Commerce port of exchange_item: package shopify (the
// product's variants; returnCreate with exchangeLineItems) in AWS, package
// demoshop locally.
type Exchanger interface {
	// Variants are a product's variants with what is in stock.
	Variants(ctx context.Context, shop, productID string) ([]Variant, error)
	// Exchange opens a return of r.Lines with r.Variant as the exchange
	// item: the new one ships as the return is processed.
	Exchange(ctx context.Context, r ExchangeRequest) (order.Return, error)
}

// Variant is one variant of a product.
type Variant struct {
	ID        string
	Title     string // "Charcoal / 12 oz"
	Price     order.Money
	Available int // units in stock; <= 0 is out of stock
}

// ExchangeRequest swaps line items for another variant.
type ExchangeRequest struct {
	Shop      string
	OrderID   string
	Lines     []order.ReturnLine
	VariantID string
	Quantity  int
	// Reason is one of the return reasons ReturnRequest takes.
	Reason string
	// Note is why, for the shop (a return reason note).
	Note           string
	IdempotencyKey string
}

type exchangeItemInput struct {
	OrderNumber string  `json:"order_number,omitempty" desc:"default: the current order"`
	Item        itemArg `json:"item" desc:"the item to swap, in the customer's words"`
	Want        string  `json:"want" desc:"the size or colour they want instead, in their words"`
	Reason      string  `json:"reason,omitempty" enum:"SIZE_TOO_SMALL,SIZE_TOO_LARGE,COLOR,STYLE,DEFECTIVE,OTHER"`
	Confirm     bool    `json:"confirm,omitempty" desc:"true after the customer's yes to your statement"`
}

// exchange_item: one line for another variant of the same product, in
// stock and at the same price, through a return with an exchange item.
var exchangeItem = register(newTool(toolname.ExchangeItem,
	"Swap an item for another size or colour of the same product, if in stock. Without confirm: returns the statement, or the options.",
	(*session).exchangeItem).offeredIn(PhaseReturnable))

func init() {
	exchangeItem.Write = &Write{Check: checkExchange, Execute: executeExchange, Done: exchangeDone}
}

func (s *session) exchangeItem(ctx context.Context, in exchangeItemInput) (any, bool, error) {
	if in.Confirm {
		return s.confirmed(toolname.ExchangeItem)
	}
	in.Want = digitsApart(in.Want)
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	if d := s.pol.ReturnsOpen(o, s.now); d.Verdict == policy.Refuse {
		s.act(toolname.ExchangeItem, "refused", o.Name, d.Reason)
		return map[string]any{"status": "refused", "reason": d.Reason, "offer": "a person on the team can look at exceptions"}, false, nil
	}
	lines, question := pickLines(o, []itemArg{in.Item}, false, s.customerWords())
	if question != "" {
		// "are the charcoal ones in stock? if so swap mine": the one line
		// whose product comes in the option the customer named.
		l, ok, err := s.lineOfWantedOption(ctx, o, in)
		if err != nil {
			return nil, false, err
		}
		if ok {
			lines, question = []conversation.ProposalLine{l}, ""
		}
	}
	if question != "" {
		return map[string]any{"status": "ask_customer", "question": strings.Replace(question, "to return", "to exchange", 1)}, false, nil
	}
	line := lines[0]
	li, _ := lineOf(o, line.LineItemID)
	ex, ok := s.a.Commerce.(Exchanger)
	if !ok || li.ProductID == "" {
		return map[string]any{"status": "unavailable", "message": "exchanges cannot be made here for this item; offer a return or a person"}, false, nil
	}
	variants, err := ex.Variants(ctx, o.Shop, li.ProductID)
	if err != nil {
		return nil, false, fmt.Errorf("variants of %s: %w", li.ProductID, err)
	}
	if wantsOtherProduct(li.Title, variants, in.Want, s.customerWords()) {
		// Another product: no variant of this one, so nothing to list.
		s.act(toolname.ExchangeItem, "refused", o.Name, "another product")
		value := paidValue(o, lines)
		return map[string]any{"status": "other_product", "item": describeLines(lines), "wanted": in.Want,
			"refund": money(value, o.Currency), "store_credit": money(s.pol.StoreCredit(value), o.Currency),
			"reason": "an exchange is for another size or colour of the same product",
			"offer": fmt.Sprintf("a return for a refund of %s or store credit of %s, then a new order for what they want; or a person on the team",
				money(value, o.Currency), money(s.pol.StoreCredit(value), o.Currency))}, false, nil
	}
	v, question := s.pickVariant(li, variants, in.Want)
	if question != "" {
		return map[string]any{"status": "ask_customer", "question": question}, false, nil
	}
	reason := returnReason(in.Reason)
	d := s.pol.Exchange(o, returnLines(conversation.Proposal{Lines: lines}), linesValue(lines), li.Price, v.Price, v.Available, line.Quantity, s.now)
	if d.Verdict == policy.Refuse {
		s.act(toolname.ExchangeItem, "refused", o.Name, d.Reason)
		r := map[string]any{"status": "refused", "reason": d.Reason, "item": describeLines(lines), "wanted": li.Title + " (" + v.Title + ")"}
		if s.pol.ReturnsOpen(o, s.now).Verdict != policy.Refuse && (v.Price != li.Price || v.Available < line.Quantity) {
			// No straight exchange, but the item can come back: offer
			// what a return gives.
			value := paidValue(o, lines) // what a return of them refunds
			r["status"] = "out_of_stock"
			if v.Price != li.Price {
				r["status"] = "different_price"
			}
			r["offer"] = fmt.Sprintf("a return for store credit of %s or a refund of %s", money(s.pol.StoreCredit(value), o.Currency), money(value, o.Currency))
			if in := exchangeableOptions(li, variants, line.Quantity); len(in) > 0 {
				r["in_stock_options"] = in // what an exchange can still be for
			}
		}
		return r, false, nil
	}
	return s.propose(toolname.ExchangeItem, o, exchangeProposal(o, line, li, v, reason, s.a.ReturnLabels))
}

// exchangeProposal swaps line (of li) for variant v, with its statement:
// the one place an exchange proposal is made, for the chat and for the
// tracking page (ProposeExchange).
func exchangeProposal(o order.Order, line conversation.ProposalLine, li order.LineItem, v Variant, reason string, labels bool) conversation.Proposal {
	lines := []conversation.ProposalLine{line}
	p := conversation.Proposal{Lines: lines, Reason: reason, Resolution: "exchange", Currency: o.Currency,
		ExchangeFor: &conversation.ProposalLine{VariantID: v.ID, Title: li.Title, Variant: v.Title, Quantity: line.Quantity, Price: v.Price}}
	back := "A return label comes by email"
	if !labels {
		back = "Instructions for sending it back come by email (there is no prepaid return label)"
	}
	p.Statement = fmt.Sprintf("I'll exchange %s from order %s for %s, at no extra cost. %s; the new one ships as soon as the original is on its way back.",
		describeLines(lines), o.Name, describeLines([]conversation.ProposalLine{*p.ExchangeFor}), back)
	return p
}

// pickVariant is the variant of li's product the customer asked for: every
// word of want in its title, the customer's own words, not li's own
// variant; among several, the one most like li's (same size when they
// named a colour). Else a question listing the options.
func (s *session) pickVariant(li order.LineItem, variants []Variant, want string) (Variant, string) {
	said := map[string]bool{}
	for _, w := range words(s.customerWords()) {
		said[w] = true
	}
	// Words that name no option of this product ("instead", "one") say
	// nothing about which; the rest must be the customer's own.
	vocab := optionVocab(variants)
	var wantWords []string
	for _, w := range words(want) {
		if v := optionWordOf(w, vocab); said[w] && v != "" {
			wantWords = append(wantWords, v) // "charcol": Charcoal
		}
	}
	current := map[string]bool{}
	for _, w := range words(li.Variant) {
		current[w] = true
	}
	type cand struct {
		v     Variant
		alike int
	}
	var cands []cand
	for _, v := range variants {
		if v.ID == li.VariantID || strings.EqualFold(v.Title, li.Variant) {
			continue
		}
		vw := map[string]bool{}
		for _, w := range words(v.Title) {
			vw[w] = true
		}
		all := len(wantWords) > 0
		for _, w := range wantWords {
			all = all && vw[w]
		}
		if !all {
			continue
		}
		alike := 0
		for w := range vw {
			if current[w] {
				alike++
			}
		}
		cands = append(cands, cand{v, alike})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].alike > cands[j].alike })
	if len(cands) == 1 || (len(cands) > 1 && cands[0].alike > cands[1].alike) {
		return cands[0].v, ""
	}
	var opts []string
	for _, v := range variants {
		if v.ID == li.VariantID || strings.EqualFold(v.Title, li.Variant) {
			continue
		}
		o := v.Title
		if v.Available <= 0 {
			o += " (out of stock)"
		}
		opts = append(opts, o)
	}
	if len(opts) == 0 {
		return Variant{}, fmt.Sprintf("%s only comes as %s, so there's nothing to exchange it for. I can start a return instead.", li.Title, li.Variant)
	}
	if asked := askedOptionWords(want, s.customerWords(), li.Title, vocab); len(wantWords) == 0 && len(asked) > 0 {
		// An option the product does not come in ("purple"): said so,
		// with the ones it does.
		return Variant{}, fmt.Sprintf("I'm sorry, %s doesn't come in %s. Instead of %s, it comes in: %s. Would you like one of those?",
			li.Title, strings.Join(asked, " "), describeLine(li), strings.Join(opts, ", "))
	}
	return Variant{}, fmt.Sprintf("Which would you like instead of %s? %s comes in: %s.", describeLine(li), li.Title, strings.Join(opts, ", "))
}

func lineOf(o order.Order, id string) (order.LineItem, bool) {
	for _, li := range o.LineItems {
		if li.ID == id {
			return li, true
		}
	}
	return order.LineItem{}, false
}

// checkExchange is policy on a stated exchange: as a return, at the
// stated price (stock is the shop's to confirm when it runs).
func checkExchange(pol policy.Policy, o order.Order, p conversation.Proposal, now time.Time) policy.Decision {
	if p.ExchangeFor == nil || len(p.Lines) != 1 {
		return policy.Decision{Verdict: policy.Refuse, Reason: "no exchange item was stated"}
	}
	li, ok := lineOf(o, p.Lines[0].LineItemID)
	if !ok {
		return policy.Decision{Verdict: policy.Refuse, Reason: "that item is not on this order"}
	}
	return pol.Exchange(o, returnLines(p), linesValue(p.Lines), li.Price, p.ExchangeFor.Price, p.ExchangeFor.Quantity, p.ExchangeFor.Quantity, now)
}

func executeExchange(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
	ex, ok := a.Commerce.(Exchanger)
	if !ok {
		return "", fmt.Errorf("exchange: %w: this shop connection cannot make exchanges", ErrCommerceRejected)
	}
	li, _ := lineOf(o, p.Lines[0].LineItemID)
	variants, err := ex.Variants(ctx, o.Shop, li.ProductID)
	if err != nil {
		return "", fmt.Errorf("variants of %s: %w", li.ProductID, err)
	}
	inStock := false
	for _, v := range variants {
		inStock = inStock || (v.ID == p.ExchangeFor.VariantID && v.Available >= p.ExchangeFor.Quantity && v.Price == p.ExchangeFor.Price)
	}
	if !inStock {
		return "", &RefusedError{Reason: "that option has just sold out or changed price"}
	}
	ret, err := ex.Exchange(ctx, ExchangeRequest{Shop: o.Shop, OrderID: o.ID, Lines: returnLines(p), VariantID: p.ExchangeFor.VariantID,
		Quantity: p.ExchangeFor.Quantity, Reason: p.Reason, Note: exchangeNote(p), IdempotencyKey: p.ID})
	if err != nil {
		return "", err
	}
	if _, err := a.Store.Apply(ctx, store.Change{Shop: o.Shop, Returns: []order.Return{ret}}); err != nil {
		return "", fmt.Errorf("record exchange: %w", err)
	}
	return "exchange return " + ret.ID, nil
}

func exchangeDone(p conversation.Proposal, _ string) map[string]any {
	return map[string]any{"status": "exchange_started", "order_number": p.Order, "item": describeLines(p.Lines),
		"new_item": describeLines([]conversation.ProposalLine{*p.ExchangeFor}), "next": sentBack(p) + "; the new item ships once the original is on its way back"}
}

// exchangeNote is the note the shop keeps: "Exchange for Charcoal / 12 oz
// (color)".
func exchangeNote(p conversation.Proposal) string {
	n := "Exchange for " + p.ExchangeFor.Variant
	if p.Reason != "" && p.Reason != "UNKNOWN" {
		n += " (" + strings.ToLower(strings.ReplaceAll(p.Reason, "_", " ")) + ")"
	}
	return n
}

// exchangeableOptions are the titles of li's product's variants an
// exchange of quantity units can be for: not li's own, at li's price, in
// stock.
func exchangeableOptions(li order.LineItem, variants []Variant, quantity int) []string {
	var out []string
	for _, v := range variants {
		if v.ID != li.VariantID && !strings.EqualFold(v.Title, li.Variant) && v.Price == li.Price && v.Available >= quantity {
			out = append(out, v.Title)
		}
	}
	return out
}

// lineOfWantedOption is the one line of o whose product has an option,
// not the line's own, that the customer's words in want name ("the
// charcoal ones": the Sea Glass mugs' line), when the item words named
// none or several: every unit for a plural, else one; false when no line
// or more than one fits.
func (s *session) lineOfWantedOption(ctx context.Context, o order.Order, in exchangeItemInput) (conversation.ProposalLine, bool, error) {
	ex, ok := s.a.Commerce.(Exchanger)
	if !ok || strings.TrimSpace(in.Want) == "" {
		return conversation.ProposalLine{}, false, nil
	}
	said := s.customerWords()
	var fits []order.LineItem
	for _, li := range o.LineItems {
		if li.ProductID == "" {
			continue
		}
		variants, err := ex.Variants(ctx, o.Shop, li.ProductID)
		if err != nil {
			return conversation.ProposalLine{}, false, fmt.Errorf("variants of %s: %w", li.ProductID, err)
		}
		for _, v := range optionsNamed(variants, in.Want, said) {
			if v.ID != li.VariantID && !strings.EqualFold(v.Title, li.Variant) {
				fits = append(fits, li)
				break
			}
		}
	}
	if len(fits) != 1 {
		return conversation.ProposalLine{}, false, nil
	}
	li := fits[0]
	q := in.Item.Quantity
	switch {
	case q <= 0 && plural(in.Item.Title+" "+in.Want):
		q = li.Quantity
	case q <= 0 || q > li.Quantity:
		q = 1
	}
	return proposalLine(li, q), true, nil
}
