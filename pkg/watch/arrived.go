package watch

import (
	"context"
	"fmt"
)

// ArrivedReason is the ClosedReason of a customer's not-received report
// they withdrew: they told us the parcel came after all.
const ArrivedReason = "the customer told us it arrived after all"

// CustomerArrived withdraws the customer's own report that parcel
// shipmentID of an order never came, now that they say it did: its
// not-received record, while open and nothing was made good for the
// parcel, is closed (ClosedAt, ArrivedReason; Withdrawn when its action
// had not run), and a person handed it is told in the handoff's note.
// Nothing is undone: when a replacement or refund was made for the
// parcel, or is being made, madeGood says so in words for the customer
// and nothing is written (a person looks at it). closed is false when
// there was no open report to close.
func (c *Checker) CustomerArrived(ctx context.Context, shop, orderID, shipmentID string) (closed bool, madeGood string, err error) {
	recs, err := OrderProblems(ctx, c.Store, shop, orderID)
	if err != nil {
		return false, "", fmt.Errorf("withdraw not-received report: %w", err)
	}
	if r, ok := ParcelMadeGood(recs, shipmentID); ok {
		return false, r.MadeGoodText(), nil
	}
	now := c.Clock.Now()
	for _, r := range recs {
		if r.ShipmentID != shipmentID || r.Kind != KindNotReceived || !r.Open() {
			continue
		}
		if !r.Done && (r.Action == ActionReplace || r.Action == ActionRefund) {
			// Claimed and under way: it may be made by now.
			return false, "a " + string(r.Action) + " for this parcel is being made", nil
		}
		r.ClosedAt, r.ClosedReason = &now, ArrivedReason
		if !r.Done {
			r.Done, r.Withdrawn = true, true
		}
		if err := c.save(ctx, r); err != nil {
			return false, "", fmt.Errorf("withdraw not-received report: %w", err)
		}
		if r.HandoffID != "" {
			// The person sees it in the queue; the customer was told in
			// the conversation they said it in.
			if err := c.noteHandoff(ctx, r.HandoffID, "The customer says the parcel arrived after all: their report is closed and nothing more is needed."); err != nil {
				return false, "", err
			}
		}
		closed = true
	}
	return closed, "", nil
}

// CustomerArrived is Checker.CustomerArrived (the agent's port, through
// promise.Findings).
func (f ForAgent) CustomerArrived(ctx context.Context, shop, orderID, shipmentID string) (bool, string, error) {
	return f.Checker.CustomerArrived(ctx, shop, orderID, shipmentID)
}
