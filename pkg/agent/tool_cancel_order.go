package agent

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// OrderCanceller is the Commerce port method of cancel_order: package
// shopify (orderCancel) in AWS, package demoshop locally. A Commerce that
// lacks it cannot cancel: the proposal fails and a person is offered.
type OrderCanceller interface {
	CancelOrder(ctx context.Context, r CancelRequest) (CancelResult, error)
}

// CancelRequest cancels a whole order: what was paid goes back to the
// original payment methods, the items go back into stock, and the shop
// emails the customer.
type CancelRequest struct {
	Shop      string
	OrderID   string
	OrderName string
	// Refund is the amount refunded (what is left to refund on the order),
	// in Currency: the adapter checks it against the shop's figure.
	Refund   order.Money
	Currency string
	// Reason is one of Shopify's OrderCancelReason values: CUSTOMER here.
	Reason string
	// Note is for the staff, never the customer.
	Note string
	// IdempotencyKey is the proposal's id.
	IdempotencyKey string
	// KeepPayment cancels with no refund: the customer takes what was
	// paid as store credit instead, issued after (StoreCreditIssuer).
	KeepPayment bool
}

// CancelResult is what the shop did.
type CancelResult struct {
	// Job is the shop's id of the (asynchronous) cancellation.
	Job string
}

type cancelOrderInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: current order"`
	Resolution  string `json:"resolution,omitempty" desc:"refund (default) or store_credit if asked"`
	Confirm     bool   `json:"confirm,omitempty"`
}

// cancel_order: the whole order, before anything of it ships; refund to
// the original payment, restock, and the shop's cancellation email.
var cancelOrder = register(newTool(toolname.CancelOrder,
	"Cancel the whole order before anything ships: full refund, restock, email. Returns the statement for the customer.",
	(*session).cancelOrder).offeredIn(PhaseUnshipped))

func init() {
	cancelOrder.Write = &Write{Check: checkCancel, Execute: executeCancel, Done: cancelDone}
}

func (s *session) cancelOrder(ctx context.Context, in cancelOrderInput) (any, bool, error) {
	if in.Confirm {
		return s.confirmed(toolname.CancelOrder)
	}
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	if r, ok, err := s.replacementMeant(ctx, o); err != nil || ok { // replacement_cancel.go
		if err != nil {
			return nil, false, err
		}
		o = r
	}
	s.orders[o.Name] = true
	if why := replacementShipped(o); why != "" { // replacement_cancel.go
		s.act(toolname.CancelOrder, "refused", o.Name, "replacement shipped")
		return map[string]any{"status": "refused", "order_number": o.Name, "replaces": order.Replaces(o), "reason": why,
			"offer": "a person on the team"}, false, nil
	}
	if d := s.pol.Cancel(o); d.Verdict == policy.Refuse {
		s.act(toolname.CancelOrder, "refused", o.Name, d.Reason)
		return map[string]any{"status": "refused", "order_number": o.Name, "reason": d.Reason,
			"offer": "a return once it arrives, or a person on the team"}, false, nil
	}
	// Shopify cancels whole orders: a request to cancel part of one is
	// never read as the whole (issue 16 trial: "just cancel the candle,
	// keep the filters" cancelled both).
	if part := partOfOrder(o, s.text); part != "" {
		reason := fmt.Sprintf("an order can only be cancelled as a whole, not item by item, so I can't cancel just %s; I can cancel the whole order if you'd like, or once it arrives, %s can be returned", part, part)
		s.act(toolname.CancelOrder, "refused", o.Name, "part of an order")
		return map[string]any{"status": "refused", "order_number": o.Name, "reason": reason,
			"offer": "the whole order cancelled (if the customer says so), a return once it arrives, or a person on the team"}, false, nil
	}
	var lines []conversation.ProposalLine
	for _, li := range o.LineItems {
		lines = append(lines, proposalLine(li, li.Quantity))
	}
	left := o.TotalPrice - o.RefundedTotal()
	p := conversation.Proposal{Lines: lines, Reason: "CUSTOMER", Resolution: "refund", Amount: left, Currency: o.Currency}
	if order.Replaces(o) != "" {
		p.Statement = replacementCancelStatement(o, lines, left)
		return s.propose(toolname.CancelOrder, o, p)
	}
	_, credit := s.a.Commerce.(StoreCreditIssuer)
	if credit && in.Resolution == "store_credit" && WantsCredit(s.customerWords()) {
		p.Resolution, p.Amount = "store_credit", s.pol.StoreCredit(left)
		p.Statement = fmt.Sprintf("I'll cancel order %s (%s) and, instead of a refund of %s, give you %s in store credit", o.Name, describeLines(lines), money(left, p.Currency), money(p.Amount, p.Currency))
		if s.pol.StoreCreditBonusPercent > 0 {
			p.Statement += fmt.Sprintf(", including a %d%% bonus", s.pol.StoreCreditBonusPercent)
		}
		p.Statement += ", to spend straight away. The items go back into stock and you'll get a cancellation email from us."
		return s.propose(toolname.CancelOrder, o, p)
	}
	p.Statement = fmt.Sprintf("I'll cancel order %s (%s) and refund %s to your original payment method. The items go back into stock and you'll get a cancellation email from us.",
		o.Name, describeLines(lines), money(p.Amount, p.Currency)) + shippingRefunded(o, left)
	if credit {
		p.Statement += storeCreditOffer(left, p.Currency, s.pol.StoreCreditBonusPercent, s.pol.StoreCredit(left))
	}
	return s.propose(toolname.CancelOrder, o, p)
}

