package agent

import (
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// A late parcel made good with store credit: where the shop issues store
// credit (StoreCreditIssuer) and the customer asks for it in their own
// words (WantsCredit), follow_up's refund is paid as credit, with the
// merchant's bonus (policy.StoreCredit). Policy judges it as the refund it
// replaces (the same lateness, the same limit); code states the credit
// and the refund it replaces word for word, and issues it once after the
// yes (the proposal's id is the idempotency key).

// LateStoreCredit is follow_up's resolution for store credit.
const LateStoreCredit = "store_credit"

// lateCredit is the resolution a follow_up for store credit gets: credit
// when the shop can issue it and the customer asked for it, else a refund
// (what credit would replace); refused says why there is none.
func (s *session) lateCredit() (res, refused string) {
	if _, ok := s.a.Commerce.(StoreCreditIssuer); !ok {
		return "", "this shop doesn't issue store credit; a late parcel can be replaced or refunded"
	}
	if !WantsCredit(s.customerWords()) {
		return policy.LateRefund, ""
	}
	return LateStoreCredit, ""
}

// latePolicyResolution is the resolution policy judges: store credit as
// the refund it replaces.
func latePolicyResolution(res string) string {
	if res == LateStoreCredit {
		return policy.LateRefund
	}
	return res
}

// lateAmount is what p pays for its lines: the lines' share of what the
// customer paid (policy.ParcelRefund), as store credit with the bonus.
func lateAmount(pol policy.Policy, o order.Order, p conversation.Proposal) order.Money {
	refund := policy.ParcelRefund(o, linesValue(p.Lines))
	if p.Resolution == LateStoreCredit {
		return pol.StoreCredit(refund)
	}
	return refund
}

// lateCreditStatement states store credit for a late parcel's items: the
// credit, the refund it replaces and the bonus.
func lateCreditStatement(o order.Order, p conversation.Proposal) string {
	refund := policy.ParcelRefund(o, linesValue(p.Lines))
	instead := "what a refund would be"
	if p.Amount > refund {
		instead = "instead of a refund of " + money(refund, p.Currency) + ", a bonus included"
	}
	if p.CancelShipment {
		return fmt.Sprintf("I'll cancel the shipment of %s from your late order %s, which the carrier never picked up, so it won't be sent, and give you %s in store credit (%s), to spend straight away.",
			describeLines(p.Lines), o.Name, money(p.Amount, p.Currency), instead)
	}
	return fmt.Sprintf("I'll give you %s in store credit for %s from your late order %s (%s), to spend straight away.",
		money(p.Amount, p.Currency), describeLines(p.Lines), o.Name, instead)
}
