package policy

import (
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Exchange decides whether lines of o (worth value) may be swapped for
// another variant of the same product priced newPrice each (the old one
// was oldPrice): inside the return window, like a return, at the same
// price, with the variant in stock (available units, wanted).
func (p Policy) Exchange(o order.Order, lines []order.ReturnLine, value, oldPrice, newPrice order.Money, available, wanted int, now time.Time) Decision {
	if d := p.ReturnsOpen(o, now); d.Verdict == Refuse {
		return d
	}
	if newPrice != oldPrice {
		return Decision{Refuse, "that option costs a different amount, so it can't be a straight exchange; a return and a new order, or a person on the team, can sort it out"}
	}
	if available < wanted {
		return Decision{Refuse, "that option is out of stock"}
	}
	// Otherwise as a return: the units, the limit, approvals.
	return p.Return(o, lines, value, now)
}
