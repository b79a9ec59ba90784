package signed_test

import (
	"slices"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/signed"
)

var purposes = []signed.Purpose{signed.ChatConversation, signed.StorefrontCustomer, signed.CSATRating,
	signed.Unsubscribe, signed.TrackOrder, signed.ConsoleSession}

// FuzzToken signs fuzzed fields and checks the properties every token has:
// it verifies for its purpose with the fields it was given; it never
// verifies for another purpose or under another key; and any change to its
// text (the fuzzed edit at a fuzzed place) makes it fail. Fuzzed text as a
// token never panics and never verifies.
func FuzzToken(f *testing.F) {
	f.Add("shop.myshopify.com", "abc123", "", int64(1767225600), uint8(0), uint16(3), "x", "0.YQ.AAAA")
	f.Add("", "a|b", "ü\x00\xff", int64(0), uint8(2), uint16(60), "", "")
	f.Add("s", "", "5", int64(-5), uint8(4), uint16(0), "..", "1.YQ")
	f.Fuzz(func(t *testing.T, a, b, c string, exp int64, purpose uint8, at uint16, edit, junk string) {
		k := signed.NewKeyring([]byte("fuzz-key"), []byte("fuzz-old"))
		p := purposes[int(purpose)%len(purposes)]
		var expires time.Time
		if exp > 0 {
			expires = time.Unix(exp%(1<<40), 0)
		}
		fields := []string{a, b, c}
		tok := k.Sign(p, expires, fields...)
		before := expires.Add(-time.Second)
		if expires.IsZero() {
			before = time.Unix(1<<40, 0)
		}
		claims, err := k.Verify(p, tok, before)
		if len(tok) > signed.MaxLen {
			if err == nil {
				t.Fatalf("token longer than MaxLen verified")
			}
			return
		}
		if err != nil || !slices.Equal(claims.Fields, fields) {
			t.Fatalf("Verify(Sign(%q)) = %q, %v", fields, claims.Fields, err)
		}
		for _, q := range purposes {
			if _, err := k.Verify(q, tok, before); q != p && err == nil {
				t.Fatalf("a %s token verified as %s", p, q)
			}
		}
		if _, err := signed.NewKeyring([]byte("another")).Verify(p, tok, before); err == nil {
			t.Fatal("verified under another key")
		}
		i := int(at) % (len(tok) + 1)
		j := min(len(tok), i+len(edit)%3)
		mutated := tok[:i] + edit + tok[j:]
		if mutated != tok {
			if _, err := k.Verify(p, mutated, before); err == nil {
				t.Fatalf("changed token %q verified (genuine %q)", mutated, tok)
			}
		}
		if junk != tok {
			if _, err := k.Verify(p, junk, before); err == nil {
				t.Fatalf("fuzzed text %q verified", junk)
			}
		}
	})
}
