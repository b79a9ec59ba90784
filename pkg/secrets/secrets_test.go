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
	if _, err := Load(context.Background(), nil, true); err == nil || !strings.Contains(err.Error(), "SHOPIFY_ADMIN_TOKENS") {
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
