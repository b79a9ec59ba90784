package typo_test

import (
	"testing"

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
