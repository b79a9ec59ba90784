package promise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Arrived closes the customer's open look-around case about order's parcel
// shipmentID at at: they told us it came after all. ok is false when
// there was none open. The document stays until it expires, closed, so
// a later conversation does not read it as open.
func (s *Service) Arrived(ctx context.Context, shop, orderID, shipmentID string, at time.Time) (ok bool, err error) {
	id := caseID(shop, orderID, shipmentID)
	b, err := s.Store.GetDoc(ctx, Collection, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read not-received case: %w", err)
	}
	var c Case
	if err := json.Unmarshal(b, &c); err != nil {
		return false, fmt.Errorf("decode not-received case %s: %w", id, err)
	}
	if c.ClosedAt != nil {
		return false, nil
	}
	at = at.UTC()
	c.ClosedAt = &at
	if b, err = json.Marshal(c); err != nil {
		return false, fmt.Errorf("encode not-received case: %w", err)
	}
	if err := s.Store.PutDoc(ctx, Collection, id, b, c.Until.Add(caseFor)); err != nil {
		return false, fmt.Errorf("close not-received case on %s: %w", c.OrderName, err)
	}
	return true, nil
}

// arrivedReports is the delivery check's side of a withdrawn report
// (watch.ForAgent.CustomerArrived).
type arrivedReports interface {
	CustomerArrived(ctx context.Context, shop, orderID, shipmentID string) (closed bool, madeGood string, err error)
}

// ParcelArrived withdraws the customer's own report that order's parcel
// shipmentID never came, now that they say it did, at at (the agent's
// port): when the parcel was made good (or is being), nothing is touched
// and madeGood says what was done, for a person to look at; else the
// delivery check's not-received record and the look-around case, each if
// open, are closed. closed is false when neither was open.
func (f Findings) ParcelArrived(ctx context.Context, shop, orderID, shipmentID string, at time.Time) (closed bool, madeGood string, err error) {
	if r, ok := f.Reports.(arrivedReports); ok {
		c, made, err := r.CustomerArrived(ctx, shop, orderID, shipmentID)
		if err != nil || made != "" {
			return false, made, err
		}
		closed = c
	}
	if f.Promises != nil {
		c, err := f.Promises.Arrived(ctx, shop, orderID, shipmentID, at)
		if err != nil {
			return false, "", err
		}
		closed = closed || c
	}
	return closed, "", nil
}

// Withdrawn is order's parcels whose not-received report the customer
// withdrew at or after since (Arrived's closed case, the delivery check's
// record closed with watch.ArrivedReason). A turn whose save lost to
// another writer runs again and finds the report it closed no longer
// open: this lets it say what it did the first time.
func (f Findings) Withdrawn(ctx context.Context, shop, orderID string, since time.Time) ([]string, error) {
	docs, err := f.Store.ListDocs(ctx, Collection, shop+"|"+orderID+"|", "", 50)
	if err != nil {
		return nil, fmt.Errorf("withdrawn not-received reports: %w", err)
	}
	var out []string
	seen := map[string]bool{}
	add := func(id string, at *time.Time) {
		if at != nil && !at.Before(since) && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, d := range docs {
		if isPromise(d.ID) {
			continue
		}
		if isCase(d.ID) {
			var c Case
			if err := json.Unmarshal(d.Value, &c); err != nil {
				return nil, fmt.Errorf("decode not-received case %s: %w", d.ID, err)
			}
			add(c.ShipmentID, c.ClosedAt)
			continue
		}
		var r watch.Record
		if err := json.Unmarshal(d.Value, &r); err != nil {
			return nil, fmt.Errorf("decode problem %s: %w", d.ID, err)
		}
		if r.Kind == watch.KindNotReceived && r.ClosedReason == watch.ArrivedReason {
			add(r.ShipmentID, r.ClosedAt)
		}
	}
	return out, nil
}
