// Package events holds sample events: Shopify webhook bodies (and, as they
// come, SES and tracking events), used by `sam local invoke`, by tests as
// fixtures, and by the local runner as its demo shop.
package events

import (
	"embed"
	"io/fs"
)

//go:embed shopify
var files embed.FS

// DemoOrders is the demo shop: one orders/create body per order, one order
// per journey stage.
func DemoOrders() fs.FS {
	sub, err := fs.Sub(files, "shopify/orders")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// Shopify is every Shopify fixture, rooted at events/shopify.
func Shopify() fs.FS {
	sub, err := fs.Sub(files, "shopify")
	if err != nil {
		panic(err)
	}
	return sub
}
