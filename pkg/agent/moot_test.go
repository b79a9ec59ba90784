package agent_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A cancellation and an address change of the same order in one message
// (issue 18 trial: "pls cancel my order and also change the addres
// back", and only the address change was stated): whichever the model
// calls first, code states the cancellation, sets the address change
// aside as moot and says so; the yes runs the cancellation only, once.
func TestCancellationMakesAddressChangeMoot(t *testing.T) {
	cancel := use(toolname.CancelOrder, `{"order_number":"#1002"}`)
	address := use(toolname.ChangeAddress, `{"order_number":"#1002","address1":"9 Elm Road","city":"Salem","province":"OR","zip":"97301"}`)
	tests := []struct {
		name  string
		calls []string // the model's write calls, in order
	}{
		{name: "cancel first", calls: []string{"cancel", "address"}},
		{name: "address first", calls: []string{"address", "cancel"}},
		{name: "cancel only", calls: []string{"cancel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			shop := withResolver(f)
			c := adaConv()
			c.CurrentOrder = "#1002"
			var steps []func(agent.Request) (agent.Response, error)
			for _, n := range tt.calls {
				if n == "cancel" {
					steps = append(steps, cancel)
				} else {
					steps = append(steps, address)
				}
			}
			res := f.turn(t, c, "pls cancel my order and also change the addres to 9 Elm Road, Salem OR 97301", 1, append(steps, say("ok"))...)
			if c.Pending == nil || c.Pending.Tool != toolname.CancelOrder {
				t.Fatalf("pending %+v, want the cancellation stated (reply %q)", c.Pending, res.Reply)
			}
			if len(c.Next) != 0 {
				t.Errorf("next %+v, want no address change kept for later", c.Next)
			}
			mootSaid := strings.Contains(res.Reply, "address change") && strings.Contains(res.Reply, "#1002")
			if called := len(tt.calls) > 1; mootSaid != called {
				t.Errorf("reply %q: the address change set aside said %v, want %v", res.Reply, mootSaid, called)
			}
			if !strings.Contains(res.Reply, c.Pending.Statement) {
				t.Errorf("reply %q lacks the statement %q", res.Reply, c.Pending.Statement)
			}
			f.model.steps = append(f.model.steps[:0], use(toolname.CancelOrder, `{"confirm":true}`), say("done"))
			history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "cancel"}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
			if _, err := f.agent.Turn(t.Context(), c, history, "yes", 3); err != nil {
				t.Fatal(err)
			}
			if len(shop.cancels) != 1 || c.Pending != nil || len(c.Next) != 0 {
				t.Errorf("cancels %d, pending %+v, next %+v: want one cancellation and nothing after", len(shop.cancels), c.Pending, c.Next)
			}
		})
	}
}
