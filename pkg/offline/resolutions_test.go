package offline

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The resolution a message asks for, in plain words (typos included);
// asking for a return in so many words stays a return.
func TestResolutionTool(t *testing.T) {
	tests := []struct{ text, want string }{
		{"please cancel my order", toolname.CancelOrder},
		{"can you cancle my order pls", toolname.CancelOrder},
		{"cancel my return please", ""},
		{"it says delivered but I never got it", toolname.ReportNotReceived},
		{"tracking shows delivered but there's no parcel here", toolname.ReportNotReceived},
		{"my order arrived broken, the mug is cracked in half", toolname.ReportDamage},
		{"the mug arrived broken, I want to return it", ""},
		{"can I swap the mug for the charcoal one?", toolname.ExchangeItem},
		{"where is my order?", ""},
	}
	for _, tt := range tests {
		if got := resolutionTool(tt.text); got != tt.want {
			t.Errorf("resolutionTool(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
