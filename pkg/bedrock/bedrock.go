// Package bedrock is the Amazon Bedrock Converse adapter of agent.Model.
//
// The system prompt and the tool list are the static prefix of every call and
// are each followed by a cache point; the per-conversation context goes after
// the system cache point. Throttling and server errors are retried here, with
// exponential backoff and full jitter inside the caller's deadline; the SDK's
// own retryer is switched off for the calls this package makes. Every failure
// wraps agent.ErrModelUnavailable.
package bedrock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// Defaults of a Model.
const (
	DefaultMaxAttempts    = 4
	DefaultBackoffBase    = 200 * time.Millisecond
	DefaultBackoffCap     = 2 * time.Second
	DefaultMinAttemptTime = time.Second
	DefaultMaxTokens      = 512
	temperature           = 0.2
)

// Model calls one Bedrock model through the Converse API.
type Model struct {
	client         *bedrockruntime.Client
	modelID        string
	maxAttempts    int
	backoffBase    time.Duration
	backoffCap     time.Duration
	minAttemptTime time.Duration
	sleep          func(ctx context.Context, d time.Duration) error
}

var _ agent.Model = (*Model)(nil)

// Option configures a Model.
type Option func(*Model)

// WithMaxAttempts sets how many times a call is tried in all (default 4).
// Values below 1 are taken as 1.
func WithMaxAttempts(n int) Option {
	return func(m *Model) { m.maxAttempts = max(n, 1) }
}

// WithBackoff sets the backoff before retry i: a random duration between 0
// and min(cap, base·2^(i-1)) (defaults 200ms and 2s).
func WithBackoff(base, cap time.Duration) Option {
	return func(m *Model) { m.backoffBase, m.backoffCap = base, cap }
}

// WithMinAttemptTime sets how much of the context's deadline must remain for
// a retry to start (default 1s). The first attempt always starts.
func WithMinAttemptTime(d time.Duration) Option {
	return func(m *Model) { m.minAttemptTime = d }
}

// WithSleep replaces the wait between attempts; it must return early with an
// error when ctx is done.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(m *Model) { m.sleep = sleep }
}

