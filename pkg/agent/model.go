package agent

import (
	"context"
	"encoding/json"
	"errors"
)

// The Model port: one call of a chat model with tool use, in the shape of
// Bedrock's Converse API but free of AWS types. Adapters: package bedrock
// (Converse) and package offline (a deterministic model for make dev and
// tests).

// Role says who wrote a model message.
type Role string

// Roles of model messages.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// Block is one piece of a message: text, a tool call, or a tool's result.
// Exactly one field is set.
type Block struct {
	Text       string      `json:"text,omitempty"`
	ToolUse    *ToolUse    `json:"tool_use,omitempty"`
	ToolResult *ToolResult `json:"tool_result,omitempty"`
}

// ToolUse is the model asking for a tool to run.
type ToolUse struct {
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Input json.RawMessage `json:"input"` // a JSON object
}

// ToolResult answers a ToolUse.
type ToolResult struct {
	ToolUseID string          `json:"tool_use_id"`
	Content   json.RawMessage `json:"content"` // a JSON object
	IsError   bool            `json:"is_error,omitempty"`
}

// Message is one model message.
type Message struct {
	Role   Role    `json:"role"`
	Blocks []Block `json:"blocks"`
}

// Text joins the message's text blocks.
func (m Message) Text() string {
	var s string
	for _, b := range m.Blocks {
		if b.Text != "" {
			if s != "" {
				s += "\n"
			}
			s += b.Text
		}
	}
	return s
}

// ToolSpec describes a tool to the model.
type ToolSpec struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Schema      map[string]any `json:"schema"` // JSON Schema of the input object
}

// Request is one model call. System and Tools are the static, cacheable
// prefix; Context is the per-conversation part of the system prompt, sent
// after the cache point.
type Request struct {
	System  string
	Tools   []ToolSpec
	Context string
	// State is the Context's facts as data, for models that read
	// structure (the offline model); hosted models get the text.
	State     *State
	Messages  []Message
	MaxTokens int
}

// StopReason says why the model stopped.
type StopReason string

// Stop reasons (Bedrock's vocabulary).
const (
	StopEndTurn          StopReason = "end_turn"
	StopToolUse          StopReason = "tool_use"
	StopMaxTokens        StopReason = "max_tokens"
	StopGuardrail        StopReason = "guardrail_intervened"
	StopMalformedToolUse StopReason = "malformed_tool_use"
)

// Usage is the tokens one call used.
type Usage struct {
	InputTokens      int `json:"input_tokens"`
	OutputTokens     int `json:"output_tokens"`
	CacheReadTokens  int `json:"cache_read_tokens,omitempty"`
	CacheWriteTokens int `json:"cache_write_tokens,omitempty"`
}

// Add sums usage.
func (u *Usage) Add(o Usage) {
	u.InputTokens += o.InputTokens
	u.OutputTokens += o.OutputTokens
	u.CacheReadTokens += o.CacheReadTokens
	u.CacheWriteTokens += o.CacheWriteTokens
}

// Response is the model's answer to one call.
type Response struct {
	Message    Message
	StopReason StopReason
	Usage      Usage
}

// Model is a chat model with tool use.
type Model interface {
	Converse(ctx context.Context, req Request) (Response, error)
}

// ErrModelUnavailable is what a model adapter returns when it gave up
// (throttled or failing past its retries, or out of time). The agent then
// answers with a safe message and hands the conversation to a person.
var ErrModelUnavailable = errors.New("model unavailable")
