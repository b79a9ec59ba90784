// Package shopify is the Shopify adapter: webhook signatures and payloads
// normalised into the order domain (webhook.go, payload.go), and the Admin
// GraphQL API client that makes the agent's writes (admin.go, admins.go).
package shopify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// Webhook headers Shopify sends with every delivery.
const (
	HeaderTopic       = "X-Shopify-Topic"
	HeaderHMAC        = "X-Shopify-Hmac-Sha256"
	HeaderShopDomain  = "X-Shopify-Shop-Domain"
	HeaderEventID     = "X-Shopify-Event-Id"
	HeaderWebhookID   = "X-Shopify-Webhook-Id"
	HeaderTriggeredAt = "X-Shopify-Triggered-At"
	HeaderAPIVersion  = "X-Shopify-API-Version"
)

// Sign returns the base64 HMAC-SHA256 of body under secret, as Shopify puts
// it in X-Shopify-Hmac-Sha256.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature is body's HMAC under secret. The
// comparison is constant-time; an empty secret or signature never verifies.
func Verify(secret, body []byte, signature string) bool {
	if len(secret) == 0 || signature == "" {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}
