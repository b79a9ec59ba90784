// Package secrets reads doorstep's secrets at init: the Shopify app's
// (from one AWS Secrets Manager secret in AWS, from the environment
// locally) and the signing keys of doorstep's own tokens (keys.go: each
// its own secret, never in a function's environment).
package secrets

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/doorstep-ai/doorstep/pkg/config"
)

// Shopify is the app's secrets, by shop domain.
type Shopify struct {
	// WebhookSecrets verify webhooks and sign storefront customer tokens.
	WebhookSecrets map[string][]byte
	// AdminTokens call the Admin API.
	AdminTokens map[string][]byte
}

// Getter is the Secrets Manager call used.
type Getter interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// secretJSON is the secret's value: {"webhook_secrets": "shop=secret,...",
// "admin_tokens": "shop=token,..."}, the same pair lists as the
// environment variables.
type secretJSON struct {
	WebhookSecrets string `json:"webhook_secrets"`
	AdminTokens    string `json:"admin_tokens"`
}

// Load reads the secrets: from the Secrets Manager secret named by
// SHOPIFY_SECRET_ARN when it is set, else from SHOPIFY_WEBHOOK_SECRETS and
// SHOPIFY_ADMIN_TOKENS. needAdmin says whether admin tokens are required.
func Load(ctx context.Context, client Getter, needAdmin bool) (Shopify, error) {
	raw := secretJSON{WebhookSecrets: os.Getenv("SHOPIFY_WEBHOOK_SECRETS"), AdminTokens: os.Getenv("SHOPIFY_ADMIN_TOKENS")}
	source := "environment"
	if arn := os.Getenv("SHOPIFY_SECRET_ARN"); arn != "" {
		out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
		if err != nil {
			return Shopify{}, fmt.Errorf("read secret SHOPIFY_SECRET_ARN: %w", err)
		}
		if err := json.Unmarshal([]byte(aws.ToString(out.SecretString)), &raw); err != nil {
			return Shopify{}, fmt.Errorf("secret SHOPIFY_SECRET_ARN is not the expected JSON: %w", err)
		}
		source = "secret SHOPIFY_SECRET_ARN"
	}
	var s Shopify
	var err error
	if s.WebhookSecrets, err = config.ParseSecrets(source+": webhook_secrets (SHOPIFY_WEBHOOK_SECRETS)", raw.WebhookSecrets); err != nil {
		return Shopify{}, err
	}
	if needAdmin {
		if s.AdminTokens, err = config.ParseSecrets(source+": admin_tokens (SHOPIFY_ADMIN_TOKENS)", raw.AdminTokens); err != nil {
			return Shopify{}, err
		}
	}
	return s, nil
}
