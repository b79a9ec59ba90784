package offline_test

import (
	"strings"
	"testing"
)

// Issue 16 trial: a cancellation and an address change in one message
// are both handled. Issue 18 trial ("pls cancel my order and also change
// the addres back", only the address change stated): whichever comes
// first, the cancellation is stated and the address change set aside as
// moot, said in the reply (agent/moot.go); the yes runs the cancellation
// and states nothing more.
func TestCancelAndAddressInOneMessage(t *testing.T) {
	for _, tc := range []struct {
		name, msg   string
		first, next string // tools: stated now, then after the yes
	}{
		{"cancel then address", "cancel the order please, and also can you change the address to 42 Elm Street, Portland, OR 97201?", "cancel_order", "change_address"},
		{"address then cancel", "change the shipping address to 42 Elm Street, Portland, OR 97201, and actually also cancel the order", "cancel_order", "change_address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, "#1001", "maya.okafor@example.com")
			out := c.say(tc.msg)
			if out.status(tc.first) != "proposed" || out.hasStatus(tc.next, "proposed") || out.hasStatus(tc.next, "queued_next") {
				t.Fatalf("actions %+v, want %s proposed and %s neither stated nor kept", out.actions, tc.first, tc.next)
			}
			if !strings.Contains(out.reply, "address change") {
				t.Errorf("reply %q does not say why the address change is not set out", out.reply)
			}
			out = c.say("yes")
			t.Logf("after yes: %q %+v", out.reply, out.actions)
			if out.status(tc.first) == "" {
				t.Fatalf("actions %+v, want %s settled", out.actions, tc.first)
			}
			if out.status(tc.next) != "" || strings.Contains(out.reply, "Now your other request") {
				t.Errorf("reply %q took up the moot address change (actions %+v)", out.reply, out.actions)
			}
			if got := two15Summary(shopActions(t, base)); strings.Join(got, "|") != "cancel #1001" {
				t.Errorf("shop writes %v, want the cancellation only", got)
			}
		})
	}
}
