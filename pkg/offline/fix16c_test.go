package offline

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// On an order of two mugs, the return an exchange refusal offered instead
// is for the units it named; "store credit then" takes exactly them. An
// exchange of one mug for another option names the mug the customer said,
// not the option they want.
func TestOfferedLinesAndExchangeItem(t *testing.T) {
	items := []string{"Harbor Stoneware Mug (Sea Glass / 12 oz)", "Harbor Stoneware Mug (Charcoal / 12 oz)"}
	const refusal = "I'm sorry, Harbor Stoneware Mug (Sand / 12 oz) is out of stock right now, so I can't exchange 1 × Harbor Stoneware Mug (Charcoal / 12 oz) for it. I can start a return for store credit of $26.40 or a refund of $24.00 instead. Which would you prefer?"
	for _, tc := range []struct {
		name, prev, bot, text string
		tool, want            string
	}{
		{"credit for the offered mug", "can I swap the charcoal mug for the sand one?", refusal, "store credit then",
			toolname.StartReturn, `[{"quantity":1,"title":"harbor stoneware mug charcoal"}] store_credit`},
		{"exchange names the item said", "hi", "Hi there!", "exchange the charcoal mug for Sea Glass / 16 oz",
			toolname.ExchangeItem, `charcoal mug | Sea Glass / 16 oz`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &agent.State{Verified: true, CurrentOrder: "#1014", Orders: []agent.StateOrder{{Name: "#1014", Items: items, Stage: "delivered, return window open"}}}
			if tc.tool == toolname.StartReturn {
				st.Before = []agent.StateAction{{Tool: toolname.ExchangeItem, Status: "refused"}}
			}
			msgs := []agent.Message{
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.prev}}},
				{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: tc.bot}}},
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}},
			}
			req := agent.Request{State: st, Messages: msgs}
			got := ""
			for range 3 {
				resp, err := Model{}.Converse(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				var u *agent.ToolUse
				for _, b := range resp.Message.Blocks {
					if b.ToolUse != nil {
						u = b.ToolUse
					}
				}
				if u == nil {
					break
				}
				if u.Name == tc.tool {
					var in struct {
						Items      json.RawMessage        `json:"items"`
						Resolution string                 `json:"resolution"`
						Item       struct{ Title string } `json:"item"`
						Want       string                 `json:"want"`
					}
					_ = json.Unmarshal(u.Input, &in)
					if tc.tool == toolname.StartReturn {
						got = string(in.Items) + " " + in.Resolution
					} else {
						got = in.Item.Title + " | " + in.Want
					}
					break
				}
				// The order as track_order gives it.
				result := `{"order_number":"#1014","stage":"delivered","items":["Harbor Stoneware Mug (Sea Glass / 12 oz)","Harbor Stoneware Mug (Charcoal / 12 oz)"]}`
				req.Messages = append(req.Messages, resp.Message, agent.Message{Role: agent.RoleUser,
					Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: u.ID, Content: []byte(result)}}}})
			}
			if got != tc.want {
				t.Errorf("%s %q, want %q", tc.tool, got, tc.want)
			}
		})
	}
}
