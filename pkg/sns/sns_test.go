package sns_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/sms"
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

// A customer's STOP through SNS as moto runs it: exactly one confirmation
// text, then nothing (a second STOP, a notice); a number SNS already has on
// its opted-out list (AWS answered the keyword itself) gets none from us.
func TestStopConfirmedOnce(t *testing.T) {
	endpoint := motoserver.Start(t)
	client := awssns.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *awssns.Options) { o.BaseEndpoint = aws.String(endpoint) })
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	const shop = "demo-shop.myshopify.com"
	svc := &sms.Service{Store: st, Transport: sns.New(client), Keys: signed.NewKeyring([]byte("test-link-key-0123456789")),
		BaseURL: "https://d.example", Shop: shop, ShopName: "Hearth & Harbor", Clock: clock.NewFixed(time.Date(2026, 12, 5, 16, 0, 0, 0, time.UTC))}
	ctx := t.Context()
	for _, tt := range []struct {
		name, phone string
		want        int // texts to the number
	}{
		{"opted in, then STOP", "+17205550119", 1},
		{"on SNS's opted-out list", "+17205550199", 0}, // moto: numbers ending in 99
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := order.Order{Shop: shop, ID: "5001", Name: "#1003", Email: "dana@example.com", Customer: order.Customer{Phone: tt.phone}}
			if err := svc.OptIn(ctx, shop, sms.Consent{Phone: tt.phone, Source: sms.SourceTrackingPage, OrderID: o.ID, Email: o.Email}); err != nil {
				t.Fatal(err)
			}
			before := len(sent(t, endpoint)[tt.phone])
			for _, body := range []string{"STOP", "Stop please", "where is my order?"} {
				if _, err := svc.Receive(ctx, shop, sms.Inbound{From: tt.phone, Body: body}); err != nil {
					t.Fatal(err)
				}
			}
			if err := svc.Text(ctx, o, "Hearth & Harbor: your order #1003 was delivered."); err != nil {
				t.Fatal(err)
			}
			got := sent(t, endpoint)[tt.phone][before:]
			if len(got) != tt.want {
				t.Fatalf("texts after STOP = %q, want %d", got, tt.want)
			}
			if tt.want > 0 && (!strings.Contains(got[0], "unsubscribed") || !strings.Contains(got[0], "START")) {
				t.Errorf("confirmation = %q", got[0])
			}
			if n, _ := svc.Standing(ctx, shop, tt.phone); n.OptedIn {
				t.Error("still opted in after STOP")
			}
		})
	}
}
