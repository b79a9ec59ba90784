package offline

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// The resolution a message asks for, in plain words (typos included);
// asking for a return in so many words stays a return.
func TestResolutionTool(t *testing.T) {
	tests := []struct{ text, want string }{
		{"please cancel my order", agent.ToolCancelOrder},
		{"can you cancle my order pls", agent.ToolCancelOrder},
		{"cancel my return please", ""},
		{"it says delivered but I never got it", agent.ToolReportNotReceived},
		{"tracking shows delivered but there's no parcel here", agent.ToolReportNotReceived},
		{"my order arrived broken, the mug is cracked in half", agent.ToolReportDamage},
		{"the mug arrived broken, I want to return it", ""},
		{"can I swap the mug for the charcoal one?", agent.ToolExchangeItem},
		{"where is my order?", ""},
	}
	for _, tt := range tests {
		if got := resolutionTool(tt.text); got != tt.want {
			t.Errorf("resolutionTool(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
