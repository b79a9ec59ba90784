package agent

import (
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// A late parcel made good in part (correct14, issue 18's new-user trial):
// "only the board, I bought mugs locally" after a replacement of the
// whole parcel was stated. The lines are chosen by code from the
// customer's own words, as for any other remedy (pickLines), and only
// among the parcel's; the refund's share of tax and shipping follows the
// lines. A parcel the carrier never picked up is cancelled whole, so it
// is not made good in part.

// lateLines narrows p, a late parcel's replacement or refund now, to the
// items the customer named; question is what to ask instead when the
// items are not the parcel's or cannot be told.
func (s *session) lateLines(o order.Order, p conversation.Proposal, items []itemArg, partSaid string) (conversation.Proposal, string) {
	if len(items) == 0 {
		return p, ""
	}
	if p.CancelShipment {
		return p, "This parcel hasn't been picked up by the carrier, so its shipment can only be cancelled and sent again as a whole. Would you like that?"
	}
	named, question := pickLines(o, items, false, s.customerWords())
	if question != "" {
		return p, strings.Replace(question, "would you like to return", "would you like made good", 1)
	}
	in := map[string]conversation.ProposalLine{}
	for _, l := range p.Lines {
		in[l.LineItemID] = l
	}
	var lines []conversation.ProposalLine
	for _, l := range named {
		whole, ok := in[l.LineItemID]
		if !ok && partSaid != "" {
			// late_part.go: made good before; the customer hears what was done.
			return p, "Part of this late parcel was already made good (" + partSaid + "); only " + describeLines(p.Lines) +
				" can still be made good. Which of them would you like made good?"
		}
		if !ok {
			return p, "Only " + describeLines(p.Lines) + " are in the late parcel. Which of them would you like made good?"
		}
		l.Quantity = min(l.Quantity, whole.Quantity)
		lines = append(lines, l)
	}
	p.Lines = lines
	if p.Amount > 0 {
		p.Amount = lateAmount(s.pol, o, p) // late_credit.go: a refund, or credit with the bonus
	}
	p.Statement = lateStatement(o, p)
	return p, ""
}
