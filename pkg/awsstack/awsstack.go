// Package awsstack builds doorstep's AWS ports from a Lambda's environment,
// once, at init, from one config.LoadDefaultConfig (so the standard
// AWS_ENDPOINT_URL_<SERVICE> variables point any client at an emulator),
// and composes the same app (package app) the local runner does. Every
// function's main.go picks its handler from it.
package awsstack

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	awssfn "github.com/aws/aws-sdk-go-v2/service/sfn"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/smithy-go/logging"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/easypost"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/s3blob"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/ses"
	"github.com/doorstep-ai/doorstep/pkg/sfn"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/sns"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Options says what a function needs beyond what every function has.
type Options struct {
	// Shopify: the Shopify secret is read (webhook secrets; admin tokens
	// when there are any). Admin: the Admin API tokens are required too.
	Shopify, Admin bool
	// Keys are the signing keys the function uses (secrets.ChatTokenKey,
	// secrets.CustomerTokenKey, secrets.LinkSigningKey), each read from the
	// Secrets Manager secret its variable names. Tracking: the tracking
	// providers' webhook secrets are read too (secrets.TrackingWebhooks).
	Keys     []string
	Tracking bool
	// Required are more environment variables that must be set.
	Required []string
}

// Stack is a Lambda's AWS ports and the app composed on them.
type Stack struct {
	AWS       aws.Config
	Store     *dynamo.Store
	Scheduler *sfn.Scheduler
	App       *app.App
}

