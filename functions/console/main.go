// Command console is the Lambda behind the merchant console (/console/...) and the
// CSAT links in email replies (/csat). API Gateway's JWT authorizer (Cognito)
// guards /console/api/; the handler requires its claims too.
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
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Required: []string{"COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID"}, Keys: []string{secrets.LinkSigningKey}})
	if err != nil {
		return err
	}
	lambdahttp.Start(s.App.ConsoleHandler())
	return nil
}
