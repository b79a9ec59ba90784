package bedrock

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

const haiku = "us.anthropic.claude-haiku-4-5-20251001-v1:0"

// fastBackoff keeps retry tests quick.
var fastBackoff = WithBackoff(time.Millisecond, 5*time.Millisecond)

// asJSON is v as encoding/json decodes it, for comparing with what the fake
// received.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestConverseToolUseRoundTrip(t *testing.T) {
	lookupSchema := map[string]any{
		"type":       "object",
		"properties": map[string]any{"order": map[string]any{"type": "string"}, "qty": map[string]any{"type": "integer", "minimum": 1}},
		"required":   []string{"order"},
	}
	handoverSchema := map[string]any{"type": "object", "properties": map[string]any{"reason": map[string]any{"type": "string"}}}
	tools := []agent.ToolSpec{
		{Name: "lookup_order", Description: "Look up an order.", Schema: lookupSchema},
		{Name: "handover", Description: "Hand the conversation to a person.", Schema: handoverSchema},
	}
	user := agent.Message{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "where is my order?"}}}

	f := newFake(t, func(n int, _ map[string]any) fakeReply {
		if n == 1 {
			return converseOK("tool_use", nil,
				textBlock("Let me check."),
				toolUseBlock("tu1", "lookup_order", map[string]any{"order": "#1001", "qty": 2}),
				toolUseBlock("tu2", "handover", map[string]any{"reason": "asked"}),
			)
		}
		return converseOK("end_turn", nil, textBlock("It shipped yesterday."))
	})
	m := New(f.client(), haiku)

	// First call: the model asks for tools.
	resp, err := m.Converse(context.Background(), agent.Request{
		System:   "You are doorstep.",
		Tools:    tools,
		Context:  "Shop: example.myshopify.com",
		Messages: []agent.Message{user},
	})
	if err != nil {
		t.Fatalf("Converse: %v", err)
	}
	got := f.last()
	if got.ModelID != haiku {
		t.Errorf("model id in path = %q, want %q", got.ModelID, haiku)
	}
	// The prefix is far below Haiku 4.5's 4,096-token minimum: no cache
	// points (TestCachePoints covers where they go).
	wantSystem := asJSON(t, []any{
		map[string]any{"text": "You are doorstep."},
		map[string]any{"text": "Shop: example.myshopify.com"},
	})
	if diff := cmp.Diff(wantSystem, got.Body["system"]); diff != "" {
		t.Errorf("system sent (-want +got):\n%s", diff)
	}
	wantTools := asJSON(t, map[string]any{"tools": []any{
		map[string]any{"toolSpec": map[string]any{"name": "lookup_order", "description": "Look up an order.", "inputSchema": map[string]any{"json": lookupSchema}}},
		map[string]any{"toolSpec": map[string]any{"name": "handover", "description": "Hand the conversation to a person.", "inputSchema": map[string]any{"json": handoverSchema}}},
	}})
	if diff := cmp.Diff(wantTools, got.Body["toolConfig"]); diff != "" {
		t.Errorf("toolConfig sent (-want +got):\n%s", diff)
	}
	wantMessages := asJSON(t, []any{
		map[string]any{"role": "user", "content": []any{map[string]any{"text": "where is my order?"}}},
	})
	if diff := cmp.Diff(wantMessages, got.Body["messages"]); diff != "" {
		t.Errorf("messages sent (-want +got):\n%s", diff)
	}
	inf, _ := got.Body["inferenceConfig"].(map[string]any)
	if inf["maxTokens"] != float64(512) {
		t.Errorf("maxTokens sent = %v, want 512", inf["maxTokens"])
	}
	if temp, _ := inf["temperature"].(float64); math.Abs(temp-0.2) > 1e-6 {
		t.Errorf("temperature sent = %v, want 0.2", inf["temperature"])
	}

	wantResp := agent.Response{
		Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{
			{Text: "Let me check."},
			{ToolUse: &agent.ToolUse{ID: "tu1", Name: "lookup_order", Input: json.RawMessage(`{"order":"#1001","qty":2}`)}},
			{ToolUse: &agent.ToolUse{ID: "tu2", Name: "handover", Input: json.RawMessage(`{"reason":"asked"}`)}},
		}},
		StopReason: agent.StopToolUse,
		Usage:      agent.Usage{InputTokens: 10, OutputTokens: 5},
	}
	if diff := cmp.Diff(wantResp, resp); diff != "" {
		t.Errorf("first response (-want +got):\n%s", diff)
	}

	// Second call: the tools' results go back.
	results := agent.Message{Role: agent.RoleUser, Blocks: []agent.Block{
		{ToolResult: &agent.ToolResult{ToolUseID: "tu1", Content: json.RawMessage(`{"status":"shipped","items":[{"sku":"A-1","qty":2}],"total":19.5}`)}},
		{ToolResult: &agent.ToolResult{ToolUseID: "tu2", Content: json.RawMessage(`{"error":"no one on shift"}`), IsError: true}},
	}}
	resp, err = m.Converse(context.Background(), agent.Request{
		System:    "You are doorstep.",
		Tools:     tools,
		Context:   "Shop: example.myshopify.com",
		Messages:  []agent.Message{user, resp.Message, results},
		MaxTokens: 300,
	})
	if err != nil {
		t.Fatalf("second Converse: %v", err)
	}
	got = f.last()
	wantMessages = asJSON(t, []any{
		map[string]any{"role": "user", "content": []any{map[string]any{"text": "where is my order?"}}},
		map[string]any{"role": "assistant", "content": []any{
			map[string]any{"text": "Let me check."},
			map[string]any{"toolUse": map[string]any{"toolUseId": "tu1", "name": "lookup_order", "input": map[string]any{"order": "#1001", "qty": 2}}},
			map[string]any{"toolUse": map[string]any{"toolUseId": "tu2", "name": "handover", "input": map[string]any{"reason": "asked"}}},
		}},
		map[string]any{"role": "user", "content": []any{
			map[string]any{"toolResult": map[string]any{"toolUseId": "tu1", "content": []any{
				map[string]any{"json": map[string]any{"status": "shipped", "items": []any{map[string]any{"sku": "A-1", "qty": 2}}, "total": 19.5}},
			}}},
			map[string]any{"toolResult": map[string]any{"toolUseId": "tu2", "status": "error", "content": []any{
				map[string]any{"json": map[string]any{"error": "no one on shift"}},
			}}},
		}},
	})
	if diff := cmp.Diff(wantMessages, got.Body["messages"]); diff != "" {
		t.Errorf("second messages sent (-want +got):\n%s", diff)
	}
	if inf, _ := got.Body["inferenceConfig"].(map[string]any); inf["maxTokens"] != float64(300) {
		t.Errorf("maxTokens sent = %v, want 300", inf["maxTokens"])
	}
	wantResp = agent.Response{
		Message:    agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: "It shipped yesterday."}}},
		StopReason: agent.StopEndTurn,
		Usage:      agent.Usage{InputTokens: 10, OutputTokens: 5},
	}
	if diff := cmp.Diff(wantResp, resp); diff != "" {
		t.Errorf("second response (-want +got):\n%s", diff)
	}
}

