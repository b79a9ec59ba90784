package signed_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/signed"
)

var now = time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)

func TestSignVerify(t *testing.T) {
	k := signed.NewKeyring([]byte("current-key"))
	old := signed.NewKeyring([]byte("old-key"))
	rotated := signed.NewKeyring([]byte("current-key"), []byte("old-key"))
	other := signed.NewKeyring([]byte("someone-else"))
	tok := k.Sign(signed.ChatConversation, now.Add(time.Hour), "shop.myshopify.com", "abc|def", "")
	tests := []struct {
		name    string
		ring    *signed.Keyring
		purpose signed.Purpose
		token   string
		at      time.Time
		want    error
	}{
		{"genuine", k, signed.ChatConversation, tok, now, nil},
		{"genuine at its expiry second", k, signed.ChatConversation, tok, now.Add(time.Hour), nil},
		{"expired", k, signed.ChatConversation, tok, now.Add(time.Hour + time.Second), signed.ErrExpired},
		{"another purpose", k, signed.CSATRating, tok, now, signed.ErrInvalid},
		{"another key", other, signed.ChatConversation, tok, now, signed.ErrInvalid},
		{"old key after rotation", rotated, signed.ChatConversation, old.Sign(signed.ChatConversation, now.Add(time.Hour), "a"), now, nil},
		{"old key once retired", k, signed.ChatConversation, old.Sign(signed.ChatConversation, now.Add(time.Hour), "a"), now, signed.ErrInvalid},
		{"empty", k, signed.ChatConversation, "", now, signed.ErrInvalid},
		{"no mac", k, signed.ChatConversation, "0.YQ", now, signed.ErrInvalid},
		{"padded field", k, signed.ChatConversation, strings.Replace(tok, ".", "=.", 1), now, signed.ErrInvalid},
		{"too long", k, signed.ChatConversation, k.Sign(signed.ChatConversation, time.Time{}, strings.Repeat("x", signed.MaxLen)), now, signed.ErrInvalid},
		{"no key signs nothing", &signed.Keyring{}, signed.ChatConversation, (&signed.Keyring{}).Sign(signed.ChatConversation, time.Time{}), now, signed.ErrInvalid},
		{"empty purpose", k, "", k.Sign("", time.Time{}), now, signed.ErrInvalid},
		{"nil keyring", nil, signed.ChatConversation, tok, now, signed.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.ring.Verify(tt.purpose, tt.token, tt.at)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}

	c, err := rotated.Verify(signed.ChatConversation, tok, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"shop.myshopify.com", "abc|def", ""}; !slices.Equal(c.Fields, want) || !c.Expires.Equal(now.Add(time.Hour)) {
		t.Errorf("claims = %+v, want %q until %v", c, want, now.Add(time.Hour))
	}
	var none *signed.Keyring
	if tok := none.Sign(signed.ChatConversation, time.Time{}, "x"); tok != "" {
		t.Errorf("a nil keyring signed %q", tok)
	}
	forever := k.Sign(signed.Unsubscribe, time.Time{}, "x")
	if c, err := k.Verify(signed.Unsubscribe, forever, now.AddDate(50, 0, 0)); err != nil || !c.Expires.IsZero() {
		t.Errorf("a token with no expiry: %+v, %v", c, err)
	}
}

// TestEveryByteChangeFails changes each byte of a genuine token to every
// other token character, deletes it and duplicates it: nothing verifies.
func TestEveryByteChangeFails(t *testing.T) {
	k := signed.NewKeyring([]byte("k"))
	tok := k.Sign(signed.CSATRating, now.Add(time.Hour), "shop", "conv", "5")
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
	tried := 0
	check := func(m string) {
		t.Helper()
		if m == tok {
			return
		}
		tried++
		if _, err := k.Verify(signed.CSATRating, m, now); err == nil {
			t.Fatalf("changed token %q verified (genuine %q)", m, tok)
		}
	}
	for i := range len(tok) {
		for _, c := range []byte(alphabet) {
			check(tok[:i] + string(c) + tok[i+1:])
		}
		check(tok[:i] + tok[i+1:])
		check(tok[:i] + tok[i:i+1] + tok[i:])
	}
	if tried < len(tok)*len(alphabet) {
		t.Fatalf("tried only %d changes", tried)
	}
}

func TestReload(t *testing.T) {
	clock := now
	loads := 0
	current := signed.Keys{Current: []byte("k1")}
	k := &signed.Keyring{Now: func() time.Time { return clock }, Reload: func(context.Context) (signed.Keys, error) {
		loads++
		return current, nil
	}}
	k.Set(current, clock)
	newer := signed.NewKeyring([]byte("k2"), []byte("k1"))
	// Another instance rotated: a token signed with the new key makes this
	// one load the keys again, once.
	current = signed.Keys{Current: []byte("k2"), Previous: [][]byte{[]byte("k1")}}
	clock = clock.Add(time.Minute)
	if _, err := k.Verify(signed.ChatConversation, newer.Sign(signed.ChatConversation, time.Time{}, "a"), clock); err != nil || loads != 1 {
		t.Fatalf("token under the new key: %v after %d loads", err, loads)
	}
	// Junk does not load again within MinReload.
	for range 5 {
		if _, err := k.Verify(signed.ChatConversation, "0.AAAA", clock); err == nil {
			t.Fatal("junk verified")
		}
	}
	if loads != 1 {
		t.Fatalf("junk caused %d loads", loads)
	}
	// Signing with keys older than MaxAge loads first.
	current = signed.Keys{Current: []byte("k3"), Previous: [][]byte{[]byte("k2")}}
	clock = clock.Add(11 * time.Minute)
	tok := k.Sign(signed.ChatConversation, time.Time{}, "b")
	if _, err := signed.NewKeyring([]byte("k3")).Verify(signed.ChatConversation, tok, clock); err != nil || loads != 2 {
		t.Fatalf("signed after MaxAge: %v after %d loads", err, loads)
	}
	// A failed load keeps the keys.
	var reported error
	k.OnReloadError = func(err error) { reported = err }
	k.Reload = func(context.Context) (signed.Keys, error) { return signed.Keys{}, errors.New("denied") }
	clock = clock.Add(time.Hour)
	tok = k.Sign(signed.ChatConversation, time.Time{}, "c")
	if _, err := signed.NewKeyring([]byte("k3")).Verify(signed.ChatConversation, tok, clock); err != nil || reported == nil {
		t.Fatalf("after a failed load: %v, reported %v", err, reported)
	}
}
