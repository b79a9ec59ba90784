// Command tracking-webhooks is the Lambda behind POST
// /webhooks/tracking/{provider}: EasyPost and AfterShip tracking webhooks
// into the shipments' tracking, and the shipping notifications they call
// for.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/ses"
)

func main() {
	log := lambdahttp.Logger()
	cfg, err := run(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	cfg.Log = log
	mux := http.NewServeMux()
	// Links in mail point at this API: its address comes from the requests.
	mux.Handle("POST /webhooks/tracking/{provider}", notify.RequestBase(delivery.New(cfg).Tracking))
	lambdahttp.Start(mux)
}

func run(ctx context.Context) (delivery.Config, error) {
	table, err := dconfig.Required("TABLE_NAME")
	if err != nil {
		return delivery.Config{}, err
	}
	env, err := delivery.LoadEnv()
	if err != nil {
		return delivery.Config{}, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return delivery.Config{}, fmt.Errorf("load aws config: %w", err)
	}
	keys, err := secrets.LoadSigningFromConfig(ctx, awsCfg, secrets.LinkSigningKey)
	if err != nil {
		return delivery.Config{}, err
	}
	if env.TrackingSecrets, err = secrets.LoadTrackingFromConfig(ctx, awsCfg); err != nil {
		return delivery.Config{}, err
	}
	return delivery.Config{
		Store: dynamo.New(dynamodb.NewFromConfig(awsCfg), table), Clock: clock.System{},
		Shop: env.Shop, Brand: env.Brand, Mail: ses.New(sesv2.NewFromConfig(awsCfg)),
		Policy: env.Policy, Rules: env.Rules, Keys: keys.Links, BaseURL: env.BaseURL,
		TrackingSecrets: env.TrackingSecrets, RequireSignature: true,
	}, nil
}
