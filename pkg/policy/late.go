package policy

import (
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Late parcels the customer reports: a parcel still on its way whose
// customer would rather have a replacement or their money now. Whether
// that happens now, or the shop promises to act at a set time (the
// follow-up promise, package promise), is decided here.

// Resolutions of a late parcel.
const (
	LateReplacement = "replacement" // a replacement order at no cost
	LateRefund      = "refund"      // the parcel's items refunded
)

// LateParcel is what is known of a parcel still on its way.
type LateParcel struct {
	// DaysLate are whole days since the last day of its delivery estimate
	// (0: not past it, or no estimate).
	DaysLate int
	// Stalled: the delivery check found it stalled or lost (no carrier
	// scan for days).
	Stalled bool
	// Value is what its items cost, capped at what is left to refund.
	Value order.Money
	// MadeGood: a replacement or refund was already made for it.
	MadeGood bool
	// NotPickedUp: its label was made but the carrier has not scanned it
	// yet (it is not moving at all, so the refusal must not say so).
	NotPickedUp bool
}

// LateNow decides whether a late parcel of o may be replaced or refunded
// (resolution) now, at the customer's request: once it is LateActDays
// past its estimate or stalled, within the refund limit (above it, a
// person approves). Refuse says why not yet; the agent then explains and
// offers the follow-up promise instead.
func (p Policy) LateNow(o order.Order, parcel LateParcel, resolution string) Decision {
	if parcel.MadeGood {
		return Decision{Refuse, "this parcel was already replaced or refunded"}
	}
	if d := p.LateResolution(o, parcel.Value, resolution); d.Verdict == Refuse {
		return d
	}
	due := p.LateActDays > 0 && parcel.DaysLate >= p.LateActDays
	if !parcel.Stalled && !due {
		where := "still moving"
		if parcel.NotPickedUp {
			where = "waiting for the carrier to pick it up"
		}
		switch {
		case p.LateActDays <= 0:
			if parcel.NotPickedUp {
				return Decision{Refuse, "the parcel is waiting for the carrier to pick it up, and a replacement or refund comes only once it is late or stops moving"}
			}
			return Decision{Refuse, "the parcel is still moving with the carrier, and a replacement or refund comes only once it stops moving"}
		case parcel.DaysLate <= 0:
			return Decision{Refuse, fmt.Sprintf("the parcel is %s and within its delivery estimate; a replacement or refund comes once it is %s late or stops moving", where, days(p.LateActDays))}
		}
		return Decision{Refuse, fmt.Sprintf("the parcel is %s and %s past its estimate; a replacement or refund comes once it is %s late or stops moving", where, days(parcel.DaysLate), days(p.LateActDays))}
	}
	why := fmt.Sprintf("the parcel is %s past its estimate", days(parcel.DaysLate))
	if parcel.Stalled {
		why = "the parcel has stopped moving with the carrier"
	}
	if d := p.LateResolution(o, parcel.Value, resolution); d.Verdict == Approval {
		return d
	}
	return Decision{Allow, why}
}

// LateResolution is what LateNow decides that can change after the
// customer's yes: the order's state and the refund limit (the parcel only
// grows later). The agent checks it again when it runs the proposal.
func (p Policy) LateResolution(o order.Order, value order.Money, resolution string) Decision {
	switch {
	case resolution != LateReplacement && resolution != LateRefund:
		return Decision{Refuse, "a late parcel is replaced or refunded"}
	case o.CancelledAt != nil:
		return Decision{Refuse, "this order was cancelled"}
	case value <= 0 || value > o.TotalPrice-o.RefundedTotal():
		return Decision{Refuse, "there is nothing left to refund on this parcel"}
	case value > p.RefundAutoLimit:
		return Decision{Approval, "replacements and refunds of this size are approved by a member of the team"}
	}
	return Decision{Allow, "within the refund limit"}
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// ParcelRefund is what refunding a parcel that never arrived gives back:
// its items' share (items, at their prices) of everything the customer
// paid, tax and shipping included; the whole order when the parcel holds
// all of it. Exact in minor units (the share rounds down), capped at what
// is left to refund.
func ParcelRefund(o order.Order, items order.Money) order.Money {
	var all order.Money
	for _, li := range o.LineItems {
		all += li.Price * order.Money(li.Quantity)
	}
	paid := o.TotalPrice
	share := paid
	if all > 0 && items < all {
		share = order.Money(money.Share(int64(paid), int64(items), int64(all)))
	}
	if left := o.TotalPrice - o.RefundedTotal(); share > left {
		share = left
	}
	return max(share, 0)
}
