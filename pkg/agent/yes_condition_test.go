package agent

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// wait15's line, in code: a yes with a question about what happens after
// (or a remark) runs what was stated; a yes held by a condition, one that
// doubts what was stated, or one that changes it runs nothing; a question
// while a proposal waits keeps it waiting (stated again).
func TestYesWithMoreDecides(t *testing.T) {
	addr := conversation.Proposal{Tool: toolname.ChangeAddress,
		Statement: "I'll change the shipping address of order #1001 to: Maya Okafor, 12 Elm St, Cambridge, MA 02139, US."}
	cancel := conversation.Proposal{Tool: toolname.CancelOrder,
		Statement: "I'll cancel order #1001 (1 × Pour-Over Coffee Kit (Walnut) and 1 × Unbleached Paper Filters (Pack of 100)) and refund $85.51 to your original payment method.",
		Lines:     []conversation.ProposalLine{{Title: "Pour-Over Coffee Kit", Quantity: 1}, {Title: "Unbleached Paper Filters", Quantity: 1}}}
	const (
		runs = "runs"
		held = "held" // stated again, nothing run
		no   = "no"   // neither: lapsed, declined or another request
	)
	for _, tc := range []struct {
		text string
		p    conversation.Proposal
		want string
	}{
		// Runs: a question about what follows, a remark, a settled doubt.
		{"wait is it 02139 or 02138... yes 02139 is right. go ahead, and when will it ship?", addr, runs},
		{"yes pls. will i get an email when it actually moves?", addr, runs},
		{"yes pls. will i get an email when it actually moves?", cancel, runs},
		{"ys corect, will i get a tracking number?", addr, runs},
		{"yes 02139 is right", addr, runs},
		{"yess thank u!! my old place is being sold lol", addr, runs},
		{"yes cancel it. how long till the refund shows up on my card?", cancel, runs},
		{"yes go ahead, sorry for the trouble!", cancel, runs},
		{"yes if possible", cancel, runs},
		{"hmm ok... yes go ahead", cancel, runs},
		{"yes, that's the whole order", cancel, runs},
		{"yes that's correct, is it still 3 to 7 business days?", addr, runs},
		{"ok yes but will it still ship this week?", addr, runs},

		// Held: a condition, a doubt, a question between two values, a
		// question about another order.
		{"yes if the refund is full", cancel, held},
		{"yeah as long as i get all my money back", cancel, held},
		{"yes onyl if i get the full refund", cancel, held},
		{"ja, aber nur wenn ich alles zurückbekomme", cancel, held},
		{"oui, seulement si le remboursement est complet", cancel, held},
		{"sí, siempre que me devuelvan todo", cancel, held},
		{"yes but is it the whole order?", cancel, held},
		{"yes, is that everything on the order?", cancel, held},
		{"sí pero ¿es todo el pedido?", cancel, held},
		{"yes but is that the elm st one?", addr, held},
		{"yes is it 02139?", addr, held},
		{"wait is it 02139 or 02138?", addr, held},
		{"if i order only the kit again, is shipping free?", cancel, held},

		// Never runs: another value, a doubt left unsettled, a no.
		{"yes but make it 02138", addr, no},
		{"yes, wait no, 02138", addr, no},
		{"wait is it 02139 or 02138... yes 02138 is right", addr, no},
		{"wait is it 02139 or 02138... yes go ahead", addr, no},
		{"yes please, my old place please", addr, no},
		{"yes but send it to my old place", addr, no},
		{"no wait... yes go ahead", cancel, no},
	} {
		ct := consentPart(tc.text, tc.p)
		yes := (AffirmativeTo(ct, tc.p.Tool) || YesWithAside(ct, tc.p)) && AsksOther(ct, tc.p) == "" && asksAmount(ct, tc.p, true) == ""
		got := no
		switch {
		case yes:
			got = runs
		case YesIf(tc.text, tc.p.Tool) || yesDoubts(soften(tc.text), tc.p.Tool) || AsksWhichOrAside(tc.text, tc.p) || AsksAside(tc.text, tc.p) || YesButAsks(tc.text, tc.p):
			got = held
		}
		if got != tc.want {
			t.Errorf("%q to %s: %s, want %s", tc.text, tc.p.Tool, got, tc.want)
		}
	}
}

// A yes to the agent's own offer of a person may carry thanks; one that
// asks for something else is no yes to the person.
func TestTakesPersonOffer(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"yes please that would be great, thanks so much", true},
		{"yes, that'd be great thanks", true},
		{"yes please, a human would be great", true},
		{"ok just give me part of my money back then", false},
	} {
		if got := takesPersonOffer(tc.text); got != tc.want {
			t.Errorf("takesPersonOffer(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
