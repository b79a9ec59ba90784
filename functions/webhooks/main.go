// Command webhooks is the Lambda behind POST /webhooks/shopify: each delivery stored
// with its event, which the events function relays to the reactions.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
)

func main() {
	if err := run(); err != nil {
		slog.Error("start", "err", err)
		os.Exit(1)
	}
}

func run() error {
	log := lambdahttp.Logger()
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Shopify: true})
	if err != nil {
		return err
	}
	lambdahttp.Start(s.App.WebhooksHandler())
	return nil
}
