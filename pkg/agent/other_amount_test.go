package agent_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A figure of the customer's own in answer to a refund's statement is
// not consent to the statement's figure (scope12: "sure, though i'd like
// $95 back" ran the $25.68 refund).
func TestAsksOtherAmount(t *testing.T) {
	refund := conversation.Proposal{Tool: toolname.ReportDamage, Resolution: "refund", Amount: 2568, Currency: "USD",
		Lines: []conversation.ProposalLine{{Title: "Harbor Stoneware Mug", Quantity: 1}}}
	noMoney := conversation.Proposal{Tool: toolname.ChangeAddress}
	for _, tc := range []struct {
		text string
		p    conversation.Proposal
		want string
	}{
		{"yes, but make it $120", refund, "$120.00"},
		{"sure, though i'd like $95 back", refund, "$95.00"},
		{"ok but can you do 150 dollars instead?", refund, "$150.00"},
		{"yes please but refund $1,200 not that", refund, "$1,200.00"},
		{"yes, $25.68 is fine", refund, ""},
		{"yes", refund, ""},
		{"yes, the mug was $24 though", refund, "$24.00"},
		{"yes but make it $120", noMoney, ""},
		{"yes, 2 of them", refund, ""},
	} {
		if got := agent.AsksOtherAmount(tc.text, tc.p); got != tc.want {
			t.Errorf("AsksOtherAmount(%q, %s) = %q, want %q", tc.text, tc.p.Tool, got, tc.want)
		}
	}
}
