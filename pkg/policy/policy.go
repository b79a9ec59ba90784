// Package policy is the merchant's policy, in code: what the agent may do on
// its own, what needs a person, and what is never allowed. Every write tool
// asks it before acting; the model never decides.
package policy

import (
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Policy is one shop's rules.
type Policy struct {
	// ReturnWindowDays counts from delivery.
	ReturnWindowDays int `json:"return_window_days"`
	// AutoReturns lets the agent start returns inside the window on its
	// own (up to RefundAutoLimit); otherwise each waits for a person's
	// approval after the customer's yes.
	AutoReturns bool `json:"auto_returns"`
	// AutoAddressChange lets the agent change unshipped orders' addresses.
	AutoAddressChange bool `json:"auto_address_change"`
	// RefundAutoLimit is the one refund limit (minor units): the largest
	// refund, or return to be refunded, the agent (in chat and email) or
	// the delivery check makes without a person's approval. 0 means every
	// refund waits for a person.
	RefundAutoLimit order.Money `json:"refund_auto_limit"`
	// StoreCreditBonusPercent is offered on top when a customer takes store
	// credit instead of a refund; 0 offers none.
	StoreCreditBonusPercent int `json:"store_credit_bonus_percent"`
	// CancelAutoLimit is the largest order (what is left to refund, minor
	// units) the agent cancels without a person's approval; 0: the refund
	// limit applies. See cancel.go.
	CancelAutoLimit order.Money `json:"cancel_auto_limit,omitempty"`
	// KeepItLimit: a damaged, defective or wrong item worth up to this
	// (minor units, the lines affected) is replaced or refunded with no
	// return; above it, it comes back: a replacement or store credit goes
	// at once, a refund once the item is back. 0: always a return. See
	// damage.go.
	KeepItLimit order.Money `json:"keep_it_limit"`
	// NotReceivedWaitHours: a parcel marked delivered that the customer
	// has not found is first looked for (neighbours, a safe place) for
	// this many hours after the delivery scan; after it, the delivery
	// policy acts (trace, replacement, refund). See notreceived.go.
	NotReceivedWaitHours int `json:"not_received_wait_hours"`
	// NotReceivedAction is what happens after that wait: NotReceivedTrace,
	// NotReceivedReplace, NotReceivedRefund or NotReceivedPerson (empty:
	// a person). NotReceivedAutoLimit is the largest parcel (its items,
	// minor units) replaced or refunded that way without a person; a
	// dearer one goes to a person, and a refund stays within
	// RefundAutoLimit too. See notreceived.go.
	NotReceivedAction    string      `json:"not_received_action"`
	NotReceivedAutoLimit order.Money `json:"not_received_auto_limit"`
	// NotReceivedClaimDays: a customer's claim that a parcel marked
	// delivered never came is taken up automatically (the wait, then
	// NotReceivedAction) only within this many days of the delivery scan;
	// an older claim goes to a person. 0: no limit. See notreceived.go.
	NotReceivedClaimDays int `json:"not_received_claim_days"`
	// LateActDays: a parcel still on its way that is this many days past
	// its estimate (or stalled) is replaced or refunded at once when the
	// customer asks; before that, they are promised a follow-up. 0: only
	// once it stalls. See late.go.
	LateActDays int `json:"late_act_days"`
	// ShopName, Voice and SignOff shape how the agent writes.
	ShopName string `json:"shop_name"`
	Voice    string `json:"voice"`
	SignOff  string `json:"sign_off"`
}

// Default is the policy a shop starts with.
func Default() Policy {
	return Policy{
		ReturnWindowDays:     30,
		AutoReturns:          true,
		AutoAddressChange:    true,
		RefundAutoLimit:      10000,
		KeepItLimit:          3000,
		NotReceivedWaitHours: 24,
		NotReceivedAction:    NotReceivedReplace,
		NotReceivedAutoLimit: 10000,
		NotReceivedClaimDays: 30,
		LateActDays:          3,
		ShopName:             "our shop",
		Voice:                "warm, plain and brief",
		SignOff:              "",
	}
}

// ReturnWindow is the window as a duration.
func (p Policy) ReturnWindow() time.Duration {
	return time.Duration(p.ReturnWindowDays) * 24 * time.Hour
}

// Verdict is policy's answer to a proposed action.
type Verdict int

// Verdicts.
const (
	Refuse   Verdict = iota // never, with a reason the customer is told
	Approval                // allowed once a person approves
	Allow                   // the agent may do it (after the customer's yes)
)

func (v Verdict) String() string {
	return [...]string{"refuse", "approval", "allow"}[v]
}

// Decision is a verdict and the reason for it, in words fit for the
// customer.
type Decision struct {
	Verdict Verdict
	Reason  string
}

// Return decides whether a return of lines of o, worth value, may start at
// now.
func (p Policy) Return(o order.Order, lines []order.ReturnLine, value order.Money, now time.Time) Decision {
	if d := p.ReturnsOpen(o, now); d.Verdict == Refuse {
		return d
	}
	if len(lines) == 0 {
		return Decision{Refuse, "no items were chosen to return"}
	}
	// Units already in a return that is not declined or cancelled.
	returning, kept := map[string]int{}, map[string]bool{}
	for _, r := range o.Returns {
		if r.Status == "declined" || r.Status == "cancelled" {
			continue
		}
		for _, l := range r.Lines {
			returning[l.LineItemID] += l.Quantity
			kept[l.LineItemID] = kept[l.LineItemID] || r.Status == order.ReturnKept
		}
	}
	// An order not all delivered takes returns of what was delivered.
	var delivered map[string]bool
	if order.JourneyOf(o, now, p.ReturnWindow()).Stage != order.StageDelivered {
		delivered = p.DeliveredLines(o, now)
	}
	for _, l := range lines {
		li, ok := lineItem(o, l.LineItemID)
		switch {
		case !ok:
			return Decision{Refuse, "that item is not on this order"}
		case delivered != nil && !delivered[l.LineItemID]:
			return Decision{Refuse, "the " + li.Title + " has not been delivered yet, so its return can start once it arrives"}
		case l.Quantity <= 0 || l.Quantity > li.Quantity:
			return Decision{Refuse, fmt.Sprintf("the order has %d of %s", li.Quantity, li.Title)}
		case l.Quantity+returning[l.LineItemID] > li.Quantity && kept[l.LineItemID]:
			return Decision{Refuse, madeGoodReason(li.Title, li.Quantity, returning[l.LineItemID])}
		case l.Quantity+returning[l.LineItemID] > li.Quantity:
			return Decision{Refuse, "a return for " + li.Title + " is already under way"}
		}
	}
	if !p.AutoReturns {
		return Decision{Approval, "a member of the team approves every return"}
	}
	if value > p.RefundAutoLimit {
		return Decision{Approval, "returns worth more than the automatic refund limit are approved by a member of the team"}
	}
	return Decision{Allow, fmt.Sprintf("the order is inside the %d-day return window", p.ReturnWindowDays)}
}

// ReturnsOpen decides whether o takes returns at all at now: delivered,
// inside the window, not cancelled or refunded.
func (p Policy) ReturnsOpen(o order.Order, now time.Time) Decision {
	j := order.JourneyOf(o, now, p.ReturnWindow())
	switch j.Stage {
	case order.StageCancelled:
		return Decision{Refuse, "this order was cancelled, so there is nothing to return"}
	case order.StageReturnedRefunded:
		return Decision{Refuse, "this order has already been refunded"}
	case order.StagePastReturnWindow:
		return Decision{Refuse, fmt.Sprintf("the %d-day return window closed on %s", p.ReturnWindowDays, j.ReturnWindowEnds.Format("January 2"))}
	case order.StageDelivered:
		return Decision{Allow, fmt.Sprintf("the order is inside the %d-day return window", p.ReturnWindowDays)}
	}
	if len(p.DeliveredLines(o, now)) > 0 {
		return Decision{Allow, "the items delivered so far can be returned"}
	}
	return Decision{Refuse, "returns can start once the order has been delivered"}
}

// DeliveredLines are the line items of o in a parcel that was delivered
// inside the return window: each parcel's window runs from its own
// delivery.
func (p Policy) DeliveredLines(o order.Order, now time.Time) map[string]bool {
	out := map[string]bool{}
	for _, s := range o.Shipments {
		if s.Cancelled() || s.DeliveredAt == nil || order.ShipmentStage(s) != order.StageDelivered {
			continue
		}
		if !now.Before(s.DeliveredAt.Add(p.ReturnWindow())) {
			continue
		}
		for _, id := range s.LineItemIDs {
			out[id] = true
		}
	}
	return out
}

func lineItem(o order.Order, id string) (order.LineItem, bool) {
	for _, li := range o.LineItems {
		if li.ID == id {
			return li, true
		}
	}
	return order.LineItem{}, false
}

// AddressChange decides whether o's shipping address may change.
func (p Policy) AddressChange(o order.Order, now time.Time) Decision {
	if o.CancelledAt != nil {
		return Decision{Refuse, "this order was cancelled"}
	}
	if shipped, rest := SplitShipment(o); len(rest) > 0 {
		return Decision{Refuse, splitAddressReason(shipped, rest)}
	}
	for _, s := range o.Shipments {
		if !s.Cancelled() {
			return Decision{Refuse, "the order has already been handed to the carrier, so its address can no longer be changed here"}
		}
	}
	if o.FulfillmentStatus == "fulfilled" || o.FulfillmentStatus == "partial" {
		return Decision{Refuse, "the order has already been fulfilled"}
	}
	if !p.AutoAddressChange {
		return Decision{Approval, "a member of the team makes address changes"}
	}
	return Decision{Allow, "the order has not shipped yet"}
}

// Refund decides whether amount may be refunded on o without a person: the
// one refund limit, for the agent and the delivery check alike.
func (p Policy) Refund(o order.Order, amount order.Money) Decision {
	if amount <= 0 {
		return Decision{Refuse, "there is nothing to refund"}
	}
	if amount > o.TotalPrice-o.RefundedTotal() {
		return Decision{Refuse, "that is more than what is left to refund on this order"}
	}
	if amount > p.RefundAutoLimit {
		// 0 means every refund waits for a person.
		return Decision{Approval, "refunds of this size are approved by a member of the team"}
	}
	return Decision{Allow, "within the refund limit"}
}
