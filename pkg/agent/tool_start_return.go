package agent

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

type startReturnInput struct {
	OrderNumber string    `json:"order_number,omitempty" desc:"default: current order"`
	Items       []itemArg `json:"items,omitempty"`
	All         bool      `json:"all,omitempty" desc:"customer asked for all"`
	Except      []itemArg `json:"except,omitempty" desc:"items the customer keeps"`
	Reason      string    `json:"reason,omitempty" desc:"DEFECTIVE, WRONG_ITEM, NOT_AS_DESCRIBED, UNWANTED, SIZE_TOO_SMALL, SIZE_TOO_LARGE or OTHER"`
	Resolution  string    `json:"resolution,omitempty" desc:"refund or store_credit"`
	Confirm     bool      `json:"confirm,omitempty"`
}

// start_return: a return of the lines the customer named, refunded or as
// store credit with the merchant's bonus.
var startReturn = register(newTool(toolname.StartReturn,
	"Start a return of the items the customer named.",
	(*session).startReturn).offeredIn(PhaseReturnable))

func init() {
	startReturn.Write = &Write{Check: checkReturn, Execute: executeReturn, Done: returnDone}
}

func (s *session) startReturn(ctx context.Context, in startReturnInput) (any, bool, error) {
	if in.Confirm {
		return s.confirmed(toolname.StartReturn)
	}
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	// Say early when the order takes no returns, before asking which items.
	if d := s.pol.ReturnsOpen(o, s.now); d.Verdict == policy.Refuse {
		s.act(toolname.StartReturn, "refused", o.Name, d.Reason)
		return map[string]any{"status": "refused", "reason": d.Reason, "offer": "a person on the team can look at exceptions"}, false, nil
	}
	lines, question := pickReturnLines(o, in.Items, in.Except, in.All, s.customerWords())
	if question != "" {
		s.act(toolname.StartReturn, "asked", o.Name, "which items")
		return map[string]any{"status": "ask_customer", "question": question,
			"instruction": "ask the customer exactly this; do not guess the items"}, false, nil
	}
	problems, err := s.orderProblems(ctx, o)
	if err != nil {
		return nil, false, fmt.Errorf("start return %s: %w", o.Name, err)
	}
	why := coveredByParcel(o, problems, lines)
	if (why != "" || s.reportedHere(o.Name)) && s.a.Deliveries != nil {
		// The customer context's findings may predate a person resolving
		// the report in the console, or the report this conversation
		// took: read them afresh (a read only on these rare paths).
		if problems, err = s.a.Deliveries.OrderProblems(ctx, o.Shop, o.ID); err != nil {
			return nil, false, fmt.Errorf("start return %s: %w", o.Name, err)
		}
		why = coveredByParcel(o, problems, lines)
	}
	if why != "" {
		s.act(toolname.StartReturn, "refused", o.Name, why)
		return map[string]any{"status": "refused", "reason": why, "offer": "a person on the team can look at exceptions"}, false, nil
	}
	resolution := "refund"
	// Store credit when the model asks for it and the customer did.
	if in.Resolution == "store_credit" && WantsCredit(s.customerWords()) {
		resolution = "store_credit"
	}
	reason := ownReason(o, lines, returnReason(in.Reason), s.text)
	if reason == "UNKNOWN" {
		// "Can I get store credit instead?": the same return, switched,
		// keeps the reason the customer gave.
		reason = s.earlierReason(o.Name, lines)
	}
	reason = mindReason(reason, s.text) // mind_reason.go: a change of mind is no defect
	return s.propose(toolname.StartReturn, o, returnProposal(s.pol, o, lines, reason, resolution, s.a.ReturnLabels))
}

