package notify

import (
	"errors"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/signed"
)

// ErrBadToken is a token that is malformed or not signed by us.
var ErrBadToken = errors.New("link is not valid")

// Links in mail do not expire: unsubscribe and tracking links in old mail
// keep working for as long as their key is current or previous
// (pkg/secrets: two rotations retire them).
var never time.Time

// UnsubscribeToken signs an opt-out link for a customer of shop.
func UnsubscribeToken(keys *signed.Keyring, shop, email string) string {
	return keys.Sign(signed.Unsubscribe, never, shop, email)
}

// VerifyUnsubscribeToken returns the shop and email of an opt-out link.
func VerifyUnsubscribeToken(keys *signed.Keyring, token string) (shop, email string, err error) {
	return verifyPair(keys, signed.Unsubscribe, token)
}

// TrackToken signs a link to an order's tracking page.
func TrackToken(keys *signed.Keyring, shop, orderID string) string {
	return keys.Sign(signed.TrackOrder, never, shop, orderID)
}

// VerifyTrackToken returns the shop and order id of a tracking link.
func VerifyTrackToken(keys *signed.Keyring, token string) (shop, orderID string, err error) {
	return verifyPair(keys, signed.TrackOrder, token)
}

func verifyPair(keys *signed.Keyring, p signed.Purpose, token string) (string, string, error) {
	if keys == nil {
		return "", "", ErrBadToken
	}
	c, err := keys.Verify(p, token, time.Now())
	if err != nil || len(c.Fields) != 2 || c.Fields[0] == "" || c.Fields[1] == "" {
		return "", "", ErrBadToken
	}
	return c.Fields[0], c.Fields[1], nil
}
