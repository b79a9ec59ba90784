package agent

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A question asked before deciding is an aside, stated again for a yes;
// a no, a withdrawal, a yes, or a question that asks for something else
// is not one.
func TestAsksAside(t *testing.T) {
	refund := conversation.Proposal{Tool: toolname.ReportDamage, Resolution: "refund", Lines: []conversation.ProposalLine{{Quantity: 1}}}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"do i have to send them back?", true},
		{"wait do i need to return the cracked one first", true},
		{"whats your return policy", true},
		{"has it shipped yet?", true},
		{"hmm, when does it arrive?", true},
		{"¿tengo que devolver la taza rota?", true},
		{"Muss ich das Porto zahlen?", true},
		{"je dois renvoyer la tasse ?", true},
		{"no", false},
		{"never mind", false},
		{"wait no, do i have to send it back?", false},
		{"yes, when will it arrive?", false},
		{"could you send a replacement instead?", false},
		{"can i get store credit?", false},
		{"actually make it store credit", false},
		{"can i return the other one too?", false},
		{"i want it sent to my office", false},
		{"ok", false},
	} {
		if got := AsksAside(tc.text, refund); got != tc.want {
			t.Errorf("AsksAside(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// A yes opened with a word of thanks or praise stays a yes; one that
// turns it down or asks for more does not.
func TestPaddedYes(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"great, yes", true},
		{"perfect, go ahead", true},
		{"thanks, yes please", true},
		{"great, no", false},
		{"great", false},
		{"thanks, yes but only one", false},
	} {
		if got := Affirmative(tc.text); got != tc.want {
			t.Errorf("Affirmative(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// A yes that holds back for a question ("yes but will it still arrive on
// time?") is an aside, stated again; a yes whose "but" asks for something
// else, or a plain yes, is not (trial 11a).
func TestYesButAsks(t *testing.T) {
	addr := conversation.Proposal{Tool: toolname.ChangeAddress}
	cancel := conversation.Proposal{Tool: toolname.CancelOrder, Lines: []conversation.ProposalLine{{Title: "Pour-Over Coffee Kit", Quantity: 1}, {Title: "Unbleached Paper Filters", Quantity: 1}}}
	if YesButAsks("yes but can i keep the filters?", cancel) {
		t.Error("a yes that keeps a line out of a cancellation is an aside")
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"yes but will it still arrive on time?", true},
		{"ok but how long does it take to update?", true},
		{"sí, pero ¿cuándo llega?", true},
		{"yes but only the mug?", false},
		{"yes but can i keep the filters?", false},
		{"yes but send it to my office instead", false},
		{"yes but no", false},
		{"yes", false},
		{"yes, when will it arrive?", false},
		{"but will it arrive on time?", false},
	} {
		if got := YesButAsks(tc.text, addr); got != tc.want {
			t.Errorf("YesButAsks(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
