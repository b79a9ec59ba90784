package docs

import (
	"context"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// ProductWebhook is ProductWebhookAt dated by the library's clock: for a
// delivery whose event time is not known.
func (l *Library) ProductWebhook(ctx context.Context, topic, shop string, body []byte) error {
	return l.ProductWebhookAt(ctx, topic, shop, body, l.now())
}

// ProductWebhookAt applies a verified products/create, products/update or
// products/delete delivery to the shop's documentation: a listed product's
// description (active and published) is indexed under its title; a draft,
// archived or unpublished product's is hidden and a deleted product's
// removed, each leaving a tombstone. at is when the delivery's event
// happened (Shopify's X-Shopify-Triggered-At, else its arrival): it dates a
// deletion, whose body has only the id, and a create or update whose body
// has no date. A bad body is a *shopify.PayloadError; a topic it does not
// take, shopify.ErrUnknownTopic. It is idempotent and newest-wins across
// updates, drafts and deletions: applying a delivery twice changes nothing,
// a version older than the one held is ignored, and nothing brings back a
// deleted product.
func (l *Library) ProductWebhookAt(ctx context.Context, topic, shop string, body []byte, at time.Time) error {
	switch topic {
	case shopify.TopicProductsCreate, shopify.TopicProductsUpdate:
		p, err := shopify.ParseProduct(body)
		if err != nil {
			return err
		}
		if p.UpdatedAt.IsZero() {
			p.UpdatedAt = at.UTC()
		}
		if !p.Listed() {
			_, err = l.HideProduct(ctx, shop, "product/"+p.ID, p.UpdatedAt)
			return err
		}
		_, err = l.PutProduct(ctx, shop, ProductDocument(p.ID, p.Title, p.Handle, p.BodyHTML, p.UpdatedAt))
		return err
	case shopify.TopicProductsDelete:
		id, err := shopify.ParseProductDelete(body)
		if err != nil {
			return err
		}
		_, err = l.DeleteProduct(ctx, shop, "product/"+id, at)
		return err
	}
	return shopify.ErrUnknownTopic
}
