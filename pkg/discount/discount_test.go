package discount

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestGenerate(t *testing.T) {
	seen := map[string]bool{}
	for i := range 2000 {
		c, err := Generate(PrefixThanks, nil)
		if err != nil {
			t.Fatal(err)
		}
		if seen[c] {
			t.Fatalf("draw %d repeated %s", i, c)
		}
		seen[c] = true
		rest, ok := strings.CutPrefix(c, PrefixThanks+"-")
		if !ok || len(rest) != 14 || rest[4] != '-' || rest[9] != '-' {
			t.Fatalf("%s: want THANKS-XXXX-XXXX-XXXX", c)
		}
		for _, r := range strings.ReplaceAll(rest, "-", "") {
			if strings.ContainsRune("0O1ILUV", r) || !strings.ContainsRune(Alphabet, r) {
				t.Fatalf("%s holds %q", c, r)
			}
		}
		if p, ok := Parse(c); !ok || p != c {
			t.Fatalf("Parse(%s) = %q, %v", c, p, ok)
		}
	}
}

// Bytes at or above the rejection limit are skipped, so the characters are
// uniform: 255 is never used, byte 0 is the first character.
func TestGenerateRejects(t *testing.T) {
	src := bytes.NewReader(append(bytes.Repeat([]byte{255}, 24), bytes.Repeat([]byte{0, 29, 28}, 16)...))
	got, err := Generate(PrefixFriend, src)
	if err != nil {
		t.Fatal(err)
	}
	if want := "FRIEND-AA9A-A9AA-9AA9"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := Generate(PrefixFriend, bytes.NewReader(nil)); err == nil {
		t.Error("an empty source gave a code")
	}
	if _, err := Generate("thanks", nil); err == nil {
		t.Error("a lower-case prefix was accepted")
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"THANKS-7KQ2-M9XD-4TPA", "THANKS-7KQ2-M9XD-4TPA", true},
		{" thanks 7kq2 m9xd 4tpa ", "THANKS-7KQ2-M9XD-4TPA", true},
		{"thanks7kq2m9xd4tpa", "THANKS-7KQ2-M9XD-4TPA", true},
		{"FRIEND-7KQ2-M9XD-4TPA", "FRIEND-7KQ2-M9XD-4TPA", true},
		{"THANKS-7KQ2-M9XD-4TP", "", false},   // short
		{"THANKS-7KQ2-M9XD-4TPAA", "", false}, // long
		{"THANKS-7KQ2-M9XD-4TP0", "", false},  // 0 is not in the alphabet
		{"THANKS-7KQ2-M9XD-4TPO", "", false},  // nor O
		{"THANKYOU10", "", false},
		{"SAVE-7KQ2-M9XD-4TPA", "", false},
		{"THANKS-7KQ2-M9XD-4TPÄ", "", false},
		{"", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := Parse(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Parse(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
	if got := Normalise(" summer20 "); got != "SUMMER20" {
		t.Errorf("Normalise of a merchant's own code = %q", got)
	}
}

func TestValue(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Value
		ok   bool
	}{
		{"percent", Value{Percent: 10}, true},
		{"amount", Value{Amount: 500, Currency: "USD"}, true},
		{"nothing", Value{}, false},
		{"both", Value{Percent: 10, Amount: 500, Currency: "USD"}, false},
		{"over 100%", Value{Percent: 101}, false},
		{"amount without currency", Value{Amount: 500}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.v.Valid(); (err == nil) != tc.ok {
				t.Errorf("Valid() = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

type creator func(context.Context, Request) (Discount, error)

func (f creator) CreateDiscount(ctx context.Context, r Request) (Discount, error) { return f(ctx, r) }

func TestIssue(t *testing.T) {
	start := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	req := Request{Shop: "s.myshopify.com", Value: Value{Percent: 10}, StartsAt: start, EndsAt: start.Add(30 * 24 * time.Hour)}
	for _, tc := range []struct {
		name     string
		taken    int // the first taken codes are refused as taken
		fail     error
		wantErr  bool
		wantSent int
	}{
		{"first code", 0, nil, false, 1},
		{"taken twice, the third is made", 2, nil, false, 3},
		{"always taken", Attempts, nil, true, Attempts},
		{"shop refuses", 0, errors.New("access denied"), true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sent []string
			c := creator(func(_ context.Context, r Request) (Discount, error) {
				sent = append(sent, r.Code)
				switch {
				case len(sent) <= tc.taken:
					return Discount{}, ErrTaken
				case tc.fail != nil:
					return Discount{}, tc.fail
				}
				return Discount{ID: "gid://shopify/DiscountCodeNode/1", Code: r.Code}, nil
			})
			d, err := Issue(context.Background(), c, PrefixThanks, req)
			if (err != nil) != tc.wantErr || len(sent) != tc.wantSent {
				t.Fatalf("err %v after %d codes; want error %v after %d", err, len(sent), tc.wantErr, tc.wantSent)
			}
			if err == nil && d.Code != sent[len(sent)-1] {
				t.Errorf("issued %s, but the shop made %s", d.Code, sent[len(sent)-1])
			}
			seen := map[string]bool{}
			for _, s := range sent {
				if seen[s] {
					t.Errorf("code %s tried twice", s)
				}
				seen[s] = true
			}
		})
	}
	bad := req
	bad.EndsAt = bad.StartsAt
	if _, err := Issue(context.Background(), creator(nil), PrefixThanks, bad); err == nil {
		t.Error("a code that ends when it starts was issued")
	}
}

// FuzzParse: whatever a customer types, a parsed code is in its one written
// form (parsing it again changes nothing), holds only the prefix, hyphens
// and the alphabet, and the same code typed in lower case without
// separators parses to it too.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"THANKS-7KQ2-M9XD-4TPA", "friend 7kq2m9xd4tpa", "THANKYOU10", "", "THANKS-----", "thanks\t7KQ2M9XD4TPA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := Parse(s)
		if !ok {
			if c != "" {
				t.Fatalf("Parse(%q) failed but gave %q", s, c)
			}
			return
		}
		again, ok2 := Parse(c)
		if !ok2 || again != c {
			t.Fatalf("Parse(%q) = %q, but Parse(%q) = %q, %v", s, c, c, again, ok2)
		}
		prefix, rest, _ := strings.Cut(c, "-")
		if prefix != PrefixThanks && prefix != PrefixFriend {
			t.Fatalf("%q has prefix %q", c, prefix)
		}
		for _, r := range strings.ReplaceAll(rest, "-", "") {
			if !strings.ContainsRune(Alphabet, r) {
				t.Fatalf("%q holds %q", c, r)
			}
		}
		if low, ok := Parse(strings.ToLower(strings.ReplaceAll(c, "-", ""))); !ok || low != c {
			t.Fatalf("lower-case %q parsed to %q, %v", c, low, ok)
		}
	})
}
