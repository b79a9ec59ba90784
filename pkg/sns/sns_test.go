package sns_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/sns"
)

// sent is the SMS moto kept, phone number → messages.
func sent(t *testing.T, endpoint string) map[string][]string {
	t.Helper()
	resp, err := http.Get(endpoint + "/moto-api/data.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var data struct {
		SNS struct {
			SMS []struct {
				PhoneNumber string `json:"phone_number"`
				Message     string `json:"message"`
			} `json:"SMS"`
		} `json:"sns"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, m := range data.SNS.SMS {
		out[m.PhoneNumber] = append(out[m.PhoneNumber], m.Message)
	}
	return out
}

// Texts go through SNS as moto runs it: to the number in E.164 whatever
// form the shop stored, never to a number that replied STOP, and again
// once it opted back in.
func TestSendSMS(t *testing.T) {
	endpoint := motoserver.Start(t)
	client := awssns.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *awssns.Options) { o.BaseEndpoint = aws.String(endpoint) })
	s := sns.New(client, sns.WithSenderID("Hearth"))
	ctx := t.Context()

	if err := s.SendSMS(ctx, "+1 (720) 555-0119", "Your order #1003 is out for delivery today."); err != nil {
		t.Fatal(err)
	}
	// moto 5.2.1 answers CheckIfPhoneNumberIsOptedOut with true for every
	// number ending in 99: it stands in for a number that replied STOP.
	const stopped = "+17205550199"
	if err := s.SendSMS(ctx, stopped, "hello"); !errors.Is(err, sns.ErrOptedOut) {
		t.Errorf("to an opted-out number: %v, want ErrOptedOut", err)
	}
	if err := s.SendSMS(ctx, "not a number", "hello"); err == nil {
		t.Error("sent to a malformed number")
	}
	got := sent(t, endpoint)
	if m := got["+17205550119"]; len(m) != 1 || m[0] != "Your order #1003 is out for delivery today." {
		t.Errorf("sent = %v", got)
	}
	if len(got[stopped]) != 0 {
		t.Errorf("texted a number that opted out: %v", got[stopped])
	}

	// Opting back in is accepted (moto keeps answering "opted out" for
	// numbers ending in 99, so the send after it is not checked here).
	if err := s.OptIn(ctx, stopped); err != nil {
		t.Fatal(err)
	}
	if err := s.OptIn(ctx, "12"); err == nil {
		t.Error("opted in a malformed number")
	}
}

func TestNormalise(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"+17205550119", "+17205550119"},
		{"+1 (720) 555-0119", "+17205550119"},
		{"+44 7700 900149", "+447700900149"},
		{"7205550119", ""}, // no country code
		{"+1 720 555 0119 ext 2", ""},
		{"", ""},
		{"+0123456789", ""},
	} {
		if got := sns.Normalise(tt.in); got != tt.want {
			t.Errorf("Normalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"+17205550119", "+1 (720) 555-0119", "abc", "++1", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n := sns.Normalise(in)
		if n != "" && (sns.Normalise(n) != n || n[0] != '+' || len(n) > 16) {
			t.Errorf("Normalise(%q) = %q: not a fixed point in E.164", in, n)
		}
	})
}