func TestConverseNoSystemNoTools(t *testing.T) {
	f := newFake(t, func(int, map[string]any) fakeReply { return converseOK("end_turn", nil, textBlock("hi")) })
	_, err := New(f.client(), haiku).Converse(context.Background(), agent.Request{
		Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "hello"}}}},
	})
	if err != nil {
		t.Fatalf("Converse: %v", err)
	}
	body := f.last().Body
	for _, key := range []string{"system", "toolConfig"} {
		if v, ok := body[key]; ok {
			t.Errorf("%s sent = %v, want none (a cache point needs something before it)", key, v)
		}
	}
}

func TestConverseRetries(t *testing.T) {
	tests := []struct {
		name        string
		failures    []fakeReply // the first calls' replies; then success
		maxAttempts int
		wantCalls   int
		wantErr     bool
	}{
		{
			name:      "throttled twice then success",
			failures:  []fakeReply{converseError(429, "ThrottlingException"), converseError(429, "ThrottlingException")},
			wantCalls: 3,
		},
		{
			name:      "500 then success",
			failures:  []fakeReply{converseError(500, "InternalServerException")},
			wantCalls: 2,
		},
		{
			name:      "unavailable and not ready then success",
			failures:  []fakeReply{converseError(503, "ServiceUnavailableException"), converseError(429, "ModelNotReadyException")},
			wantCalls: 3,
		},
		{
			name:      "bare 502 then success",
			failures:  []fakeReply{{Status: http.StatusBadGateway, Body: map[string]any{"message": "bad gateway"}}},
			wantCalls: 2,
		},
		{
			name:        "throttled past max attempts",
			failures:    []fakeReply{converseError(429, "ThrottlingException"), converseError(429, "ThrottlingException"), converseError(429, "ThrottlingException")},
			maxAttempts: 3,
			wantCalls:   3,
			wantErr:     true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(n int, _ map[string]any) fakeReply {
				if n <= len(tt.failures) {
					return tt.failures[n-1]
				}
				return converseOK("end_turn", nil, textBlock("ok"))
			})
			opts := []Option{fastBackoff}
			if tt.maxAttempts > 0 {
				opts = append(opts, WithMaxAttempts(tt.maxAttempts))
			}
			resp, err := New(f.client(), haiku, opts...).Converse(context.Background(), userRequest("hello"))
			if got := f.calls(); got != tt.wantCalls {
				t.Errorf("fake got %d calls, want %d", got, tt.wantCalls)
			}
			if tt.wantErr {
				if !errors.Is(err, agent.ErrModelUnavailable) {
					t.Fatalf("err = %v, want one wrapping ErrModelUnavailable", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Converse: %v", err)
			}
			if got := resp.Message.Text(); got != "ok" {
				t.Errorf("text = %q, want %q", got, "ok")
			}
		})
	}
}

