// Command sms-inbound is the Lambda behind the inbound SMS topic: AWS End User
// Messaging SMS publishes each text a customer sends to the shop's number
// there; STOP opts the number out, START or YES opts it in (package sms).
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
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Keys: []string{secrets.LinkSigningKey}, Required: []string{"SMS_ENABLED"}})
	if err != nil {
		return err
	}
	h, err := s.SMSInbound()
	if err != nil {
		return err
	}
	lambda.Start(h)
	return nil
}
