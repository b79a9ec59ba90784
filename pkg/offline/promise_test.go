package offline

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// "It's late", in plain words: after track_order shows the parcel still on
// its way with nothing done about it, the model asks for the follow-up
// promise, then states it word for word for a yes. A parcel already handled,
// or delivered, gets no promise.
func TestLateParcelGetsTheFollowUp(t *testing.T) {
	moving := map[string]any{"order_number": "#1003", "stage": "in_transit",
		"parcels": []any{map[string]any{"stage": "in_transit", "carrier": "UPS", "last_scan": "Sat, Dec 5, 2026", "late": true}}}
	handled := map[string]any{"order_number": "#1003", "stage": "in_transit",
		"parcels": []any{map[string]any{"stage": "in_transit", "carrier": "UPS", "problem": "follow_up", "what_we_did": "As we promised, ..."}}}
	delivered := map[string]any{"order_number": "#1003", "stage": "delivered",
		"parcels": []any{map[string]any{"stage": "delivered", "carrier": "UPS"}}}
	for _, tc := range []struct {
		text   string
		result map[string]any
		want   string // the next tool, "" for an answer
	}{
		{"my order is late", moving, toolname.FollowUp},
		{"it's still not here!!", moving, toolname.FollowUp},
		{"still waiting for my parcel", moving, toolname.FollowUp},
		{"hasnt arrived yet, it's taking forever", moving, toolname.FollowUp},
		{"where is my order?", moving, ""},
		{"my order is late", handled, ""},
		{"my order is late", delivered, ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			res, _ := json.Marshal(tc.result)
			msgs := []agent.Message{
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}},
				{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: "t1", Name: toolname.TrackOrder, Input: json.RawMessage(`{}`)}}}},
				{Role: agent.RoleUser, Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: "t1", Content: res}}}},
			}
			resp, err := Model{}.Converse(context.Background(), agent.Request{State: &agent.State{Verified: true, CurrentOrder: "#1003"}, Messages: msgs})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, b := range resp.Message.Blocks {
				if b.ToolUse != nil {
					got = b.ToolUse.Name
				}
			}
			if got != tc.want {
				t.Errorf("next tool %q, want %q (reply %q)", got, tc.want, resp.Message.Text())
			}
		})
	}

	// The follow_up result: the parcel, then the statement for a yes.
	statement := "If your order #1003 hasn't arrived by 10:00 AM EST on Monday, Dec 14, I'll send you a replacement at no cost and let you know here: no need to contact us again."
	track, _ := json.Marshal(moving)
	fu, _ := json.Marshal(map[string]any{"status": "needs_confirmation", "statement": statement})
	msgs := []agent.Message{
		{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "it's still not here"}}},
		{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: "t1", Name: toolname.TrackOrder, Input: json.RawMessage(`{}`)}}}},
		{Role: agent.RoleUser, Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: "t1", Content: track}}}},
		{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: "t2", Name: toolname.FollowUp, Input: json.RawMessage(`{}`)}}}},
		{Role: agent.RoleUser, Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: "t2", Content: fu}}}},
	}
	resp, err := Model{}.Converse(context.Background(), agent.Request{State: &agent.State{Verified: true, CurrentOrder: "#1003"}, Messages: msgs})
	if err != nil {
		t.Fatal(err)
	}
	if text := resp.Message.Text(); !containsAll(text, "UPS", statement, "Just reply yes") || containsAll(text, lateApology) {
		t.Errorf("reply %q: want the parcel, the statement word for word and a request for a yes, without the vaguer offer", text)
	}
}

// A verified customer whose order is on its way and who asks for a refund
// or a replacement now gets follow_up with that resolution (policy
// decides now or a promise); other orders and other asks do not.
func TestLateParcelResolutionAsked(t *testing.T) {
	for _, tc := range []struct {
		text, stage string
		want        string // the resolution asked, "" for no follow_up
	}{
		{"I'd rather just get a refund", "in transit", "refund"},
		{"can I just have my money back?", "label created, waiting for the carrier", "refund"},
		{"just send me a new one", "in transit", "replacement"},
		{"could you send a replacement instead", "out for delivery", "replacement"},
		{"where is my refund?", "in transit", ""},
		{"I'd rather just get a refund", "not shipped yet", ""},
		{"I'd rather just get a refund", "delivered, return window open", ""},
		{"the mug arrived broken, can I get a replacement?", "in transit", ""},
	} {
		t.Run(tc.text+" / "+tc.stage, func(t *testing.T) {
			st := &agent.State{Verified: true, CurrentOrder: "#1003", Orders: []agent.StateOrder{{Name: "#1003", Stage: tc.stage}}}
			resp, err := Model{}.Converse(context.Background(), agent.Request{State: st,
				Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}}}})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, b := range resp.Message.Blocks {
				if u := b.ToolUse; u != nil && u.Name == toolname.FollowUp {
					var in map[string]any
					_ = json.Unmarshal(u.Input, &in)
					got, _ = in["resolution"].(string)
				}
			}
			if got != tc.want {
				t.Errorf("follow_up resolution %q, want %q (reply %q)", got, tc.want, resp.Message.Text())
			}
		})
	}
}
