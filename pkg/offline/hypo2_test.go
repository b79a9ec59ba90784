package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Phrasings from a no-context trial (issue 18): questions about returning
// a delivered order answered, not acted on; a policy about an item's
// condition answered from the guides; a refund asked for again after the
// item was named kept as the return it is; a Spanish return and a
// misspelt one read as the return of the named items.
func TestHeldOutReturnsFourth(t *testing.T) {
	const (
		daniel = "daniel.reyes@example.com"
		samuel = "samuel.whitfield@example.com"
	)
	answer := []string{"until", "return window", "30 days", "30-day"}
	tests := []heldOut{
		{name: "delivered hypo: dont like later", order: "#1006", email: samuel, text: "If I don't like the mugs, could I return them later?",
			noProposal: true, mention: answer},
		{name: "delivered hypo: hypothetically", order: "#1006", email: samuel, text: "hypothetically, what would happen if I returned the kit?",
			noProposal: true, mention: answer},
		{name: "delivered hypo: turns out", order: "#1006", email: samuel, text: "Is it possible to return the kit if it turns out I dont use it?",
			noProposal: true, mention: answer},
		{name: "delivered hypo: how would that work", order: "#1006", email: samuel, text: "What if I wanted to return the mugs, how would that work?",
			noProposal: true, mention: answer},
		{name: "condition: burned", order: "#1003", email: daniel, text: "can I return a candle I already burned?",
			noProposal: true, mention: []string{"burn"}},
		{name: "refund asked again", order: "#1006", email: samuel, before: []string{"I need a refund for something", "the coffee kit"},
			text: "refund please", propose: toolname.StartReturn, stated: "Pour-Over"},
		{name: "es: how do I return", order: "#1006", email: samuel, text: "devuelvo las tazas, como hago?",
			propose: toolname.StartReturn, stated: "Mug"},
		{name: "typos: mugz", order: "#1006", email: samuel, text: "i wnt 2 retrn teh mugz",
			propose: toolname.StartReturn, stated: "Mug"},
	}
	runHeldOut(t, tests)
}

// A refund asked for, the item named, the refund asked again and agreed:
// the return runs once.
func TestRefundAskedAgainRunsOnce(t *testing.T) {
	base, log := demoStack(t)
	c := chat(t, base, log, "#1006", "samuel.whitfield@example.com")
	c.say("I need a refund for something")
	c.say("the coffee kit")
	c.say("refund please")
	got := c.say("yes")
	if !strings.Contains(got.reply, "started the return") {
		t.Errorf("reply %q, want the return started", got.reply)
	}
	n := 0
	for _, a := range got.actions {
		if a["tool"] == toolname.StartReturn && a["status"] == "done" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("actions %v, want one %s run", got.actions, toolname.StartReturn)
	}
}
