package agent

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// report_damage's Commerce port is resolution.Resolver (refunds and replacement
// orders, as the delivery check makes them): package shopify (refundCreate,
// orderCreate) in AWS, package demoshop locally.

type reportDamageInput struct {
	OrderNumber string    `json:"order_number,omitempty" desc:"default: the current order"`
	Items       []itemArg `json:"items" desc:"the affected items, in the customer's words"`
	Problem     string    `json:"problem" enum:"damaged,defective,wrong_item,missing"`
	Resolution  string    `json:"resolution,omitempty" enum:"replacement,refund,store_credit" desc:"only what the customer chose; empty: ask them"`
	Confirm     bool      `json:"confirm,omitempty" desc:"true after the customer's yes to your statement"`
}

// report_damage: a replacement or refund (or store credit) of the affected
// lines; kept below the merchant's keep-it value, returned above it.
var reportDamage = register(newTool(toolname.ReportDamage,
	"Items arrived damaged, defective or wrong: replace or refund just those. Without confirm: returns the statement, or a question.",
	(*session).reportDamage).offeredIn(PhaseReturnable))

func init() {
	reportDamage.Write = &Write{Check: checkDamage, Execute: executeDamage, Done: damageDone}
}

func (s *session) reportDamage(ctx context.Context, in reportDamageInput) (any, bool, error) {
	if in.Confirm {
		return s.confirmed(toolname.ReportDamage)
	}
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	lines, question := pickLines(o, in.Items, false, s.customerWords())
	if question != "" {
		return map[string]any{"status": "ask_customer", "question": strings.Replace(strings.Replace(question, "would you like to return", "arrived damaged or wrong", 1),
			"Which one would you like to return?", "Which one is it?", 1)}, false, nil
	}
	// What they paid for those units, tax in and discounts out: what a
	// refund gives back.
	value := paidValue(o, lines)
	p := conversation.Proposal{Lines: lines, Reason: damageReason(in.Problem), Currency: o.Currency}
	resolved := resolvedDamage(*s.conv, o.Name)
	if d := s.pol.DamageAgain(returnLines(p), resolved, s.anotherUnit()); d.Verdict == policy.Refuse {
		s.act(toolname.ReportDamage, "refused", o.Name, d.Reason)
		r := map[string]any{"status": "refused", "reason": d.Reason}
		if left := unitsLeft(o, lines, resolved); left != "" {
			// "that mug was already refunded" for the second of two
			// mugs: the customer may mean the other one.
			r["reason"] = d.Reason + "; if it's " + left + ", tell me the other one is damaged and I'll look at it"
		}
		return r, false, nil
	}
	d, keep := s.pol.Damage(o, returnLines(p), value, s.now)
	if p.Reason == missingReason {
		d, keep = s.pol.Missing(o, returnLines(p), value, s.now), true
	}
	if d.Verdict == policy.Refuse {
		s.act(toolname.ReportDamage, "refused", o.Name, d.Reason)
		return map[string]any{"status": "refused", "reason": d.Reason, "offer": "a person on the team can look at it"}, false, nil
	}
	switch in.Resolution {
	case "replacement", "refund", "store_credit":
	default:
		q := fmt.Sprintf("I'm sorry about that. Would you like a replacement of %s, or a refund of %s", describeLines(lines), money(value, o.Currency))
		if s.pol.StoreCreditBonusPercent > 0 {
			q += fmt.Sprintf(" (or %s in store credit, a %d%% bonus)", money(s.pol.StoreCredit(value), o.Currency), s.pol.StoreCreditBonusPercent)
		}
		s.act(toolname.ReportDamage, "ask_resolution", o.Name, "")
		asked := p
		asked.Tool, asked.OrderID = toolname.ReportDamage, o.ID
		s.askedAbout = &asked
		// Whether the item comes back, for a customer who asks before
		// choosing: the same rule the statement applies.
		back := "not needed"
		if !keep {
			back = "needed: the item comes back (a replacement or store credit goes at once, a refund once it is back)"
		}
		return s.withKeepForPart(map[string]any{"status": "ask_customer", "question": q + "?", "send_back": back}, keep, o.Currency), false, nil
	}
	p.Resolution, p.KeepIt = in.Resolution, keep
	if p.Resolution != "replacement" {
		p.Refundable = value
	}
	switch p.Resolution {
	case "refund":
		p.Amount = value
	case "store_credit":
		p.Amount = s.pol.StoreCredit(value)
	}
	p.Statement = damageStatement(o, p, s.a.ReturnLabels)
	res, stop, err := s.propose(toolname.ReportDamage, o, p)
	return s.withKeepForPart(res, keep, o.Currency), stop, err
}

