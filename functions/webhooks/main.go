// Command webhooks is the Lambda behind POST /webhooks/shopify.
package main

import (
	"context"
	"os"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

func main() {
	log := lambdahttp.Logger()
	svc, err := run(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	svc.Log = log
	lambdahttp.Start(svc)
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
		return lib.ProductWebhook(ctx, d.Topic, d.Shop, d.Body)
	}
	return &intake.Service{
		Store:   s.Store,
		Secrets: intake.SecretMap(s.Secrets.WebhookSecrets),
		Clock:   s.Clock,
		Privacy: &privacy.Service{Store: s.Store, Clock: s.Clock},
		Topics: map[string]func(context.Context, intake.Delivery) error{
			shopify.TopicProductsCreate: products, shopify.TopicProductsUpdate: products, shopify.TopicProductsDelete: products},
	}, nil
}
