// Package catalog keeps the products a shop sells as doorstep sees them in
// orders (collection "products:<shop>", id the product id), for the
// tracking page's related products.
package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Collection is a shop's product collection.
func Collection(shop string) string { return "products:" + shop }

// Product is one product seen in an order.
type Product struct {
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Price    order.Money `json:"price"`
	Currency string      `json:"currency,omitempty"`
}

// Record keeps the products of an order (the intake's Applied hook calls
// it); recording a product again refreshes its title and price.
func Record(ctx context.Context, st interface {
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}, o order.Order) error {
	seen := map[string]bool{}
	for _, li := range o.LineItems {
		if li.ProductID == "" || seen[li.ProductID] || li.Price <= 0 {
			continue
		}
		seen[li.ProductID] = true
		b, _ := json.Marshal(Product{ID: li.ProductID, Title: li.Title, Price: li.Price, Currency: o.Currency})
		if err := st.PutDoc(ctx, Collection(o.Shop), li.ProductID, b, time.Time{}); err != nil {
			return fmt.Errorf("record product %s: %w", li.ProductID, err)
		}
	}
	return nil
}

// List returns up to limit of a shop's products, in id order.
func List(ctx context.Context, st interface {
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}, shop string, limit int) ([]Product, error) {
	docs, err := st.ListDocs(ctx, Collection(shop), "", "", limit)
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	out := make([]Product, 0, len(docs))
	for _, d := range docs {
		var p Product
		if err := json.Unmarshal(d.Value, &p); err == nil && p.Title != "" {
			out = append(out, p)
		}
	}
	return out, nil
}
