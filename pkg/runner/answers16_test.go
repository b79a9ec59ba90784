package runner_test

import (
	"strings"
	"testing"
)

// Trial findings on issue 16 (answers16): each through the chat on the
// runner, the offline model and the demo shop.

// The conversation's context shows the writes made in it: after a damage
// refund and store credit on #1006, "where is my refund?" names the
// refund, not a return waiting for the items.
func TestAnswersRefundStatusAfterWritesInTheConversation(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	for _, m := range []string{"my order arrived broken, the mug is cracked in half", "I'd like a refund for it", "yes",
		"I want to return the coffee kit for store credit", "yes"} {
		c.say(m)
	}
	if got := ofType(shopActions(t, srv), "refund"); len(got) != 1 || got[0].Amount != "24.00" {
		t.Fatalf("refunds %+v", got)
	}
	if got := ofType(shopActions(t, srv), "store_credit"); len(got) != 1 {
		t.Fatalf("credits %+v", got)
	}
	reply, acts := c.say("where is my refund?")
	wantIn(t, reply, "refund on order #1006", "$24.00")
	if strings.Contains(reply, "once the items are back") || strings.Contains(reply, "kept") {
		t.Errorf("reply %q talks of a return waiting", reply)
	}
	if len(acts) != 0 {
		t.Errorf("actions %v", statusesOf(acts))
	}
}
