package offline

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The resolution a damage report asks for is the one the customer wants,
// not one they turn down (issue 16 trial: "A refund please, I don't want
// another one" was read as a replacement); a return asked for in so many
// words with a replacement wanted is a damage report for a replacement.
func TestDamageChoiceTurnedDown(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"A refund please, I don't want another one.", "refund"},
		{"I'd like a refund, no need for a replacement", "refund"},
		{"not a refund, send me a new one", "replacement"},
		{"I don't want a refund, please replace it", "replacement"},
		{"replacement please", "replacement"},
		{"Can I get a refund for it?", "refund"},
		{"I don't want another one", ""},
		{"No, a refund please", "refund"},
	} {
		if got := damageChoice(tc.text); got != tc.want {
			t.Errorf("damageChoice(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	for _, tc := range []struct{ text, want string }{
		{"I want to return the cracked mug, photo attached, I'd like a replacement", toolname.ReportDamage},
		{"the mug arrived broken, I want to return it", ""},
	} {
		if got := resolutionTool(tc.text); got != tc.want {
			t.Errorf("resolutionTool(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
