package agent_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// "Cancel the replacement" with the model naming the original (a hosted
// model reads its number from the conversation): the proposal is to
// cancel the replacement, never the original; a message about no
// replacement, or one naming the original, cancels the order named.
func TestCancelTheReplacementOriginalNamed(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{"I don't need the replacement any more, please cancel the replacement", "#1002-R"},
		{"nvm dont send the new one", "#1002-R"},
		// The customer names the original: theirs to name.
		{"cancel order #1002 as well as the replacement", "#1002"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			f := setup(t)
			withResolver(f)
			freeReplacement(t, f)
			c := adaConv()
			c.CurrentOrder = "#1002"
			f.turn(t, c, tc.text, 1, use(toolname.CancelOrder, `{"order_number":"#1002"}`), say("ok"))
			if p := c.Pending; p == nil || p.Tool != toolname.CancelOrder || p.Order != tc.want || (tc.want == "#1002-R" && p.Amount != 0) {
				t.Fatalf("proposal %+v, want cancel_order of %s; result %s", p, tc.want, f.model.lastResult(t))
			}
		})
	}
}
