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

// addDamage counts the damaged, defective or wrong items a turn resolved
// (report_damage proposals that ran), and those the customer kept.
func addDamage(t Turn, d deltas, shop, day string) {
	before := map[string]bool{}
	for _, p := range t.Before.Proposals {
		if p.Status == conversation.ProposalDone {
			before[p.ID] = true
		}
	}
	for _, p := range t.After.Proposals {
		if p.Status != conversation.ProposalDone || p.Tool != "report_damage" || before[p.ID] {
			continue
		}
		d.add(shop, day, DamageReports, 1)
		if p.KeepIt {
			d.add(shop, day, DamageKept, 1)
		}
	}
}
