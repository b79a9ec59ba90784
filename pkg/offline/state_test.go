package offline

import (
	"context"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// The model reads what code established from the request's State, not from
// the prompt's prose: the two disagree here, and State wins.
func TestReadsStateNotProse(t *testing.T) {
	msg := []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "where is my order?"}}}}
	for _, tc := range []struct {
		name     string
		state    *agent.State
		context  string
		wantTool string // "" for a text answer
	}{
		{"verified in State, not in prose", &agent.State{Verified: true, CurrentOrder: "#1001"}, "The customer is NOT verified.", agent.ToolTrackOrder},
		{"verified in prose only", &agent.State{Verified: false}, "The customer is verified.", ""},
		{"no State: the prose", nil, "The customer is verified.", agent.ToolTrackOrder},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := Model{}.Converse(context.Background(), agent.Request{State: tc.state, Context: tc.context, Messages: msg})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, b := range resp.Message.Blocks {
				if b.ToolUse != nil {
					got = b.ToolUse.Name
				}
			}
			if got != tc.wantTool {
				t.Errorf("tool %q, want %q (reply %q)", got, tc.wantTool, resp.Message.Text())
			}
		})
	}
	// A confirmed proposal's outcome comes from State too.
	st := &agent.State{Verified: true, Answered: &agent.StateAnswer{Tool: agent.ToolChangeAddress, Status: "confirmed",
		Outcome: map[string]any{"status": "address_changed", "order_number": "#1001", "ships_to": "42 Elm Street, Portland, OR 97201"}}}
	resp, err := Model{}.Converse(context.Background(), agent.Request{State: st, Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "yes"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if text := resp.Message.Text(); !containsAll(text, "#1001", "42 Elm Street") {
		t.Errorf("reply %q, want the outcome of the confirmed change", text)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !has(s, x) {
			return false
		}
	}
	return true
}
