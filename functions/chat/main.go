// Command chat is the Lambda behind the storefront chat API (/v1/...).
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
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
	env, err := dconfig.Load("TABLE_NAME", "SHOP_DOMAIN", "SHOPIFY_WEBHOOK_SECRETS", "SHOPIFY_ADMIN_TOKENS", "CHAT_TOKEN_KEY", "BEDROCK_MODEL_ID")
	if err != nil {
		return nil, err
	}
	secrets, err := dconfig.ParseSecrets("SHOPIFY_WEBHOOK_SECRETS", env["SHOPIFY_WEBHOOK_SECRETS"])
	if err != nil {
		return nil, err
	}
	tokens, err := dconfig.ParseSecrets("SHOPIFY_ADMIN_TOKENS", env["SHOPIFY_ADMIN_TOKENS"])
	if err != nil {
		return nil, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	st := dynamo.New(dynamodb.NewFromConfig(awsCfg), env["TABLE_NAME"])
	admins := shopify.Admins{}
	for shop, token := range tokens {
		admins[shop] = shopify.NewAdmin(shop, string(token))
	}
	pol := policy.Default()
	pol.ShopName = dconfig.Default("SHOP_NAME", pol.ShopName)
	modelID := env["BEDROCK_MODEL_ID"]
	clk := clock.System{}
	a := &agent.Agent{
		Store:    st,
		Model:    bedrock.New(bedrockruntime.NewFromConfig(awsCfg), modelID),
		Commerce: admins,
		Policies: agent.StaticPolicy(pol),
		Clock:    clk,
		Price:    func(u agent.Usage) float64 { c, _ := bedrock.Cost(modelID, u); return c },
	}
	lib := docs.NewLibrary(nil)
	if bucket := os.Getenv("DOCS_BUCKET"); bucket != "" {
		ix, err := docs.S3Source{Client: s3.NewFromConfig(awsCfg), Bucket: bucket, Prefix: "docs/"}.Open(ctx)
		if err != nil {
			return nil, fmt.Errorf("load product documentation from s3://%s/docs/: %w", bucket, err)
		}
		lib = docs.NewLibraryFromIndex(ix)
	}
	lib.Store, lib.MaxAge = st, 5*time.Minute
	a.Docs = lib
	return &chat.Service{Store: st, Agent: a, Secrets: intake.SecretMap(secrets), TokenKey: []byte(env["CHAT_TOKEN_KEY"]),
		Shop: env["SHOP_DOMAIN"], Clock: clk, PerClient: &chat.Limiter{Max: 60, Window: time.Minute}}, nil
}
