package demoshop

import (
	"context"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// ActionCancelShipment is a cancelled fulfillment (a shipment the carrier
// never picked up) in the log.
const ActionCancelShipment = "cancel_shipment"

var _ resolution.FulfillmentCanceller = (*Shop)(nil)

// CancelFulfillment cancels a shipment as Shopify's fulfillmentCancel
// does: the shipment is marked cancelled, so the warehouse does not send
// it. One the carrier has scanned is refused (resolution.ErrRejected); one
// cancelled already is left as it is, and logged once.
func (s *Shop) CancelFulfillment(ctx context.Context, r resolution.CancelFulfillmentRequest) error {
	o, err := s.Store.GetOrder(ctx, r.Shop, r.OrderID)
	if err != nil {
		return fmt.Errorf("demo shop cancel shipment: %w", err)
	}
	var sh *order.Shipment
	for i := range o.Shipments {
		if o.Shipments[i].ID == r.FulfillmentID {
			sh = &o.Shipments[i]
		}
	}
	switch {
	case sh == nil:
		return fmt.Errorf("demo shop cancel shipment %s of %s: %w: no such fulfillment", r.FulfillmentID, o.Name, resolution.ErrRejected)
	case sh.Cancelled():
		return nil
	case sh.ShippedAt != nil || order.ShipmentStage(*sh) != order.StageLabelCreated:
		return fmt.Errorf("demo shop cancel shipment %s of %s: %w: the carrier has it", r.FulfillmentID, o.Name, resolution.ErrRejected)
	}
	now := s.Clock.Now()
	c := *sh
	c.State, c.NextCheckAt = "cancelled", nil
	c.UpdatedAt = after(now, c.UpdatedAt)
	if _, err := s.Store.Apply(ctx, store.Change{Shop: r.Shop, Shipments: []order.Shipment{c}}); err != nil {
		return fmt.Errorf("demo shop cancel shipment: %w", err)
	}
	var lines []order.ReturnLine
	for _, li := range o.LineItems {
		for _, id := range c.LineItemIDs {
			if id == li.ID {
				lines = append(lines, order.ReturnLine{LineItemID: li.ID, Quantity: li.Quantity})
			}
		}
	}
	al, _ := linesOf(o, lines)
	return s.record(ctx, "cancel-shipment-"+c.ID, Action{Type: ActionCancelShipment, Order: o.Name, Lines: al, Amount: "0.00", Currency: o.Currency,
		Detail: map[string]any{"fulfillment_id": c.ID, "tracking_number": c.TrackingNumber, "carrier": c.Carrier}, At: now})
}
