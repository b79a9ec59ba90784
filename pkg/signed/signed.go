// Package signed makes and checks doorstep's signed tokens: chat bearer
// tokens, storefront customer tokens, CSAT links, unsubscribe and tracking
// links, console sessions. One format for all of them:
//
//	<expiry>.<field>.<field>...<mac>
//
// expiry is the Unix time in seconds after which the token is refused, in
// decimal ("0": it never expires); each field is base64url (no padding) of
// one value; mac is base64url of HMAC-SHA256(key, "doorstep-signed-v1" NUL
// purpose NUL signed), where signed is the token up to its last dot. The
// purpose (what the token is for, e.g. "chat-conversation") is in the MAC
// and not in the token, so a token made for one purpose never verifies for
// another.
//
// A Keyring signs with its current key and verifies with the current key
// or any previous one, so a key can be rotated without refusing the tokens
// already handed out (see pkg/secrets for where the keys come from).
package signed

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Purpose says what a token is for; it is bound into the signature.
type Purpose string

// The purposes doorstep signs for. Each is used by exactly one kind of token.
const (
	ChatConversation   Purpose = "chat-conversation"   // pkg/chat bearer tokens
	StorefrontCustomer Purpose = "storefront-customer" // tokens a storefront mints for a signed-in customer
	CSATRating         Purpose = "csat-rating"         // one-click rating links
	Unsubscribe        Purpose = "unsubscribe"         // shipping-mail opt-out links
	TrackOrder         Purpose = "track-order"         // tracking-page links
	ConsoleSession     Purpose = "console-session"     // the local console's session cookie
	SMSStop            Purpose = "sms-stop"            // the short opt-out link in each text message (pkg/sms)
	ReturnForm         Purpose = "return-form"         // the tracking page's return forms (a verified order)
)

// MaxLen bounds a token, in bytes: longer input is refused unread.
const MaxLen = 2048

// Errors of Verify.
var (
	ErrInvalid = errors.New("token is not valid")
	ErrExpired = errors.New("token has expired")
)

var b64 = base64.RawURLEncoding.Strict()

const domain = "doorstep-signed-v1"

// Claims are what a verified token says.
type Claims struct {
	Fields []string
	// Expires is when it stops verifying; zero: never.
	Expires time.Time
}

// Keys are a key to sign with and older keys still accepted.
type Keys struct {
	Current  []byte
	Previous [][]byte
}

// Keyring signs and verifies tokens. Its keys may be reloaded (Reload):
// when a token fails to verify under every key it holds and the last load
// is older than MinReload, it loads again and tries once more, so an
// instance started before a rotation accepts tokens signed with the new
// key; and it loads again before signing once MaxAge has passed, so it
// stops signing with a retired key. The zero value has no key: it signs
// nothing that verifies and verifies nothing.
type Keyring struct {
	// Reload, when set, reads the keys again (e.g. from Secrets Manager).
	Reload func(ctx context.Context) (Keys, error)
	// MinReload is the least time between two loads (default 30s);
	// MaxAge how long keys are used for signing before a load (default
	// 10m).
	MinReload, MaxAge time.Duration
	// Now is the clock for reloads (default time.Now).
	Now func() time.Time
	// OnReloadError, when set, hears a failed reload (the old keys stay).
	OnReloadError func(error)

	mu       sync.RWMutex
	keys     Keys
	loadedAt time.Time
}

// NewKeyring returns a keyring that signs with current and also accepts
// previous keys. Empty keys are ignored.
func NewKeyring(current []byte, previous ...[]byte) *Keyring {
	k := &Keyring{}
	k.Set(Keys{Current: current, Previous: previous}, time.Time{})
	return k
}

// Set replaces the keys, loaded at the given time.
func (k *Keyring) Set(keys Keys, loadedAt time.Time) {
	clean := Keys{Current: append([]byte(nil), keys.Current...)}
	for _, p := range keys.Previous {
		if len(p) > 0 && !hmac.Equal(p, keys.Current) {
			clean.Previous = append(clean.Previous, append([]byte(nil), p...))
		}
	}
	k.mu.Lock()
	k.keys, k.loadedAt = clean, loadedAt
	k.mu.Unlock()
}

func (k *Keyring) now() time.Time {
	if k.Now != nil {
		return k.Now()
	}
	return time.Now()
}

