package console

import (
	"math"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// The page never turns minor units into money itself: browsers' Intl
// disagrees with pkg/money on some currencies' minor digits (HUF: 0 in
// Intl, 2 in ISO 4217 and here), so every amount the console shows comes
// formatted by pkg/money in its own currency, in a field named
// "<amount>_text" next to the amount, and the charts get major units
// computed here.

// moneyText is minor units of code as the page shows them; an amount
// that names no currency is in the shop's (money.Or's rule, with the
// shop's currency for the default).
func moneyText(minor order.Money, code, shop string) string {
	if code == "" {
		code = shop
	}
	return money.Format(int64(minor), money.Or(code))
}

// major is minor units of code as a number of its major units, for the
// charts: 123456 HUF is 1234.56, 1200 JPY is 1200.
func major(minor int64, code string) float64 {
	return float64(minor) / math.Pow10(money.Digits(code))
}

// ProposalMoney is a proposal's amounts formatted: its amount, and each
// line's price times quantity, in the proposal's order.
type ProposalMoney struct {
	Amount string   `json:"amount,omitempty"`
	Lines  []string `json:"lines,omitempty"`
}

func proposalMoney(p *conversation.Proposal, shop string) *ProposalMoney {
	if p == nil {
		return nil
	}
	out := &ProposalMoney{}
	if p.Amount != 0 {
		out.Amount = moneyText(p.Amount, p.Currency, shop)
	}
	for _, l := range p.Lines {
		out.Lines = append(out.Lines, moneyText(l.Price*order.Money(l.Quantity), p.Currency, shop))
	}
	return out
}

// handoffMoney fills a handoff view's formatted amounts.
func (v *HandoffView) handoffMoney(shop string) {
	a := v.Action
	if a == nil {
		return
	}
	if a.Amount != 0 {
		v.AmountText = moneyText(a.Amount, a.Currency, shop)
	}
	v.ProposalMoney = proposalMoney(a.Proposal, shop)
}
