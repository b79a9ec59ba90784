package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Asking to add to an order is about the order, not a product's guide
// nor its status: the agent cannot add items, says so, and offers a
// person; nothing is written.
func TestAddToOrder(t *testing.T) {
	const maya = "maya.okafor@example.com"
	runHeldOut(t, []heldOut{
		{name: "add something", order: "#1001", email: maya, text: "can i add something to my order",
			noProposal: true, mention: []string{"add"}, notTools: []string{toolname.SearchDocs, toolname.TrackOrder}},
		{name: "add a second pack", order: "#1001", email: maya, text: "can I add a second filter pack?",
			noProposal: true, mention: []string{"add"}, notTools: []string{toolname.SearchDocs}},
		{name: "add one more", order: "#1001", email: maya, text: "is it possible to add one more thing to the order before it ships?",
			noProposal: true, mention: []string{"add"}},
	})
	// Each reply offers a person and quotes no guide.
	base, log := demoStack(t)
	for _, text := range []string{"can i add something to my order", "can I add a second filter pack?"} {
		got := chat(t, base, log, "#1001", maya).say(text)
		if !strings.Contains(got.reply, "member of our team") || len(quotedDocs(got.reply)) > 0 {
			t.Errorf("%q: reply %q, want no guide quoted and a person offered", text, got.reply)
		}
	}
}

// Units already in a return are not offered again when the customer
// is asked which items to return.
func TestWhichItemsLeavesOutReturned(t *testing.T) {
	const samuel = "samuel.whitfield@example.com"
	base, log := demoStack(t)
	c := chat(t, base, log, "#1006", samuel)
	c.say("I want to return the mugs")
	if got := c.say("yes"); got.status(toolname.StartReturn) == "" {
		t.Fatalf("return not run: actions %v", got.actions)
	}
	got := c.say("I'd like to return something else")
	if !strings.Contains(got.reply, "Which items") {
		t.Fatalf("reply %q, want the question which items", got.reply)
	}
	if strings.Contains(got.reply, "Mug") {
		t.Errorf("reply %q offers the mugs already in a return", got.reply)
	}
	if !strings.Contains(got.reply, "Coffee Kit") {
		t.Errorf("reply %q leaves out the item still returnable", got.reply)
	}
}

// Damage words of other languages give a return the same reason as
// English ones.
func TestForeignDamageReason(t *testing.T) {
	const samuel = "samuel.whitfield@example.com"
	for _, text := range []string{
		"I want to return the mugs, they arrived broken",
		"Quiero devolver las tazas, llegaron rotas",
		"Ich möchte die Tassen zurückgeben, sie sind kaputt angekommen",
		"Je veux retourner les tasses, elles sont arrivées cassées",
	} {
		t.Run(text, func(t *testing.T) {
			base, log := demoStack(t)
			got := chat(t, base, log, "#1006", samuel).say(text)
			if !got.called(toolname.StartReturn) && !got.called(toolname.ReportDamage) {
				t.Fatalf("tools %v, want a return or a damage report", got.toolNames())
			}
			if got.called(toolname.StartReturn) && got.arg(toolname.StartReturn, "reason") != `"DEFECTIVE"` {
				t.Errorf("start_return reason %s, want DEFECTIVE", got.arg(toolname.StartReturn, "reason"))
			}
		})
	}
}
