// Command delivery-check is the Lambda an EventBridge schedule runs: one delivery check
// over the shipments due (package watch).
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

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
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Admin: true, Keys: []string{secrets.LinkSigningKey}})
	if err != nil {
		return err
	}
	lambda.Start(s.DeliveryCheck())
	return nil
}
