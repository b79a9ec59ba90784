package promise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/store"
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
