package offline

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A how-to or care question is no damage report, and swapping the
// address is no exchange; a report of damage, a cancellation asked how
// and an exchange still are.
func TestResolutionToolHowToAndAddress(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"how do i get tea stains out of the mug", ""},
		{"any tips for getting coffee stains out of the jug?", ""},
		{"how should I clean the scratched pan", ""},
		{"can i swap the shipping adress?", ""},
		{"I'd like to swap the address to 12 Oak St", ""},
		{"the mug arrived with a stain on it", toolname.ReportDamage},
		{"the vase arrived broken", toolname.ReportDamage},
		{"how do I cancel my order?", toolname.CancelOrder},
		{"how do i get a replacement, the vase arrived broken", toolname.ReportDamage},
		{"can I swap the notebook for the A6 one?", toolname.ExchangeItem},
	} {
		if got := resolutionTool(tc.text); got != tc.want {
			t.Errorf("resolutionTool(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
