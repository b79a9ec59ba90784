package policy

import (
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Damage decides a replacement or refund of lines of o (worth value) that
// arrived damaged, defective or wrong: delivered, inside the return
// window, lines not already being returned; keepIt says whether the
// customer keeps them (value up to KeepItLimit) or returns them first; a
// person approves above the refund limit.
func (p Policy) Damage(o order.Order, lines []order.ReturnLine, value order.Money, now time.Time) (d Decision, keepIt bool) {
	if d := p.ReturnsOpen(o, now); d.Verdict == Refuse {
		if d.Reason == "returns can start once the order has been delivered" {
			d.Reason = "the order hasn't been delivered yet"
		}
		return d, false
	}
	d = p.Return(o, lines, value, now)
	if d.Verdict == Refuse {
		return d, false
	}
	keepIt = p.KeepItLimit > 0 && value <= p.KeepItLimit
	switch {
	case value > p.RefundAutoLimit:
		return Decision{Approval, "replacements and refunds of this size are approved by a member of the team"}, keepIt
	case keepIt:
		return Decision{Allow, fmt.Sprintf("items worth up to %s need not come back", decimal(p.KeepItLimit, o.Currency))}, true
	}
	return Decision{Allow, "the item comes back first"}, false
}
