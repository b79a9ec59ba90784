package bedrocktest_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/bedrock/bedrocktest"
)

// The fake reports usage through the real SDK client and the adapter:
// input counted from what it received, a cache written on first sight of a
// prefix that reaches the model's minimum and read after, nothing cached
// below it.
func TestUsage(t *testing.T) {
	system := strings.Repeat("Policy detail. ", 400) // 6,000 chars: 1,500 tokens at 4 a token
	for _, tc := range []struct {
		name, model     string
		wantRead, wantW [2]bool // per call: cache read, cache write
	}{
		{"Nova Micro caches 1,500 tokens (minimum 1,000)", "amazon.nova-micro-v1:0", [2]bool{false, true}, [2]bool{true, false}},
		{"Haiku 4.5 does not (minimum 4,096)", "us.anthropic.claude-haiku-4-5-20251001-v1:0", [2]bool{false, false}, [2]bool{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := bedrocktest.New(func(int, map[string]any) bedrocktest.Reply { return bedrocktest.Reply{Text: "hello there"} })
			defer fake.Close()
			m := bedrock.New(fake.Client(), tc.model)
			req := agent.Request{System: system, Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "hi"}}}}}
			var usage []agent.Usage
			for range 2 {
				resp, err := m.Converse(t.Context(), req)
				if err != nil {
					t.Fatal(err)
				}
				usage = append(usage, resp.Usage)
			}
			calls := fake.Calls()
			for i, u := range usage {
				if u != toAgent(calls[i].Usage) {
					t.Errorf("call %d: adapter read %+v, fake reported %+v", i+1, u, calls[i].Usage)
				}
				total := u.InputTokens + u.CacheReadTokens + u.CacheWriteTokens
				if total < 1500 || total > 1600 {
					t.Errorf("call %d: %d input tokens in all, want about 1,500", i+1, total)
				}
				if got := [2]bool{u.CacheReadTokens > 0, u.CacheWriteTokens > 0}; got != [2]bool{tc.wantRead[i], tc.wantW[i]} {
					t.Errorf("call %d: cache read/write %v, want %v (%+v)", i+1, got, [2]bool{tc.wantRead[i], tc.wantW[i]}, u)
				}
				if u.OutputTokens == 0 {
					t.Errorf("call %d: no output tokens", i+1)
				}
			}
		})
	}
}

// A scripted tool call and an error reach the adapter as Bedrock's would.
func TestScript(t *testing.T) {
	fake := bedrocktest.New(func(n int, body map[string]any) bedrocktest.Reply {
		switch {
		case n == 1:
			return bedrocktest.Reply{Status: 400, ErrorType: "ValidationException"}
		case bedrocktest.ToolResults(body) == 0:
			return bedrocktest.Reply{ToolUse: &bedrocktest.ToolUse{ID: "tu-1", Name: "track_order", Input: map[string]any{"order_number": "#1001"}}}
		}
		return bedrocktest.Reply{Text: "done"}
	})
	defer fake.Close()
	m := bedrock.New(fake.Client(), "us.anthropic.claude-haiku-4-5-20251001-v1:0")
	user := agent.Message{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "where is it?"}}}
	if _, err := m.Converse(t.Context(), agent.Request{Messages: []agent.Message{user}}); err == nil {
		t.Fatal("a ValidationException did not fail the call")
	}
	resp, err := m.Converse(t.Context(), agent.Request{System: "You help.", Messages: []agent.Message{user}})
	if err != nil || resp.StopReason != agent.StopToolUse || len(resp.Message.Blocks) != 1 || resp.Message.Blocks[0].ToolUse.Name != "track_order" {
		t.Fatalf("tool call: %+v, %v", resp, err)
	}
	result := agent.Message{Role: agent.RoleUser, Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: "tu-1", Content: []byte(`{"stage":"in_transit"}`)}}}}
	resp, err = m.Converse(t.Context(), agent.Request{System: "You help.", Messages: []agent.Message{user, resp.Message, result}})
	if err != nil || resp.Message.Text() != "done" || resp.StopReason != agent.StopEndTurn {
		t.Fatalf("answer: %+v, %v", resp, err)
	}
	if got := bedrocktest.SystemText(fake.Calls()[2].Body); got != "You help." {
		t.Errorf("system text %q", got)
	}
}

func toAgent(u bedrocktest.Usage) agent.Usage {
	return agent.Usage{InputTokens: u.InputTokens, OutputTokens: u.OutputTokens, CacheReadTokens: u.CacheReadTokens, CacheWriteTokens: u.CacheWriteTokens}
}
