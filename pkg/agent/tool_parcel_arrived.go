package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// ArrivedReports withdraws a customer's own report that a parcel never
// came, once they say it did (promise.Findings): the look-around case
// and the delivery check's not-received record, each while open. When
// the parcel was made good already, nothing is touched and madeGood says
// what was done; closed is false when nothing was open.
type ArrivedReports interface {
	ParcelArrived(ctx context.Context, shop, orderID, shipmentID string, at time.Time) (closed bool, madeGood string, err error)
}

// WithdrawnReports says which of an order's parcels had their
// not-received report withdrawn since a time (promise.Findings).
type WithdrawnReports interface {
	Withdrawn(ctx context.Context, shop, orderID string, since time.Time) ([]string, error)
}

// rerunWithin is how far back a withdrawal counts as this turn's own: a
// turn whose save lost to another writer (a message arriving, the
// check-in) runs again within it.
const rerunWithin = 10 * time.Minute

type parcelArrivedInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: the current order"`
}

// parcel_arrived: the customer says the parcel they reported as never
// come has come after all (found it, a neighbour had it). Their report is
// theirs to withdraw, so it closes at once, no proposal: it would
// otherwise stand in the way of what they ask next (a return of an item
// of it is refused while the report covers the item). What was made good
// for it is never undone: a person looks at that.
var _ = register(newTool(toolname.ParcelArrived,
	"The customer says the parcel they reported as not received has arrived after all. Closes their report.",
	(*session).parcelArrived).offeredIn(PhaseReturnable | PhasePastWindow))

func (s *session) parcelArrived(ctx context.Context, in parcelArrivedInput) (any, bool, error) {
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	ships, err := s.reportedParcels(ctx, o)
	if err != nil {
		return nil, false, err
	}
	ports, ok := s.a.Deliveries.(ArrivedReports)
	if w, wok := s.a.Deliveries.(WithdrawnReports); len(ships) == 0 && ok && wok {
		// Run again after a lost save: the first run closed the report,
		// and its answer stands (the draft it made was lost, not the
		// closing).
		gone, err := w.Withdrawn(ctx, o.Shop, o.ID, s.now.Add(-rerunWithin))
		if err != nil {
			return nil, false, fmt.Errorf("withdraw not-received report %s: %w", o.Name, err)
		}
		if len(gone) > 0 {
			return s.arrivedClosed(ctx, o), false, nil
		}
	}
	if len(ships) == 0 || !ok {
		return map[string]any{"status": "nothing_open", "order_number": o.Name,
			"message": "there is no open report that this order's parcel never came: nothing to close"}, false, nil
	}
	closed := false
	for _, id := range ships {
		c, made, err := ports.ParcelArrived(ctx, o.Shop, o.ID, id, s.now)
		if err != nil {
			return nil, false, fmt.Errorf("withdraw not-received report %s: %w", o.Name, err)
		}
		if made != "" {
			// A replacement or refund was made for the parcel: a person
			// decides what now; nothing is undone here.
			s.handover = true
			s.act(toolname.ParcelArrived, "handover", o.Name, "made good already")
			return map[string]any{"status": "handed_over", "order_number": o.Name, "made_good": made,
				"message": "nothing was undone or changed; a person on the team will look at it and reply here"}, false, nil
		}
		closed = closed || c
	}
	if !closed {
		return map[string]any{"status": "nothing_open", "order_number": o.Name,
			"message": "there is no open report that this order's parcel never came: nothing to close"}, false, nil
	}
	return s.arrivedClosed(ctx, o), false, nil
}

// arrivedClosed records and tells that o's report was withdrawn.
func (s *session) arrivedClosed(ctx context.Context, o order.Order) map[string]any {
	s.act(toolname.ParcelArrived, "done", o.Name, "report withdrawn")
	s.findingsChanged(ctx, o)
	return map[string]any{"status": "closed", "order_number": o.Name,
		"what_we_did": "We've closed your report that the parcel of order " + o.Name + " never came: nothing more will happen about it, and anything else about the order goes as usual."}
}

// reportedParcels are o's parcels the customer reported as never come
// whose report is not over (the order's findings: a look-around case, the
// delivery check's not-received record), each once. The findings are
// read afresh: the customer context, built before, does not hold a
// report this conversation made (reportedHere).
func (s *session) reportedParcels(ctx context.Context, o order.Order) ([]string, error) {
	if s.a.Deliveries == nil {
		return nil, nil
	}
	ps, err := s.a.Deliveries.OrderProblems(ctx, o.Shop, o.ID)
	if err != nil {
		return nil, fmt.Errorf("withdraw not-received report %s: %w", o.Name, err)
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		id, _ := p["shipment_id"].(string)
		if p["problem"] != "not_received" || p["outcome"] != nil || id == "" || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out, nil
}
