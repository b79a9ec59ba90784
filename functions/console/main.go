// Command console is the Lambda behind the merchant console (/console/...)
// and the CSAT links in email replies (/csat). API Gateway's JWT authorizer
// (Cognito) guards /console/api/; the handler requires its claims too.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awssfn "github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/consoleclaims"
	"github.com/doorstep-ai/doorstep/pkg/csat"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/sfn"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

func main() {
	log := lambdahttp.Logger()
	h, err := run(context.Background(), log)
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	lambdahttp.Start(h)
}

func run(ctx context.Context, log *slog.Logger) (http.Handler, error) {
	env, err := dconfig.Load("TABLE_NAME", "SHOP_DOMAIN", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "AWS_REGION")
	if err != nil {
		return nil, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	keys, err := secrets.LoadSigningFromConfig(ctx, awsCfg, secrets.LinkSigningKey)
	if err != nil {
		return nil, err
	}
	st := dynamo.New(dynamodb.NewFromConfig(awsCfg), env["TABLE_NAME"])
	clk := clock.System{}
	pol := policy.Default()
	pol.ShopName = dconfig.Default("SHOP_NAME", pol.ShopName)
	sets := &settings.Service{Store: st, Clock: clk, Defaults: func(string) settings.Settings { return settings.Default(pol) }}
	rec := &metrics.Recorder{Store: st, Clock: clk}
	c := &console.Console{Store: st, Shop: env["SHOP_DOMAIN"], Settings: sets, Metrics: rec, Clock: clk, Log: log,
		Auth: console.CognitoAuth{Region: env["AWS_REGION"], UserPoolID: env["COGNITO_USER_POOL_ID"], ClientID: env["COGNITO_CLIENT_ID"]}}
	c.Claims = consoleclaims.Book{Book: &parcelaudit.Book{Store: st, Clock: clk}}
	// Decisions, take-overs and hand-backs resume the escalation workflow.
	if arn := os.Getenv("ESCALATION_STATE_MACHINE_ARN"); arn != "" {
		escSettings, err := escalation.SettingsFromEnv()
		if err != nil {
			return nil, err
		}
		sched := sfn.New(awssfn.NewFromConfig(awsCfg), map[workflow.Machine]string{workflow.Escalation: arn})
		c.Handoffs = console.Escalations{S: &escalation.Service{Store: st, Scheduler: sched, Messenger: &escalation.Messenger{Store: st, Clock: clk},
			Clock: clk, Log: log, Settings: escSettings}}
	}
	mux := http.NewServeMux()
	mux.Handle("/console/", c.Handler())
	mux.Handle(csat.Path, &csat.Handler{Store: st, Keys: keys.Links, Clock: clk, Metrics: rec, Log: log, ShopName: pol.ShopName})
	return mux, nil
}
