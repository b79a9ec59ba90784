package watch

import (
	"context"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// ArrivedReason is the ClosedReason of a customer's not-received report
// they withdrew: they told us the parcel came after all.
const ArrivedReason = "the customer told us it arrived after all"

// CustomerArrived withdraws the customer's own report that parcel
// shipmentID of an order never came, now that they say it did: its
// not-received record, while open and nothing was made good for the
// parcel, is closed (ClosedAt, ArrivedReason; Withdrawn when its action
// had not run), and its handoff noted and closed.
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
	handoffs := map[string]bool{}
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
			handoffs[r.HandoffID] = true
		}
		closed = true
	}
	// The person handed the report is told in its note, and a handoff
	// holding no other open problem is closed in its record: left open,
	// it would take the customer's next message as the person's. The
	// customer is not messaged (they are told in the conversation they
	// said it in), and the conversation's status is not touched while
	// its turn runs, so the record is written here rather than through
	// the escalation workflow, whose timer finds it closed.
	direct := *c
	direct.Escalations = nil
	if err := direct.endHandoffs(ctx, order.Order{Shop: shop, ID: orderID}, handoffs,
		"The customer says the parcel arrived after all: their report is closed and nothing more is needed.", ""); err != nil {
		return false, "", fmt.Errorf("withdraw not-received report: %w", err)
	}
	return closed, "", nil
}

// CustomerArrived is Checker.CustomerArrived (the agent's port, through
// promise.Findings).
func (f ForAgent) CustomerArrived(ctx context.Context, shop, orderID, shipmentID string) (bool, string, error) {
	return f.Checker.CustomerArrived(ctx, shop, orderID, shipmentID)
}
