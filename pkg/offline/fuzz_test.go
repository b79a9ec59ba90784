package offline

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// fuzzWorlds are seeded conversations a customer's message arrives in:
// unverified and new; verified with two orders; after a proposal; and in
// the middle of a turn, after track_order's result.
func fuzzWorlds(text string) []agent.Request {
	orders := []agent.StateOrder{
		{Name: "#1006", Items: []string{"Pour-Over Coffee Kit (Walnut)", "2 × Harbor Stoneware Mug (Sea Glass / 12 oz)"}, Stage: "delivered, return window open"},
		{Name: "#1002", Items: []string{"Desk Lamp (color: silver)"}, Stage: "in transit"},
	}
	verified := &agent.State{Verified: true, CurrentOrder: "#1006", Orders: orders}
	user := func(s string) agent.Message {
		return agent.Message{Role: agent.RoleUser, Blocks: []agent.Block{{Text: s}}}
	}
	bot := func(s string) agent.Message {
		return agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: s}}}
	}
	track, _ := json.Marshal(map[string]any{"order_number": "#1006", "status": "delivered",
		"items": []string{"Pour-Over Coffee Kit (Walnut)", "2 × Harbor Stoneware Mug (Sea Glass / 12 oz)"}})
	docs, _ := json.Marshal(map[string]any{"results": []any{}})
	return []agent.Request{
		{State: &agent.State{}, Messages: []agent.Message{user(text)}},
		{State: verified, Messages: []agent.Message{user("where is my order?"), bot("Your order #1006 was delivered."), user(text)}},
		{State: &agent.State{Verified: true, CurrentOrder: "#1006", Orders: orders, Answered: &agent.StateAnswer{Tool: toolname.CancelOrder, Status: "declined"}},
			Messages: []agent.Message{user("cancel my order"), bot("I'll cancel order #1006. Shall I go ahead? Just reply yes."), user(text)}},
		{State: verified, Messages: []agent.Message{user(text),
			{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: "t0", Name: toolname.TrackOrder, Input: json.RawMessage(`{"order_number":"#1006"}`)}}}},
			{Role: agent.RoleUser, Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: "t0", Content: track}}}}}},
		{State: &agent.State{}, Messages: []agent.Message{user(text),
			{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: "t0", Name: toolname.SearchDocs, Input: json.RawMessage(`{"query":"x"}`)}}}},
			{Role: agent.RoleUser, Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: "t0", Content: docs}}}}}},
	}
}

// validArgs checks v against the subset of JSON Schema the agent's tool
// schemas use (agent.schemaOf): type, properties (no others), required,
// items, enum.
func validArgs(schema map[string]any, v any, at string) error {
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", at, v)
		}
		props, _ := schema["properties"].(map[string]any)
		for k, x := range obj {
			p, ok := props[k].(map[string]any)
			if !ok {
				return fmt.Errorf("%s: unknown property %q", at, k)
			}
			if err := validArgs(p, x, at+"."+k); err != nil {
				return err
			}
		}
		req, _ := schema["required"].([]string)
		for _, k := range req {
			if _, ok := obj[k]; !ok {
				return fmt.Errorf("%s: %q missing", at, k)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", at, v)
		}
		items, _ := schema["items"].(map[string]any)
		for i, x := range arr {
			if err := validArgs(items, x, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: %T, want a string", at, v)
		}
		if enum, ok := schema["enum"].([]string); ok {
			found := false
			for _, e := range enum {
				found = found || e == s
			}
			if !found {
				return fmt.Errorf("%s: %q not in %v", at, s, enum)
			}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", at, v)
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != float64(int64(f)) {
			return fmt.Errorf("%s: %v, want an integer", at, v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: %T, want a number", at, v)
		}
	}
	return nil
}

// Whatever the customer writes, in whatever conversation, the model does
// not panic, and any tool it calls is one the agent has, with arguments
// its schema accepts.
func FuzzConverse(f *testing.F) {
	for _, s := range []string{"I'd like to return everything please", "can I send back the mugs but keep everything else?",
		"yes cancel it", "where is my order #1006? also do you ship to Canada?", "change the address to 42 Elm Street, Portland, OR 97201",
		"one of the mugs showed up with a big chip in the rim", "the box says delivered but nothing was at my door", "¿Dónde está mi pedido?",
		"my order number is 1003 and my email a@b.co", "", "?", "and", "everything", "the one I placed more recently"} {
		f.Add(s)
	}
	specs := map[string]map[string]any{}
	for _, s := range agent.ToolSpecs() {
		specs[s.Name] = s.Schema
	}
	f.Fuzz(func(t *testing.T, text string) {
		for i, req := range fuzzWorlds(text) {
			resp, err := Model{}.Converse(context.Background(), req)
			if err != nil {
				t.Fatalf("world %d: %v", i, err)
			}
			for _, b := range resp.Message.Blocks {
				u := b.ToolUse
				if u == nil {
					continue
				}
				schema, ok := specs[u.Name]
				if !ok {
					t.Fatalf("world %d: %q called unknown tool %q", i, text, u.Name)
				}
				var args any
				if err := json.Unmarshal(u.Input, &args); err != nil {
					t.Fatalf("world %d: %q: %s args not JSON: %v", i, text, u.Name, err)
				}
				if err := validArgs(schema, args, u.Name); err != nil {
					t.Fatalf("world %d: %q: %v (args %s)", i, text, err, u.Input)
				}
			}
		}
	})
}
