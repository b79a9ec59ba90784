package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Store credit asked for after a return was stated again by a message
// naming no item ("both of them") keeps the stated return's items (a
// second trial of issue 18 was asked which items, three times, and then
// got the coffee kit's return).
func TestCreditAfterRestatedReturn(t *testing.T) {
	base, log := heldoutStack(t)
	c := chat(t, base, &log.toolLog, "#1006", "samuel.whitfield@example.com")
	c.say("i want to return the mugs, dont really like the colour")
	c.say("both of them")
	got := c.say("could i get store credit instead of a refund?")
	if !got.hasStatus(toolname.StartReturn, "proposed") {
		t.Fatalf("no return proposed: actions %v\nreply: %s", got.actions, got.reply)
	}
	if !strings.Contains(got.reply, "2 × Harbor Stoneware Mug") || strings.Contains(got.reply, "Coffee Kit") {
		t.Errorf("the return proposed is not the two mugs: %s", got.reply)
	}
	if !strings.Contains(strings.ToLower(got.reply), "store credit") {
		t.Errorf("the return proposed is not for store credit: %s", got.reply)
	}
}
