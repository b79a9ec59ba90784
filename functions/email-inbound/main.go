// Command email-inbound is the Lambda behind the SES receipt rule: SES stores a customer's
// mail in S3, then invokes this function, which answers it through the agent
// with a threaded reply.
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
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Admin: true, Keys: []string{secrets.LinkSigningKey}, Required: []string{"INBOUND_BUCKET", "SUPPORT_EMAIL"}})
	if err != nil {
		return err
	}
	h, err := s.Mail()
	if err != nil {
		return err
	}
	lambda.Start(h)
	return nil
}