func TestConverseThrottledAlways(t *testing.T) {
	for _, maxAttempts := range []int{1, 4} {
		f := newFake(t, func(int, map[string]any) fakeReply { return converseError(429, "ThrottlingException") })
		var waits []time.Duration
		sleep := func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
		_, err := New(f.client(), haiku, WithMaxAttempts(maxAttempts), WithSleep(sleep)).Converse(context.Background(), userRequest("hello"))
		if !errors.Is(err, agent.ErrModelUnavailable) {
			t.Fatalf("max %d: err = %v, want one wrapping ErrModelUnavailable", maxAttempts, err)
		}
		if _, ok := errors.AsType[*types.ThrottlingException](err); !ok {
			t.Errorf("max %d: err = %v, want the ThrottlingException kept in the chain", maxAttempts, err)
		}
		// The SDK's retryer is off: each attempt is one request.
		if got := f.calls(); got != maxAttempts {
			t.Errorf("max %d: fake got %d calls, want %d", maxAttempts, got, maxAttempts)
		}
		if len(waits) != maxAttempts-1 {
			t.Errorf("max %d: slept %d times, want %d", maxAttempts, len(waits), maxAttempts-1)
		}
		for i, d := range waits {
			if ceiling := min(DefaultBackoffCap, DefaultBackoffBase<<i); d < 0 || d > ceiling {
				t.Errorf("max %d: wait %d = %v, want within [0, %v]", maxAttempts, i+1, d, ceiling)
			}
		}
	}
}

func TestConverseNotRetryable(t *testing.T) {
	tests := []struct {
		name  string
		reply fakeReply
		check func(error) bool
	}{
		{"validation", converseError(400, "ValidationException"), func(err error) bool {
			_, ok := errors.AsType[*types.ValidationException](err)
			return ok
		}},
		{"access denied", converseError(403, "AccessDeniedException"), func(err error) bool {
			_, ok := errors.AsType[*types.AccessDeniedException](err)
			return ok
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(int, map[string]any) fakeReply { return tt.reply })
			_, err := New(f.client(), haiku, fastBackoff).Converse(context.Background(), userRequest("hello"))
			if !errors.Is(err, agent.ErrModelUnavailable) {
				t.Fatalf("err = %v, want one wrapping ErrModelUnavailable", err)
			}
			if !tt.check(err) {
				t.Errorf("err = %v, want the service error kept in the chain", err)
			}
			if got := f.calls(); got != 1 {
				t.Errorf("fake got %d calls, want 1", got)
			}
		})
	}
}

