package agent

import (
	"fmt"
	"regexp"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Two requests in one message where one makes the other moot (issue 18
// trial: "pls cancel my order and also change the addres back" stated
// only the address change; the cancel was lost). Shopify cancels whole
// orders, so once a cancellation is stated, an address change of the
// same order has nothing left to ship: code states the cancellation and
// says why the address change is not set out, whichever of the two the
// model called first. Neither is dropped silently, and only one proposal
// waits for a yes. A customer who would rather keep the order says no
// to the cancellation and asks for the address change again.

// mootBeside decides p against this turn's other proposals: an address
// change beside a stated cancellation of its order is not stated (ok,
// with its result for the model); a cancellation beside a stated
// address change of its order replaces it (not ok: p goes on to be
// stated), and address changes of that order kept as next requests go.
func (s *session) mootBeside(p conversation.Proposal) (any, bool) {
	switch p.Tool {
	case toolname.ChangeAddress:
		if c := s.proposed; c != nil && c.Tool == toolname.CancelOrder && c.OrderID == p.OrderID {
			s.mootAddress(p.Order)
			return map[string]any{"status": "moot", "order_number": p.Order,
				"reason":      "the cancellation of this order is stated for the customer's yes: a cancelled order ships nowhere, so the address change is not set out",
				"instruction": "tell the customer the address change isn't needed once the order is cancelled; if they would rather keep the order, they can say no to the cancellation and ask for the address change"}, true
		}
	case toolname.CancelOrder:
		if a := s.proposed; a != nil && a.Tool == toolname.ChangeAddress && a.OrderID == p.OrderID {
			s.proposed = nil
			s.mootAddress(p.Order)
		}
		q, next := withoutAddressChange(s.queued, p.OrderID), withoutAddressChange(s.conv.Next, p.OrderID)
		if len(q)+len(next) < len(s.queued)+len(s.conv.Next) && len(s.mootNotes) == 0 {
			s.mootAddress(p.Order)
		}
		s.queued, s.conv.Next = q, next
	}
	return nil, false
}

// mootAddress records an address change of name set aside for its
// cancellation, and says so in the reply.
func (s *session) mootAddress(name string) {
	s.act(toolname.ChangeAddress, "moot", name, "order cancelled instead")
	s.mootNotes = append(s.mootNotes, fmt.Sprintf("I haven't set out the address change for order %s as well: once it's cancelled nothing ships, so the address no longer matters. If you'd rather keep the order and only change the address, just say no to the cancellation and tell me.", name))
}

// withoutAddressChange is ps without the address changes of order id.
func withoutAddressChange(ps []conversation.Proposal, id string) []conversation.Proposal {
	var out []conversation.Proposal
	for _, p := range ps {
		if p.Tool == toolname.ChangeAddress && p.OrderID == id {
			continue
		}
		out = append(out, p)
	}
	return out
}

// shippingRefunded is the sentence of a cancellation's statement that
// says the refund includes the shipping paid ("does the refund include
// the shipping?" is the question a cancellation raises; the trial's
// customer asked it beside the cancel): only when nothing was refunded
// before, so left is everything paid.
func shippingRefunded(o order.Order, left order.Money) string {
	if o.Shipping == nil || o.Shipping.Paid <= 0 || left != o.TotalPrice {
		return ""
	}
	return fmt.Sprintf(" That's everything you paid, the %s shipping included.", money(o.Shipping.Paid, o.Currency))
}

// shippingStatedRe finds shippingRefunded's figure in a statement.
var shippingStatedRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`That's everything you paid, the (\S+) shipping included\.`)
})

// shippingStated is the shipping a cancellation's statement said its
// refund includes, "" when it said none: what ran is what was stated.
func shippingStated(statement string) string {
	if m := shippingStatedRe().FindStringSubmatch(statement); m != nil {
		return m[1]
	}
	return ""
}
