// Command chat is the Lambda behind the storefront chat API (/v1/...) and the widget script (GET /widget.js).
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
	s, err := awsstack.Load(context.Background(), log, awsstack.Options{Shopify: true, Admin: true, Keys: []string{secrets.ChatTokenKey, secrets.CustomerTokenKey}})
	if err != nil {
		return err
	}
	lambdahttp.Start(s.App.ChatHandler())
	return nil
}
