package docs

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// ProductWebhook applies a verified products/create, products/update or
// products/delete delivery to the shop's documentation: an active
// product's description is indexed under its title; a draft, archived or
// deleted product's is removed. A bad body is a *shopify.PayloadError; a
// topic it does not take, shopify.ErrUnknownTopic. Applying a delivery
// twice changes nothing, and an update older than the one held is ignored.
func (l *Library) ProductWebhook(ctx context.Context, topic, shop string, body []byte) error {
	switch topic {
	case shopify.TopicProductsCreate, shopify.TopicProductsUpdate:
		p, err := shopify.ParseProduct(body)
		if err != nil {
			return err
		}
		if p.Status != "" && p.Status != "active" {
			return l.DeleteProduct(ctx, shop, "product/"+p.ID)
		}
		_, err = l.PutProduct(ctx, shop, ProductDocument(p.ID, p.Title, p.Handle, p.BodyHTML, p.UpdatedAt))
		return err
	case shopify.TopicProductsDelete:
		id, err := shopify.ParseProductDelete(body)
		if err != nil {
			return err
		}
		return l.DeleteProduct(ctx, shop, "product/"+id)
	}
	return shopify.ErrUnknownTopic
}
