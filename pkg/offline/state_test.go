package offline

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
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
		{"verified in State, not in prose", &agent.State{Verified: true, CurrentOrder: "#1001"}, "The customer is NOT verified.", toolname.TrackOrder},
		{"verified in prose only", &agent.State{Verified: false}, "The customer is verified.", ""},
		{"no State: the prose", nil, "The customer is verified.", toolname.TrackOrder},
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
	st := &agent.State{Verified: true, Answered: &agent.StateAnswer{Tool: toolname.ChangeAddress, Status: "confirmed",
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

// An item the customer names picks the order that holds it, when the
// current order does not: "where's my skillet?" is about the skillet's
// order. Several orders holding it, or the current one holding it: the
// current order.
func TestItemPicksTheOrder(t *testing.T) {
	orders := []agent.StateOrder{
		{Name: "#1001", Items: []string{"1 × Pour-Over Coffee Kit"}},
		{Name: "#1007", Items: []string{"1 × Cast-Iron Skillet (10 inch)"}},
		{Name: "#1009", Items: []string{"2 × Harbor Stoneware Mug", "1 × Pour-Over Coffee Kit"}},
	}
	for _, tc := range []struct{ text, want string }{
		{"where's my skillet?", "#1007"},
		{"where is my coffee kit?", "#1001"},
		{"where are the mugs?", "#1009"},
		{"where is my order?", "#1001"},
	} {
		st := &agent.State{Verified: true, CurrentOrder: "#1001", Orders: orders}
		msg := []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}}}
		resp, err := Model{}.Converse(context.Background(), agent.Request{State: st, Messages: msg})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, b := range resp.Message.Blocks {
			if b.ToolUse != nil && b.ToolUse.Name == toolname.TrackOrder {
				var in struct {
					Order string `json:"order_number"`
				}
				_ = json.Unmarshal(b.ToolUse.Input, &in)
				got = in.Order
				if got == "" {
					got = "#1001" // the tool's default: the current order
				}
			}
		}
		if got != tc.want {
			t.Errorf("%q: tracked %q, want %q (reply %q)", tc.text, got, tc.want, resp.Message.Text())
		}
	}
}