// Load reads the environment (TABLE_NAME, SHOP_DOMAIN, BEDROCK_MODEL_ID and
// opts.Required must be set; everything else has a default or turns its
// part off), builds the AWS clients from one config.LoadDefaultConfig, and
// composes the app:
//
//	TABLE_NAME                 the DynamoDB table
//	SHOP_DOMAIN, SHOP_NAME     the shop
//	BEDROCK_MODEL_ID           the model (an inference profile id)
//	SHOPIFY_SECRET_ARN         the Shopify secret (package secrets)
//	SUPPORT_EMAIL              the sender of replies and notices ("": none)
//	OUTREACH_STATE_MACHINE_ARN, ESCALATION_STATE_MACHINE_ARN,
//	PROMISE_STATE_MACHINE_ARN
//	CHAT_TOKEN_SECRET_ARN, CUSTOMER_TOKEN_SECRET_ARN, LINK_SIGNING_SECRET_ARN,
//	TRACKING_SECRET_ARN        the signing keys and tracking webhook secrets
//	                           (opts.Keys, opts.Tracking; package secrets)
//	DOCS_BUCKET                product documentation (docs/ in it)
//	INBOUND_BUCKET, MAX_REPLIES_PER_HOUR   inbound mail
//	PHOTOS_BUCKET, MAX_PHOTO_BYTES          customers' photos (photos/ in it)
//	COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID   the console's sign-in
//	STOREFRONT_ORIGINS         more origins the chat API answers (CORS)
//	PUBLIC_BASE_URL, SHOP_TIMEZONE, DELIVERY_POLICY, ...
//	                           the delivery side (delivery.LoadEnv)
//	STAFF_EMAIL, ESCALATION_SLA, ... (escalation.SettingsFromEnv)
//	RETURN_ADDRESS, RETURN_INSTRUCTIONS, RETURN_LABELS_SECRET_ARN, RETURN_PARCEL, ...
//	                           the tracking page's returns (easypost.FromEnv)
//	OUTREACH_*                 (outreach.SettingsFromEnv)
//	SMS_ENABLED, SMS_SENDER_ID texts through SNS ("true"; the merchant still
//	                           switches them on in the console, and only
//	                           customers who opted in get them)
func Load(ctx context.Context, log *slog.Logger, opts Options) (*Stack, error) {
	env, err := dconfig.Load(append([]string{"TABLE_NAME", "SHOP_DOMAIN", "BEDROCK_MODEL_ID"}, opts.Required...)...)
	if err != nil {
		return nil, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, config.WithLogger(sdkLogger(log)))
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	var sec secrets.Shopify
	if opts.Shopify || opts.Admin {
		if sec, err = secrets.Load(ctx, secretsmanager.NewFromConfig(awsCfg), opts.Admin); err != nil {
			return nil, err
		}
	}
	sm := secretsmanager.NewFromConfig(awsCfg)
	keys, err := secrets.LoadSigning(ctx, sm, opts.Keys...)
	if err != nil {
		return nil, err
	}
	var tracking map[string][]byte
	if opts.Tracking {
		if tracking, err = secrets.LoadTracking(ctx, sm); err != nil {
			return nil, err
		}
	}
	shop := strings.ToLower(env["SHOP_DOMAIN"])
	st := dynamo.New(dynamodb.NewFromConfig(awsCfg), env["TABLE_NAME"])
	sched := sfn.New(awssfn.NewFromConfig(awsCfg), map[workflow.Machine]string{
		workflow.Outreach: os.Getenv("OUTREACH_STATE_MACHINE_ARN"), workflow.Escalation: os.Getenv("ESCALATION_STATE_MACHINE_ARN"),
		workflow.Promise: os.Getenv("PROMISE_STATE_MACHINE_ARN")})
	clk := clock.System{}
	admins := adminClients(sec, log)
	modelID := env["BEDROCK_MODEL_ID"]
	p := app.Ports{Store: st, Clock: clk, Log: log,
		Model:     bedrock.New(bedrockruntime.NewFromConfig(awsCfg), modelID),
		Price:     func(u agent.Usage) float64 { c, _ := bedrock.Cost(modelID, u); return c },
		Commerce:  admins,
		Mailer:    ses.New(sesv2.NewFromConfig(awsCfg)),
		Scheduler: sched,
		Secrets:   intake.SecretMap(sec.WebhookSecrets),
	}
	if a, ok := admins[shop]; ok {
		p.Resolver = shopify.NewResolver(a, st)
		p.Discounts = a
	}
	if on, _ := strconv.ParseBool(os.Getenv("SMS_ENABLED")); on {
		p.SMS = sns.New(awssns.NewFromConfig(awsCfg), sns.WithSenderID(os.Getenv("SMS_SENDER_ID")))
	}
	// Return labels: EasyPost when its key and the returns address are set.
	epKey, err := secrets.LoadReturnLabels(ctx, sm)
	if err != nil {
		return nil, err
	}
	if labels, err := easypost.FromEnv(epKey); err != nil {
		return nil, err
	} else if labels != nil {
		p.Labels = labels
	}
	if bucket := os.Getenv("PHOTOS_BUCKET"); bucket != "" {
		p.Blobs = s3blob.New(s3.NewFromConfig(awsCfg), bucket)
	}
	// customers/redact erases the customer's raw inbound mail.
	if bucket := os.Getenv("INBOUND_BUCKET"); bucket != "" {
		p.RawMail, p.RawMailPrefix = s3blob.New(s3.NewFromConfig(awsCfg), bucket), dconfig.Default("INBOUND_PREFIX", "inbound/")
	}
	p.Docs = docs.NewLibrary(nil)
	if bucket := os.Getenv("DOCS_BUCKET"); bucket != "" {
		ix, err := docs.S3Source{Client: s3.NewFromConfig(awsCfg), Bucket: bucket, Prefix: "docs/"}.Open(ctx)
		if err != nil {
			return nil, fmt.Errorf("load product documentation from s3://%s/docs/: %w", bucket, err)
		}
		p.Docs = docs.NewLibraryFromIndex(ix)
	}
	p.Docs.MaxAge = 5 * time.Minute // products another function wrote
	if pool := os.Getenv("COGNITO_USER_POOL_ID"); pool != "" {
		p.ConsoleAuth = console.CognitoAuth{Region: awsCfg.Region, UserPoolID: pool, ClientID: os.Getenv("COGNITO_CLIENT_ID")}
	}
	loc, err := shopLocation(ctx, admins[shop])
	if err != nil {
		return nil, err
	}
	cfg, err := settings(shop, keys, tracking, loc)
	if err != nil {
		return nil, err
	}
	a, err := app.New(p, cfg)
	if err != nil {
		return nil, err
	}
	return &Stack{AWS: awsCfg, Store: st, Scheduler: sched, App: a}, nil
}

// sdkLogger passes the AWS SDK's own log lines (its default logger writes
// plain text to stderr, such as S3's "Response has no supported checksum"
// at DEBUG) to the function's slog logger, so every line a function writes
// is JSON and LOG_LEVEL decides which show.
func sdkLogger(log *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		level := slog.LevelDebug
		if c == logging.Warn {
			level = slog.LevelWarn
		}
		ctx := context.Background()
		if log.Enabled(ctx, level) {
			log.Log(ctx, level, fmt.Sprintf(format, v...), "from", "aws-sdk")
		}
	})
}

