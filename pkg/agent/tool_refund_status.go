package agent

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// orderInput names an order; empty means the conversation's current order.
type orderInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: current order"`
}

var _ = register(newTool(toolname.RefundStatus, "An order's refunds and returns.", func(s *session, ctx context.Context, in orderInput) (any, bool, error) {
	return s.withOrder(ctx, in.OrderNumber, func(o order.Order) any { return s.refunds(ctx, o) })
}).offeredIn(PhaseVerified))

// creditConversations is how many of the order's customer's conversations
// refund_status reads for store credit issued in them.
const creditConversations = 20

func (s *session) refunds(ctx context.Context, o order.Order) any {
	var refunds, returns []map[string]any
	for _, r := range o.Refunds {
		m := map[string]any{"amount": money(r.Amount, o.Currency), "date": s.day(r.CreatedAt),
			"note": "refunds reach the original payment method in 5 to 10 business days"}
		if items := refundedTitles(o, r); len(items) > 0 {
			m["items"] = items
		}
		switch {
		case r.Returned:
			m["for"], m["return_received"] = "items returned", s.day(r.CreatedAt)
		case o.CancelledAt != nil:
			m["for"] = "the cancelled order"
		}
		refunds = append(refunds, m)
	}
	var kept int
	for _, r := range o.Returns {
		if r.Status == order.ReturnKept {
			// Units resolved without coming back: not a return waiting.
			kept++
			continue
		}
		m := map[string]any{"status": r.Status, "requested": s.day(r.CreatedAt)}
		s.returnFacts(o, r, m)
		returns = append(returns, m)
	}
	out := map[string]any{"order_number": o.Name, "payment": o.FinancialStatus, "refunded_total": money(o.RefundedTotal(), o.Currency),
		"order_total": money(o.TotalPrice, o.Currency), "refunds": refunds, "returns": returns}
	if kept > 0 {
		out["kept_items_resolved"] = kept
	}
	if len(refunds) == 0 && len(returns) == 0 {
		// Nothing refunded yet: whether a return can start is policy's,
		// so no reply offers one the window refuses (person13: a return
		// offered on an order past its window).
		d := s.pol.ReturnsOpen(o, s.now)
		out["new_return"] = map[string]any{"allowed": d.Verdict != policy.Refuse, "reason": d.Reason}
	}
	// Store credit and gift cards doorstep issued on the order, in this
	// conversation or any earlier one of the order's customer (chat or
	// email): each settled proposal that ran keeps what it issued.
	credit, err := s.creditIssued(ctx, o)
	if err != nil {
		return map[string]any{"status": "unavailable", "reason": "the order's store credit could not be read just now"}
	}
	if len(credit) > 0 {
		out["store_credit"] = credit
	}
	return out
}

// creditIssued lists the store credit doorstep issued on o, oldest first:
// the proposals that ran with resolution store_credit, in this
// conversation and in the others of the order's email and the customer's.
func (s *session) creditIssued(ctx context.Context, o order.Order) ([]map[string]any, error) {
	convs := []conversation.Conversation{*s.conv}
	seenEmail := map[string]bool{}
	for _, e := range []string{o.Email, s.conv.CustomerEmail} {
		e = order.NormaliseEmail(e)
		if e == "" || seenEmail[e] {
			continue
		}
		seenEmail[e] = true
		cs, err := s.a.Store.ConversationsByEmail(ctx, o.Shop, e, creditConversations)
		if err != nil {
			return nil, fmt.Errorf("store credit on %s: %w", o.Name, err)
		}
		convs = append(convs, cs...)
	}
	var done []conversation.Proposal
	seen := map[string]bool{}
	for _, c := range convs {
		if c.Shop != "" && c.Shop != o.Shop {
			continue
		}
		for _, p := range c.Proposals {
			if p.Status != conversation.ProposalDone || p.Resolution != "store_credit" || seen[p.ID] ||
				(p.OrderID != o.ID && (p.OrderID != "" || p.Order != o.Name)) {
				continue
			}
			seen[p.ID] = true
			done = append(done, p)
		}
	}
	sort.SliceStable(done, func(i, j int) bool { return done[i].At.Before(done[j].At) })
	var out []map[string]any
	for _, p := range done {
		c := map[string]any{"amount": money(p.Amount, p.Currency), "date": s.day(p.At), "for": describeLines(p.Lines)}
		switch r := creditResult(p.Outcome); r["issued_as"] {
		case CreditGiftCard:
			code, _ := r["gift_card_code"].(string)
			c["issued_as"], c["gift_card_ending"] = "a gift card (code emailed to the customer)", lastChars(code, 4)
		default:
			c["issued_as"] = "store credit on the customer's account (applies at checkout when signed in)"
		}
		out = append(out, c)
	}
	return out, nil
}

// lastChars is the last n characters of code.
func lastChars(code string, n int) string {
	r := []rune(strings.TrimSpace(code))
	if len(r) <= n {
		return string(r)
	}
	return string(r[len(r)-n:])
}

// refundedTitles are the titles of the lines refund r covers.
func refundedTitles(o order.Order, r order.Refund) []string {
	var out []string
	for _, id := range r.LineItems {
		for _, li := range o.LineItems {
			if li.ID == id && !slices.Contains(out, li.Title) {
				out = append(out, li.Title)
			}
		}
	}
	return out
}
