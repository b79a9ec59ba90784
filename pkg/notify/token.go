package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// Token purposes: a token signed for one cannot be used for another.
const (
	PurposeUnsubscribe = "unsubscribe"
	PurposeTrack       = "track"
)

// ErrBadToken is a token that is malformed or not signed by us.
var ErrBadToken = errors.New("link is not valid")

// SignToken signs payload for purpose under key: base64url(payload) "."
// base64url(first 16 bytes of HMAC-SHA256(key, purpose NUL payload)). It
// does not expire: unsubscribe and tracking links in old mail keep working.
func SignToken(key []byte, purpose, payload string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(mac(key, purpose, payload))
}

// VerifyToken returns the payload of a token signed for purpose under key.
func VerifyToken(key []byte, purpose, token string) (string, error) {
	if len(key) == 0 || len(token) > 2048 {
		return "", ErrBadToken
	}
	p, s, ok := strings.Cut(strings.TrimSpace(token), ".")
	if !ok {
		return "", ErrBadToken
	}
	payload, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return "", ErrBadToken
	}
	sig, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !hmac.Equal(sig, mac(key, purpose, string(payload))) {
		return "", ErrBadToken
	}
	return string(payload), nil
}

func mac(key []byte, purpose, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(payload))
	return m.Sum(nil)[:16]
}

// TrackToken signs a link to an order's tracking page.
func TrackToken(key []byte, shop, orderID string) string {
	return SignToken(key, PurposeTrack, shop+"|"+orderID)
}

// VerifyTrackToken returns the shop and order id of a tracking link.
func VerifyTrackToken(key []byte, token string) (shop, orderID string, err error) {
	p, err := VerifyToken(key, PurposeTrack, token)
	if err != nil {
		return "", "", err
	}
	shop, orderID, ok := strings.Cut(p, "|")
	if !ok || shop == "" || orderID == "" {
		return "", "", ErrBadToken
	}
	return shop, orderID, nil
}
