package awsstack_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go/logging"
	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/csat"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Every function is composed the same way: one without the link-signing
// key (chat, promise, escalation, ...) still acts on the merchant's
// delivery policy, not the default. Load needs no AWS call here: no
// secret is read and the time zone is set.
func TestLoadGivesEveryFunctionTheDeliveryPolicy(t *testing.T) {
	for k, v := range map[string]string{
		"TABLE_NAME": "doorstep", "SHOP_DOMAIN": "demo.myshopify.com", "BEDROCK_MODEL_ID": "us.anthropic.claude-haiku-4-5-20251001-v1:0",
		"SHOP_TIMEZONE": "Europe/Paris", "PUBLIC_BASE_URL": "https://api.example.com/",
		"DELIVERY_POLICY":       `{"grace_days":3,"stalled_days":6,"lost_days":15,"resolution":"refund","max_auto_refund":2500}`,
		"AWS_REGION":            "us-east-1",
		"AWS_ACCESS_KEY_ID":     "test",
		"AWS_SECRET_ACCESS_KEY": "test",
	} {
		t.Setenv(k, v)
	}
	for _, name := range []string{"SUPPORT_EMAIL", "SHOPIFY_SECRET_ARN", "LINK_SIGNING_SECRET_ARN", "RETURN_LABELS_SECRET_ARN", "RETURN_ADDRESS", "DOCS_BUCKET", "PHOTOS_BUCKET", "SMS_ENABLED"} {
		t.Setenv(name, "")
	}
	s, err := awsstack.Load(t.Context(), slog.New(slog.NewTextHandler(io.Discard, nil)), awsstack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := watch.DefaultPolicy() // DELIVERY_POLICY is read over the defaults
	want.GraceDays, want.StalledDays, want.LostDays, want.Resolution, want.MaxAutoRefund = 3, 6, 15, watch.ActionRefund, 2500
	if diff := cmp.Diff(want, s.App.Promises.Policy); diff != "" {
		t.Errorf("promises' delivery policy (-want +got):\n%s", diff)
	}
	// No key, no rating links: unsigned ones would be refused.
	if s.App.Mail.CSATLinks != nil {
		t.Error("rating links offered without a key to sign them")
	}
}

// The email function is loaded as template.yaml starts it (the link key's
// secret, PUBLIC_BASE_URL): its replies carry the five rating links the
// local runner's carry, under the API's address, signed with the key the
// console function verifies them with. The key is read from Secrets
// Manager on moto.
func TestEmailRepliesCarryRatingLinks(t *testing.T) {
	ctx := t.Context()
	endpoint := motoserver.Start(t)
	for k, v := range map[string]string{
		"TABLE_NAME": "doorstep", "SHOP_DOMAIN": "demo.myshopify.com", "BEDROCK_MODEL_ID": "us.anthropic.claude-haiku-4-5-20251001-v1:0",
		"SHOP_TIMEZONE": "UTC", "PUBLIC_BASE_URL": "https://api.example.com/",
		"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_ENDPOINT_URL_SECRETS_MANAGER": endpoint,
	} {
		t.Setenv(k, v)
	}
	for _, name := range []string{"SUPPORT_EMAIL", "SHOPIFY_SECRET_ARN", "RETURN_LABELS_SECRET_ARN", "RETURN_ADDRESS", "DOCS_BUCKET", "PHOTOS_BUCKET", "SMS_ENABLED", "DELIVERY_POLICY"} {
		t.Setenv(name, "")
	}
	sm := secretsmanager.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *secretsmanager.Options) { o.BaseEndpoint = aws.String(endpoint) })
	created, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("link-signing"), SecretString: aws.String(strings.Repeat("k", 48))})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(secrets.LinkSigningKey, aws.ToString(created.ARN))

	s, err := awsstack.Load(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)), awsstack.Options{Keys: []string{secrets.LinkSigningKey}})
	if err != nil {
		t.Fatal(err)
	}
	if s.App.Mail.CSATLinks == nil {
		t.Fatal("the email function puts no rating links under its replies")
	}
	keys, err := secrets.LoadSigning(ctx, sm, secrets.LinkSigningKey) // what the console function verifies with
	if err != nil {
		t.Fatal(err)
	}
	links := s.App.Mail.CSATLinks("demo.myshopify.com", "conv1")
	for score := 1; score <= 5; score++ {
		token, ok := strings.CutPrefix(links[score], "https://api.example.com"+csat.Path+"?t=")
		if !ok {
			t.Errorf("rating %d: link %q is not the API's %s", score, links[score], csat.Path)
			continue
		}
		token, _ = url.QueryUnescape(token)
		r, err := csat.Parse(keys.Links, token, time.Now())
		if err != nil || r.Score != score || r.ConversationID != "conv1" || r.Shop != "demo.myshopify.com" {
			t.Errorf("rating %d: the console reads %+v, %v", score, r, err)
		}
	}
	if len(links) != 5 {
		t.Errorf("%d rating links, want 5", len(links))
	}
}

// The SDK's own log lines (S3's "Response has no supported checksum" at
// DEBUG, say) go through the function's slog logger: JSON, and only at the
// level LOG_LEVEL lets through.
func TestSDKLogsThroughSlog(t *testing.T) {
	for k, v := range map[string]string{
		"TABLE_NAME": "doorstep", "SHOP_DOMAIN": "demo.myshopify.com", "BEDROCK_MODEL_ID": "us.anthropic.claude-haiku-4-5-20251001-v1:0",
		"SHOP_TIMEZONE": "UTC", "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
	} {
		t.Setenv(k, v)
	}
	for _, name := range []string{"SUPPORT_EMAIL", "SHOPIFY_SECRET_ARN", "LINK_SIGNING_SECRET_ARN", "RETURN_LABELS_SECRET_ARN", "RETURN_ADDRESS", "DOCS_BUCKET", "PHOTOS_BUCKET", "SMS_ENABLED"} {
		t.Setenv(name, "")
	}
	for _, tc := range []struct {
		level slog.Level
		want  []string // the messages logged, in order
	}{
		{slog.LevelInfo, []string{"Retrying: throttled"}},
		{slog.LevelDebug, []string{"Response has no supported checksum. Not validating response payload.", "Retrying: throttled"}},
	} {
		var out bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: tc.level}))
		s, err := awsstack.Load(t.Context(), log, awsstack.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out.Reset()
		s.AWS.Logger.Logf(logging.Debug, "Response has no supported checksum. %s", "Not validating response payload.")
		s.AWS.Logger.Logf(logging.Warn, "Retrying: %s", "throttled")
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			var v struct{ Msg, From string }
			if line == "" {
				continue
			}
			if err := json.Unmarshal([]byte(line), &v); err != nil || v.From != "aws-sdk" {
				t.Errorf("level %s: line %q is not a JSON aws-sdk line (%v)", tc.level, line, err)
			}
			got = append(got, v.Msg)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("level %s: SDK lines (-want +got):\n%s", tc.level, diff)
		}
	}
}