// New returns a Model calling modelID (a model id or an inference profile id,
// e.g. "us.anthropic.claude-haiku-4-5-20251001-v1:0") with client. The
// client's retryer is replaced by aws.NopRetryer for these calls: retries and
// their budget are the Model's.
func New(client *bedrockruntime.Client, modelID string, opts ...Option) *Model {
	m := &Model{
		client:         client,
		modelID:        modelID,
		maxAttempts:    DefaultMaxAttempts,
		backoffBase:    DefaultBackoffBase,
		backoffCap:     DefaultBackoffCap,
		minAttemptTime: DefaultMinAttemptTime,
		sleep:          sleepContext,
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// noSDKRetries is the per-call client option that leaves retrying to Converse.
func noSDKRetries(o *bedrockruntime.Options) { o.Retryer = aws.NopRetryer{} }

// Converse makes one model call, retrying throttling and server errors while
// attempts and the context's deadline allow. Any failure wraps
// agent.ErrModelUnavailable, with the underlying error kept in the chain.
func (m *Model) Converse(ctx context.Context, req agent.Request) (agent.Response, error) {
	in, err := m.input(req)
	if err != nil {
		return agent.Response{}, fmt.Errorf("bedrock converse %s: build request: %w: %w", m.modelID, agent.ErrModelUnavailable, err)
	}
	attempt := 0
	for {
		attempt++
		out, err := m.client.Converse(ctx, in, noSDKRetries)
		if err == nil {
			resp, err := response(out)
			if err != nil {
				return agent.Response{}, fmt.Errorf("bedrock converse %s: read response: %w: %w", m.modelID, agent.ErrModelUnavailable, err)
			}
			return resp, nil
		}
		if !m.retry(ctx, attempt, err) {
			return agent.Response{}, fmt.Errorf("bedrock converse %s: %d attempt(s): %w: %w", m.modelID, attempt, agent.ErrModelUnavailable, err)
		}
	}
}

// retry reports whether to try again after attempt failed with err, having
// waited the backoff if so.
func (m *Model) retry(ctx context.Context, attempt int, err error) bool {
	if attempt >= m.maxAttempts || !retryable(err) || ctx.Err() != nil {
		return false
	}
	wait := m.backoff(attempt)
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait+m.minAttemptTime {
		return false
	}
	return m.sleep(ctx, wait) == nil
}

// backoff is the full-jitter wait after the given attempt (1-based).
func (m *Model) backoff(attempt int) time.Duration {
	ceiling := m.backoffCap
	if shift := attempt - 1; shift < 32 {
		if d := m.backoffBase << shift; d > 0 && d < ceiling {
			ceiling = d
		}
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryableCodes are the Bedrock error codes worth another attempt.
var retryableCodes = map[string]bool{
	"ThrottlingException":         true,
	"ServiceUnavailableException": true,
	"ModelNotReadyException":      true,
	"InternalServerException":     true,
}

// retryable reports whether err is throttling, a server error, or a failure
// to reach the service.
func retryable(err error) bool {
	if apiErr, ok := errors.AsType[smithy.APIError](err); ok && retryableCodes[apiErr.ErrorCode()] {
		return true
	}
	if respErr, ok := errors.AsType[*awshttp.ResponseError](err); ok {
		status := respErr.HTTPStatusCode()
		return status == 429 || status >= 500
	}
	_, sendFailed := errors.AsType[*smithyhttp.RequestSendError](err)
	return sendFailed
}

// input builds the Converse request.
func (m *Model) input(req agent.Request) (*bedrockruntime.ConverseInput, error) {
	maxTokens := req.MaxTokens
	if maxTokens <= 0 {
		maxTokens = DefaultMaxTokens
	}
	in := &bedrockruntime.ConverseInput{
		ModelId: aws.String(m.modelID),
		InferenceConfig: &types.InferenceConfiguration{
			MaxTokens:   aws.Int32(int32(min(maxTokens, 1<<31-1))),
			Temperature: aws.Float32(temperature),
		},
	}
	cacheTools, cacheSystem := cachePoints(m.modelID, req)
	if req.System != "" {
		in.System = append(in.System, &types.SystemContentBlockMemberText{Value: req.System})
		if cacheSystem {
			in.System = append(in.System, &types.SystemContentBlockMemberCachePoint{Value: types.CachePointBlock{Type: types.CachePointTypeDefault}})
		}
	}
	if req.Context != "" {
		in.System = append(in.System, &types.SystemContentBlockMemberText{Value: req.Context})
	}
	if len(req.Tools) > 0 {
		tools := make([]types.Tool, 0, len(req.Tools)+1)
		for _, t := range req.Tools {
			schema := t.Schema
			if schema == nil {
				schema = map[string]any{"type": "object"}
			}
			spec := types.ToolSpecification{
				Name:        aws.String(t.Name),
				InputSchema: &types.ToolInputSchemaMemberJson{Value: document.NewLazyDocument(schema)},
			}
			if t.Description != "" {
				spec.Description = aws.String(t.Description)
			}
			tools = append(tools, &types.ToolMemberToolSpec{Value: spec})
		}
		if cacheTools {
			tools = append(tools, &types.ToolMemberCachePoint{Value: types.CachePointBlock{Type: types.CachePointTypeDefault}})
		}
		in.ToolConfig = &types.ToolConfiguration{Tools: tools}
	}
	for i, msg := range req.Messages {
		out, err := message(msg)
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
		in.Messages = append(in.Messages, out)
	}
	return in, nil
}

// message converts one agent message to Bedrock's shape.
func message(msg agent.Message) (types.Message, error) {
	out := types.Message{Role: types.ConversationRole(msg.Role)}
	for i, b := range msg.Blocks {
		switch {
		case b.ToolUse != nil:
			input, err := decode(b.ToolUse.Input)
			if err != nil {
				return types.Message{}, fmt.Errorf("tool use %s input: %w", b.ToolUse.ID, err)
			}
			obj, ok := input.(map[string]any)
			if !ok {
				return types.Message{}, fmt.Errorf("tool use %s input: not a JSON object", b.ToolUse.ID)
			}
			out.Content = append(out.Content, &types.ContentBlockMemberToolUse{Value: types.ToolUseBlock{
				ToolUseId: aws.String(b.ToolUse.ID),
				Name:      aws.String(b.ToolUse.Name),
				Input:     document.NewLazyDocument(obj),
			}})
		case b.ToolResult != nil:
			out.Content = append(out.Content, &types.ContentBlockMemberToolResult{Value: toolResult(b.ToolResult)})
		case b.Text != "":
			out.Content = append(out.Content, &types.ContentBlockMemberText{Value: b.Text})
		default:
			return types.Message{}, fmt.Errorf("block %d is empty", i)
		}
	}
	return out, nil
}

// toolResult sends a JSON object as a json block; anything else (which the
// port does not expect) goes as its JSON text.
func toolResult(r *agent.ToolResult) types.ToolResultBlock {
	out := types.ToolResultBlock{ToolUseId: aws.String(r.ToolUseID)}
	if r.IsError {
		out.Status = types.ToolResultStatusError
	}
	content, err := decode(r.Content)
	if obj, ok := content.(map[string]any); err == nil && ok {
		out.Content = []types.ToolResultContentBlock{&types.ToolResultContentBlockMemberJson{Value: document.NewLazyDocument(obj)}}
	} else {
		text := strings.TrimSpace(string(r.Content))
		if text == "" {
			text = "{}"
		}
		out.Content = []types.ToolResultContentBlock{&types.ToolResultContentBlockMemberText{Value: text}}
	}
	return out
}

// decode reads JSON for a smithy document: integers become int64 and other
// numbers float64, since the document encoder writes a json.Number as a
// string. Empty input is an empty object.
func decode(raw json.RawMessage) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after JSON value")
	}
	return numbers(v), nil
}

func numbers(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = numbers(e)
		}
		return v
	case []any:
		for i, e := range v {
			v[i] = numbers(e)
		}
		return v
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n
		}
		f, _ := v.Float64()
		return f
	default:
		return v
	}
}

