package agent_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A request to cancel part of an order is refused with the reason, never
// proposed as the whole order (#1002: 2 × Blue mug, 1 × Gift wrap, not
// shipped).
func TestCancelPartOfAnOrderIsRefused(t *testing.T) {
	for _, tc := range []struct {
		text    string
		refused bool
	}{
		{"just cancel the gift wrap, keep the mugs", true},
		{"cancel the gift wrap please", true},
		{"cancel my order but keep the mugs", true},
		{"only cancel one of the mugs", true},
		{"please cancel my order", false},
		{"cancel my order with the blue mugs", false},
		{"cancel both the mugs and the gift wrap", false},
		{"cancel everything", false},
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
			if tc.refused && (c.Pending != nil || !strings.Contains(r["reason"].(string), "as a whole")) {
				t.Errorf("pending %+v, result %v", c.Pending, r)
			}
			if !tc.refused && (c.Pending == nil || len(c.Pending.Lines) != 2) {
				t.Errorf("pending %+v", c.Pending)
			}
			if len(shop.cancels) != 0 {
				t.Errorf("cancels %+v", shop.cancels)
			}
		})
	}
}

// Through the Bedrock protocol: the whole order stated, the customer's
// "yes, just the gift wrap" is no yes, whatever the model sends; nothing is
// cancelled.
func TestBedrockNarrowedYesCancelsNothing(t *testing.T) {
	f := setup(t)
	shop := withResolver(f)
	withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 200, "", toolUseBody("tu-1", toolname.CancelOrder, map[string]any{"order_number": "#1002"})
		case 2:
			return 200, "", textBody("Shall I cancel it?")
		case 3:
			return 200, "", toolUseBody("tu-2", toolname.CancelOrder, map[string]any{"confirm": true, "order_number": "#1002"})
		case 4:
			return 200, "", toolUseBody("tu-3", toolname.CancelOrder, map[string]any{"order_number": "#1002"})
		}
		return 200, "", textBody("I can only cancel the whole order.")
	})
	c := adaConv()
	res, err := f.agent.Turn(t.Context(), c, nil, "please cancel #1002", 1)
	if err != nil || c.Pending == nil || len(c.Pending.Lines) != 2 {
		t.Fatalf("Turn: %v, pending %+v", err, c.Pending)
	}
	history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "please cancel #1002"}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
	res, err = f.agent.Turn(t.Context(), c, history, "yes, just the gift wrap", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(shop.cancels) != 0 {
		t.Fatalf("a yes to part cancelled the whole order: %+v", shop.cancels)
	}
	if c.Pending != nil {
		t.Errorf("pending %+v: part of an order was proposed as the whole", c.Pending)
	}
}