// earlierReason is the reason of the conversation's newest earlier return,
// exchange or damage proposal on order name about one of lines (stated,
// declined, lapsed or run), or "UNKNOWN". A damage report that ran made
// its units good already (replaced, refunded, credited): a return after it
// is of another unit, "the other mug", whose reason is not that damage.
func (s *session) earlierReason(name string, lines []conversation.ProposalLine) string {
	for i := len(s.conv.Proposals) - 1; i >= 0; i-- {
		p := s.conv.Proposals[i]
		if p.Order != name || (p.Tool != toolname.StartReturn && p.Tool != toolname.ExchangeItem && p.Tool != toolname.ReportDamage) ||
			p.Reason == "" || p.Reason == "UNKNOWN" || damageRan(p) {
			continue
		}
		for _, l := range p.Lines {
			for _, m := range lines {
				if l.LineItemID == m.LineItemID {
					return p.Reason
				}
			}
		}
	}
	return "UNKNOWN"
}

// returnProposal is a return of lines of o, refunded or as store credit
// with the merchant's bonus, with its statement: the one place a return
// proposal is made, for the chat and for the tracking page (ProposeReturn).
func returnProposal(pol policy.Policy, o order.Order, lines []conversation.ProposalLine, reason, resolution string, labels bool) conversation.Proposal {
	// What they paid for those units, tax in and discounts out: what
	// Shopify refunds for them, the same figure as a damaged item's refund.
	value := paidValue(o, lines)
	p := conversation.Proposal{Lines: lines, Reason: reason, Resolution: "refund", Currency: o.Currency, Amount: value, Refundable: value}
	if resolution == "store_credit" {
		p.Resolution = "store_credit"
		p.Amount = pol.StoreCredit(value)
	}
	p.Statement = returnStatement(o, p, pol, labels)
	return p
}

func returnStatement(o order.Order, p conversation.Proposal, pol policy.Policy, labels bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "I'll start a return of %s from order %s", describeLines(p.Lines), o.Name)
	if p.Reason != "UNKNOWN" {
		fmt.Fprintf(&b, " (reason: %s)", reasonWords(p.Reason))
	}
	b.WriteString(". ")
	if p.Resolution == "store_credit" {
		fmt.Fprintf(&b, "You'll get %s in store credit", money(p.Amount, p.Currency))
		if pol.StoreCreditBonusPercent > 0 {
			fmt.Fprintf(&b, ", including a %d%% bonus", pol.StoreCreditBonusPercent)
		}
		b.WriteString(", issued as soon as the return starts (before the items are back), so you can spend it straight away. " + sendBack(labels))
	} else {
		fmt.Fprintf(&b, "Once the items are back with us you'll get a refund of %s to your original payment method. %s", money(p.Amount, p.Currency), sendBack(labels))
		b.WriteString(storeCreditOffer(p.Amount, p.Currency, pol.StoreCreditBonusPercent, pol.StoreCredit(p.Amount)))
	}
	return b.String()
}

// checkReturn is policy on a return: window, items, limits.
func checkReturn(pol policy.Policy, o order.Order, p conversation.Proposal, now time.Time) policy.Decision {
	return pol.Return(o, returnLines(p), paidValue(o, p.Lines), now)
}

func returnLines(p conversation.Proposal) []order.ReturnLine {
	var out []order.ReturnLine
	for _, l := range p.Lines {
		out = append(out, order.ReturnLine{LineItemID: l.LineItemID, Quantity: l.Quantity})
	}
	return out
}

func executeReturn(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
	ret, err := a.Commerce.RequestReturn(ctx, ReturnRequest{Shop: o.Shop, OrderID: o.ID, Lines: returnLines(p), Reason: p.Reason,
		Resolution: p.Resolution, IdempotencyKey: p.ID})
	if err != nil {
		return "", err
	}
	if _, err := a.Store.Apply(ctx, store.Change{Shop: o.Shop, Returns: []order.Return{ret}}); err != nil {
		return "", fmt.Errorf("record return: %w", err)
	}
	if p.Resolution != "store_credit" {
		return "return " + ret.ID, nil
	}
	// Store credit is instant: issued as the return starts.
	credit, err := issueCredit(ctx, a, o, p)
	if err != nil {
		return "", fmt.Errorf("return %s: %w", ret.ID, err)
	}
	return "return " + ret.ID + "; " + creditDetail(credit), nil
}

