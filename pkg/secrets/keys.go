package secrets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/doorstep-ai/doorstep/pkg/signed"
)

// The signing keys, each its own Secrets Manager secret. A function's
// environment holds only the secret's ARN, in the variable named here; its
// role may read exactly that secret. The key is the secret's string value
// (the stack generates 48 random characters).
const (
	// ChatTokenKey signs the chat's conversation bearer tokens.
	ChatTokenKey = "CHAT_TOKEN_SECRET_ARN"
	// CustomerTokenKey verifies the tokens a storefront mints for a
	// signed-in customer (never the Shopify webhook secret).
	CustomerTokenKey = "CUSTOMER_TOKEN_SECRET_ARN"
	// LinkSigningKey signs the links in mail: CSAT ratings, unsubscribe,
	// tracking page.
	LinkSigningKey = "LINK_SIGNING_SECRET_ARN"
)

// MinKeyLen is the shortest key accepted, in bytes.
const MinKeyLen = 32

// Rotation uses Secrets Manager's staging labels: AWSCURRENT signs and
// verifies, AWSPREVIOUS (the value before the last put-secret-value or
// rotation) still verifies. A function reads both at init, and again when
// a token fails under both (another instance may have started after a
// rotation) or when its keys are older than the keyring's MaxAge.
const (
	stageCurrent  = "AWSCURRENT"
	stagePrevious = "AWSPREVIOUS"
)

// Signing are a function's signing keyrings; those it did not ask for are nil.
type Signing struct {
	Chat, Customer, Links *signed.Keyring
}

// LoadSigning reads the signing keys named by the environment variables
// which (ChatTokenKey, CustomerTokenKey, LinkSigningKey), each from the
// Secrets Manager secret whose ARN the variable holds, all at once. A
// missing variable, an unreadable secret or a short key fails start-up
// with a message that names the variable.
func LoadSigning(ctx context.Context, client Getter, which ...string) (Signing, error) {
	rings := make([]*signed.Keyring, len(which))
	errs := make([]error, len(which))
	var wg sync.WaitGroup
	for i, env := range which {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rings[i], errs[i] = Keyring(ctx, client, env)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Signing{}, err
	}
	var s Signing
	for i, env := range which {
		switch env {
		case ChatTokenKey:
			s.Chat = rings[i]
		case CustomerTokenKey:
			s.Customer = rings[i]
		case LinkSigningKey:
			s.Links = rings[i]
		default:
			return Signing{}, fmt.Errorf("load signing keys: unknown key %q", env)
		}
	}
	return s, nil
}

// LoadSigningFromConfig is LoadSigning with a Secrets Manager client made
// from cfg.
func LoadSigningFromConfig(ctx context.Context, cfg aws.Config, which ...string) (Signing, error) {
	return LoadSigning(ctx, secretsmanager.NewFromConfig(cfg), which...)
}

// Keyring reads one signing key: the secret named by the environment
// variable env, its AWSCURRENT and AWSPREVIOUS values, and reloads them
// as the keyring needs.
func Keyring(ctx context.Context, client Getter, env string) (*signed.Keyring, error) {
	id := strings.TrimSpace(os.Getenv(env))
	if id == "" {
		return nil, fmt.Errorf("missing required environment variable %s (the ARN of a Secrets Manager secret holding the key)", env)
	}
	load := func(ctx context.Context) (signed.Keys, error) { return readKeys(ctx, client, env, id) }
	keys, err := load(ctx)
	if err != nil {
		return nil, err
	}
	k := &signed.Keyring{Reload: load, OnReloadError: func(err error) {
		slog.Warn("reload signing key", "variable", env, "err", err)
	}}
	k.Set(keys, time.Now())
	return k, nil
}

