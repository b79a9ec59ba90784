package offline

import (
	"context"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// The offline model calls only tools the request offers; asked for one
// the order's stage rules out, it says why from that stage.
func TestCallsOnlyOfferedTools(t *testing.T) {
	for _, tc := range []struct {
		name, text, stage, tool string
		offered                 bool
		reply                   string
	}{
		{"return past the window", "I want to return the mug", "past_return_window", "start_return", false, "return window closed"},
		{"address in transit", "please ship it to 12 Oak Street, Springfield, IL 62704", "in_transit", "change_address", false, "already shipped"},
		{"cancel in transit", "cancel my order please", "in_transit", "cancel_order", false, "already shipped"},
		{"return in the window", "I want to return the mug", "delivered", "start_return", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tools := []agent.ToolSpec{{Name: "track_order"}, {Name: "handover"}, {Name: "search_docs"}}
			if tc.offered {
				tools = append(tools, agent.ToolSpec{Name: tc.tool})
			}
			req := agent.Request{Tools: tools,
				State:    &agent.State{Verified: true, CurrentOrder: "#1001", Given: map[string]any{"order_number": "#1001", "stage": tc.stage}, Orders: []agent.StateOrder{{Name: "#1001", Items: []string{"Mug"}}}},
				Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}}}}
			// Rounds as the agent runs them: each call is answered with the
			// order's facts.
			called, text := map[string]bool{}, ""
			for round := 0; round < 4; round++ {
				resp, err := Model{}.Converse(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				u := (*agent.ToolUse)(nil)
				for _, b := range resp.Message.Blocks {
					if b.ToolUse != nil {
						u = b.ToolUse
					}
				}
				if u == nil {
					text = resp.Message.Text()
					break
				}
				if !offers(req, u.Name) {
					t.Fatalf("called %s, not offered", u.Name)
				}
				called[u.Name] = true
				if u.Name == tc.tool {
					break
				}
				result := `{"order_number":"#1001","stage":"` + tc.stage + `","items":[{"title":"Mug","quantity":1}]}`
				req.Messages = append(req.Messages, resp.Message, agent.Message{Role: agent.RoleUser,
					Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: u.ID, Content: []byte(result)}}}})
			}
			if called[tc.tool] != tc.offered {
				t.Errorf("called %v, want %s called %v (reply %q)", called, tc.tool, tc.offered, text)
			}
			if !strings.Contains(text, tc.reply) {
				t.Errorf("reply %q, want it to say %q", text, tc.reply)
			}
		})
	}
}
