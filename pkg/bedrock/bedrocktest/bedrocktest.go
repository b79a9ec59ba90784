// Package bedrocktest is a fake Amazon Bedrock runtime for tests and the
// bench: it speaks the Converse wire protocol (POST /model/{modelId}/converse,
// JSON) to the real SDK client, answers from a script, and reports usage for
// every call the way Bedrock does (inputTokens, outputTokens,
// cacheReadInputTokens, cacheWriteInputTokens), so what a caller reads back
// goes through the same path as a real model's usage.
//
// The fake has no Claude tokenizer: it counts what it received, the request
// content as JSON on the wire (system blocks, tool specs, messages), at
// CharsPerToken characters a token. It honours cache points as Bedrock
// does: a cache point whose prefix reaches the model's minimum
// (bedrock.MinCachePrefix) writes the prefix on first sight and reads it
// after; below the minimum it does nothing.
package bedrocktest

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/pkg/bedrock"
)

// CharsPerToken is the fake's token count: characters of wire JSON a token.
const CharsPerToken = 4

// Reply is what the fake answers one call with: text, a tool call, or an
// error (Status and ErrorType, sent in x-amzn-ErrorType).
type Reply struct {
	Text      string
	ToolUse   *ToolUse
	Status    int
	ErrorType string
}

// ToolUse is a tool call the fake makes.
type ToolUse struct {
	ID, Name string
	Input    map[string]any
}

// Usage is what the fake reported for one call.
type Usage struct {
	InputTokens, OutputTokens, CacheReadTokens, CacheWriteTokens int
}

// Call is one request the fake got and what it reported.
type Call struct {
	ModelID string
	Body    map[string]any
	Usage   Usage
}

// Server is the fake runtime.
type Server struct {
	URL    string
	srv    *httptest.Server
	script func(n int, body map[string]any) Reply

	mu     sync.Mutex
	calls  []Call
	cached map[[32]byte]bool
}

// New starts a fake answering call n (from 1) with script(n, body); Close
// stops it.
func New(script func(n int, body map[string]any) Reply) *Server {
	s := &Server{script: script, cached: map[[32]byte]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Client is a real SDK client pointed at the fake, with static fake
// credentials (the client panics on anonymous ones).
func (s *Server) Client() *bedrockruntime.Client {
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}
	return bedrockruntime.NewFromConfig(cfg, func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(s.URL) })
}

// Calls are the requests so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Reset forgets the calls (not the cache).
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	modelID, ok := strings.CutPrefix(r.URL.Path, "/model/")
	if ok {
		modelID, ok = strings.CutSuffix(modelID, "/converse")
	}
	raw, err := io.ReadAll(r.Body)
	var body map[string]any
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if r.Method != http.MethodPost || !ok || err != nil {
		writeJSON(w, http.StatusBadRequest, "ValidationException", map[string]any{"message": fmt.Sprintf("fake: bad request %s %s: %v", r.Method, r.URL.Path, err)})
		return
	}
	s.mu.Lock()
	n := len(s.calls) + 1
	s.calls = append(s.calls, Call{ModelID: modelID, Body: body})
	s.mu.Unlock()

	rep := s.script(n, body)
	if rep.ErrorType != "" || rep.Status >= 300 {
		writeJSON(w, max(rep.Status, 400), rep.ErrorType, map[string]any{"message": rep.ErrorType + " from fake"})
		return
	}
	var content []any
	stop := "end_turn"
	if rep.Text != "" {
		content = append(content, map[string]any{"text": rep.Text})
	}
	if rep.ToolUse != nil {
		input := rep.ToolUse.Input
		if input == nil {
			input = map[string]any{}
		}
		content = append(content, map[string]any{"toolUse": map[string]any{"toolUseId": rep.ToolUse.ID, "name": rep.ToolUse.Name, "input": input}})
		stop = "tool_use"
	}
	if content == nil {
		content = []any{}
	}
	u := s.usage(modelID, body, content)
	s.mu.Lock()
	s.calls[n-1].Usage = u
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, "", map[string]any{
		"output":     map[string]any{"message": map[string]any{"role": "assistant", "content": content}},
		"stopReason": stop,
		"usage": map[string]any{"inputTokens": u.InputTokens, "outputTokens": u.OutputTokens,
			"cacheReadInputTokens": u.CacheReadTokens, "cacheWriteInputTokens": u.CacheWriteTokens,
			"totalTokens": u.InputTokens + u.OutputTokens + u.CacheReadTokens + u.CacheWriteTokens},
		"metrics": map[string]any{"latencyMs": 1},
	})
}

// usage counts a request as Bedrock bills it: the prefix up to the last
// cache point that reaches the model's minimum is read from the cache when
// seen before, else written to it; everything else is input.
func (s *Server) usage(modelID string, body map[string]any, out []any) Usage {
	// Bedrock's prefix order: tools, then system, then messages.
	var parts []any
	if tc, ok := body["toolConfig"].(map[string]any); ok {
		tools, _ := tc["tools"].([]any)
		parts = append(parts, tools...)
	}
	sys, _ := body["system"].([]any)
	parts = append(parts, sys...)
	msgs, _ := body["messages"].([]any)
	for _, m := range msgs {
		if mm, ok := m.(map[string]any); ok {
			c, _ := mm["content"].([]any)
			parts = append(parts, c...)
		}
	}
	total, prefix := 0, 0
	h := sha256.New()
	var prefixHash [32]byte
	min := bedrock.MinCachePrefix(modelID)
	for _, p := range parts {
		if m, ok := p.(map[string]any); ok && m["cachePoint"] != nil {
			if min > 0 && tokens(total) >= min {
				prefix = total
				copy(prefixHash[:], h.Sum(nil))
			}
			continue
		}
		b, _ := json.Marshal(p)
		total += len(b)
		h.Write(b)
	}
	o, _ := json.Marshal(out)
	u := Usage{InputTokens: tokens(total), OutputTokens: tokens(len(o))}
	if prefix == 0 {
		return u
	}
	s.mu.Lock()
	hit := s.cached[prefixHash]
	s.cached[prefixHash] = true
	s.mu.Unlock()
	u.InputTokens = tokens(total) - tokens(prefix)
	if hit {
		u.CacheReadTokens = tokens(prefix)
	} else {
		u.CacheWriteTokens = tokens(prefix)
	}
	return u
}

// tokens is chars at CharsPerToken, rounded up.
func tokens(chars int) int { return (chars + CharsPerToken - 1) / CharsPerToken }

// ToolResults counts the tool results in a request's messages.
func ToolResults(body map[string]any) int {
	n := 0
	msgs, _ := body["messages"].([]any)
	for _, m := range msgs {
		mm, _ := m.(map[string]any)
		c, _ := mm["content"].([]any)
		for _, b := range c {
			if bm, ok := b.(map[string]any); ok && bm["toolResult"] != nil {
				n++
			}
		}
	}
	return n
}

// SystemText joins a request's system text blocks.
func SystemText(body map[string]any) string {
	var parts []string
	sys, _ := body["system"].([]any)
	for _, b := range sys {
		if m, ok := b.(map[string]any); ok {
			if t, ok := m["text"].(string); ok {
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, "\n")
}

func writeJSON(w http.ResponseWriter, status int, errType string, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", "fake-request")
	if errType != "" {
		w.Header().Set("x-amzn-ErrorType", errType)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
