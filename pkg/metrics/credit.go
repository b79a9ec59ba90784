package metrics

import "github.com/doorstep-ai/doorstep/pkg/conversation"

// addCredit counts the store credit a turn issued instead of a refund:
// each proposal with resolution store_credit that ran this turn adds the
// refund value it kept in the shop (its lines' value) and the credit it
// gave (its amount, bonus included).
func addCredit(t Turn, d deltas, shop, day string) {
	before := map[string]bool{}
	for _, p := range t.Before.Proposals {
		if p.Status == conversation.ProposalDone {
			before[p.ID] = true
		}
	}
	for _, p := range t.After.Proposals {
		if p.Status != conversation.ProposalDone || p.Resolution != "store_credit" || before[p.ID] {
			continue
		}
		var kept int64
		for _, l := range p.Lines {
			kept += int64(l.Price) * int64(l.Quantity)
		}
		d.add(shop, day, CreditKept, kept)
		d.add(shop, day, CreditIssued, int64(p.Amount))
		d.add(shop, day, CreditCount, 1)
	}
}
