package secrets_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/signed"
)

func motoSecrets(t *testing.T) *secretsmanager.Client {
	t.Helper()
	endpoint := motoserver.Start(t)
	return secretsmanager.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *secretsmanager.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

// TestRotationOnSecretsManager runs a rotation as the README says to, on
// moto: put a new value; a function started after it signs with the new
// key and still accepts the old one's tokens; a function started before it
// accepts the new key's tokens (it reads the secret again) and, after
// MaxAge, signs with the new key.
func TestRotationOnSecretsManager(t *testing.T) {
	ctx := context.Background()
	sm := motoSecrets(t)
	oldKey, newKey := strings.Repeat("o", 48), strings.Repeat("n", 48)
	created, err := sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("chat-token"), SecretString: aws.String(oldKey)})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(secrets.ChatTokenKey, aws.ToString(created.ARN))
	t.Setenv(secrets.LinkSigningKey, aws.ToString(created.ARN))

	before, err := secrets.LoadSigning(ctx, sm, secrets.ChatTokenKey)
	if err != nil {
		t.Fatal(err)
	}
	if before.Chat == nil || before.Customer != nil || before.Links != nil {
		t.Fatalf("asked for the chat key, got %+v", before)
	}
	now := time.Now()
	oldToken := before.Chat.Sign(signed.ChatConversation, now.Add(time.Hour), "a")

	// Rotate: the new value becomes AWSCURRENT, the old one AWSPREVIOUS.
	if _, err := sm.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: created.ARN, SecretString: aws.String(newKey)}); err != nil {
		t.Fatal(err)
	}
	after, err := secrets.LoadSigning(ctx, sm, secrets.ChatTokenKey, secrets.LinkSigningKey)
	if err != nil {
		t.Fatal(err)
	}
	newToken := after.Chat.Sign(signed.ChatConversation, now.Add(time.Hour), "b")
	if _, err := signed.NewKeyring([]byte(newKey)).Verify(signed.ChatConversation, newToken, now); err != nil {
		t.Errorf("started after the rotation: does not sign with the new key: %v", err)
	}
	if _, err := after.Chat.Verify(signed.ChatConversation, oldToken, now); err != nil {
		t.Errorf("started after the rotation: refuses a token of the previous key: %v", err)
	}
	// (It reads the secret at most every MinReload: a minute later.)
	before.Chat.Now = func() time.Time { return time.Now().Add(time.Minute) }
	if _, err := before.Chat.Verify(signed.ChatConversation, newToken, now); err != nil {
		t.Errorf("started before the rotation: refuses a token of the new key: %v", err)
	}
	before.Chat.Set(signed.Keys{Current: []byte(oldKey)}, time.Now())
	before.Chat.Now = func() time.Time { return time.Now().Add(time.Hour) }
	if _, err := signed.NewKeyring([]byte(newKey)).Verify(signed.ChatConversation, before.Chat.Sign(signed.ChatConversation, time.Time{}, "c"), now); err != nil {
		t.Errorf("started before the rotation: still signs with the old key after MaxAge: %v", err)
	}
	// A second rotation retires the first key.
	if _, err := sm.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: created.ARN, SecretString: aws.String(strings.Repeat("3", 48))}); err != nil {
		t.Fatal(err)
	}
	third, err := secrets.LoadSigning(ctx, sm, secrets.ChatTokenKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := third.Chat.Verify(signed.ChatConversation, oldToken, now); err == nil {
		t.Error("a token of a key two rotations back still verifies")
	}
	if _, err := third.Chat.Verify(signed.ChatConversation, newToken, now); err != nil {
		t.Errorf("a token of the previous key: %v", err)
	}
}

type fakeStages struct {
	values map[string]string // stage → value
	err    error
}

func (f fakeStages) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	v, ok := f.values[aws.ToString(in.VersionStage)]
	if !ok {
		return nil, errors.New("no such stage")
	}
	return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(v)}, nil
}

func TestLoadSigningErrors(t *testing.T) {
	good := map[string]string{"AWSCURRENT": strings.Repeat("k", 48)}
	tests := []struct {
		name   string
		env    string
		client secrets.Getter
		want   string
	}{
		{"variable unset", "", fakeStages{values: good}, "missing required environment variable CHAT_TOKEN_SECRET_ARN"},
		{"secret unreadable", "arn:x", fakeStages{err: errors.New("AccessDenied")}, "AccessDenied"},
		{"key too short", "arn:x", fakeStages{values: map[string]string{"AWSCURRENT": "short"}}, "want at least 32"},
		{"previous unreadable for another reason", "arn:x", fakeStages{values: good}, "AWSPREVIOUS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(secrets.ChatTokenKey, tt.env)
			_, err := secrets.LoadSigning(context.Background(), tt.client, secrets.ChatTokenKey)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

func TestDevKeysAreSeparate(t *testing.T) {
	d := secrets.DevKeys("dev-webhook-secret")
	seen := map[string]bool{"dev-webhook-secret": true}
	for _, k := range []string{d.ChatToken, d.CustomerToken, d.LinkSigning} {
		if seen[k] || len(k) < secrets.MinKeyLen {
			t.Errorf("dev key %q repeats another or is short", k)
		}
		seen[k] = true
	}
	if secrets.DevKeys("other").CustomerToken == d.CustomerToken {
		t.Error("dev keys do not depend on the webhook secret")
	}
}

func TestLoadTracking(t *testing.T) {
	tests := []struct {
		name, env, value string
		want             map[string]string
		err              string
	}{
		{"both", "arn:t", `{"easypost":"sécret","aftership":"as"}`, map[string]string{"easypost": "sécret", "aftership": "as"}, ""},
		{"one off", "arn:t", `{"easypost":"","aftership":"as"}`, map[string]string{"aftership": "as"}, ""},
		{"unset", "", `{}`, nil, "TRACKING_SECRET_ARN"},
		{"not json", "arn:t", `easypost=x`, nil, "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(secrets.TrackingWebhooks, tt.env)
			got, err := secrets.LoadTracking(context.Background(), fakeStages{values: map[string]string{"AWSCURRENT": tt.value}})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || len(got) != len(tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
			for k, v := range tt.want {
				if string(got[k]) != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}
