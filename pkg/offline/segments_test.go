package offline

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestLayoutParts(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"1) whens it shipping 2) is it dishwasher safe", []string{"whens it shipping", "is it dishwasher safe"}},
		{"- has it left\n- can i change the address", []string{"has it left", "can i change the address"}},
		{"where is it & how do i clean it", []string{"where is it", "how do i clean it"}},
		{"eta + do you gift wrap", []string{"eta", "do you gift wrap"}},
		{"whens it here,can i return it", []string{"whens it here,can i return it"}},
		{"the kit came, where are the candles", []string{"the kit came,", "where are the candles"}},
		{"it arrived fine. how long should it burn", []string{"it arrived fine.", "how long should it burn"}},
		{"ship it to 42 Elm Street, Portland, OR 97201", []string{"ship it to 42 Elm Street, Portland, OR 97201"}},
		{"it takes 3-4 days, right", []string{"it takes 3-4 days, right"}},
	} {
		if got := layoutParts(tc.text); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("layoutParts(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// FuzzLayoutParts: the parts are pieces of the message, in its order, and
// together they keep every letter of it: layout marks are all it drops.
func FuzzLayoutParts(f *testing.F) {
	for _, s := range []string{"1) whens it shipping 2) is the dripper dishwasher safe", "- a\n- b", "x & y; z", "a. how b, is c", "", "1.5 kg", "(3) é ,did"} {
		f.Add(s)
	}
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) {
				return r
			}
			return -1
		}, s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		parts := layoutParts(text)
		rest := text
		for _, p := range parts {
			if p == "" || p != strings.TrimSpace(p) {
				t.Fatalf("part %q is empty or untrimmed", p)
			}
			i := strings.Index(rest, p)
			if i < 0 {
				t.Fatalf("part %q is not in %q after the parts before it", p, rest)
			}
			rest = rest[i+len(p):]
		}
		if !utf8.ValidString(text) {
			return // bytes that are no text: pieces of it is all that is asked
		}
		if got, want := letters(strings.Join(parts, "")), letters(text); got != want {
			t.Fatalf("letters %q, want %q", got, want)
		}
	})
}
