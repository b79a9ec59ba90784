package ses_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/ses"
)

// TestSendRaw sends a threaded reply through moto's SES v2 and reads the
// raw message moto kept: headers kept, text and HTML parts, and the
// Message-ID in SES's form.
func TestSendRaw(t *testing.T) {
	endpoint := motoserver.Start(t)
	ctx := context.Background()
	client := sesv2.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *sesv2.Options) { o.BaseEndpoint = aws.String(endpoint) })
	s := ses.New(client)
	m := email.Outgoing{
		From: mail.Address{Name: "Hearth & Harbor", Address: "support@shop.example"}, To: mail.Address{Address: "ada@example.com"},
		Subject: "Re: Where is my order?", Text: "It's on its way.\n\nTracking: 1Z <b>", InReplyTo: "<a@example.com>",
		References: []string{"<z@example.com>", "<a@example.com>"}, Headers: map[string]string{"Auto-Submitted": "auto-replied"},
	}
	if _, err := s.Send(ctx, m); err == nil {
		t.Fatal("sent from an address that is not an identity")
	} else if errors.Is(err, email.ErrRejected) {
		t.Fatalf("an unverified sender is the deployment's to fix, not a message to drop: %v", err)
	}
	if _, err := client.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("support@shop.example")}); err != nil {
		t.Fatal(err)
	}
	id, err := s.Send(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@email.amazonses.com>") {
		t.Fatalf("message id %q", id)
	}
	resp, err := http.Get(endpoint + "/moto-api/data.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var data struct {
		SES struct {
			Raw []struct {
				ID      string `json:"id"`
				RawData string `json:"raw_data"`
			} `json:"RawMessage"`
		} `json:"ses"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		t.Fatal(err)
	}
	if len(data.SES.Raw) != 1 || ses.FormatMessageID(data.SES.Raw[0].ID, "email.amazonses.com") != id {
		t.Fatalf("moto kept %+v", data.SES.Raw)
	}
	in, err := mailparse.Parse([]byte(data.SES.Raw[0].RawData))
	if err != nil {
		t.Fatal(err)
	}
	raw := data.SES.Raw[0].RawData
	if in.InReplyTo != "<a@example.com>" || strings.Join(in.References, " ") != "<z@example.com> <a@example.com>" ||
		in.Subject != m.Subject || in.From.Address != "support@shop.example" || in.Text != "It's on its way.\n\nTracking: 1Z <b>" ||
		!strings.Contains(raw, "text/html") || !strings.Contains(raw, "1Z &lt;b&gt;") || !strings.Contains(raw, "Auto-Submitted: auto-replied") {
		t.Fatalf("sent:\n%s", raw)
	}
}

func TestFormatMessageID(t *testing.T) {
	tests := []struct{ id, domain, want string }{
		{"0100018c-abc-000000", "email.amazonses.com", "<0100018c-abc-000000@email.amazonses.com>"},
		{"<0100018c-abc-000000@eu-west-1.amazonses.com>", "email.amazonses.com", "<0100018c-abc-000000@eu-west-1.amazonses.com>"},
	}
	for _, tt := range tests {
		if got := ses.FormatMessageID(tt.id, tt.domain); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.id, got, tt.want)
		}
	}
	if d := ses.MessageIDDomain("eu-west-1"); d != "eu-west-1.amazonses.com" {
		t.Errorf("eu-west-1: %q", d)
	}
	if d := ses.MessageIDDomain("us-east-1"); d != "email.amazonses.com" {
		t.Errorf("us-east-1: %q", d)
	}
}

// SES's refusal of the message itself (BadRequestException: an address it
// will not take) is email.ErrRejected, so no retry repeats it; a throttle
// is not.
func TestSendRejected(t *testing.T) {
	cases := []struct {
		errType  string
		status   int
		rejected bool
	}{
		{"BadRequestException", http.StatusBadRequest, true},
		{"TooManyRequestsException", http.StatusTooManyRequests, false},
		{"MessageRejected", http.StatusBadRequest, false},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Amzn-ErrorType", tc.errType)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(`{"message":"no"}`))
		}))
		client := sesv2.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
			func(o *sesv2.Options) { o.BaseEndpoint = aws.String(srv.URL); o.RetryMaxAttempts = 1 })
		_, err := ses.New(client).Send(t.Context(), email.Outgoing{From: mail.Address{Address: "support@shop.example"},
			To: mail.Address{Address: "ada@example.com"}, Subject: "s", Text: "t"})
		srv.Close()
		if err == nil {
			t.Fatalf("%s: no error", tc.errType)
		}
		if got := errors.Is(err, email.ErrRejected); got != tc.rejected {
			t.Errorf("%s: rejected %v, want %v (%v)", tc.errType, got, tc.rejected, err)
		}
	}
}
