// Command trackpage is the Lambda behind the customer's tracking page (GET and POST
// /track), its self-service returns (POST /track/return) and the unsubscribe link
// (GET and POST /unsubscribe).
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
)

func main() {
	if err := run(); err != nil {
		slog.Error("start", "err", err)
		os.Exit(1)
	}
}

func run() error {
	log := lambdahttp.Logger()
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Shopify: true, Admin: true, Keys: []string{secrets.LinkSigningKey}})
	if err != nil {
		return err
	}
	lambdahttp.Start(s.App.TrackPageHandler())
	return nil
}
