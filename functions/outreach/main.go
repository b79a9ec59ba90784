// Command outreach is the Lambda behind the outreach queue: it runs the outreach state
// machine's tasks and reports each to Step Functions.
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
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Admin: true, Required: []string{"OUTREACH_STATE_MACHINE_ARN", "ESCALATION_STATE_MACHINE_ARN"}})
	if err != nil {
		return err
	}
	w, err := s.App.Worker(workflow.Outreach, s.Scheduler)
	if err != nil {
		return err
	}
	lambda.Start(w.HandleSQS)
	return nil
}
