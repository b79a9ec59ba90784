package agent

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Issue 18 (ask15): after reporting a damaged item, a customer asks to
// keep it for part of the money ("can i keep it and get like 10 bucks
// back?"). A trial answered with a product-guide passage. The shop offers
// no partial refund for a flawed item kept: the policy's remedy is a
// replacement or a full refund of the affected units, kept below the
// keep-it value and sent back above it. Code says so in report_damage's
// result, so any model answers the question asked, and what it then
// states is code's proposal, run only after the customer's yes.

// keepWordRe says the customer would keep the item, in English, Spanish,
// German and French, typos among them.
var keepWordRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|\P{L})(?:keep|kep|keeo|kepp|quedarme\p{L}*|qued[aá]rmel[oa]s?|me\s+l[oa]\s+quedo|behalten|behalte|garder|garde)(?:\P{L}|$)`)
})

// someMoneyRe asks for part of the money back, not a remedy or the whole
// price ("keep it and get a refund" is the policy's own keep-it refund).
var someMoneyRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|\P{L})(?:bucks|dollars?|partial\p{L}*|part of|discount|off|something back|some money|some of|a bit|a little|a few|algo de dinero|parte|descuento|teil\p{L}*|rabatt|nachlass|partiel\p{L}*|une partie|r[ée]duction|rabais|geste)(?:\P{L}|$)|[$€£]\s?\d|\d+\s?(?:bucks|dollars?|euros?|%)`)
})

// AsksKeepForPart reports whether text asks to keep an item for some
// money back: both the keeping and the money are said.
func AsksKeepForPart(text string) bool {
	return keepWordRe().MatchString(text) && someMoneyRe().MatchString(text)
}

// keepForPartNote is what report_damage tells the model when the
// customer asked to keep the item for part of the money: no partial
// refund, and what the policy does allow for these units (keep says
// whether they stay with the customer).
func (s *session) keepForPartNote(keep bool, currency string) string {
	var b strings.Builder
	b.WriteString("a partial refund for keeping a damaged or wrong item is not offered; say so plainly. What the policy allows: a replacement or a full refund of the affected items")
	if keep {
		fmt.Fprintf(&b, ", and these need not come back (items worth up to %s are kept)", money(s.pol.KeepItLimit, currency))
	} else {
		b.WriteString(", and these come back first")
	}
	return b.String()
}

// withKeepForPart adds keepForPartNote to a report_damage result when the
// customer's message asks to keep the item for part of the money.
func (s *session) withKeepForPart(res any, keep bool, currency string) any {
	m, ok := res.(map[string]any)
	if !ok || !AsksKeepForPart(s.text) {
		return res
	}
	m["partial_refund"] = s.keepForPartNote(keep, currency)
	return m
}
