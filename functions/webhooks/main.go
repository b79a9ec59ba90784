// Command webhooks is the Lambda behind POST /webhooks/shopify.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/ses"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

func main() {
	log := lambdahttp.Logger()
	svc, err := run(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	svc.Log = log
	// Links in shipping mail point at this API: its address comes from the requests.
	lambdahttp.Start(notify.RequestBase(svc))
}

func run(ctx context.Context) (*intake.Service, error) {
	s, err := awsstack.Load(ctx, awsstack.Options{})
	if err != nil {
		return nil, err
	}
	// Product descriptions go to the table; the chat function reads them.
	lib := docs.NewLibrary(nil)
	lib.Store = s.Store
	products := func(ctx context.Context, d intake.Delivery) error {
		return lib.ProductWebhookAt(ctx, d.Topic, d.Shop, d.Body, d.At())
	}
	// Shipping notifications, tracking history and carrier claims follow
	// what the webhooks say.
	env, err := delivery.LoadEnv()
	if err != nil {
		return nil, err
	}
	keys, err := secrets.LoadSigningFromConfig(ctx, s.AWS, secrets.LinkSigningKey)
	if err != nil {
		return nil, err
	}
	d := delivery.New(delivery.Config{Store: s.Store, Clock: s.Clock, Shop: env.Shop, Brand: env.Brand,
		Mail: ses.New(sesv2.NewFromConfig(s.AWS)), Policy: env.Policy, Rules: env.Rules, Keys: keys.Links, BaseURL: env.BaseURL})
	rec := &metrics.Recorder{Store: s.Store, Clock: s.Clock}
	applied := func(ctx context.Context, topic string, c store.Change) {
		d.IntakeApplied(ctx, topic, c)
		// A new order that uses a suggestion's code or product counts as its revenue.
		if topic == shopify.TopicOrdersCreate && c.Order != nil {
			if _, err := rec.AttributeOrder(ctx, *c.Order); err != nil {
				slog.WarnContext(ctx, "attribute order", "err", err)
			}
		}
	}
	return &intake.Service{
		Applied: applied,
		Store:   s.Store,
		Secrets: intake.SecretMap(s.Secrets.WebhookSecrets),
		Clock:   s.Clock,
		Privacy: &privacy.Service{Store: s.Store, Clock: s.Clock, Erasers: privacy.FeatureErasers(s.Store)},
		Topics: map[string]func(context.Context, intake.Delivery) error{
			shopify.TopicProductsCreate: products, shopify.TopicProductsUpdate: products, shopify.TopicProductsDelete: products},
	}, nil
}
