package policy

import (
	"fmt"
	"github.com/doorstep-ai/doorstep/pkg/money"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Cancel decides whether o may be cancelled, refunding what was paid to the
// original payment (or as store credit) and restocking its items: only
// before anything of it has been handed to a carrier.
func (p Policy) Cancel(o order.Order) Decision {
	if o.CancelledAt != nil {
		return Decision{Refuse, "this order is already cancelled"}
	}
	if o.FinancialStatus == "refunded" {
		return Decision{Refuse, "this order has already been refunded"}
	}
	for _, s := range o.Shipments {
		if s.Cancelled() {
			continue
		}
		if s.ShippedAt == nil && labelOnly(s.Status) {
			return Decision{Refuse, "part of the order has already been packed and labelled for shipping, so it can no longer be cancelled here; once it arrives it can be returned"}
		}
		return Decision{Refuse, "part of the order has already been handed to the carrier, so it can no longer be cancelled; once it arrives it can be returned"}
	}
	if o.FulfillmentStatus == "fulfilled" || o.FulfillmentStatus == "partial" {
		return Decision{Refuse, "part of the order has already been fulfilled, so it can no longer be cancelled; once it arrives it can be returned"}
	}
	for _, r := range o.Returns {
		if r.Status != "declined" && r.Status != "cancelled" && r.Status != "closed" {
			return Decision{Refuse, "a return is under way on this order"}
		}
	}
	limit := p.CancelAutoLimit
	if limit <= 0 {
		limit = p.RefundAutoLimit
	}
	if left := o.TotalPrice - o.RefundedTotal(); left > limit {
		return Decision{Approval, fmt.Sprintf("cancellations of orders over %s are approved by a member of the team", decimal(limit, o.Currency))}
	}
	return Decision{Allow, "the order has not been fulfilled yet"}
}

// StoreCredit is what a customer gets as store credit instead of value
// refunded: value plus the merchant's bonus, rounded down to a minor unit.
func (p Policy) StoreCredit(value order.Money) order.Money {
	if value <= 0 || p.StoreCreditBonusPercent <= 0 {
		return value
	}
	return value + value*order.Money(p.StoreCreditBonusPercent)/100
}

// decimal is an amount as the customer reads it (pkg/money).
func decimal(m order.Money, currency string) string {
	return money.Format(int64(m), money.Or(currency))
}

// labelOnly reports whether a parcel with status st has a label but no
// carrier scan yet.
func labelOnly(st order.ShipmentStatus) bool {
	switch st {
	case order.StatusNone, order.StatusLabelPrinted, order.StatusLabelPurchased, order.StatusConfirmed:
		return true
	}
	return false
}
