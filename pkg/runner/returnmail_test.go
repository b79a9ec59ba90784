package runner_test

import (
	"strings"
	"testing"
)

// A return started in the chat gets the same mail as one started on the
// tracking page: the instructions (or label), once.
func TestChatReturnMailsInstructions(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	c.say("I want to return the coffee kit")
	reply, _ := c.say("yes")
	wantIn(t, reply, "email")
	n := 0
	for _, e := range outboxTo(t, srv, "samuel.whitfield@example.com") {
		if strings.Contains(e.Subject, "Your return for order #1006") {
			n++
			wantIn(t, e.Text, "Pour-Over Coffee Kit")
		}
	}
	if n != 1 {
		t.Errorf("%d return mails, want 1", n)
	}
}
