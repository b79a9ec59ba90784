package console

import (
	"context"
	"io"

	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
)

// ClaimsBook is the console's Claims over the carrier claims book
// (package parcelaudit): the claims page and its CSV export.
type ClaimsBook struct{ Book *parcelaudit.Book }

var _ Claims = ClaimsBook{}

// List returns every claim of a shop, in id order.
func (b ClaimsBook) List(ctx context.Context, shop string) ([]Claim, error) {
	all, err := b.Book.All(ctx, shop)
	if err != nil {
		return nil, err
	}
	out := make([]Claim, 0, len(all))
	for _, c := range all {
		out = append(out, Claim{ID: c.ID, Reason: c.Reason, Status: c.Status, OrderName: c.OrderName,
			Carrier: c.Carrier, Service: c.Service, TrackingNumber: c.TrackingNumber, Destination: c.Destination,
			PromisedBy: c.PromisedBy, DeliveredAt: c.DeliveredAt, DaysLate: c.DaysLate, GoodsValue: c.GoodsValue,
			OrderTotal: c.OrderTotal, Currency: c.Currency, CreatedAt: c.CreatedAt, ClosedReason: c.ClosedReason})
	}
	return out, nil
}

// CSV writes every claim of a shop as CSV.
func (b ClaimsBook) CSV(ctx context.Context, shop string, w io.Writer) error {
	return b.Book.CSV(ctx, shop, w)
}
