package typo_test

import (
	"testing"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/typo"
)

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"skillet", "skillet", 0},
		{"skilet", "skillet", 1},   // deletion
		{"skiillet", "skillet", 1}, // insertion
		{"skullet", "skillet", 1},  // substitution
		{"sklilet", "skillet", 1},  // adjacent swap
		{"", "mug", 3},
		{"café", "cafe", 1}, // runes, not bytes
		{"kettle", "bottle", 2},
	} {
		if got := typo.Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := typo.Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	support := []string{"cancel", "order", "track", "return"}
	for _, tt := range []struct {
		w     string
		words []string
		want  string
	}{
		{"cancle", append([]string{"candle"}, support...), "cancel"}, // a swap of cancel's letters
		{"candel", append(support, "candle"), "candle"},              // a swap of candle's letters
		{"cansel", append([]string{"candle"}, support...), "cancel"},
		{"retrun", support, "return"},
		{"mug", support, ""},
		{"zzzzzz", support, ""},
	} {
		if got, _ := typo.Nearest(tt.w, tt.words, typo.Limit(len(tt.w))); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.w, got, tt.want)
		}
	}
}

// Distance is a metric on what it is given (zero only for equal words,
// symmetric, within the longer word's length), and Nearest never returns
// a word farther than its limit or one nearer words it skipped.
func FuzzDistance(f *testing.F) {
	f.Add("candel", "cancel", "candle")
	f.Add("", "mug", "café")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return // words are text: invalid bytes all read as one rune
		}
		d := typo.Distance(a, b)
		if (d == 0) != (a == b) {
			t.Fatalf("Distance(%q, %q) = %d", a, b, d)
		}
		if d != typo.Distance(b, a) {
			t.Fatalf("Distance(%q, %q) not symmetric", a, b)
		}
		if n := max(len([]rune(a)), len([]rune(b))); d > n {
			t.Fatalf("Distance(%q, %q) = %d > %d", a, b, d, n)
		}
		limit := typo.Limit(len([]rune(a)))
		w, wd := typo.Nearest(a, []string{b, c}, limit)
		switch {
		case w == "" && wd != limit+1 && b != "" && c != "":
			t.Fatalf("Nearest(%q) found nothing at %d", a, wd)
		case w != "" && (wd > limit || wd != typo.Distance(a, w)):
			t.Fatalf("Nearest(%q) = %q at %d, limit %d", a, w, wd, limit)
		case w != "" && min(typo.Distance(a, b), typo.Distance(a, c)) < wd:
			t.Fatalf("Nearest(%q) = %q at %d, a nearer word was skipped", a, w, wd)
		}
	})
}
