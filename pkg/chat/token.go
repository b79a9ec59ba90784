package chat

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

var b64 = base64.RawURLEncoding

func mac(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// signed is "<base64url payload>.<base64url HMAC-SHA256(key, payload)>".
func signed(key []byte, payload string) string {
	return b64.EncodeToString([]byte(payload)) + "." + b64.EncodeToString(mac(key, payload))
}

func open(key []byte, token string) (string, bool) {
	p, s, ok := strings.Cut(token, ".")
	if !ok || len(token) > 2048 {
		return "", false
	}
	payload, err1 := b64.DecodeString(p)
	sig, err2 := b64.DecodeString(s)
	if err1 != nil || err2 != nil || !hmac.Equal(sig, mac(key, string(payload))) {
		return "", false
	}
	return string(payload), true
}

// ConversationToken is the bearer token of one conversation: shop, id and
// expiry, signed with the deployment's token key.
func ConversationToken(key []byte, shop, id string, expires time.Time) string {
	return signed(key, strings.Join([]string{"conv", shop, id, strconv.FormatInt(expires.Unix(), 10)}, "|"))
}

var errToken = errors.New("invalid or expired token")

// ParseConversationToken checks a bearer token at now and returns its shop
// and conversation id.
func ParseConversationToken(key []byte, token string, now time.Time) (shop, id string, err error) {
	payload, ok := open(key, token)
	if !ok {
		return "", "", errToken
	}
	parts := strings.Split(payload, "|")
	if len(parts) != 4 || parts[0] != "conv" {
		return "", "", errToken
	}
	exp, err := strconv.ParseInt(parts[3], 10, 64)
	if err != nil || now.Unix() > exp {
		return "", "", errToken
	}
	return parts[1], parts[2], nil
}

// CustomerToken is what a storefront gives a signed-in customer's widget:
// the customer's email and an expiry, signed with the shop's secret:
// base64url("<email>|<unix expiry>") + "." + base64url(HMAC-SHA256(secret, "<email>|<unix expiry>")).
func CustomerToken(shopSecret []byte, email string, expires time.Time) string {
	return signed(shopSecret, order.NormaliseEmail(email)+"|"+strconv.FormatInt(expires.Unix(), 10))
}

// ParseCustomerToken checks a storefront customer token and returns the
// customer's email.
func ParseCustomerToken(shopSecret []byte, token string, now time.Time) (string, error) {
	payload, ok := open(shopSecret, token)
	if !ok {
		return "", errToken
	}
	email, expRaw, ok := strings.Cut(payload, "|")
	exp, err := strconv.ParseInt(expRaw, 10, 64)
	if !ok || err != nil || now.Unix() > exp || !strings.Contains(email, "@") {
		return "", errToken
	}
	return order.NormaliseEmail(email), nil
}

// newID returns a random conversation id.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
