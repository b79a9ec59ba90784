package trackpage

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/catalog"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// lineView is one line of a parcel: the product's picture, its title and
// the variant the customer chose.
type lineView struct {
	Title, Variant, Image string
	Quantity              int
}

// lines shows items with their pictures (package catalog: the shop's
// product images, the demo catalogue's locally).
func (p *Page) lines(ctx context.Context, o order.Order, items []order.LineItem) []lineView {
	out := make([]lineView, 0, len(items))
	for _, li := range items {
		img, err := catalog.Image(ctx, p.Store, o.Shop, li.ProductID, li.VariantID)
		if err != nil {
			p.log().WarnContext(ctx, "tracking page product image", "err", err)
		}
		out = append(out, lineView{Title: li.Title, Variant: li.Variant, Image: img, Quantity: li.Quantity})
	}
	return out
}

// parcelLineItems are the order's lines in sh (all of them when sh names
// none).
func parcelLineItems(o order.Order, sh order.Shipment) []order.LineItem {
	in := map[string]bool{}
	for _, id := range sh.LineItemIDs {
		in[id] = true
	}
	var out []order.LineItem
	for _, li := range o.LineItems {
		if len(in) == 0 || in[li.ID] {
			out = append(out, li)
		}
	}
	return out
}
