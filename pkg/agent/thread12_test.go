package agent_test

import (
	"encoding/json"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Part of an order named beside the rest the customer keeps ("still want
// everything else") is part, not the whole (thread12: a cancellation of
// the whole order was proposed); the whole order asked for is the whole.
func TestCancelPartBesideEverythingElse(t *testing.T) {
	for _, tc := range []struct {
		text    string
		refused bool
	}{
		{"can u just cancel the gift wrap part? still want everything else", true},
		{"cancel the gift wrap, i want all the rest", true},
		{"cancel everything", false},
		{"cancel everything else too", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			f := setup(t)
			shop := withResolver(f)
			c := adaConv()
			c.CurrentOrder = "#1002"
			f.turn(t, c, tc.text, 1, use(toolname.CancelOrder, `{"order_number":"#1002"}`), say("ok"))
			var r map[string]any
			_ = json.Unmarshal([]byte(f.model.lastResult(t)), &r)
			if got := r["status"] == "refused"; got != tc.refused {
				t.Fatalf("result %v, want refused %v", r, tc.refused)
			}
			if len(shop.cancels) != 0 {
				t.Errorf("cancels %+v", shop.cancels)
			}
		})
	}
}
