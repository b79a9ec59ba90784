package agent_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// FuzzToolCall: whatever tool name and input a model sends, the agent does
// not fail, and no write reaches the shop without an earlier proposal and
// the customer's yes.
func FuzzToolCall(f *testing.F) {
	for _, tool := range agent.ToolSpecs() {
		f.Add(tool.Name, `{"order_number":"#1001","confirm":true}`)
	}
	f.Add("change_address", `{"order_number":"#1002","address1":"1 A","city":"B","zip":"1","confirm":true}`)
	f.Add("verify_customer", `{"order_number":"#2001","email":"bob@example.com"}`)
	f.Add("start_return", `{"items":[1,2],"reason":{}}`)
	f.Add("x", `[]`)
	f.Fuzz(func(t *testing.T, name, input string) {
		fx := setup(t)
		c := adaConv()
		fx.model.steps = []func(agent.Request) (agent.Response, error){use(name, input), say("ok")}
		res, err := fx.agent.Turn(t.Context(), c, nil, "yes", 1)
		if err != nil {
			t.Fatalf("Turn: %v", err)
		}
		if res.Reply == "" {
			t.Error("no reply")
		}
		if fx.shop.returns+fx.shop.addresses != 0 {
			t.Errorf("write without a confirmed proposal: %s %s", name, input)
		}
		if c.CustomerEmail != "ada@example.com" {
			t.Errorf("identity changed to %q", c.CustomerEmail)
		}
		if c.Pending != nil && c.Pending.ID == "" {
			t.Errorf("pending proposal without an id")
		}
	})
}