// reload loads the keys when a load is due: older than age.
func (k *Keyring) reload(age time.Duration) bool {
	if k.Reload == nil {
		return false
	}
	now := k.now()
	k.mu.RLock()
	due := now.Sub(k.loadedAt) >= age
	k.mu.RUnlock()
	if !due {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	keys, err := k.Reload(ctx)
	if err != nil || len(keys.Current) == 0 {
		if err == nil {
			err = errors.New("reloaded keys have no current key")
		}
		// Wait MinReload before trying again rather than on every token.
		k.mu.Lock()
		k.loadedAt = now
		k.mu.Unlock()
		if k.OnReloadError != nil {
			k.OnReloadError(err)
		}
		return false
	}
	k.Set(keys, now)
	return true
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func mac(key []byte, p Purpose, signed string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(domain))
	m.Write([]byte{0})
	m.Write([]byte(p))
	m.Write([]byte{0})
	m.Write([]byte(signed))
	return b64.EncodeToString(m.Sum(nil))
}

// Sign returns a token for p carrying fields, refused after expires (zero:
// never expires). A nil keyring signs nothing: "".
func (k *Keyring) Sign(p Purpose, expires time.Time, fields ...string) string {
	if k == nil {
		return ""
	}
	k.reload(orDefault(k.MaxAge, 10*time.Minute))
	var b strings.Builder
	if expires.IsZero() {
		b.WriteString("0")
	} else {
		b.WriteString(strconv.FormatInt(max(expires.Unix(), 1), 10))
	}
	for _, f := range fields {
		b.WriteByte('.')
		b.WriteString(b64.EncodeToString([]byte(f)))
	}
	k.mu.RLock()
	key := k.keys.Current
	k.mu.RUnlock()
	s := b.String()
	return s + "." + mac(key, p, s)
}

// Verify checks a token made for p at now and returns what it carries:
// ErrInvalid when it is malformed, for another purpose or not signed with
// any of the keys, ErrExpired when it is genuine but past its expiry.
func (k *Keyring) Verify(p Purpose, token string, now time.Time) (Claims, error) {
	signed, sig, ok := split(token)
	if !ok || p == "" || k == nil {
		return Claims{}, ErrInvalid
	}
	if !k.check(p, signed, sig) {
		if !k.reload(orDefault(k.MinReload, 30*time.Second)) || !k.check(p, signed, sig) {
			return Claims{}, ErrInvalid
		}
	}
	parts := strings.Split(signed, ".")
	exp, err := parseExpiry(parts[0])
	if err != nil {
		return Claims{}, ErrInvalid
	}
	c := Claims{Fields: make([]string, 0, len(parts)-1)}
	for _, f := range parts[1:] {
		v, err := b64.DecodeString(f)
		if err != nil {
			return Claims{}, ErrInvalid
		}
		c.Fields = append(c.Fields, string(v))
	}
	if exp != 0 {
		c.Expires = time.Unix(exp, 0)
		if now.Unix() > exp {
			return c, ErrExpired
		}
	}
	return c, nil
}

// check reports whether sig is signed's MAC for p under any key held.
func (k *Keyring) check(p Purpose, signed, sig string) bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	ok := false
	for i := -1; i < len(k.keys.Previous); i++ {
		key := k.keys.Current
		if i >= 0 {
			key = k.keys.Previous[i]
		}
		if len(key) == 0 {
			continue
		}
		// Compare the encoded MACs: any change to the text fails.
		if hmac.Equal([]byte(mac(key, p, signed)), []byte(sig)) {
			ok = true
		}
	}
	return ok
}

// split checks a token's shape (only base64url characters, digits and
// dots; an expiry and a MAC) and cuts off its MAC.
func split(token string) (signed, sig string, ok bool) {
	if len(token) == 0 || len(token) > MaxLen {
		return "", "", false
	}
	for i := 0; i < len(token); i++ {
		c := token[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return "", "", false
		}
	}
	i := strings.LastIndexByte(token, '.')
	if i <= 0 || i == len(token)-1 {
		return "", "", false
	}
	return token[:i], token[i+1:], true
}

// parseExpiry reads the canonical decimal expiry: no sign, no leading zero.
func parseExpiry(s string) (int64, error) {
	if s == "" || len(s) > 1 && s[0] == '0' || len(s) > 19 {
		return 0, ErrInvalid
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, ErrInvalid
		}
	}
	return strconv.ParseInt(s, 10, 64)
}