func returnDone(p conversation.Proposal, detail string) map[string]any {
	var items []string
	for _, l := range p.Lines {
		items = append(items, describeLines([]conversation.ProposalLine{l}))
	}
	r := map[string]any{"status": "return_requested", "order_number": p.Order, "items": items, "resolution": p.Resolution,
		"amount": money(p.Amount, p.Currency), "next": sentBack(p)}
	if p.Resolution == "store_credit" {
		r["store_credit"] = creditResult(detail)
	}
	return r
}

// returnReason is the model's reason as one of Shopify's return reasons.
func returnReason(r string) string {
	r = strings.ToUpper(strings.TrimSpace(r))
	switch r {
	case "DEFECTIVE", "NOT_AS_DESCRIBED", "WRONG_ITEM", "SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "STYLE", "COLOR", "UNWANTED", "OTHER":
		return r
	case "":
		return "UNKNOWN"
	}
	return "OTHER"
}

// The sentences on how a return goes back: a label only where a label
// provider is set up (Agent.ReturnLabels), else the emailed instructions.
const (
	labelSentence        = "A return label and instructions come by email."
	instructionsSentence = "Instructions for sending it back come by email (there is no prepaid return label)."
)

func sendBack(labels bool) string {
	if labels {
		return labelSentence
	}
	return instructionsSentence
}

// sentBack is what the customer gets by email for a proposal that ran,
// as its statement promised: a label, or instructions only.
func sentBack(p conversation.Proposal) string {
	if strings.Contains(p.Statement, "return label we email") || strings.Contains(p.Statement, labelSentence) || strings.Contains(p.Statement, "A return label comes by email") {
		return "an email with the return label and instructions follows"
	}
	return "an email with instructions for sending it back follows (no return label)"
}

// clauseRe splits a message into its requests: "one mug arrived cracked,
// and separately I want to return the coffee kit".
var clauseRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)[;.!?]|,?\s*\b(?:and\s+)?(?:separately|also|as well|on top of that)\b|,\s*and\b|\bbut\b`)
})

// damageWords give a damage reason (DEFECTIVE).
var damageWords = []string{"broken", "damaged", "defective", "cracked", "chipped", "faulty", "leaks", "leaking", "smashed", "shattered", "dented", "scratched"}

// ownReason keeps each request's own reason when one message makes
// several: a damage reason the customer gave about other items does not
// carry to lines that the clause naming them gives no damage for (it is
// then UNKNOWN, asked or left out). Other reasons, and single requests,
// stand as given.
func ownReason(o order.Order, lines []conversation.ProposalLine, reason, text string) string {
	if reason != "DEFECTIVE" {
		return reason
	}
	clauses := clauseRe().Split(text, -1)
	if len(clauses) < 2 {
		return reason
	}
	named := false
	for _, cl := range clauses {
		cw := words(cl)
		for _, l := range lines {
			li, ok := lineOf(o, l.LineItemID)
			if !ok {
				continue
			}
			if !slices.ContainsFunc(cw, func(w string) bool { return matchWords(li, cw)[w] }) {
				continue
			}
			named = true
			if hasWord(cl, damageWords...) {
				return reason
			}
		}
	}
	if named {
		return "UNKNOWN"
	}
	return reason
}

// reasonWords is a return reason as the customer reads it: "colour", not
// "COLOR"; "too small", not "size too small".
func reasonWords(reason string) string {
	switch reason {
	case "COLOR":
		return "colour"
	case "SIZE_TOO_SMALL":
		return "too small"
	case "SIZE_TOO_LARGE":
		return "too large"
	case "NOT_AS_DESCRIBED":
		return "not as described"
	case "WRONG_ITEM":
		return "wrong item"
	}
	return strings.ToLower(strings.ReplaceAll(reason, "_", " "))
}
