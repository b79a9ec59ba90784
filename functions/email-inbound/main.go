// Command email-inbound is the Lambda behind the SES receipt rule: SES
// stores a customer's mail in S3, then invokes this function, which reads
// it and answers it through the agent with a threaded reply.
package main

import (
	"context"
	"fmt"
	"net/mail"
	"os"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/s3blob"
	"github.com/doorstep-ai/doorstep/pkg/ses"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

func main() {
	log := lambdahttp.Logger()
	h, err := run(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	h.Log, h.Service.Log, h.Service.Agent.Log = log, log, log
	lambda.Start(h.Handle)
}

func run(ctx context.Context) (*mailin.SESHandler, error) {
	env, err := dconfig.Load("TABLE_NAME", "INBOUND_BUCKET", "SUPPORT_EMAIL", "SHOP_DOMAIN", "BEDROCK_MODEL_ID", "SHOPIFY_ADMIN_TOKENS")
	if err != nil {
		return nil, err
	}
	tokens, err := dconfig.ParseSecrets("SHOPIFY_ADMIN_TOKENS", env["SHOPIFY_ADMIN_TOKENS"])
	if err != nil {
		return nil, err
	}
	maxReplies, err := strconv.Atoi(dconfig.Default("MAX_REPLIES_PER_HOUR", "5"))
	if err != nil || maxReplies < 1 {
		return nil, fmt.Errorf("MAX_REPLIES_PER_HOUR: want a positive number")
	}
	from, err := mail.ParseAddress(env["SUPPORT_EMAIL"])
	if err != nil {
		return nil, fmt.Errorf("SUPPORT_EMAIL: %w", err)
	}
	pol := policy.Default()
	pol.ShopName = dconfig.Default("SHOP_NAME", pol.ShopName)
	from.Name = pol.ShopName

	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	st := dynamo.New(dynamodb.NewFromConfig(awsCfg), env["TABLE_NAME"])
	bucket := s3blob.New(s3.NewFromConfig(awsCfg), env["INBOUND_BUCKET"])
	admins := shopify.Admins{}
	for shop, token := range tokens {
		admins[shop] = shopify.NewAdmin(shop, string(token))
	}
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
	svc := &mailin.Service{
		Store:             st,
		Agent:             a,
		Sender:            ses.New(sesv2.NewFromConfig(awsCfg)),
		Blobs:             bucket,
		AttachmentPrefix:  dconfig.Default("ATTACHMENT_PREFIX", "attachments/"),
		From:              *from,
		Shop:              env["SHOP_DOMAIN"],
		Clock:             clk,
		MaxRepliesPerHour: maxReplies,
	}
	return &mailin.SESHandler{Service: svc, Raw: bucket, Prefix: dconfig.Default("INBOUND_PREFIX", "inbound/"), NotFound: s3blob.ErrNotFound}, nil
}