// response converts Bedrock's answer. Tool calls are dropped, and the stop
// reason made malformed_tool_use, when Bedrock says the call was malformed
// or an input is not a JSON object.
func response(out *bedrockruntime.ConverseOutput) (agent.Response, error) {
	msgOut, ok := out.Output.(*types.ConverseOutputMemberMessage)
	if !ok {
		return agent.Response{}, fmt.Errorf("output has no message (%T)", out.Output)
	}
	resp := agent.Response{
		Message:    agent.Message{Role: agent.RoleAssistant},
		StopReason: stopReason(out.StopReason),
		Usage:      usage(out.Usage),
	}
	malformed := resp.StopReason == agent.StopMalformedToolUse
	for _, c := range msgOut.Value.Content {
		switch c := c.(type) {
		case *types.ContentBlockMemberText:
			if c.Value != "" {
				resp.Message.Blocks = append(resp.Message.Blocks, agent.Block{Text: c.Value})
			}
		case *types.ContentBlockMemberToolUse:
			if malformed {
				continue
			}
			use, ok := toolUse(c.Value)
			if !ok {
				malformed = true
				continue
			}
			resp.Message.Blocks = append(resp.Message.Blocks, agent.Block{ToolUse: use})
		}
	}
	if malformed {
		var blocks []agent.Block
		for _, b := range resp.Message.Blocks {
			if b.ToolUse == nil {
				blocks = append(blocks, b)
			}
		}
		resp.Message.Blocks = blocks
		resp.StopReason = agent.StopMalformedToolUse
	}
	return resp, nil
}

// toolUse reads a tool call; ok is false when it is not usable.
func toolUse(b types.ToolUseBlock) (*agent.ToolUse, bool) {
	if b.Input == nil || aws.ToString(b.ToolUseId) == "" || aws.ToString(b.Name) == "" {
		return nil, false
	}
	raw, err := b.Input.MarshalSmithyDocument()
	if err != nil {
		return nil, false
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return nil, false
	}
	return &agent.ToolUse{ID: *b.ToolUseId, Name: *b.Name, Input: json.RawMessage(raw)}, true
}

// stopReason maps Bedrock's stop reasons onto the agent's; ones the agent
// has no name for pass through unchanged.
func stopReason(s types.StopReason) agent.StopReason {
	switch s {
	case types.StopReasonEndTurn, types.StopReasonStopSequence:
		return agent.StopEndTurn
	case types.StopReasonToolUse:
		return agent.StopToolUse
	case types.StopReasonMaxTokens, types.StopReasonModelContextWindowExceeded:
		return agent.StopMaxTokens
	case types.StopReasonGuardrailIntervened, types.StopReasonContentFiltered:
		return agent.StopGuardrail
	case types.StopReasonMalformedToolUse:
		return agent.StopMalformedToolUse
	default:
		return agent.StopReason(s)
	}
}

func usage(u *types.TokenUsage) agent.Usage {
	if u == nil {
		return agent.Usage{}
	}
	return agent.Usage{
		InputTokens:      int(aws.ToInt32(u.InputTokens)),
		OutputTokens:     int(aws.ToInt32(u.OutputTokens)),
		CacheReadTokens:  int(aws.ToInt32(u.CacheReadInputTokens)),
		CacheWriteTokens: int(aws.ToInt32(u.CacheWriteInputTokens)),
	}
}
