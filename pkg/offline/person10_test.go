package offline_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// TestCasualPersonAsk: a person asked for in passing ("yes get me a
// person" two turns after one was offered, "ok get me someone then") is
// handed over, as a plain "I want to speak to a person" is (trial 9b).
func TestCasualPersonAsk(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup []string
		text  string
	}{
		{"yes get me a person", []string{"where is my order", "thanks"}, "yes get me a person"},
		{"ok get me someone then", []string{"where is my order"}, "ok get me someone then"},
		{"transfer me", nil, "can you transfer me to your team"},
		{"put me through", nil, "just put me through to someone pls"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, "#1003", "daniel.reyes@example.com")
			for _, s := range tc.setup {
				c.say(s)
			}
			if got := c.say(tc.text); !got.called(toolname.Handover) {
				t.Errorf("%q: tools %v, reply %q: want a handover", tc.text, got.toolNames(), got.reply)
			}
		})
	}
}
