package agent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// A parcel the delivery check handed to a person (not received, late,
// stalled or lost, above what policy settles on its own) is made good by
// that person from the console, through the proposal record like any
// other write: ParcelOffers states a replacement and a refund of the
// parcel's lines as proposals of report_not_received, which run only
// approved (the person's click), once, through Execute.

// Resolutions a person can choose for a parcel handed to them.
const (
	OfferReplacement = "replacement"
	OfferRefund      = "refund"
)

// parcelOfferReason is the proposals' Reason, and what tells them apart
// from anything the customer confirmed in a chat.
const parcelOfferReason = "parcel handed to a person"

func init() {
	// A person's choice on a parcel handed to them, or the customer's
	// yes to the replacement or refund the delivery policy makes for a
	// parcel that has not come (tool_report_not_received.go).
	reportNotReceived.Write = &Write{
		Check: func(pol policy.Policy, o order.Order, p conversation.Proposal, now time.Time) policy.Decision {
			if p.Reason == notReceivedReason {
				return checkNotReceived(pol, o, p, now)
			}
			return checkParcelOffer(pol, o, p, now)
		},
		Execute: func(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
			if p.Reason == notReceivedReason {
				return executeNotReceived(ctx, a, o, p)
			}
			return executeParcelOffer(ctx, a, o, p)
		},
		Done: func(p conversation.Proposal, detail string) map[string]any {
			if p.Reason == notReceivedReason {
				return notReceivedDone(p, detail)
			}
			return followUpDone(p, detail)
		},
	}
}

// ParcelOffers are the replacement and the refund policy allows for the
// parcel of order name (id orderID) a delivery handoff is about (tracking names it;
// empty: the order's newest parcel the carrier has), keyed by key (the
// handoff's id) so each runs once. None when the order or parcel is gone,
// was cancelled, never reached the carrier, or was made good already.
func (a *Agent) ParcelOffers(ctx context.Context, shop, name, orderID, tracking, key string) ([]conversation.Proposal, error) {
	o, err := a.Store.GetOrderByName(ctx, shop, name)
	if errors.Is(err, store.ErrNotFound) || (err == nil && orderID != "" && o.ID != orderID) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("parcel offers: load order %s: %w", name, err)
	}
	if o.CancelledAt != nil {
		return nil, nil
	}
	sh := offeredParcel(o, tracking)
	if sh == nil {
		return nil, nil
	}
	if a.Deliveries != nil {
		problems, err := a.Deliveries.OrderProblems(ctx, shop, o.ID)
		if err != nil {
			return nil, fmt.Errorf("parcel offers %s: %w", o.Name, err)
		}
		if _, done := madeGood(problems, sh.ID); done {
			return nil, nil
		}
	}
	lines := notMadeGood(o, parcelLines(o, *sh))
	if len(lines) == 0 {
		return nil, nil
	}
	now := a.Clock.Now()
	var out []conversation.Proposal
	for _, res := range []string{OfferReplacement, OfferRefund} {
		// At now: the person's choice is newer than anything confirmed
		// before on these lines (Superseded).
		p := conversation.Proposal{ID: "parcel|" + key + "|" + res, Tool: reportNotReceived.Spec.Name, Order: o.Name, OrderID: o.ID,
			ShipmentID: sh.ID, Lines: lines, Resolution: res, Currency: o.Currency, Reason: parcelOfferReason, At: now}
		if res == OfferRefund {
			// The parcel's share of all the customer paid, tax and
			// shipping included: what the delivery check and a late
			// parcel's refund give back.
			p.Amount = policy.ParcelRefund(o, linesValue(lines))
			if p.Amount <= 0 {
				continue
			}
		}
		p.Statement = parcelOfferStatement(o, p)
		if d := checkParcelOffer(policy.Policy{}, o, p, a.Clock.Now()); d.Verdict == policy.Refuse {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// notMadeGood is lines less the units of o already made good: in a
// return not declined or cancelled (kept units made good count), or
// refunded (a refund naming a line covers all of it).
func notMadeGood(o order.Order, lines []conversation.ProposalLine) []conversation.ProposalLine {
	done := map[string]int{}
	for _, r := range o.Returns {
		if r.Status == "declined" || r.Status == "cancelled" {
			continue
		}
		for _, l := range r.Lines {
			done[l.LineItemID] += l.Quantity
		}
	}
	refunded := map[string]bool{}
	for _, r := range o.Refunds {
		for _, id := range r.LineItems {
			refunded[id] = true
		}
	}
	var out []conversation.ProposalLine
	for _, l := range lines {
		if refunded[l.LineItemID] {
			continue
		}
		if l.Quantity -= done[l.LineItemID]; l.Quantity > 0 {
			out = append(out, l)
		}
	}
	return out
}

// offeredParcel is o's parcel with tracking number tracking, else its
// newest parcel the carrier has; nil when none fits.
func offeredParcel(o order.Order, tracking string) *order.Shipment {
	var out *order.Shipment
	for i := range o.Shipments {
		sh := &o.Shipments[i]
		if sh.Cancelled() || sh.NeverScanned() {
			continue
		}
		if tracking != "" && sh.TrackingNumber == tracking {
			return sh
		}
		if out == nil || sh.CreatedAt.After(out.CreatedAt) {
			out = sh
		}
	}
	if tracking != "" {
		for _, sh := range o.Shipments {
			if sh.TrackingNumber == tracking {
				return nil // that parcel was cancelled or never scanned
			}
		}
	}
	return out
}

func parcelOfferStatement(o order.Order, p conversation.Proposal) string {
	if p.Resolution == OfferRefund {
		return fmt.Sprintf("We're refunding %s for %s from order %s to your original payment method.", money(p.Amount, p.Currency), describeLines(p.Lines), o.Name)
	}
	return fmt.Sprintf("We're sending you a replacement of %s from order %s at no cost, to the address on the order.", describeLines(p.Lines), o.Name)
}

// checkParcelOffer: a person's choice on a parcel handed to them, always
// theirs to approve; refused when the order or the parcel no longer
// allows it.
func checkParcelOffer(_ policy.Policy, o order.Order, p conversation.Proposal, _ time.Time) policy.Decision {
	if p.Reason != parcelOfferReason || p.ShipmentID == "" || len(p.Lines) == 0 {
		return policy.Decision{Verdict: policy.Refuse, Reason: "only a person on the team can make good a parcel this way"}
	}
	if p.Resolution != OfferReplacement && p.Resolution != OfferRefund {
		return policy.Decision{Verdict: policy.Refuse, Reason: "a parcel is made good by a replacement or a refund"}
	}
	if o.CancelledAt != nil {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the order was cancelled"}
	}
	found := false
	for _, sh := range o.Shipments {
		if sh.ID == p.ShipmentID {
			found = !sh.Cancelled()
		}
	}
	if !found {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the parcel's shipment was cancelled"}
	}
	if p.Resolution == OfferRefund && p.Amount > o.TotalPrice-o.RefundedTotal() {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the order has less left to refund now"}
	}
	return policy.Decision{Verdict: policy.Approval, Reason: "the delivery check handed this parcel to a person"}
}

// executeParcelOffer refunds or replaces the parcel through the shop's
// Resolver (the proposal's id is the idempotency key) and records it made
// good, as a late parcel's proposal does.
func executeParcelOffer(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
	p.DueAt, p.CancelShipment = nil, false
	return executeFollowUp(ctx, a, o, p)
}
