// Command tracking-webhooks is the Lambda behind POST /webhooks/tracking/{provider}: EasyPost
// and AfterShip tracking webhooks into the shipments' tracking, and the
// shipping notifications they call for (links from the request's address).
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/notify"
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
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Keys: []string{secrets.LinkSigningKey}, Tracking: true})
	if err != nil {
		return err
	}
	lambdahttp.Start(notify.RequestBase(s.App.TrackingHandler()))
	return nil
}
