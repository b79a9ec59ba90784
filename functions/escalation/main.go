// Command escalation is the Lambda behind the escalation queue: it runs the
// escalation state machine's tasks (handoffs, SLA breaches, approvals) and
// reports each to Step Functions.
package main

import (
	"context"
	"log/slog"
	"net/mail"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	awssfn "github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/ses"
	"github.com/doorstep-ai/doorstep/pkg/sfn"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
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
	s, err := awsstack.Load(ctx, awsstack.Options{Admin: true, Required: []string{"OUTREACH_STATE_MACHINE_ARN", "ESCALATION_STATE_MACHINE_ARN"}})
	if err != nil {
		return nil, err
	}
	settings, err := escalation.SettingsFromEnv()
	if err != nil {
		return nil, err
	}
	admins := shopify.Admins{}
	for shop, token := range s.Secrets.AdminTokens {
		admins[shop] = shopify.NewAdmin(shop, string(token))
	}
	sched := sfn.New(awssfn.NewFromConfig(s.AWS), map[workflow.Machine]string{
		workflow.Outreach: s.Env["OUTREACH_STATE_MACHINE_ARN"], workflow.Escalation: s.Env["ESCALATION_STATE_MACHINE_ARN"]})
	msgr := &escalation.Messenger{Store: s.Store, Clock: s.Clock}
	if from := dconfig.Default("SUPPORT_EMAIL", ""); from != "" {
		msgr.Mail, msgr.From = ses.New(sesv2.NewFromConfig(s.AWS)), mail.Address{Name: settings.ShopName, Address: from}
	}
	svc := &escalation.Service{Store: s.Store, Scheduler: sched, Messenger: msgr, Clock: s.Clock, Log: log, Settings: settings,
		Executor: &escalation.CommerceExecutor{Commerce: admins, Store: s.Store}}
	return &workflow.Worker{Steps: svc.Steps(), Tasks: sched, Log: log}, nil
}
