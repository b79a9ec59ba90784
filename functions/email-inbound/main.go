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
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/s3blob"
	"github.com/doorstep-ai/doorstep/pkg/ses"
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
	s, err := awsstack.Load(ctx, awsstack.Options{Admin: true, Required: []string{"INBOUND_BUCKET", "SUPPORT_EMAIL", "SHOP_DOMAIN"}})
	if err != nil {
		return nil, err
	}
	maxReplies, err := strconv.Atoi(dconfig.Default("MAX_REPLIES_PER_HOUR", "5"))
	if err != nil || maxReplies < 1 {
		return nil, fmt.Errorf("MAX_REPLIES_PER_HOUR: want a positive number")
	}
	from, err := mail.ParseAddress(s.Env["SUPPORT_EMAIL"])
	if err != nil {
		return nil, fmt.Errorf("SUPPORT_EMAIL: %w", err)
	}
	from.Name = dconfig.Default("SHOP_NAME", "Support")
	a, err := s.Agent(nil)
	if err != nil {
		return nil, err
	}
	bucket := s3blob.New(s3.NewFromConfig(s.AWS), s.Env["INBOUND_BUCKET"])
	svc := &mailin.Service{
		Store:             s.Store,
		Agent:             a,
		Sender:            ses.New(sesv2.NewFromConfig(s.AWS)),
		Blobs:             bucket,
		AttachmentPrefix:  dconfig.Default("ATTACHMENT_PREFIX", "attachments/"),
		From:              *from,
		Shop:              s.Env["SHOP_DOMAIN"],
		Clock:             s.Clock,
		MaxRepliesPerHour: maxReplies,
		Metrics:           &metrics.Recorder{Store: s.Store, Clock: s.Clock},
	}
	return &mailin.SESHandler{Service: svc, Raw: bucket, Prefix: dconfig.Default("INBOUND_PREFIX", "inbound/"), NotFound: s3blob.ErrNotFound}, nil
}
