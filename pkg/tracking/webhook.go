package tracking

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/doorstep-ai/doorstep/pkg/httpjson"
)

// MaxBody is the largest webhook body accepted.
const MaxBody = 1 << 20

// Signature headers.
const (
	// HeaderEasyPost carries "hmac-sha256-hex=<hex HMAC-SHA256 of the body
	// under the webhook secret>".
	HeaderEasyPost = "X-Hmac-Signature"
	// HeaderAfterShip carries the base64 HMAC-SHA256 of the body under the
	// webhook secret.
	HeaderAfterShip = "aftership-hmac-sha256"
)

// SignEasyPost is the X-Hmac-Signature value EasyPost sends for body: the
// hex HMAC-SHA256 of the body under the secret normalised to Unicode NFKD,
// as EasyPost's own client libraries compute it (a secret typed as "sécret"
// with a precomposed é is keyed as "se\u0301cret").
func SignEasyPost(secret, body []byte) string {
	m := hmac.New(sha256.New, easyPostKey(secret))
	m.Write(body)
	return "hmac-sha256-hex=" + hex.EncodeToString(m.Sum(nil))
}

// easyPostKey is the HMAC key EasyPost uses for a webhook secret: the
// secret in Unicode NFKD. ASCII secrets are unchanged.
func easyPostKey(secret []byte) []byte { return norm.NFKD.Bytes(secret) }

// SignAfterShip is the aftership-hmac-sha256 value AfterShip sends for body.
func SignAfterShip(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Verify checks a provider's signature header on body. The comparison is
// constant-time; an empty secret or signature never verifies.
func Verify(provider string, secret, body []byte, header string) bool {
	header = strings.TrimSpace(header)
	if len(secret) == 0 || header == "" {
		return false
	}
	key := secret
	if provider == EasyPost {
		key = easyPostKey(secret)
	}
	m := hmac.New(sha256.New, key)
	m.Write(body)
	want := m.Sum(nil)
	var got []byte
	var err error
	switch provider {
	case EasyPost:
		hexSig, ok := strings.CutPrefix(header, "hmac-sha256-hex=")
		if !ok {
			return false
		}
		got, err = hex.DecodeString(hexSig)
	case AfterShip:
		got, err = base64.StdEncoding.DecodeString(header)
	default:
		return false
	}
	return err == nil && hmac.Equal(got, want)
}

func signatureHeader(provider string) string {
	if provider == EasyPost {
		return HeaderEasyPost
	}
	return HeaderAfterShip
}

// ServeHTTP is POST /webhooks/tracking/{provider}: 200 when applied,
// recorded, a duplicate or ignored; 401 when a secret is set and the
// signature is missing or wrong, or no secret is set and RequireSignature
// (nothing stored); 400 for a body that is
// not the provider's JSON; 413 over 1 MiB; 404 for an unknown provider.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	provider := strings.ToLower(r.PathValue("provider"))
	if provider != EasyPost && provider != AfterShip {
		httpjson.Error(w, http.StatusNotFound, "not_found", "unknown tracking provider: use easypost or aftership")
		return
	}
	if r.Method != http.MethodPost {
		httpjson.Error(w, http.StatusMethodNotAllowed, "method_not_allowed", "use POST")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		httpjson.Error(w, http.StatusBadRequest, "bad_request", "could not read the body")
		return
	}
	if len(body) > MaxBody {
		httpjson.Error(w, http.StatusRequestEntityTooLarge, "too_large", "webhook body is over 1 MiB")
		return
	}
	ctx := r.Context()
	secret := s.Secrets[provider]
	if len(secret) == 0 && s.RequireSignature {
		s.log().WarnContext(ctx, "tracking webhook refused: no secret set", "provider", provider, "status", 401)
		httpjson.Error(w, http.StatusUnauthorized, "unauthenticated", "webhooks from this provider are not enabled: set its webhook secret")
		return
	}
	if len(secret) > 0 && !Verify(provider, secret, body, r.Header.Get(signatureHeader(provider))) {
		s.log().WarnContext(ctx, "tracking webhook refused", "provider", provider, "status", 401)
		httpjson.Error(w, http.StatusUnauthorized, "unauthenticated", "webhook signature missing or wrong")
		return
	}
	u, err := Parse(provider, body)
	var pe *PayloadError
	switch {
	case errors.Is(err, ErrNotTracking):
		httpjson.Write(w, http.StatusOK, map[string]string{"status": OutcomeIgnored})
		return
	case errors.As(err, &pe):
		s.log().WarnContext(ctx, "tracking webhook refused", "provider", provider, "status", 400)
		httpjson.Error(w, http.StatusBadRequest, "bad_request", pe.Error())
		return
	case err != nil:
		httpjson.Error(w, http.StatusBadRequest, "bad_request", "unreadable body")
		return
	}
	outcome, err := s.Apply(ctx, u)
	if err != nil {
		s.log().ErrorContext(ctx, "tracking webhook failed", "provider", provider, "event_id", u.EventID, "err", err)
		httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	s.log().InfoContext(ctx, "tracking webhook", "provider", provider, "event_id", u.EventID, "outcome", outcome)
	httpjson.Write(w, http.StatusOK, map[string]string{"status": outcome})
}
