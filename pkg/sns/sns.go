// Package sns is notify's SMS port for AWS: text messages through Amazon
// SNS Publish to a phone number, as transactional SMS. (AWS End User
// Messaging SMS, pinpoint-sms-voice-v2, is the newer API; moto 5.2.1, the
// emulator these adapters are tested on, does not have it, and SNS sends
// through the same origination numbers.)
package sns

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/sms"
)

// Sender sends text messages through SNS.
type Sender struct {
	client   *sns.Client
	senderID string
}

var _ notify.SMS = (*Sender)(nil)

// Option configures a Sender.
type Option func(*Sender)

// WithSenderID sets the alphanumeric sender id shown where carriers allow
// one (up to 11 characters).
func WithSenderID(id string) Option { return func(s *Sender) { s.senderID = id } }

// New returns a Sender over client.
func New(client *sns.Client, opts ...Option) *Sender {
	s := &Sender{client: client}
	for _, o := range opts {
		o(s)
	}
	return s
}

// ErrOptedOut is returned for a number that replied STOP: SNS keeps the
// opt-out list and nothing is sent to it.
var ErrOptedOut = notify.ErrSMSOptedOut

// Normalise is a phone number in E.164 ("+17205550119"), as SNS takes it,
// from the forms shops store ("+1 (720) 555-0119"); "" when it cannot be
// (sms.Normalise).
func Normalise(phone string) string { return sms.Normalise(phone) }

// SendSMS sends text to the phone number to (E.164, or a form Normalise
// reads), unless the number opted out.
func (s *Sender) SendSMS(ctx context.Context, to, text string) error {
	n := Normalise(to)
	if n == "" {
		return fmt.Errorf("send sms: not a phone number in international form")
	}
	out, err := s.client.CheckIfPhoneNumberIsOptedOut(ctx, &sns.CheckIfPhoneNumberIsOptedOutInput{PhoneNumber: aws.String(n)})
	if err != nil {
		return fmt.Errorf("send sms: check opt-out: %w", err)
	}
	if out.IsOptedOut {
		return ErrOptedOut
	}
	attrs := map[string]types.MessageAttributeValue{
		"AWS.SNS.SMS.SMSType": {DataType: aws.String("String"), StringValue: aws.String("Transactional")},
	}
	if s.senderID != "" {
		attrs["AWS.SNS.SMS.SenderID"] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(s.senderID)}
	}
	if _, err := s.client.Publish(ctx, &sns.PublishInput{PhoneNumber: aws.String(n), Message: aws.String(text), MessageAttributes: attrs}); err != nil {
		return fmt.Errorf("send sms: %w", err)
	}
	return nil
}

// OptIn puts a number that opted out (replied STOP) back on the list, when
// the customer asks for texts again (on the tracking page, say). SNS allows
// it once every 30 days.
func (s *Sender) OptIn(ctx context.Context, phone string) error {
	n := Normalise(phone)
	if n == "" {
		return fmt.Errorf("sms opt-in: not a phone number in international form")
	}
	if _, err := s.client.OptInPhoneNumber(ctx, &sns.OptInPhoneNumberInput{PhoneNumber: aws.String(n)}); err != nil {
		return fmt.Errorf("sms opt-in: %w", err)
	}
	return nil
}
