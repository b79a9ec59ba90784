// Command chat is the Lambda behind the storefront chat API (/v1/...).
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
)

func main() {
	log := lambdahttp.Logger()
	svc, err := run(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	svc.Log, svc.Agent.Log = log, log
	lambdahttp.Start(svc.Handler())
}

func run(ctx context.Context) (*chat.Service, error) {
	s, err := awsstack.Load(ctx, awsstack.Options{Admin: true, Required: []string{"SHOP_DOMAIN"}})
	if err != nil {
		return nil, err
	}
	keys, err := secrets.LoadSigningFromConfig(ctx, s.AWS, secrets.ChatTokenKey, secrets.CustomerTokenKey)
	if err != nil {
		return nil, err
	}
	a, err := s.Agent(nil)
	if err != nil {
		return nil, err
	}
	lib := docs.NewLibrary(nil)
	if bucket := os.Getenv("DOCS_BUCKET"); bucket != "" {
		ix, err := docs.S3Source{Client: s3.NewFromConfig(s.AWS), Bucket: bucket, Prefix: "docs/"}.Open(ctx)
		if err != nil {
			return nil, fmt.Errorf("load product documentation from s3://%s/docs/: %w", bucket, err)
		}
		lib = docs.NewLibraryFromIndex(ix)
	}
	lib.Store, lib.MaxAge = s.Store, 5*time.Minute
	a.Docs = lib
	return &chat.Service{Store: s.Store, Agent: a, Secrets: intake.SecretMap(s.Secrets.WebhookSecrets), TokenKeys: keys.Chat, CustomerKeys: keys.Customer,
		Shop: s.Env["SHOP_DOMAIN"], Clock: s.Clock, PerClient: &chat.Limiter{Max: 60, Window: time.Minute, Store: s.Store},
		Metrics: &metrics.Recorder{Store: s.Store, Clock: s.Clock}}, nil
}
