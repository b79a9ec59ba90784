package agent

import (
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Self-service: writes a verified customer starts without chatting (the
// tracking page's returns). They are the chat's own proposals, made by the
// same code, checked by the same policy, run by the same Execute; only
// the picking of lines differs: the customer ticks them rather than naming
// them.

// ReturnReasons are the return reasons a customer may pick, in Shopify's
// vocabulary (what start_return sends).
var ReturnReasons = []string{"SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "UNWANTED", "NOT_AS_DESCRIBED", "WRONG_ITEM", "DEFECTIVE", "STYLE", "COLOR", "OTHER"}

// ProposeReturn is the start_return proposal for the lines of o a customer
// picked (line item id and how many), the reason and the resolution
// ("refund" or "store_credit"), checked by policy at now: the statement
// word for word as the chat states it, the amount, and Approval when
// policy wants a person. On a refusal the decision says why and the
// proposal is not for showing. ID, StatedAt, At and Status are the
// caller's to set.
func ProposeReturn(pol policy.Policy, o order.Order, picked []order.ReturnLine, reason, resolution string, labels bool, now time.Time) (conversation.Proposal, policy.Decision, error) {
	t, ok := ToolByName(toolname.StartReturn)
	if !ok || t.Write == nil {
		return conversation.Proposal{}, policy.Decision{}, fmt.Errorf("propose return: %w", ErrNotAWrite)
	}
	if d := pol.ReturnsOpen(o, now); d.Verdict == policy.Refuse {
		return conversation.Proposal{}, d, nil
	}
	var lines []conversation.ProposalLine
	for _, l := range picked {
		var li *order.LineItem
		for i := range o.LineItems {
			if o.LineItems[i].ID == l.LineItemID {
				li = &o.LineItems[i]
			}
		}
		if li == nil {
			return conversation.Proposal{}, policy.Decision{Verdict: policy.Refuse, Reason: "that item is not on this order"}, nil
		}
		lines = append(lines, proposalLine(*li, l.Quantity))
	}
	p, d := prepare(t, pol, o, returnProposal(pol, o, lines, returnReason(reason), resolution, labels), now)
	return p, d, nil
}

// ProposeExchange is the exchange_item proposal for the line of o a
// customer picked (line item id and how many) and the variant they chose
// from its product's variants (as the shop's Variants gave them), checked
// by policy at now as the chat checks it: inside the window, the same
// price, in stock, then as a return. On a refusal the decision says why.
func ProposeExchange(pol policy.Policy, o order.Order, picked order.ReturnLine, v Variant, reason string, labels bool, now time.Time) (conversation.Proposal, policy.Decision, error) {
	t, ok := ToolByName(toolname.ExchangeItem)
	if !ok || t.Write == nil {
		return conversation.Proposal{}, policy.Decision{}, fmt.Errorf("propose exchange: %w", ErrNotAWrite)
	}
	li, ok := lineOf(o, picked.LineItemID)
	if !ok {
		return conversation.Proposal{}, policy.Decision{Verdict: policy.Refuse, Reason: "that item is not on this order"}, nil
	}
	if v.ID == li.VariantID {
		return conversation.Proposal{}, policy.Decision{Verdict: policy.Refuse, Reason: "that is the option you have"}, nil
	}
	line := proposalLine(li, picked.Quantity)
	lines := []conversation.ProposalLine{line}
	if d := pol.Exchange(o, returnLines(conversation.Proposal{Lines: lines}), linesValue(lines), li.Price, v.Price, v.Available, picked.Quantity, now); d.Verdict == policy.Refuse {
		return conversation.Proposal{}, d, nil
	}
	p, d := prepare(t, pol, o, exchangeProposal(o, line, li, v, returnReason(reason), labels), now)
	return p, d, nil
}
