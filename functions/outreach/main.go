// Command outreach is the Lambda behind the outreach queue: it runs the
// post-delivery outreach state machine's tasks (check-in, suggestion,
// resolution, review request) and reports each to Step Functions.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	awssfn "github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/ses"
	"github.com/doorstep-ai/doorstep/pkg/sfn"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

func main() {
	log := lambdahttp.Logger()
	w, err := run(context.Background(), log)
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	lambda.Start(w.HandleSQS)
}

func run(ctx context.Context, log *slog.Logger) (*workflow.Worker, error) {
	env, err := dconfig.Load("TABLE_NAME", "OUTREACH_STATE_MACHINE_ARN", "ESCALATION_STATE_MACHINE_ARN")
	if err != nil {
		return nil, err
	}
	settings, err := outreach.SettingsFromEnv()
	if err != nil {
		return nil, err
	}
	escSettings, err := escalation.SettingsFromEnv()
	if err != nil {
		return nil, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	st := dynamo.New(dynamodb.NewFromConfig(awsCfg), env["TABLE_NAME"])
	sched := sfn.New(awssfn.NewFromConfig(awsCfg), map[workflow.Machine]string{
		workflow.Outreach: env["OUTREACH_STATE_MACHINE_ARN"], workflow.Escalation: env["ESCALATION_STATE_MACHINE_ARN"]})
	clk := clock.System{}
	msgr := &escalation.Messenger{Store: st, Clock: clk}
	if from := dconfig.Default("SUPPORT_EMAIL", ""); from != "" {
		msgr.Mail, msgr.From = ses.New(sesv2.NewFromConfig(awsCfg)), mail.Address{Name: settings.ShopName, Address: from}
	}
	esc := &escalation.Service{Store: st, Scheduler: sched, Messenger: msgr, Clock: clk, Log: log, Settings: escSettings}
	svc := &outreach.Service{Store: st, Scheduler: sched, Messenger: msgr, Escalations: esc, Clock: clk, Log: log, Settings: settings,
		Metrics: &metrics.Recorder{Store: st, Clock: clk}}
	return &workflow.Worker{Steps: svc.Steps(), Tasks: sched, Log: log}, nil
}
