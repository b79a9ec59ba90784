// Command webhooks is the Lambda behind POST /webhooks/shopify.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
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
	table, err := dconfig.Required("TABLE_NAME")
	if err != nil {
		return nil, err
	}
	raw, err := dconfig.Required("SHOPIFY_WEBHOOK_SECRETS")
	if err != nil {
		return nil, err
	}
	secrets, err := dconfig.ParseSecrets("SHOPIFY_WEBHOOK_SECRETS", raw)
	if err != nil {
		return nil, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	st := dynamo.New(dynamodb.NewFromConfig(awsCfg), table)
	// Product descriptions go to the table; the chat function reads them.
	lib := docs.NewLibrary(nil)
	lib.Store = st
	products := func(ctx context.Context, d intake.Delivery) error {
		return lib.ProductWebhook(ctx, d.Topic, d.Shop, d.Body)
	}
	return &intake.Service{
		Store:   st,
		Secrets: intake.SecretMap(secrets),
		Clock:   clock.System{},
		Privacy: &privacy.Service{Store: st, Clock: clock.System{}},
		Topics: map[string]func(context.Context, intake.Delivery) error{
			shopify.TopicProductsCreate: products, shopify.TopicProductsUpdate: products, shopify.TopicProductsDelete: products},
	}, nil
}
