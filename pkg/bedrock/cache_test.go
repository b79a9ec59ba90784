package bedrock

import (
	"context"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// Cache points go only where the configured model will cache the prefix
// before them: checked on the request the real SDK client sends.
func TestCachePoints(t *testing.T) {
	bigTool := agent.ToolSpec{Name: "big", Description: strings.Repeat("word ", 1000), Schema: map[string]any{"type": "object"}} // ~1,250 tokens
	agentPrompt := agent.Request{System: agent.SystemPrompt(policy.Default()), Tools: agent.ToolSpecs()}
	long := strings.Repeat("Policy detail. ", 1200) // ~4,500 tokens
	returnable := agent.Request{System: agent.SystemPrompt(policy.Default()), Tools: agent.ToolSpecsFor(agent.PhaseReturnable)}
	unshipped := agent.Request{System: agent.SystemPrompt(policy.Default()), Tools: agent.ToolSpecsFor(agent.PhaseUnshipped)}
	for _, tc := range []struct {
		name                  string
		model                 string
		req                   agent.Request
		wantTools, wantSystem bool
	}{
		{"the agent's own prompt on Haiku 4.5: below 4,096, none", haiku, agentPrompt, false, false},
		// A delivered order in its return window: about 1,210 estimated
		// tokens of tools and system prompt, so models whose minimum is
		// 1,024 (or Nova's 1,000) cache it, as the README says.
		{"the agent's returnable-order prompt on Sonnet 4: after the tools and the system prompt (its tools alone reach the minimum)", "us.anthropic.claude-sonnet-4-20250514-v1:0", returnable, true, true},
		{"the agent's returnable-order prompt on Nova Pro: after the tools and the system prompt (its tools alone reach the minimum)", "us.amazon.nova-pro-v1:0", returnable, true, true},
		{"the agent's returnable-order prompt on Haiku 4.5: none", haiku, returnable, false, false},
		{"the agent's unshipped-order prompt on Sonnet 4: below 1,024, none", "us.anthropic.claude-sonnet-4-20250514-v1:0", unshipped, false, false},
		{"a system prompt past 1,000 tokens on Nova Micro", "amazon.nova-micro-v1:0", agent.Request{System: strings.Repeat("Policy detail. ", 300)}, false, true},
		{"a long system prompt on Haiku 4.5", "global.anthropic.claude-haiku-4-5-20251001-v1:0", agent.Request{System: long, Tools: []agent.ToolSpec{bigTool}}, false, true},
		{"big tools on Sonnet 4: both reach 1,024", "us.anthropic.claude-sonnet-4-20250514-v1:0", agent.Request{System: "short", Tools: []agent.ToolSpec{bigTool}}, true, true},
		{"big tools on Haiku 4.5: neither reaches 4,096", haiku, agent.Request{System: "short", Tools: []agent.ToolSpec{bigTool}}, false, false},
		{"a model not known to cache", "meta.llama3-70b-instruct-v1:0", agent.Request{System: long, Tools: []agent.ToolSpec{bigTool}}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(int, map[string]any) fakeReply { return converseOK("end_turn", nil, textBlock("hi")) })
			req := tc.req
			req.Messages = []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "hello"}}}}
			if _, err := New(f.client(), tc.model).Converse(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			body := f.last().Body
			has := func(key string) bool {
				var list []any
				switch v := body[key].(type) {
				case []any:
					list = v
				case map[string]any:
					list, _ = v["tools"].([]any)
				}
				for _, b := range list {
					if m, ok := b.(map[string]any); ok && m["cachePoint"] != nil {
						return true
					}
				}
				return false
			}
			if got := has("toolConfig"); got != tc.wantTools {
				t.Errorf("cache point after tools = %v, want %v", got, tc.wantTools)
			}
			if got := has("system"); got != tc.wantSystem {
				t.Errorf("cache point after system = %v, want %v", got, tc.wantSystem)
			}
		})
	}
}

func TestMinCachePrefix(t *testing.T) {
	for id, want := range map[string]int{
		"anthropic.claude-haiku-4-5-20251001-v1:0":      4096,
		"us.anthropic.claude-haiku-4-5-20251001-v1:0":   4096,
		"eu.anthropic.claude-3-7-sonnet-20250219-v1:0":  1024,
		"amazon.nova-lite-v1:0":                         1000,
		"apac.anthropic.claude-3-5-haiku-20241022-v1:0": 2048,
		"cohere.command-r-v1:0":                         0,
		"global.anthropic.claude-opus-4-6-v1":           4096,
		"anthropic.claude-opus-4-1-20250805-v1:0":       1024,
		"us.anthropic.claude-sonnet-4-5-20250929-v1:0":  1024,
	} {
		if got := MinCachePrefix(id); got != want {
			t.Errorf("MinCachePrefix(%s) = %d, want %d", id, got, want)
		}
	}
}

// Padding the agent's prefix up to Haiku 4.5's 4,096-token minimum pays
// only when nearly every call finds the cache warm: at $1 input, $1.25
// cache write and $0.10 cache read per million tokens, a padded call costs
// 5,120 token-dollars on a miss and 409.6 on a hit, against P uncached.
func TestPaddingPays(t *testing.T) {
	prefix := estimateTokens(len(agent.SystemPrompt(policy.Default())))
	for _, tc := range []struct {
		name      string
		model     string
		prefix    int
		want      float64
		wantKnown bool
	}{
		{"1,000-token prefix on Haiku 4.5", haiku, 1000, (5120 - 1000) / 4710.4, true},
		{"the agent's system prompt on Haiku 4.5", haiku, prefix, (5120 - float64(prefix)) / 4710.4, true},
		{"a prefix past the minimum needs no padding", haiku, 5000, 0, false},
		{"a model without prices", "us.anthropic.claude-sonnet-4-20250514-v1:0", 500, 0, false},
		{"a model that does not cache", "cohere.command-r-v1:0", 500, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := PaddingPays(tc.model, tc.prefix)
			if ok != tc.wantKnown || (ok && (got < tc.want-1e-9 || got > tc.want+1e-9)) {
				t.Errorf("PaddingPays(%s, %d) = %.4f, %v; want %.4f, %v", tc.model, tc.prefix, got, ok, tc.want, tc.wantKnown)
			}
			if ok && got < 0.85 {
				t.Errorf("padding %d tokens to 4,096 pays from %.0f%% warm hits: the prompt should pad", tc.prefix, got*100)
			}
		})
	}
}
