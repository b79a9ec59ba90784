// Command delivery-check is the Lambda an EventBridge schedule runs: one
// delivery check over the shipments due (package watch).
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/ses"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

func main() {
	log := lambdahttp.Logger()
	chk, err := run(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	chk.Log, chk.Notify.Log = log, log
	lambda.Start(func(ctx context.Context, _ events.EventBridgeEvent) (watch.Report, error) {
		// Stop a little before Lambda would: what is left stays due for
		// the next run.
		if dl, ok := ctx.Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, dl.Add(-5*time.Second))
			defer cancel()
		}
		return chk.Run(ctx, chk.Clock.Now())
	})
}

func run(ctx context.Context) (*watch.Checker, error) {
	s, err := awsstack.Load(ctx, awsstack.Options{Admin: true})
	if err != nil {
		return nil, err
	}
	env, err := delivery.LoadEnv()
	if err != nil {
		return nil, err
	}
	keys, err := secrets.LoadSigningFromConfig(ctx, s.AWS, secrets.LinkSigningKey)
	if err != nil {
		return nil, err
	}
	token, ok := s.Secrets.AdminTokens[env.Shop]
	if !ok {
		return nil, fmt.Errorf("the Shopify secret has no admin token for %s (SHOP_DOMAIN)", env.Shop)
	}
	d := delivery.New(delivery.Config{
		Store: s.Store, Clock: s.Clock, Shop: env.Shop, Brand: env.Brand,
		Mail:     ses.New(sesv2.NewFromConfig(s.AWS)),
		Resolver: shopify.NewResolver(shopify.NewAdmin(env.Shop, string(token)), s.Store),
		Policy:   env.Policy, Rules: env.Rules, Keys: keys.Links, BaseURL: env.BaseURL,
	})
	return d.Checker, nil
}
