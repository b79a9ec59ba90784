// Command promise is the Lambda behind the promise queue: it runs the promise
// state machine's task (keep a follow-up promise at its time: check the
// tracking, act once, tell the customer) and reports it to Step Functions.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

func main() {
	if err := run(); err != nil {
		slog.Error("start", "err", err)
		os.Exit(1)
	}
}

func run() error {
	log := lambdahttp.Logger()
	// Admin: replacements and refunds go through the Shopify Admin API.
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Shopify: true, Admin: true,
		Required: []string{"PROMISE_STATE_MACHINE_ARN", "ESCALATION_STATE_MACHINE_ARN"}})
	if err != nil {
		return err
	}
	w, err := s.App.Worker(workflow.Promise, s.Scheduler)
	if err != nil {
		return err
	}
	lambda.Start(w.HandleSQS)
	return nil
}
