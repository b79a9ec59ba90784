package secrets

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

type fakeGetter struct {
	value string
	err   error
	arns  []string
}

func (f *fakeGetter) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	f.arns = append(f.arns, aws.ToString(in.SecretId))
	return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(f.value)}, f.err
}

func TestLoad(t *testing.T) {
	t.Setenv("SHOPIFY_WEBHOOK_SECRETS", "a.myshopify.com=env")
	t.Setenv("SHOPIFY_ADMIN_TOKENS", "")
	t.Setenv("SHOPIFY_SECRET_ARN", "")
	s, err := Load(context.Background(), nil, false)
	if err != nil || string(s.WebhookSecrets["a.myshopify.com"]) != "env" {
		t.Fatalf("from env: %+v, %v", s, err)
	}
	if _, err := Load(context.Background(), nil, true); err == nil || !strings.Contains(err.Error(), "SHOPIFY_ADMIN_TOKENS") || !strings.Contains(err.Error(), "SHOPIFY_ADMIN_CLIENT_IDS") {
		t.Errorf("missing admin tokens: %v", err)
	}

	t.Setenv("SHOPIFY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:1:secret:x")
	f := &fakeGetter{value: `{"webhook_secrets":"a.myshopify.com=sm","admin_tokens":"a.myshopify.com=tok"}`}
	s, err = Load(context.Background(), f, true)
	if err != nil || string(s.WebhookSecrets["a.myshopify.com"]) != "sm" || string(s.AdminTokens["a.myshopify.com"]) != "tok" || len(f.arns) != 1 {
		t.Fatalf("from Secrets Manager: %+v, %v, %v", s, err, f.arns)
	}
	if _, err := Load(context.Background(), &fakeGetter{value: "not json"}, false); err == nil {
		t.Error("bad secret accepted")
	}
	if _, err := Load(context.Background(), &fakeGetter{err: errors.New("denied")}, false); err == nil || !strings.Contains(err.Error(), "denied") {
		t.Errorf("denied: %v", err)
	}
}

// TestLoadClientIDs: a Dev Dashboard app's client id stands in for an
// admin token; its secret is the shop's webhook secret.
func TestLoadClientIDs(t *testing.T) {
	t.Setenv("SHOPIFY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:1:secret:x")
	tests := []struct {
		name, value, wantErr string
	}{
		{"client id", `{"webhook_secrets":"a.myshopify.com=shpss_x","admin_tokens":"","admin_client_ids":"a.myshopify.com=cid"}`, ""},
		{"both for one shop", `{"webhook_secrets":"a.myshopify.com=shpss_x","admin_tokens":"a.myshopify.com=tok","admin_client_ids":"a.myshopify.com=cid"}`, "both an admin token and a client id"},
		{"no secret for the client", `{"webhook_secrets":"b.myshopify.com=shpss_x","admin_client_ids":"a.myshopify.com=cid"}`, "no webhook secret"},
		{"neither", `{"webhook_secrets":"a.myshopify.com=shpss_x","admin_tokens":"","admin_client_ids":""}`, "no Admin API access"},
		{"malformed", `{"webhook_secrets":"a.myshopify.com=shpss_x","admin_client_ids":"cid"}`, "admin_client_ids (SHOPIFY_ADMIN_CLIENT_IDS)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(context.Background(), &fakeGetter{value: tt.value}, true)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "shpss_x") {
					t.Errorf("the secret is in the error: %v", err)
				}
				return
			}
			if err != nil || string(s.AdminClientIDs["a.myshopify.com"]) != "cid" || len(s.AdminTokens) != 0 {
				t.Fatalf("%+v, %v", s, err)
			}
		})
	}
}
