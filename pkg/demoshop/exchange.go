package demoshop

import (
	"context"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// ActionExchange is an exchange (a return with an exchange item) in the
// log.
const ActionExchange = "exchange"

var _ agent.Exchanger = (*Shop)(nil)

// catalogue is the demo shop's products' variants and stock, by product
// id: the variants its demo orders carry, and a few more.
var catalogue = map[string][]agent.Variant{
	"8800000000101": { // Harbor Stoneware Mug
		{ID: "4700000000101", Title: "Sea Glass / 12 oz", Price: 2400, Available: 14},
		{ID: "4700000000102", Title: "Charcoal / 12 oz", Price: 2400, Available: 9},
		{ID: "4700000000103", Title: "Sand / 12 oz", Price: 2400, Available: 0},
		{ID: "4700000000104", Title: "Sea Glass / 16 oz", Price: 2800, Available: 5},
		{ID: "4700000000105", Title: "Charcoal / 16 oz", Price: 2800, Available: 2},
	},
	"8800000000102": { // Pour-Over Coffee Kit
		{ID: "4700000000201", Title: "Walnut", Price: 6400, Available: 4},
		{ID: "4700000000202", Title: "Oak", Price: 6400, Available: 0},
	},
	"8800000000103": { // Stonewashed Linen Throw
		{ID: "4700000000301", Title: "Oatmeal", Price: 11800, Available: 6},
		{ID: "4700000000302", Title: "Slate Blue", Price: 11800, Available: 3},
		{ID: "4700000000303", Title: "Sage", Price: 11800, Available: 4},
	},
	"8800000000104": { // Cast-Iron Skillet
		{ID: "4700000000401", Title: "10 inch", Price: 5200, Available: 5},
		{ID: "4700000000402", Title: "12 inch", Price: 6400, Available: 4},
	},
	"8800000000105": { // Beeswax Pillar Candle
		{ID: "4700000000501", Title: "Cedar & Smoke", Price: 2200, Available: 10},
		{ID: "4700000000502", Title: "Sea Salt & Fig", Price: 2200, Available: 8},
		{ID: "4700000000503", Title: "Amber & Vetiver", Price: 2200, Available: 0},
		{ID: "4700000000504", Title: "Unscented", Price: 2200, Available: 12}, // the guide's third scent
	},
	"8800000000106": { // Olivewood Serving Board
		{ID: "4700000000601", Title: "Large", Price: 4600, Available: 3},
		{ID: "4700000000602", Title: "Small", Price: 3600, Available: 7},
	},
	"8800000000107": { // Unbleached Paper Filters
		{ID: "4700000000701", Title: "Pack of 100", Price: 900, Available: 40},
	},
}

// Variants are a demo product's variants and stock.
func (s *Shop) Variants(_ context.Context, _, productID string) ([]agent.Variant, error) {
	return append([]agent.Variant(nil), s.variants(productID)...), nil
}

// variants are a product's variants: the shop's own catalogue when it has
// one, else the demo catalogue's.
func (s *Shop) variants(productID string) []agent.Variant {
	if s.Catalogue != nil {
		return s.Catalogue[productID]
	}
	return catalogue[productID]
}

// Exchange opens a return of the lines with the exchange variant, as
// Shopify's returnCreate with exchangeLineItems does.
func (s *Shop) Exchange(ctx context.Context, r agent.ExchangeRequest) (order.Return, error) {
	o, err := s.Store.GetOrder(ctx, r.Shop, r.OrderID)
	if err != nil {
		return order.Return{}, fmt.Errorf("demo shop exchange: %w", err)
	}
	var want agent.Variant
	var product string
	for _, l := range r.Lines {
		li, ok := lineItemOf(o, l.LineItemID)
		if !ok {
			return order.Return{}, fmt.Errorf("line item %s is not on order %s: %w", l.LineItemID, o.Name, agent.ErrCommerceRejected)
		}
		product = li.ProductID
	}
	for _, v := range s.variants(product) {
		if v.ID == r.VariantID {
			want = v
		}
	}
	if want.ID == "" || want.Available < r.Quantity {
		return order.Return{}, fmt.Errorf("variant %s: %w: not in stock", r.VariantID, agent.ErrCommerceRejected)
	}
	id := demoID("exchange", r.Shop, r.OrderID, r.IdempotencyKey)
	now := s.Clock.Now()
	lines, _ := linesOf(o, r.Lines)
	if err := s.record(ctx, "exchange-"+id, Action{Type: ActionExchange, Order: o.Name, Lines: lines, Amount: "0.00", Currency: o.Currency,
		Detail: map[string]any{"return_id": id, "exchange_for": map[string]any{"variant_id": want.ID, "variant": want.Title, "quantity": r.Quantity},
			"note": r.Note}, At: now}); err != nil {
		return order.Return{}, err
	}
	return order.Return{Shop: r.Shop, OrderID: r.OrderID, ID: id, Status: "open", Lines: r.Lines, Reason: "OTHER", CreatedAt: now}, nil
}

func lineItemOf(o order.Order, id string) (order.LineItem, bool) {
	for _, li := range o.LineItems {
		if li.ID == id {
			return li, true
		}
	}
	return order.LineItem{}, false
}
