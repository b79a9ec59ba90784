// Package awsstack builds doorstep's adapters for AWS from a Lambda's
// environment, once, at init: the AWS config, the DynamoDB store, the
// Shopify secrets (Secrets Manager), and the agent on Bedrock with the
// Shopify Admin API. The functions' main.go files wire with it.
package awsstack

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// Stack is what every function shares.
type Stack struct {
	AWS     aws.Config
	Env     map[string]string // the required variables, read
	Store   *dynamo.Store
	Secrets secrets.Shopify
	Clock   clock.Clock
}

// Options says what a function needs beyond the table.
type Options struct {
	// Admin: the Shopify Admin API tokens are required.
	Admin bool
	// Required are more environment variables that must be set.
	Required []string
}

// Load reads the environment (TABLE_NAME and opts.Required must be set),
// the AWS config, and the Shopify secrets.
func Load(ctx context.Context, opts Options) (*Stack, error) {
	env, err := dconfig.Load(append([]string{"TABLE_NAME"}, opts.Required...)...)
	if err != nil {
		return nil, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	sec, err := secrets.Load(ctx, secretsmanager.NewFromConfig(awsCfg), opts.Admin)
	if err != nil {
		return nil, err
	}
	return &Stack{AWS: awsCfg, Env: env, Store: dynamo.New(dynamodb.NewFromConfig(awsCfg), env["TABLE_NAME"]), Secrets: sec, Clock: clock.System{}}, nil
}

// ShopLocation is the shop's time zone: SHOP_TIMEZONE when set (the
// template's ShopTimezone parameter), else the zone in the shop's Shopify
// settings (Shop.ianaTimezone, when an Admin API token is set up), else
// UTC.
func (s *Stack) ShopLocation(ctx context.Context) (*time.Location, error) {
	if name := dconfig.Default("SHOP_TIMEZONE", ""); name != "" {
		loc, err := time.LoadLocation(name)
		if err != nil {
			return nil, fmt.Errorf("SHOP_TIMEZONE: %w", err)
		}
		return loc, nil
	}
	shop := dconfig.Default("SHOP_DOMAIN", "")
	if token, ok := s.Secrets.AdminTokens[shop]; ok && shop != "" {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		loc, err := shopify.NewAdmin(shop, string(token)).ShopTimezone(ctx)
		if err != nil {
			return nil, fmt.Errorf("shop time zone (set SHOP_TIMEZONE to skip asking Shopify): %w", err)
		}
		return loc, nil
	}
	return time.UTC, nil
}

// Settings are the shops' settings as the console saves them, which the
// agent reads as its policy (a short cache, so changes apply without a
// deploy); a shop that saved none gets the defaults with SHOP_NAME.
func (s *Stack) Settings() *settings.Service {
	pol := policy.Default()
	pol.ShopName = dconfig.Default("SHOP_NAME", pol.ShopName)
	return &settings.Service{Store: s.Store, Clock: s.Clock, Defaults: func(string) settings.Settings { return settings.Default(pol) }}
}

// Agent is the support agent: Bedrock (BEDROCK_MODEL_ID, required), the
// Shopify Admin API for writes, and policies (nil: the console's settings).
func (s *Stack) Agent(policies agent.Policies) (*agent.Agent, error) {
	modelID, err := dconfig.Required("BEDROCK_MODEL_ID")
	if err != nil {
		return nil, err
	}
	admins := shopify.Admins{}
	for shop, token := range s.Secrets.AdminTokens {
		admins[shop] = shopify.NewAdmin(shop, string(token))
	}
	if policies == nil {
		policies = s.Settings()
	}
	loc, err := s.ShopLocation(context.Background())
	if err != nil {
		return nil, err
	}
	rules := edd.DefaultRules(loc)
	return &agent.Agent{
		Rules:    &rules,
		Store:    s.Store,
		Model:    bedrock.New(bedrockruntime.NewFromConfig(s.AWS), modelID),
		Commerce: admins,
		Policies: policies,
		Clock:    s.Clock,
		Price:    func(u agent.Usage) float64 { c, _ := bedrock.Cost(modelID, u); return c },
	}, nil
}