func TestConverseDeadline(t *testing.T) {
	const deadline = 1500 * time.Millisecond
	f := newFake(t, func(int, map[string]any) fakeReply { return converseError(429, "ThrottlingException") })
	// Real sleeps and default backoff; many attempts allowed, so only the
	// deadline stops the retries. The model must never plan a sleep that
	// would end past the deadline (checked on each sleep it asks for, not
	// by timing the call, which a slow machine would stretch).
	var mu sync.Mutex
	var sleeps int
	var pastDeadline []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		sleeps++
		if dl, ok := ctx.Deadline(); ok && time.Now().Add(d).After(dl) {
			pastDeadline = append(pastDeadline, d)
		}
		mu.Unlock()
		return sleepContext(ctx, d)
	}
	m := New(f.client(), haiku, WithMaxAttempts(100), WithSleep(sleep))
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	_, err := m.Converse(ctx, userRequest("hello"))
	if !errors.Is(err, agent.ErrModelUnavailable) {
		t.Fatalf("err = %v, want one wrapping ErrModelUnavailable", err)
	}
	if len(pastDeadline) > 0 {
		t.Errorf("planned sleeps %v that end past the deadline", pastDeadline)
	}
	if f.calls() < 1 || sleeps > f.calls() {
		t.Errorf("fake got %d calls and %d sleeps, want a call after each sleep", f.calls(), sleeps)
	}
}

