package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// A return of part of an order, said by what the customer keeps: "return
// both mugs but keep the coffee kit", "everything except the mugs", "all
// but the kit", "keep the mugs, send back the rest", "todo menos la
// cafetera", "alles außer den Tassen", "tout sauf les tasses". The kept
// items (start_return's except) are matched like any item, so the
// customer's own words must name them; the lines returned are the items
// named (or, with none, every line) less the kept units, stated before
// the yes like any return.

// keptWordRe is how customers say they keep part of an order, in English,
// Spanish, German and French: without one in the customer's words an
// except argument chooses nothing.
var keptWordRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:exc?ept|excepting|excluding|apart from|aside from|other than|but not|not the|all but|everything but|keep|keeping|minus|without|the rest|menos|excepto|salvo|quedo|quedarme|außer|ausser|bis auf|behalte|behalten|ohne|sauf|à part|excepté|hormis|garde|garder|sans)(?:[^\p{L}]|$)`)
})

// SaysKept reports whether text says the customer keeps part of an order.
func SaysKept(text string) bool { return keptWordRe().MatchString(text) }

// pickReturnLines is pickLines with the kept items taken out: the lines of
// items (every line when there are none), less the units of except.
func pickReturnLines(o order.Order, items, except []itemArg, all bool, said string) ([]conversation.ProposalLine, string) {
	if len(except) == 0 {
		return pickLines(o, items, all, said)
	}
	which := "Which items would you like to return? The order has: " + strings.Join(returnableTitles(o), ", ") + "."
	if !SaysKept(said) {
		return nil, which
	}
	kept, question := pickLines(o, except, false, said)
	if question != "" {
		return nil, question
	}
	var chosen []conversation.ProposalLine
	if len(items) > 0 {
		if chosen, question = pickLines(o, items, false, said); question != "" {
			return nil, question
		}
	} else {
		for _, li := range o.LineItems {
			chosen = append(chosen, proposalLine(li, li.Quantity))
		}
	}
	keep := map[string]int{}
	for _, l := range kept {
		keep[l.LineItemID] += l.Quantity
	}
	var out []conversation.ProposalLine
	for _, l := range chosen {
		if l.Quantity -= keep[l.LineItemID]; l.Quantity > 0 {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return nil, which
	}
	return out, ""
}
