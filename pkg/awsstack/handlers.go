package awsstack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/s3blob"
	"github.com/doorstep-ai/doorstep/pkg/sms"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Events is the events function's handler: the table stream's outbox items
// to the reactions (StreamRelay), and an operator's replay of what the
// stream gave up on (EventsHandler).
func (s *Stack) Events() func(context.Context, json.RawMessage) (any, error) {
	return EventsHandler{Stream: StreamRelay{Bus: s.App.Events, Outbox: s.Store},
		Replay: &event.Relay{Bus: s.App.Events, Outbox: s.Store}, Now: s.App.Clock.Now}.Handle
}

// Mail is the email-inbound function's handler: SES stores a message in
// INBOUND_BUCKET under INBOUND_PREFIX, then invokes it.
func (s *Stack) Mail() (func(context.Context, events.SimpleEmailEvent) error, error) {
	bucket := os.Getenv("INBOUND_BUCKET")
	if bucket == "" {
		return nil, fmt.Errorf("environment variable INBOUND_BUCKET is not set")
	}
	h := &mailin.SESHandler{Service: s.App.Mail, Raw: s3blob.New(s3.NewFromConfig(s.AWS), bucket),
		Prefix: dconfig.Default("INBOUND_PREFIX", "inbound/"), NotFound: s3blob.ErrNotFound, Log: s.App.Log}
	return h.Handle, nil
}

// DeliveryCheck is the scheduled delivery check's handler. It stops a
// little before Lambda would: what is left stays due for the next run.
func (s *Stack) DeliveryCheck() func(context.Context, events.EventBridgeEvent) (watch.Report, error) {
	chk := s.App.Delivery.Checker
	return func(ctx context.Context, _ events.EventBridgeEvent) (watch.Report, error) {
		if dl, ok := ctx.Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, dl.Add(-5*time.Second))
			defer cancel()
		}
		return chk.Run(ctx, s.App.Clock.Now())
	}
}

// SMSInbound is the sms-inbound function's handler: AWS End User Messaging
// SMS publishes each text a customer sends to the shop's number to an SNS
// topic, which invokes it. A payload that is not an inbound text is
// logged and dropped (a retry would not change it); a failure to record
// is returned, so SNS retries.
func (s *Stack) SMSInbound() (func(context.Context, events.SNSEvent) error, error) {
	if s.App.SMS == nil {
		return nil, fmt.Errorf("texts are off: set SMS_ENABLED=true")
	}
	svc, shop, log := s.App.SMS, s.App.SMS.Shop, s.App.Log
	return func(ctx context.Context, ev events.SNSEvent) error {
		var errs []error
		for _, rec := range ev.Records {
			in, err := sms.ParseInbound(rec.SNS.Message)
			if err != nil {
				log.WarnContext(ctx, "inbound sms dropped", "message_id", rec.SNS.MessageID, "err", err)
				continue
			}
			k, err := svc.Receive(ctx, shop, in)
			if err != nil {
				errs = append(errs, fmt.Errorf("inbound sms %s: %w", rec.SNS.MessageID, err))
				continue
			}
			log.InfoContext(ctx, "inbound sms", "message_id", rec.SNS.MessageID, "keyword", k.String())
		}
		return errors.Join(errs...)
	}, nil
}