func TestConverseDeadlineTooShortForRetry(t *testing.T) {
	f := newFake(t, func(int, map[string]any) fakeReply { return converseError(429, "ThrottlingException") })
	// An attempt needs a minute; the deadline is 30s away: after the first
	// failure there is no time for another, so the model returns at once
	// instead of sleeping into the deadline.
	m := New(f.client(), haiku, WithMinAttemptTime(time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := m.Converse(ctx, userRequest("hello"))
	if !errors.Is(err, agent.ErrModelUnavailable) {
		t.Fatalf("err = %v, want one wrapping ErrModelUnavailable", err)
	}
	if got := f.calls(); got != 1 {
		t.Errorf("fake got %d calls, want 1 (no retry with under a minute left)", got)
	}
	if ctx.Err() != nil {
		t.Error("returned at the deadline: it slept into it rather than returning at once")
	}
}

func TestConverseMalformedToolUse(t *testing.T) {
	tests := []struct {
		name       string
		stopReason string
		content    []map[string]any
		wantBlocks []agent.Block
	}{
		{
			name:       "stop reason malformed_tool_use",
			stopReason: "malformed_tool_use",
			content:    []map[string]any{textBlock("Checking."), toolUseBlock("tu1", "lookup_order", map[string]any{"order": "#1"})},
			wantBlocks: []agent.Block{{Text: "Checking."}},
		},
		{
			name:       "input is a string",
			stopReason: "tool_use",
			content:    []map[string]any{toolUseBlock("tu1", "lookup_order", `{"order": "#1`)},
		},
		{
			name:       "input is an array",
			stopReason: "tool_use",
			content:    []map[string]any{textBlock("Checking."), toolUseBlock("tu1", "lookup_order", []any{"#1"})},
			wantBlocks: []agent.Block{{Text: "Checking."}},
		},
		{
			name:       "one good call and one with a null input",
			stopReason: "tool_use",
			content: []map[string]any{
				toolUseBlock("tu1", "lookup_order", map[string]any{"order": "#1"}),
				toolUseBlock("tu2", "handover", nil),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(int, map[string]any) fakeReply { return converseOK(tt.stopReason, nil, tt.content...) })
			resp, err := New(f.client(), haiku).Converse(context.Background(), userRequest("hello"))
			if err != nil {
				t.Fatalf("Converse: %v", err)
			}
			want := agent.Response{
				Message:    agent.Message{Role: agent.RoleAssistant, Blocks: tt.wantBlocks},
				StopReason: agent.StopMalformedToolUse,
				Usage:      agent.Usage{InputTokens: 10, OutputTokens: 5},
			}
			if diff := cmp.Diff(want, resp); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if got := f.calls(); got != 1 {
				t.Errorf("fake got %d calls, want 1", got)
			}
		})
	}
}

func TestConverseStopReasonsAndUsage(t *testing.T) {
	tests := []struct {
		stopReason string
		usage      map[string]any
		want       agent.StopReason
		wantUsage  agent.Usage
	}{
		{
			stopReason: "end_turn",
			usage:      map[string]any{"inputTokens": 12, "outputTokens": 34, "totalTokens": 7146, "cacheReadInputTokens": 3000, "cacheWriteInputTokens": 4100},
			want:       agent.StopEndTurn,
			wantUsage:  agent.Usage{InputTokens: 12, OutputTokens: 34, CacheReadTokens: 3000, CacheWriteTokens: 4100},
		},
		{
			stopReason: "max_tokens",
			usage:      map[string]any{"inputTokens": 100, "outputTokens": 512, "totalTokens": 612},
			want:       agent.StopMaxTokens,
			wantUsage:  agent.Usage{InputTokens: 100, OutputTokens: 512},
		},
		{stopReason: "guardrail_intervened", want: agent.StopGuardrail, wantUsage: agent.Usage{InputTokens: 10, OutputTokens: 5}},
		{stopReason: "content_filtered", want: agent.StopGuardrail, wantUsage: agent.Usage{InputTokens: 10, OutputTokens: 5}},
		{stopReason: "stop_sequence", want: agent.StopEndTurn, wantUsage: agent.Usage{InputTokens: 10, OutputTokens: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.stopReason, func(t *testing.T) {
			f := newFake(t, func(int, map[string]any) fakeReply { return converseOK(tt.stopReason, tt.usage, textBlock("x")) })
			resp, err := New(f.client(), haiku).Converse(context.Background(), userRequest("hello"))
			if err != nil {
				t.Fatalf("Converse: %v", err)
			}
			if resp.StopReason != tt.want {
				t.Errorf("stop reason = %q, want %q", resp.StopReason, tt.want)
			}
			if diff := cmp.Diff(tt.wantUsage, resp.Usage); diff != "" {
				t.Errorf("usage (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConverseBadRequestMessages(t *testing.T) {
	f := newFake(t, func(int, map[string]any) fakeReply { return converseOK("end_turn", nil) })
	_, err := New(f.client(), haiku).Converse(context.Background(), agent.Request{Messages: []agent.Message{
		{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: "tu1", Name: "x", Input: json.RawMessage(`[1]`)}}}},
	}})
	if !errors.Is(err, agent.ErrModelUnavailable) {
		t.Fatalf("err = %v, want one wrapping ErrModelUnavailable", err)
	}
	if got := f.calls(); got != 0 {
		t.Errorf("fake got %d calls, want none", got)
	}
}

func TestBackoff(t *testing.T) {
	m := New(nil, haiku, WithBackoff(200*time.Millisecond, 2*time.Second))
	for attempt, ceiling := range map[int]time.Duration{1: 200 * time.Millisecond, 2: 400 * time.Millisecond, 4: 1600 * time.Millisecond, 5: 2 * time.Second, 60: 2 * time.Second} {
		for range 200 {
			if d := m.backoff(attempt); d < 0 || d > ceiling {
				t.Fatalf("backoff(%d) = %v, want within [0, %v]", attempt, d, ceiling)
			}
		}
	}
}

func TestCost(t *testing.T) {
	tests := []struct {
		modelID string
		usage   agent.Usage
		want    float64
		wantOK  bool
	}{
		{"anthropic.claude-haiku-4-5-20251001-v1:0", agent.Usage{InputTokens: 1000, OutputTokens: 200}, 0.002, true},
		{"us.anthropic.claude-haiku-4-5-20251001-v1:0", agent.Usage{InputTokens: 1000, OutputTokens: 200}, 0.002, true},
		{"global.anthropic.claude-haiku-4-5-20251001-v1:0", agent.Usage{CacheReadTokens: 1_000_000, CacheWriteTokens: 1_000_000}, 1.35, true},
		{"eu.amazon.nova-micro-v1:0", agent.Usage{InputTokens: 1_000_000, OutputTokens: 1_000_000}, 0.175, true},
		{"amazon.nova-lite-v1:0", agent.Usage{InputTokens: 1_000_000, OutputTokens: 1_000_000}, 0.30, true},
		{"anthropic.claude-unknown", agent.Usage{InputTokens: 1000}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.modelID, func(t *testing.T) {
			got, ok := Cost(tt.modelID, tt.usage)
			if ok != tt.wantOK || math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Cost = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func userRequest(text string) agent.Request {
	return agent.Request{
		System:   "You are doorstep.",
		Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: text}}}},
	}
}
