// Package ses is the email.Sender for AWS: raw MIME (text and HTML, with
// In-Reply-To and References kept) through the SES v2 SendEmail API.
package ses

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/doorstep-ai/doorstep/pkg/email"
)

// Sender sends mail through SES v2.
type Sender struct {
	client *sesv2.Client
	// domain is the right-hand side of the Message-ID SES gives a message:
	// "email.amazonses.com" in us-east-1, "<region>.amazonses.com"
	// elsewhere.
	domain     string
	configSet  string
	feedbackTo string
}

var _ email.Sender = (*Sender)(nil)

// Option configures a Sender.
type Option func(*Sender)

// WithConfigurationSet sends through an SES configuration set (event
// publishing, dedicated IPs).
func WithConfigurationSet(name string) Option { return func(s *Sender) { s.configSet = name } }

// WithMessageIDDomain overrides the domain of the Message-IDs SES assigns.
func WithMessageIDDomain(domain string) Option { return func(s *Sender) { s.domain = domain } }

// WithFeedbackTo sets where bounces and complaints go.
func WithFeedbackTo(addr string) Option { return func(s *Sender) { s.feedbackTo = addr } }

// New returns a Sender using client.
func New(client *sesv2.Client, opts ...Option) *Sender {
	s := &Sender{client: client}
	for _, o := range opts {
		o(s)
	}
	if s.domain == "" {
		s.domain = MessageIDDomain(client.Options().Region)
	}
	return s
}

// MessageIDDomain is the domain SES puts in the Message-ID of mail sent
// from region.
func MessageIDDomain(region string) string {
	if region == "" || region == "us-east-1" {
		return "email.amazonses.com"
	}
	return region + ".amazonses.com"
}

// Send sends m as raw MIME and returns the Message-ID SES gave it, e.g.
// "<0100018c...-000000@email.amazonses.com>". SES replaces any Message-ID
// the message carries, so this is the id a reply names in In-Reply-To.
func (s *Sender) Send(ctx context.Context, m email.Outgoing) (string, error) {
	raw, err := m.MIME()
	if err != nil {
		return "", err
	}
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(m.From.Address),
		Destination:      &types.Destination{ToAddresses: []string{m.To.Address}},
		Content:          &types.EmailContent{Raw: &types.RawMessage{Data: raw}},
	}
	if s.configSet != "" {
		in.ConfigurationSetName = aws.String(s.configSet)
	}
	if s.feedbackTo != "" {
		in.FeedbackForwardingEmailAddress = aws.String(s.feedbackTo)
	}
	out, err := s.client.SendEmail(ctx, in)
	if bad := (*types.BadRequestException)(nil); errors.As(err, &bad) {
		// This message (its address, its content) will never go: say so,
		// for no retry to try. MessageRejected is not: an unverified
		// sender or the sandbox is the deployment's, and mends when fixed.
		return "", fmt.Errorf("ses send email: %w (%v)", email.ErrRejected, err)
	}
	if err != nil {
		return "", fmt.Errorf("ses send email: %w", err)
	}
	if out.MessageId == nil || *out.MessageId == "" {
		return "", errors.New("ses send email: no message id in the response")
	}
	return FormatMessageID(*out.MessageId, s.domain), nil
}

// FormatMessageID turns the MessageId SES returns into the Message-ID
// header the recipient sees.
func FormatMessageID(id, domain string) string {
	id = strings.Trim(strings.TrimSpace(id), "<>")
	if strings.Contains(id, "@") {
		return "<" + id + ">"
	}
	return "<" + id + "@" + domain + ">"
}
