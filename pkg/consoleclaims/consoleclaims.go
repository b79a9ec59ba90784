// Package consoleclaims is the merchant console's Claims port over the
// carrier claims book (package parcelaudit): the claims page and its CSV
// export. It is apart from parcelaudit so that the binaries that only keep
// claims do not link the console.
package consoleclaims

import (
	"context"
	"io"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
)

// Book lists a parcelaudit book's claims for the console.
type Book struct{ Book *parcelaudit.Book }

var _ console.Claims = Book{}

// List returns every claim of a shop, in id order.
func (b Book) List(ctx context.Context, shop string) ([]console.Claim, error) {
	all, err := b.Book.All(ctx, shop)
	if err != nil {
		return nil, err
	}
	out := make([]console.Claim, 0, len(all))
	for _, c := range all {
		out = append(out, console.Claim{ID: c.ID, Reason: c.Reason, Status: c.Status, OrderName: c.OrderName,
			Carrier: c.Carrier, Service: c.Service, TrackingNumber: c.TrackingNumber, Destination: c.Destination,
			PromisedBy: c.PromisedBy, DeliveredAt: c.DeliveredAt, DaysLate: c.DaysLate, GoodsValue: c.GoodsValue,
			OrderTotal: c.OrderTotal, Currency: c.Currency, CreatedAt: c.CreatedAt})
	}
	return out, nil
}

// CSV writes every claim of a shop as CSV.
func (b Book) CSV(ctx context.Context, shop string, w io.Writer) error {
	return b.Book.CSV(ctx, shop, w)
}
