package agent

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A yes to a damage proposal with a question whether the item goes back
// or is kept consents to it as stated (state16); a yes with other terms
// does not.
func TestYesAsksKeep(t *testing.T) {
	line := []conversation.ProposalLine{{Title: "Harbor Stoneware Mug", Quantity: 1}}
	kept := conversation.Proposal{Tool: toolname.ReportDamage, Resolution: "replacement", KeepIt: true, Lines: line}
	back := conversation.Proposal{Tool: toolname.ReportDamage, Resolution: "replacement", Lines: line}
	ret := conversation.Proposal{Tool: toolname.StartReturn, Lines: line}
	for _, tc := range []struct {
		text string
		p    conversation.Proposal
		want bool
	}{
		{"yes send the right one please. and do i keep the small one?", kept, true},
		{"yes go ahead. should i post the wrong one back to you?", kept, true},
		{"yes pls, do i retrun the wrong one?", kept, true},
		{"yes pls. do i hav to send the wrong one back?", kept, true},
		{"yes. can i keep it then?", kept, true},
		{"sí, envíenla. ¿tengo que devolver la equivocada?", kept, true},
		{"ja bitte, muss ich die falsche Tasse zurückschicken?", kept, true},
		{"oui, dois-je renvoyer la mauvaise ?", kept, true},
		{"yes please, do i have to ship the wrong kit back?", back, true},
		{"yes. what do i do with the one you sent by mistake?", back, true},
		{"yes, can i keep the broken one", back, false}, // other terms: it comes back
		{"yes - can I keep the box?", kept, false},
		{"yes but can i keep it instead of a refund?", kept, false},
		{"yes if i can keep it", kept, false},
		{"no, do i have to send it back?", kept, false},
		{"do i have to send it back?", kept, false},
		{"yes, do i have to send it back?", ret, false},
		{"yes", kept, false},
	} {
		if got := YesAsksKeep(tc.text, tc.p); got != tc.want {
			t.Errorf("YesAsksKeep(%q, keep %v, %s) = %v, want %v", tc.text, tc.p.KeepIt, tc.p.Tool, got, tc.want)
		}
	}
}
