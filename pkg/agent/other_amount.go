package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	pkgmoney "github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Issue 18 (scope12): a customer answers a refund's statement with a
// figure of their own ("yes, but make it $120", "sure, though i'd like $95
// back"). The figure is code's, what the stated lines come to, so such a
// yes confirms nothing: run as stated it would refund what they just said
// they do not want ("sure, though …" did run it). Nor is it a no: code
// states the same proposal again, the model says what can be refunded,
// and a plain yes next confirms exactly what was stated.

// figureRe is a sum of money in a message: "$120", "$ 95.50", "1,200
// dollars", "80 bucks", "€40", "40 euros".
var figureRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:[$€£]\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?|\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(?:dollars?|bucks|usd|eur|euros?|€)(?:[^\p{L}]|$))`)
})

// AsksOtherAmount is the figure text, said right after p was stated, asks
// for when p involves a sum of money and the figure is not p's own
// ("$120.00"); "" when it names no figure, or p's.
func AsksOtherAmount(text string, p conversation.Proposal) string {
	if p.Amount <= 0 || len(text) > 200 {
		return ""
	}
	for _, m := range figureRe().FindAllStringSubmatch(text, -1) {
		whole, frac := strings.ReplaceAll(m[1]+m[3], ",", ""), m[2]+m[4]
		if frac != "" {
			whole += "." + frac
		}
		v, err := pkgmoney.ParseDecimal(whole, pkgmoney.Or(p.Currency))
		if err != nil || order.Money(v) == p.Amount {
			continue
		}
		return money(order.Money(v), p.Currency)
	}
	return ""
}

// asksAmount is the other figure text, said right after p, asks for
// (AsksOtherAmount), with a yes or none before it ("yes, but make it
// $120", "can you do $150 instead?"); "" for a no or a withdrawal ("no,
// forget it, i wanted $120"), settled as a no.
func asksAmount(text string, p conversation.Proposal, yes bool) string {
	if Withdraws(text) || !yes && NegativeTo(text, p.Tool) {
		return ""
	}
	return AsksOtherAmount(text, p)
}
