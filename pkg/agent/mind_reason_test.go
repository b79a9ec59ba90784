package agent_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A return the customer asks for with a change of mind carries the
// change-of-mind reason (UNWANTED) in its proposal, whatever reason the
// model gave: the shop records the proposal's reason, and a change of
// mind recorded as DEFECTIVE is a wrong write. Damage in the same words,
// or no words of a change of mind, leaves the model's reason.
func TestMindReason(t *testing.T) {
	tests := []struct {
		name, text, reason, want string
	}{
		{"unused credit as defective", "the coffee kit: unused, changed my mind, store credit", "DEFECTIVE", "UNWANTED"},
		{"never used as unknown", "i never used the coffee kit, can i send it back", "", "UNWANTED"},
		{"es changed mind", "el coffee kit: no lo usé, cambié de opinión", "DEFECTIVE", "UNWANTED"},
		{"de unused", "das coffee kit ist unbenutzt, ich habe es mir anders überlegt", "DEFECTIVE", "UNWANTED"},
		{"fr changed mind", "le coffee kit: j'ai changé d'avis, jamais utilisé", "WRONG_ITEM", "UNWANTED"},
		{"damage too", "changed my mind on the coffee kit as it arrived cracked", "DEFECTIVE", "DEFECTIVE"},
		{"damage only", "the coffee kit arrived broken", "DEFECTIVE", "DEFECTIVE"},
		{"colour stands", "never used the coffee kit, just don't like the colour", "COLOR", "COLOR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			c := adaConv()
			c.CurrentOrder = "#1003"
			in := `{"items":[{"title":"coffee kit"}]}`
			if tt.reason != "" {
				in = `{"items":[{"title":"coffee kit"}],"reason":"` + tt.reason + `"}`
			}
			f.turn(t, c, tt.text, 1, use(toolname.StartReturn, in), say("ok"))
			if c.Pending == nil {
				t.Fatalf("no proposal; result %s", f.model.lastResult(t))
			}
			if got := c.Pending.Reason; got != tt.want {
				t.Errorf("proposal reason %q, want %q (statement %q)", got, tt.want, c.Pending.Statement)
			}
		})
	}
}
