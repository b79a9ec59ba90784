package agent_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A yes with more than one clause of consent, then a question, confirms
// exactly what was stated; a question or a clause that names other terms
// (another address, a number the statement does not hold, "but") never
// does.
func TestYesThenAsks(t *testing.T) {
	addr := conversation.Proposal{Tool: toolname.ChangeAddress,
		Statement: "I'll change the shipping address of order #1001 to: Maya Okafor, 22 Elm Street, Cambridge, MA 02139, US."}
	cancel := conversation.Proposal{Tool: toolname.CancelOrder,
		Statement: "I'll cancel order #1001 (1 × Pour-Over Coffee Kit (Walnut) and 1 × Unbleached Paper Filters (Pack of 100)) and refund $85.51 to your original payment method.",
		Lines:     []conversation.ProposalLine{{Title: "Pour-Over Coffee Kit", Quantity: 1}, {Title: "Unbleached Paper Filters", Quantity: 1}}}
	ret := conversation.Proposal{Tool: toolname.StartReturn, Resolution: "refund",
		Statement: "I'll start a return of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006.",
		Lines:     []conversation.ProposalLine{{Title: "Harbor Stoneware Mug", Variant: "Sea Glass / 12 oz", Quantity: 1}}}
	promise := conversation.Proposal{Tool: toolname.FollowUp,
		Statement: "If your parcel of order #1004 hasn't arrived by Friday, December 11, I'll send a replacement at no cost and let you know here."}
	for _, tc := range []struct {
		text    string
		p       conversation.Proposal
		confirm bool
	}{
		// Confirms: consent clauses, then a question about what follows.
		{"yes change it. and will the shipping date change?", addr, true},
		{"yes, will the delivery date change?", addr, true},
		{"yep go ahead, how long does delivery take after that?", addr, true},
		{"ok do it. will it still arrive this week?", addr, true},
		{"yess thats correct, does it still ship soon?", addr, true},
		{"yes please, thanks! when will it ship?", addr, true},
		{"yes update it - whats the new delivery date?", addr, true},
		{"yes, will it still go out by the 12th?", addr, true},
		{"yes that's correct, is it still 3 to 7 business days?", addr, true},
		{"yes cancel. will the refund go back to my card?", cancel, true},
		{"yes cancel it, how long does the refund take?", cancel, true},
		{"yes start it. when do i get my money back?", ret, true},
		// Trial 9a: a promise set up with a question about what follows.
		{"sure, set that up. will i get an email when it ships?", promise, true},
		{"yes ok do that. when would i hear from you?", promise, true},

		// Never confirms: the question or a clause changes the terms.
		{"yes but can it be the other address?", addr, false},
		{"yes, but make it 24 Elm Street instead", addr, false},
		{"yes but can the zip be 02140?", addr, false},
		{"yes, could you send it to my office instead?", addr, false},
		{"yes but only if it still ships today?", addr, false},
		{"yes.. wait can you add apt 3 to that?", addr, false},
		{"yes, will it go to 24 Elm Street?", addr, false},
		{"yes, is that my work address?", addr, false},
		{"yes, will it go to another address?", addr, false},
		{"yes change it. is apt 4 on it?", addr, false},
		{"yes change it to 24 Elm Street, will that work?", addr, false},
		{"yes change it. and will the address be my office?", addr, false},
		{"yes go ahead. will it go to my moms house?", addr, false},
		{"yes, will the zip change to 02140?", addr, false},
		{"yes change it and can you also cancel the filters?", addr, false},
		{"yes cancel. can i keep the coffee kit?", cancel, false},
		{"yes cancel, will you keep the filters out of it?", cancel, false},
		{"yes cancel it? what does that mean?", cancel, false},
		{"yes start it. will that be for both mugs?", ret, false},
		{"sure, set that up. will you send it to my office instead?", promise, false},
		{"yes start it, will it be store credit?", ret, false},
		{"yes? no wait, when would it ship?", addr, false},
		{"change it. when will it ship?", addr, false},
	} {
		got := agent.AffirmativeTo(tc.text, tc.p.Tool) && agent.AsksOther(tc.text, tc.p) == ""
		if got != tc.confirm {
			t.Errorf("%q to %s: confirms %v (AffirmativeTo %v, AsksOther %q), want %v", tc.text, tc.p.Tool, got,
				agent.AffirmativeTo(tc.text, tc.p.Tool), agent.AsksOther(tc.text, tc.p), tc.confirm)
		}
	}
}

// AfterYes is the question a yes carries once its consent is dropped.
func TestAfterYes(t *testing.T) {
	for _, tc := range []struct{ text, tool, want string }{
		{"confirmed. whats the total on the order btw", toolname.ChangeAddress, "whats the total on the order btw"},
		{"yes change it. and will the shipping date change?", toolname.ChangeAddress, "and will the shipping date change?"},
		{"yes", toolname.ChangeAddress, ""},
		{"where is it", toolname.ChangeAddress, ""},
	} {
		if got := agent.AfterYes(tc.text, tc.tool); got != tc.want {
			t.Errorf("AfterYes(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