func readKeys(ctx context.Context, client Getter, env, id string) (signed.Keys, error) {
	var keys signed.Keys
	var errCur, errPrev error
	var cur, prev []byte
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); cur, errCur = readStage(ctx, client, id, stageCurrent) }()
	go func() { defer wg.Done(); prev, errPrev = readStage(ctx, client, id, stagePrevious) }()
	wg.Wait()
	if errCur != nil {
		return keys, fmt.Errorf("read signing key %s (%s): %w", env, stageCurrent, errCur)
	}
	if len(cur) < MinKeyLen {
		return keys, fmt.Errorf("signing key %s: %d bytes, want at least %d", env, len(cur), MinKeyLen)
	}
	keys.Current = cur
	var nf *smtypes.ResourceNotFoundException
	switch {
	case errors.As(errPrev, &nf):
		// Never rotated: there is no previous value.
	case errPrev != nil:
		return keys, fmt.Errorf("read signing key %s (%s): %w", env, stagePrevious, errPrev)
	case len(prev) > 0:
		keys.Previous = [][]byte{prev}
	}
	return keys, nil
}

func readStage(ctx context.Context, client Getter, id, stage string) ([]byte, error) {
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id), VersionStage: aws.String(stage)})
	if err != nil {
		return nil, err
	}
	if out.SecretString != nil {
		return []byte(strings.TrimSpace(*out.SecretString)), nil
	}
	return out.SecretBinary, nil
}

// Dev are the local runner's signing keys, each derived from the dev
// webhook secret under its own label, so none is the webhook secret and
// none can be computed from another. `make dev` prints them.
type Dev struct {
	ChatToken, CustomerToken, LinkSigning string
}

// DevKeys derives the local runner's keys from its webhook secret.
func DevKeys(webhookSecret string) Dev {
	derive := func(label string) string {
		sum := sha256.Sum256([]byte("doorstep dev key|" + label + "|" + webhookSecret))
		return hex.EncodeToString(sum[:])
	}
	return Dev{ChatToken: derive("chat-token"), CustomerToken: derive("customer-token"), LinkSigning: derive("link-signing")}
}

// Keyrings are the dev keys as keyrings.
func (d Dev) Keyrings() Signing {
	return Signing{Chat: signed.NewKeyring([]byte(d.ChatToken)), Customer: signed.NewKeyring([]byte(d.CustomerToken)),
		Links: signed.NewKeyring([]byte(d.LinkSigning))}
}

// TrackingWebhooks names the secret of the tracking providers' webhook
// secrets: {"easypost": "...", "aftership": "..."}; an empty one turns
// that provider's webhooks off.
const TrackingWebhooks = "TRACKING_SECRET_ARN"

// LoadTracking reads the tracking providers' webhook secrets, by provider,
// from the secret named by TRACKING_SECRET_ARN.
func LoadTracking(ctx context.Context, client Getter) (map[string][]byte, error) {
	id := strings.TrimSpace(os.Getenv(TrackingWebhooks))
	if id == "" {
		return nil, fmt.Errorf("missing required environment variable %s (the ARN of a Secrets Manager secret)", TrackingWebhooks)
	}
	raw, err := readStage(ctx, client, id, stageCurrent)
	if err != nil {
		return nil, fmt.Errorf("read secret %s: %w", TrackingWebhooks, err)
	}
	var byProvider map[string]string
	if err := json.Unmarshal(raw, &byProvider); err != nil {
		return nil, fmt.Errorf("secret %s is not a JSON object of provider secrets: %w", TrackingWebhooks, err)
	}
	out := map[string][]byte{}
	for provider, secret := range byProvider {
		if secret = strings.TrimSpace(secret); secret != "" {
			out[strings.ToLower(provider)] = []byte(secret)
		}
	}
	return out, nil
}

// LoadTrackingFromConfig is LoadTracking with a Secrets Manager client
// made from cfg.
func LoadTrackingFromConfig(ctx context.Context, cfg aws.Config) (map[string][]byte, error) {
	return LoadTracking(ctx, secretsmanager.NewFromConfig(cfg))
}
