package awsstack_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
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
