package agent

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A yes with a question or a new problem beside it confirms the proposal
// as stated; a yes whose other part changes it does not (multi13).
func TestYesWithAside(t *testing.T) {
	addr := conversation.Proposal{Tool: toolname.ChangeAddress, Statement: "I'll change the shipping address of order #1001 to: Maya Okafor, 42 Elm Street, Portland, OR 97201, US."}
	mug := conversation.Proposal{Tool: toolname.ReportDamage, Resolution: "replacement", Lines: []conversation.ProposalLine{{Title: "Harbor Stoneware Mug", Quantity: 1}}}
	cancel := conversation.Proposal{Tool: toolname.CancelOrder, Lines: []conversation.ProposalLine{{Title: "Pour-Over Coffee Kit", Quantity: 1}, {Title: "Unbleached Paper Filters", Quantity: 1}}}
	for _, tc := range []struct {
		text string
		p    conversation.Proposal
		want bool
	}{
		{"yep that's it. also how do i oil the board, it's going grey", addr, true},
		{"ok yes but will it still ship this week?", addr, true},
		{"yea thats it,, also wen does it ship", addr, true},
		{"sí, perfecto. y cuánto costó el kit de café?", addr, true},
		{"oui c'est bon. et le kit, il est de quelle couleur ?", addr, true},
		{"ja bitte. ist der Becher eigentlich spülmaschinenfest?", mug, true},
		{"yes. oh and the board has a big crack too", mug, true},
		{"ok yes go ahead. also the kit came without the scoop", mug, true},
		{"sí, gracias. ah y la jarra también llegó rota", mug, true},
		{"yes", addr, false},
		{"yes but to my office instead", addr, false},
		{"ok yes, but send it to 15 Oak Lane, Salem, MA 01970 instead", addr, false},
		{"yes but only the filters", cancel, false},
		{"yes but can i keep the filters?", cancel, false},
		{"yes - can I keep the box?", mug, false},
		{"yes, can i keep the broken one", mug, false},
		{"yes, but can I throw the broken glass away instead?", mug, false},
		{"yes but no", addr, false},
		{"yes but only if it still ships today?", addr, false},
		{"yes. the board has a crack", mug, false},
		{"yes, will that be store credit?", mug, false},
		{"yes and both mugs are chipped", mug, false},
	} {
		if got := YesWithAside(tc.text, tc.p); got != tc.want {
			t.Errorf("YesWithAside(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
