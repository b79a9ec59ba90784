package chat

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
)

// ConversationToken is the bearer token of one conversation: shop and id,
// good until expires, signed with the deployment's chat token key
// (purpose chat-conversation).
func ConversationToken(keys *signed.Keyring, shop, id string, expires time.Time) string {
	return keys.Sign(signed.ChatConversation, expires, shop, id)
}

var errToken = errors.New("invalid or expired token")

// ParseConversationToken checks a bearer token at now and returns its shop
// and conversation id.
func ParseConversationToken(keys *signed.Keyring, token string, now time.Time) (shop, id string, err error) {
	if keys == nil {
		return "", "", errToken
	}
	c, err := keys.Verify(signed.ChatConversation, token, now)
	if err != nil || len(c.Fields) != 2 || c.Fields[0] == "" || c.Fields[1] == "" || c.Expires.IsZero() {
		return "", "", errToken
	}
	return c.Fields[0], c.Fields[1], nil
}

// CustomerToken is what a storefront gives a signed-in customer's widget:
// the shop, the customer's email and an expiry, signed with the storefront
// customer token key (its own secret, never the Shopify webhook secret;
// purpose storefront-customer). README.md shows how to mint one.
func CustomerToken(keys *signed.Keyring, shop, email string, expires time.Time) string {
	return keys.Sign(signed.StorefrontCustomer, expires, strings.ToLower(shop), order.NormaliseEmail(email))
}

// ParseCustomerToken checks a storefront customer token for shop at now and
// returns the customer's email.
func ParseCustomerToken(keys *signed.Keyring, shop, token string, now time.Time) (string, error) {
	if keys == nil {
		return "", errToken
	}
	c, err := keys.Verify(signed.StorefrontCustomer, token, now)
	if err != nil || len(c.Fields) != 2 || c.Expires.IsZero() || !strings.EqualFold(c.Fields[0], shop) || !strings.Contains(c.Fields[1], "@") {
		return "", errToken
	}
	return order.NormaliseEmail(c.Fields[1]), nil
}

// newID returns a random conversation id.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