// anotherUnitRe: the customer speaks of another unit than the one made
// good ("the other mug", "a second one"), not "that mug" again.
var anotherUnitRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:another|other|second|2nd|both|remaining|the rest|otro|otra|segundo|segunda|andere|anderen|zweite|autre|deuxième)(?:$|[^\p{L}])`)
}) // at first use, like phrases

// resolvedDamage are the units of order name made good in the
// conversation already (report_damage proposals that ran), with what was
// done, for policy.DamageAgain.
func resolvedDamage(c conversation.Conversation, name string) []policy.ResolvedDamage {
	var out []policy.ResolvedDamage
	for _, p := range c.Proposals {
		if p.Tool != toolname.ReportDamage || p.Status != conversation.ProposalDone || p.Order != name {
			continue
		}
		how := "refunded"
		switch p.Resolution {
		case "replacement":
			how = "replaced"
			if _, r, ok := strings.Cut(p.Outcome, "replacement order "); ok && r != "" {
				how += " (order " + strings.TrimSpace(strings.Split(r, ";")[0]) + ")"
			}
		case "store_credit":
			how = "made good with store credit"
		}
		for _, l := range p.Lines {
			out = append(out, policy.ResolvedDamage{LineItemID: l.LineItemID, Title: l.Title, Quantity: l.Quantity, How: how})
		}
	}
	return out
}

// unitsLeft names the units of lines not made good yet ("the other of the
// 2 Harbor Stoneware Mugs" reads "another of the 2 × Harbor Stoneware
// Mug"), or "" when every unit of them was.
func unitsLeft(o order.Order, lines []conversation.ProposalLine, resolved []policy.ResolvedDamage) string {
	for _, l := range lines {
		done := 0
		for _, r := range resolved {
			if r.LineItemID == l.LineItemID {
				done += r.Quantity
			}
		}
		for _, li := range o.LineItems {
			if li.ID == l.LineItemID && li.Quantity > done {
				return fmt.Sprintf("another of the %d × %s", li.Quantity, li.Title)
			}
		}
	}
	return ""
}

func damageReason(problem string) string {
	switch problem {
	case "wrong_item":
		return "WRONG_ITEM"
	case "missing":
		return missingReason
	}
	return "DEFECTIVE"
}

// missingReason is a unit that never came, in Shopify's return reasons
// (it has none of its own): report_damage gives OTHER for nothing else,
// and nothing of it is ever asked back (policy.Missing).
const missingReason = "OTHER"

func damageStatement(o order.Order, p conversation.Proposal, labels bool) string {
	var b strings.Builder
	switch p.Resolution {
	case "replacement":
		fmt.Fprintf(&b, "I'll send you a replacement of %s from order %s at no cost, to the address on the order.", describeLines(p.Lines), o.Name)
	case "store_credit":
		fmt.Fprintf(&b, "I'll give you %s in store credit for %s from order %s, to spend straight away.", money(p.Amount, p.Currency), describeLines(p.Lines), o.Name)
	default:
		fmt.Fprintf(&b, "I'll refund %s for %s from order %s to your original payment method", money(p.Amount, p.Currency), describeLines(p.Lines), o.Name)
		if !p.KeepIt {
			b.WriteString(" once it is back with us")
		}
		b.WriteString(".")
	}
	if p.KeepIt {
		b.WriteString(" There's no need to send anything back.")
	} else {
		if labels {
			b.WriteString(" Please send the item back with the return label we email you.")
		} else {
			b.WriteString(" Please send the item back: instructions come by email (there is no prepaid return label).")
		}
	}
	return b.String()
}

func checkDamage(pol policy.Policy, o order.Order, p conversation.Proposal, now time.Time) policy.Decision {
	if p.Reason == missingReason {
		return pol.Missing(o, returnLines(p), paidValue(o, p.Lines), now)
	}
	d, keep := pol.Damage(o, returnLines(p), paidValue(o, p.Lines), now)
	if d.Verdict != policy.Refuse && p.KeepIt && !keep {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the item now has to come back first"}
	}
	return d
}

func executeDamage(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
	var done []string
	if !p.KeepIt {
		res := p.Resolution
		if res != "refund" {
			res = "" // a replacement or credit was given: the return only brings the item back
		}
		ret, err := a.Commerce.RequestReturn(ctx, ReturnRequest{Shop: o.Shop, OrderID: o.ID, Lines: returnLines(p), Reason: p.Reason,
			Resolution: res, IdempotencyKey: p.ID})
		if err != nil {
			return "", err
		}
		if _, err := a.Store.Apply(ctx, store.Change{Shop: o.Shop, Returns: []order.Return{ret}}); err != nil {
			return "", fmt.Errorf("record return: %w", err)
		}
		done = append(done, "return "+ret.ID)
	}
	if p.KeepIt {
		// Kept units are resolved: a record of them, like a return's, so
		// policy never resolves the same units twice (Return counts them).
		kept := order.Return{Shop: o.Shop, OrderID: o.ID, ID: "kept-" + p.ID, Status: order.ReturnKept, Lines: returnLines(p),
			Reason: p.Reason, CreatedAt: a.Clock.Now()}
		if _, err := a.Store.Apply(ctx, store.Change{Shop: o.Shop, Returns: []order.Return{kept}}); err != nil {
			return "", fmt.Errorf("record kept items: %w", err)
		}
	}
	r, _ := a.Commerce.(resolution.Resolver)
	switch {
	case p.Resolution == "store_credit":
		credit, err := issueCredit(ctx, a, o, p)
		if err != nil {
			return "", err
		}
		done = append(done, creditDetail(credit))
	case p.Resolution == "refund" && !p.KeepIt:
		// Refunded as the return is processed.
	case r == nil:
		return "", fmt.Errorf("%s: %w: this shop connection cannot refund or replace", p.Resolution, ErrCommerceRejected)
	case p.Resolution == "refund":
		res, err := r.Refund(ctx, resolution.RefundRequest{Shop: o.Shop, OrderID: o.ID, Amount: p.Amount, Currency: p.Currency, Lines: returnLines(p),
			Note: "doorstep: " + strings.ToLower(p.Reason) + " item, kept by the customer", IdempotencyKey: p.ID})
		if err != nil && !errors.Is(err, resolution.ErrAlreadyDone) {
			return "", commerceErr(err)
		}
		if res.ID != "" {
			// The refund is on the order now: recorded, so this
			// conversation's context shows it (the shop's webhook
			// brings the same refund by the same id).
			rf := order.Refund{Shop: o.Shop, OrderID: o.ID, ID: res.ID, Amount: p.Amount, LineItems: lineIDs(p), CreatedAt: a.Clock.Now(),
				Note: "damaged item, kept by the customer"}
			if res.Amount > 0 {
				rf.Amount = res.Amount
			}
			if _, err := a.Store.Apply(ctx, store.Change{Shop: o.Shop, Refunds: []order.Refund{rf}}); err != nil {
				return "", fmt.Errorf("record refund %s: %w", res.ID, err)
			}
		}
		done = append(done, "refund "+res.ID)
	default:
		var lines []resolution.ReplaceLine
		for _, l := range p.Lines {
			li, _ := lineOf(o, l.LineItemID)
			lines = append(lines, resolution.ReplaceLine{LineItemID: li.ID, ProductID: li.ProductID, VariantID: li.VariantID, SKU: li.SKU, Title: li.Title,
				Quantity: l.Quantity, Price: li.Price})
		}
		res, err := r.Replace(ctx, resolution.ReplaceRequest{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, Email: o.Email, Customer: o.Customer,
			ShippingAddress: o.ShippingAddress, Currency: o.Currency, Lines: lines, Note: "doorstep: replaces " + strings.ToLower(p.Reason) + " items",
			IdempotencyKey: p.ID})
		if err != nil && !errors.Is(err, resolution.ErrAlreadyDone) {
			return "", commerceErr(err)
		}
		done = append(done, "replacement order "+res.Name)
	}
	return strings.Join(done, "; "), nil
}

// commerceErr maps the resolver's refusal onto the agent's.
func commerceErr(err error) error {
	if errors.Is(err, resolution.ErrRejected) {
		return fmt.Errorf("%w: %w", ErrCommerceRejected, err)
	}
	return err
}

func damageDone(p conversation.Proposal, detail string) map[string]any {
	r := map[string]any{"status": "resolved", "order_number": p.Order, "items": describeLines(p.Lines), "resolution": p.Resolution,
		"keep_it": p.KeepIt, "amount": money(p.Amount, p.Currency)}
	if !p.KeepIt {
		r["next"] = sentBack(p)
	}
	if _, name, ok := strings.Cut(detail, "replacement order "); ok {
		r["replacement_order"] = name
	}
	if p.Resolution == "store_credit" {
		r["store_credit"] = creditResult(detail)
	}
	return r
}

// lineIDs are the line items of p.
func lineIDs(p conversation.Proposal) []string {
	var ids []string
	for _, l := range p.Lines {
		ids = append(ids, l.LineItemID)
	}
	return ids
}
