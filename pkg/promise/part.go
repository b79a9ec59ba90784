package promise

import (
	"context"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// actOnRest keeps p as act does, unless units it promised were made good
// in part since it was made (watch.PartsMadeGood: the customer took a
// replacement or refund of some items now): acting as stated would make
// them good twice, and acting on the rest alone is not what was stated, so
// a person decides.
func (s *Service) actOnRest(ctx context.Context, o order.Order, sh *order.Shipment, p *Promise) error {
	if sh != nil && (p.Action == ActionReplace || p.Action == ActionRefund) {
		recs, err := watch.OrderProblems(ctx, s.Store, p.Shop, p.OrderID)
		if err != nil {
			return fmt.Errorf("keep promise %s: %w", p.ID, err)
		}
		done := watch.PartsMadeGood(recs, p.ShipmentID)
		left := map[string]int{}
		for _, li := range parcelItems(o, *sh) {
			left[li.ID] = li.Quantity - done[li.ID]
		}
		for _, l := range p.Lines {
			if done[l.LineItemID] > 0 && l.Quantity > left[l.LineItemID] {
				lead := fmt.Sprintf("Your order %s hadn't arrived by %s, so as promised ", p.OrderName, s.When(p.DueAt))
				return s.handOff(ctx, o, p, lead, "part of the parcel was made good since the promise was made")
			}
		}
	}
	return s.act(ctx, o, sh, p)
}