// checkCancel is policy on a cancellation, and the amount stated must
// still be what is left to refund.
func checkCancel(pol policy.Policy, o order.Order, p conversation.Proposal, _ time.Time) policy.Decision {
	if d := pol.Cancel(o); d.Verdict == policy.Refuse {
		return d
	}
	want := o.TotalPrice - o.RefundedTotal()
	if p.Resolution == "store_credit" {
		want = pol.StoreCredit(want)
	}
	if p.Amount != want {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the order's total changed since this was stated"}
	}
	return pol.Cancel(o)
}

func executeCancel(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
	c, ok := a.Commerce.(OrderCanceller)
	if !ok {
		return "", fmt.Errorf("cancel order: %w: this shop connection cannot cancel orders", ErrCommerceRejected)
	}
	note := "Cancelled at the customer's request (doorstep proposal " + p.ID + ")"
	if p.Reason != "" && p.Reason != "CUSTOMER" { // doorstep's own (package watch)
		note = "Cancelled by doorstep: " + p.Statement
	}
	credit := p.Resolution == "store_credit"
	if _, ok := a.Commerce.(StoreCreditIssuer); credit && !ok {
		return "", fmt.Errorf("cancel order: %w: this shop connection cannot issue store credit", ErrCommerceRejected)
	}
	res, err := c.CancelOrder(ctx, CancelRequest{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, Refund: o.TotalPrice - o.RefundedTotal(), Currency: p.Currency,
		Reason: p.Reason, Note: note, IdempotencyKey: p.ID, KeepPayment: credit})
	if err != nil {
		return "", err
	}
	if !credit {
		return "cancelled (job " + res.Job + ")", nil
	}
	cr, err := issueCredit(ctx, a, o, p)
	if err != nil {
		return "", fmt.Errorf("cancel order %s: credit: %w", o.Name, err)
	}
	return "cancelled (job " + res.Job + "); " + creditDetail(cr), nil
}

func cancelDone(p conversation.Proposal, detail string) map[string]any {
	if p.Resolution == "store_credit" {
		return map[string]any{"status": "cancelled", "order_number": p.Order, "store_credit": creditResult(detail), "credit": money(p.Amount, p.Currency),
			"restocked": true, "next": "the store credit is there to spend now; a cancellation email is on its way"}
	}
	if p.Amount == 0 { // a replacement sent free of charge
		return map[string]any{"status": "cancelled", "order_number": p.Order, "restocked": true,
			"next": "nothing was paid for it, so there is no refund; a cancellation email is on its way"}
	}
	out := map[string]any{"status": "cancelled", "order_number": p.Order, "refund": money(p.Amount, p.Currency),
		"restocked": true, "next": "the refund shows on the original payment method in a few business days; a cancellation email is on its way"}
	if paid := shippingStated(p.Statement); paid != "" { // moot.go
		out["shipping_refunded"] = paid
	}
	return out
}

// partRe narrows a cancellation to part of an order: "just the candle",
// "one of the mugs".
var partRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:just|only|one of|some of|part of|solo|nur|seulement)` + notLetter)
})

// restRe is the rest of an order, which a customer who narrows a
// cancellation keeps: "still want everything else", "all the rest".
var restRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:everything|all|the lot)\s+(?:else|the rest|of the rest|other)\b`)
})

// keepRe is what the customer keeps: "keep the filters", "except the
// kit", up to the end of the clause.
var keepRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:keep|keeping|except|but not|not the|sauf|behalten)\s+([^.,;!?]*)`)
})

// partOfOrder is the part of o that text asks to cancel ("the candle"),
// or "" when it asks for the whole order (or names no item): some but not
// all of its lines named by their titles (with a word that narrows it, or
// without the word "order"), any line the customer says they keep, or
// part of a single line's units.
func partOfOrder(o order.Order, text string) string {
	// "everything else", "all the rest" are what the customer keeps.
	if wantsEverything(restRe().ReplaceAllString(text, " ")) || namesOrderByItem(text) {
		return ""
	}
	kept := map[int]bool{}
	for _, m := range keepRe().FindAllStringSubmatch(text, -1) {
		for i, li := range o.LineItems {
			if namesTitle(li, m[1]) {
				kept[i] = true
			}
		}
	}
	// A line named in the customer's language ("solo los filtros") is
	// named too.
	rest := WithProductNouns(keepRe().ReplaceAllString(text, " "))
	var named []string
	for i, li := range o.LineItems {
		if !kept[i] && namesTitle(li, rest) {
			named = append(named, li.Title)
		}
	}
	part := "the " + strings.ToLower(strings.Join(named, " and the "))
	switch {
	case len(kept) > 0 && len(named) > 0:
		return part
	case len(kept) > 0:
		return "part of the order"
	case len(named) == 0:
		return ""
	case len(named) < len(o.LineItems) && (partRe().MatchString(rest) || !hasWord(rest, "order")):
		return part
	case len(o.LineItems) == 1 && o.LineItems[0].Quantity > 1 && partRe().MatchString(rest) && !hasWord(rest, "order"):
		return "some of the " + strings.ToLower(named[0])
	}
	return ""
}

// namesTitle reports whether text names li by a word of its title.
func namesTitle(li order.LineItem, text string) bool {
	tokens := map[string]bool{}
	for _, w := range words(text) {
		tokens[w] = true
	}
	for _, w := range words(li.Title) {
		if len(w) > 2 && tokens[w] {
			return true
		}
	}
	return false
}

// wantsEverything reports whether text asks for the whole order.
func wantsEverything(text string) bool {
	t := strings.ToLower(text)
	for _, w := range everythingWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}
