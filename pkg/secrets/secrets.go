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
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/doorstep-ai/doorstep/pkg/config"
)

// Shopify is the app's secrets, by shop domain.
type Shopify struct {
	// WebhookSecrets verify webhooks and sign storefront customer tokens.
	WebhookSecrets map[string][]byte
	// AdminTokens call the Admin API: fixed tokens, of apps made in the
	// shop admin before 2026.
	AdminTokens map[string][]byte
	// AdminClientIDs are the client ids of Dev Dashboard apps, whose
	// client secret (the shop's webhook secret: Shopify signs webhooks with
	// it) is exchanged for 24-hour Admin API tokens.
	AdminClientIDs map[string][]byte
}

// Getter is the Secrets Manager call used.
type Getter interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// secretJSON is the secret's value: {"webhook_secrets": "shop=secret,...",
// "admin_tokens": "shop=token,...", "admin_client_ids": "shop=id,..."},
// the same pair lists as the environment variables.
type secretJSON struct {
	WebhookSecrets string `json:"webhook_secrets"`
	AdminTokens    string `json:"admin_tokens"`
	AdminClientIDs string `json:"admin_client_ids"`
}

// Load reads the secrets: from the Secrets Manager secret named by
// SHOPIFY_SECRET_ARN when it is set, else from SHOPIFY_WEBHOOK_SECRETS,
// SHOPIFY_ADMIN_TOKENS and SHOPIFY_ADMIN_CLIENT_IDS. needAdmin says
// whether Admin API access is required: a token or a client id for some
// shop (never both for one shop; a client id needs the shop's webhook
// secret, which is the app's client secret).
func Load(ctx context.Context, client Getter, needAdmin bool) (Shopify, error) {
	raw := secretJSON{WebhookSecrets: os.Getenv("SHOPIFY_WEBHOOK_SECRETS"), AdminTokens: os.Getenv("SHOPIFY_ADMIN_TOKENS"),
		AdminClientIDs: os.Getenv("SHOPIFY_ADMIN_CLIENT_IDS")}
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
	if !needAdmin {
		return s, nil
	}
	if strings.TrimSpace(raw.AdminTokens) == "" && strings.TrimSpace(raw.AdminClientIDs) == "" {
		return Shopify{}, fmt.Errorf("%s: no Admin API access: set admin_tokens (SHOPIFY_ADMIN_TOKENS) or admin_client_ids (SHOPIFY_ADMIN_CLIENT_IDS)", source)
	}
	if strings.TrimSpace(raw.AdminTokens) != "" {
		if s.AdminTokens, err = config.ParseSecrets(source+": admin_tokens (SHOPIFY_ADMIN_TOKENS)", raw.AdminTokens); err != nil {
			return Shopify{}, err
		}
	}
	if strings.TrimSpace(raw.AdminClientIDs) != "" {
		if s.AdminClientIDs, err = config.ParseSecrets(source+": admin_client_ids (SHOPIFY_ADMIN_CLIENT_IDS)", raw.AdminClientIDs); err != nil {
			return Shopify{}, err
		}
	}
	for shop := range s.AdminClientIDs {
		if _, both := s.AdminTokens[shop]; both {
			return Shopify{}, fmt.Errorf("%s: shop %s has both an admin token and a client id: keep one", source, shop)
		}
		if len(s.WebhookSecrets[shop]) == 0 {
			return Shopify{}, fmt.Errorf("%s: shop %s has a client id but no webhook secret (the app's client secret)", source, shop)
		}
	}
	return s, nil
}
