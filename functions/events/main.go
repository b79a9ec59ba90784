// Command events is the Lambda the table's DynamoDB Stream invokes with new outbox
// items: each event goes to the reactions capabilities registered for it
// (outreach starts, escalations open, notifications go, metrics count).
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
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Keys: []string{secrets.LinkSigningKey}, Required: []string{"OUTREACH_STATE_MACHINE_ARN", "ESCALATION_STATE_MACHINE_ARN"}})
	if err != nil {
		return err
	}
	lambda.Start(s.Events())
	return nil
}
