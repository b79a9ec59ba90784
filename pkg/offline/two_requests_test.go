package offline_test

import (
	"strings"
	"testing"
)

// Issue 16 trial: a cancellation and an address change in one message
// are both handled: the first is stated, the second kept and stated once
// the first is answered, for its own yes.
func TestCancelAndAddressInOneMessage(t *testing.T) {
	for _, tc := range []struct {
		name, msg   string
		first, next string // tools: stated now, then after the yes
	}{
		{"cancel then address", "cancel the order please, and also can you change the address to 42 Elm Street, Portland, OR 97201?", "cancel_order", "change_address"},
		{"address then cancel", "change the shipping address to 42 Elm Street, Portland, OR 97201, and actually also cancel the order", "change_address", "cancel_order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, "#1001", "maya.okafor@example.com")
			out := c.say(tc.msg)
			if out.status(tc.first) != "proposed" || out.status(tc.next) != "queued_next" {
				t.Fatalf("actions %+v, want %s proposed and %s queued next", out.actions, tc.first, tc.next)
			}
			if !strings.Contains(out.reply, "next") {
				t.Errorf("reply %q does not say the other request comes next", out.reply)
			}
			out = c.say("yes")
			t.Logf("after yes: %q %+v", out.reply, out.actions)
			if out.status(tc.first) == "" {
				t.Fatalf("actions %+v, want %s settled", out.actions, tc.first)
			}
			stated := strings.Contains(out.reply, "Now your other request") && out.status(tc.next) == "proposed"
			refusedAloud := strings.Contains(out.reply, "Your other request") && out.status(tc.next) == "refused"
			if !stated && !refusedAloud {
				t.Errorf("reply %q does not take up the other request (actions %+v)", out.reply, out.actions)
			}
		})
	}
}