// adminClients are the Admin API clients of the shops in sec: a fixed
// token's, or a Dev Dashboard app's, whose client id and secret (the
// shop's webhook secret) are exchanged for tokens as they are needed and
// kept for the life of the Lambda's environment.
func adminClients(sec secrets.Shopify, log *slog.Logger) shopify.Admins {
	admins := shopify.Admins{}
	for s, token := range sec.AdminTokens {
		admins[s] = shopify.NewAdmin(s, string(token))
	}
	for s, id := range sec.AdminClientIDs {
		tokens := shopify.NewClientCredentials(s, string(id), string(sec.WebhookSecrets[s]), shopify.WithTokenLog(log))
		admins[s] = shopify.NewAdminWith(s, tokens)
	}
	return admins
}

// settings are the deployment's settings from the environment.
func settings(shop string, keys secrets.Signing, tracking map[string][]byte, loc *time.Location) (app.Config, error) {
	pol := policy.Default()
	pol.ShopName = dconfig.Default("SHOP_NAME", pol.ShopName)
	cfg := app.Config{Shop: shop, Policy: pol, ChatKeys: keys.Chat, CustomerKeys: keys.Customer, LinkKeys: keys.Links, ChatPerClient: 60}
	for _, o := range strings.Split(os.Getenv("STOREFRONT_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.StorefrontOrigins = append(cfg.StorefrontOrigins, o)
		}
	}
	if v := os.Getenv("MAX_PHOTO_BYTES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return cfg, fmt.Errorf("MAX_PHOTO_BYTES: %q is not a positive number of bytes", v)
		}
		cfg.MaxPhoto = n
	}
	if s := strings.TrimSpace(os.Getenv("SUPPORT_EMAIL")); s != "" {
		from, err := mail.ParseAddress(s)
		if err != nil {
			return cfg, fmt.Errorf("SUPPORT_EMAIL: %w", err)
		}
		from.Name = pol.ShopName
		cfg.Support = *from
	}
	n, err := strconv.Atoi(dconfig.Default("MAX_REPLIES_PER_HOUR", "5"))
	if err != nil || n < 1 {
		return cfg, fmt.Errorf("MAX_REPLIES_PER_HOUR: want a positive number")
	}
	cfg.MaxRepliesPerHour = n
	if cfg.Escalation, err = escalation.SettingsFromEnv(); err != nil {
		return cfg, err
	}
	cfg.Escalation.Location = loc
	if cfg.Outreach, err = outreach.SettingsFromEnv(); err != nil {
		return cfg, err
	}
	// Every function gets the merchant's delivery policy, branding and
	// link base the same way, whether or not it signs links: the chat, the
	// email replies and the promises act on the policy too.
	d, err := delivery.LoadEnv()
	if err != nil {
		return cfg, err
	}
	if tracking == nil {
		tracking = d.TrackingSecrets
	}
	cfg.Delivery = app.Delivery{Brand: d.Brand, Rules: edd.DefaultRules(loc), Policy: d.Policy, BaseURL: d.BaseURL,
		TrackingSecrets: tracking, RequireSignature: true}
	cfg.CSATBaseURL = d.BaseURL
	ret, ok, err := easypost.ReturnAddressFromEnv()
	if err != nil {
		return cfg, err
	}
	if ok {
		cfg.Delivery.ReturnAddress = ret.Lines()
	}
	cfg.Delivery.ReturnInstructions = os.Getenv("RETURN_INSTRUCTIONS")
	return cfg, nil
}

// shopLocation is the shop's time zone: SHOP_TIMEZONE when set (the
// template's ShopTimezone parameter), else the zone in the shop's Shopify
// settings (Shop.ianaTimezone) when an Admin API token is set up, else UTC.
func shopLocation(ctx context.Context, admin *shopify.Admin) (*time.Location, error) {
	if name := strings.TrimSpace(os.Getenv("SHOP_TIMEZONE")); name != "" {
		loc, err := time.LoadLocation(name)
		if err != nil {
			return nil, fmt.Errorf("SHOP_TIMEZONE: %w", err)
		}
		return loc, nil
	}
	if admin == nil {
		return time.UTC, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	loc, err := admin.ShopTimezone(ctx)
	if err != nil {
		return nil, fmt.Errorf("shop time zone (set SHOP_TIMEZONE to skip asking Shopify): %w", err)
	}
	return loc, nil
}
