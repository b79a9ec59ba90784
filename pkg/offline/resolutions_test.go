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

// "Says delivered but never arrived", in the customer's languages, and a
// whole parcel gone (stolen from the door) are not-received reports, not
// a return-window question or an item missing from a box that came.
func TestNotReceivedForms(t *testing.T) {
	tests := []struct{ text, want string }{
		{"dice entregado pero no me llegó nada", toolname.ReportNotReceived},
		{"aparece como entregado pero nunca llegó", toolname.ReportNotReceived},
		{"figura como entregado pero no he recibido nada", toolname.ReportNotReceived},
		{"es steht zugestellt, aber ich habe nichts bekommen", toolname.ReportNotReceived},
		{"laut Sendungsverfolgung zugestellt, aber nie angekommen", toolname.ReportNotReceived},
		{"il est indiqué livré mais je n'ai rien reçu", toolname.ReportNotReceived},
		{"le suivi dit livré mais le colis n'est jamais arrivé", toolname.ReportNotReceived},
		{"parcel's gone missing, someone must have nicked it from my porch", toolname.ReportNotReceived},
		{"I think my package was stolen from the doorstep", toolname.ReportNotReceived},
		{"a porch pirate got my delivery", toolname.ReportNotReceived},
		{"the box arrived without the lid", toolname.ReportDamage},
		{"one item is missing from the parcel", toolname.ReportDamage},
		{"can I still send it back?", ""},
	}
	for _, tt := range tests {
		if got := resolutionTool(tt.text); got != tt.want {
			t.Errorf("resolutionTool(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
