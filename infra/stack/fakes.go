package stack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// Bedrock is a fake Bedrock runtime speaking the Converse wire protocol
// (POST /model/{modelId}/converse, JSON), answered by the repository's
// offline model, so conversations behave as they do in make dev. Each call
// is recorded as bedrock:InvokeModel by the signer and checked against its
// role: on the inference profile and on its model in every Region the
// profile routes to (InvokeAuthorizations).
type Bedrock struct {
	Rec   *Recorder
	Model agent.Model

	mu    sync.Mutex
	Calls int
	// script: the tool the model calls first when the customer's message
	// is the key (Script).
	script map[string]agent.ToolUse
}

// Script makes the model call tool with input (JSON) as its first answer
// to the customer's message text, then lets Model answer the tool's
// result, until undo. Over the Converse wire the offline model reads the
// prompt's prose only (agent.Request.State stays in the chat function),
// which some of its turns need: a flow that checks what a tool does under
// the chat function's role, not whether the model picks it, scripts it.
func (b *Bedrock) Script(text, tool, input string) (undo func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.script == nil {
		b.script = map[string]agent.ToolUse{}
	}
	b.script[text] = agent.ToolUse{ID: "tooluse_script_" + tool, Name: tool, Input: json.RawMessage(input)}
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.script, text)
	}
}

// scripted is the tool use Script set for req's last message, when it is
// the customer's text.
func (b *Bedrock) scripted(req agent.Request) (agent.ToolUse, bool) {
	if len(req.Messages) == 0 {
		return agent.ToolUse{}, false
	}
	last := req.Messages[len(req.Messages)-1]
	if last.Role != agent.RoleUser || last.Text() == "" {
		return agent.ToolUse{}, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	u, ok := b.script[last.Text()]
	return u, ok
}

func (b *Bedrock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutPrefix(r.URL.Path, "/model/")
	if ok {
		id, ok = strings.CutSuffix(id, "/converse")
	}
	if r.Method != http.MethodPost || !ok {
		writeBedrockError(w, http.StatusNotFound, "UnknownOperationException", "only Converse is faked")
		return
	}
	id, _ = url.PathUnescape(id)
	key, _ := KeyAndService(r.Header.Get("Authorization"))
	if b.Rec != nil {
		// As Bedrock does: the profile, then its model in whichever Region
		// the profile routes the call to (each is checked here).
		for _, a := range InvokeAuthorizations(Region, id) {
			if why := b.Rec.Record(key, "bedrock:InvokeModel", a.Resource, a.Context); why != "" {
				writeBedrockError(w, http.StatusForbidden, "AccessDeniedException", why)
				return
			}
		}
	}
	raw, _ := io.ReadAll(r.Body)
	req, err := ConverseRequest(raw)
	if err != nil {
		writeBedrockError(w, http.StatusBadRequest, "ValidationException", err.Error())
		return
	}
	b.mu.Lock()
	b.Calls++
	b.mu.Unlock()
	if u, ok := b.scripted(req); ok {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(ConverseResponse(agent.Response{StopReason: agent.StopToolUse,
			Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &u}}}}))
		return
	}
	resp, err := b.Model.Converse(r.Context(), req)
	if err != nil {
		writeBedrockError(w, http.StatusInternalServerError, "InternalServerException", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ConverseResponse(resp))
}

func writeBedrockError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-ErrorType", typ)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": msg})
}

// NewOffline is the offline model.
func NewOffline() agent.Model { return offline.Model{} }

// ConverseRequest reads a Converse request body into the agent's model
// request: the system text before the cache point is System, after it
// Context; tool specs; messages with text, tool uses and tool results.
func ConverseRequest(raw []byte) (agent.Request, error) {
	var in struct {
		System []struct {
			Text       *string         `json:"text"`
			CachePoint json.RawMessage `json:"cachePoint"`
		} `json:"system"`
		Messages []struct {
			Role    string `json:"role"`
			Content []struct {
				Text    *string `json:"text"`
				ToolUse *struct {
					ID    string          `json:"toolUseId"`
					Name  string          `json:"name"`
					Input json.RawMessage `json:"input"`
				} `json:"toolUse"`
				ToolResult *struct {
					ID      string `json:"toolUseId"`
					Status  string `json:"status"`
					Content []struct {
						JSON json.RawMessage `json:"json"`
						Text *string         `json:"text"`
					} `json:"content"`
				} `json:"toolResult"`
			} `json:"content"`
		} `json:"messages"`
		ToolConfig *struct {
			Tools []struct {
				ToolSpec *struct {
					Name        string `json:"name"`
					Description string `json:"description"`
					InputSchema struct {
						JSON map[string]any `json:"json"`
					} `json:"inputSchema"`
				} `json:"toolSpec"`
			} `json:"tools"`
		} `json:"toolConfig"`
		InferenceConfig struct {
			MaxTokens int `json:"maxTokens"`
		} `json:"inferenceConfig"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return agent.Request{}, fmt.Errorf("converse request: %w", err)
	}
	req := agent.Request{MaxTokens: in.InferenceConfig.MaxTokens}
	afterCache := false
	for _, s := range in.System {
		switch {
		case len(s.CachePoint) > 0:
			afterCache = true
		case s.Text != nil && afterCache:
			req.Context += *s.Text
		case s.Text != nil:
			req.System += *s.Text
		}
	}
	if !afterCache && req.Context == "" && len(in.System) == 1 {
		// Only a context block (no system prompt): the adapter sends it alone.
		req.Context, req.System = req.System, ""
	}
	if in.ToolConfig != nil {
		for _, t := range in.ToolConfig.Tools {
			if t.ToolSpec != nil {
				req.Tools = append(req.Tools, agent.ToolSpec{Name: t.ToolSpec.Name, Description: t.ToolSpec.Description, Schema: t.ToolSpec.InputSchema.JSON})
			}
		}
	}
	for _, m := range in.Messages {
		msg := agent.Message{Role: agent.Role(m.Role)}
		for _, c := range m.Content {
			switch {
			case c.Text != nil:
				msg.Blocks = append(msg.Blocks, agent.Block{Text: *c.Text})
			case c.ToolUse != nil:
				msg.Blocks = append(msg.Blocks, agent.Block{ToolUse: &agent.ToolUse{ID: c.ToolUse.ID, Name: c.ToolUse.Name, Input: c.ToolUse.Input}})
			case c.ToolResult != nil:
				tr := &agent.ToolResult{ToolUseID: c.ToolResult.ID, IsError: c.ToolResult.Status == "error"}
				for _, x := range c.ToolResult.Content {
					if len(x.JSON) > 0 {
						tr.Content = x.JSON
					} else if x.Text != nil {
						tr.Content = json.RawMessage(*x.Text)
					}
				}
				msg.Blocks = append(msg.Blocks, agent.Block{ToolResult: tr})
			}
		}
		req.Messages = append(req.Messages, msg)
	}
	return req, nil
}

// ConverseResponse writes a model response as a Converse response body.
func ConverseResponse(resp agent.Response) map[string]any {
	var content []any
	for _, b := range resp.Message.Blocks {
		switch {
		case b.ToolUse != nil:
			var input any = map[string]any{}
			if len(b.ToolUse.Input) > 0 {
				_ = json.Unmarshal(b.ToolUse.Input, &input)
			}
			content = append(content, map[string]any{"toolUse": map[string]any{"toolUseId": b.ToolUse.ID, "name": b.ToolUse.Name, "input": input}})
		case b.Text != "":
			content = append(content, map[string]any{"text": b.Text})
		}
	}
	stop := resp.StopReason
	if stop == "" {
		stop = agent.StopEndTurn
	}
	return map[string]any{
		"output":     map[string]any{"message": map[string]any{"role": "assistant", "content": content}},
		"stopReason": string(stop),
		"usage": map[string]any{"inputTokens": resp.Usage.InputTokens, "outputTokens": resp.Usage.OutputTokens,
			"totalTokens": resp.Usage.InputTokens + resp.Usage.OutputTokens},
		"metrics": map[string]any{"latencyMs": 1},
	}
}

// Shopify is a fake Shopify Admin GraphQL API
// (POST /admin/api/{version}/graphql.json): it answers each operation by
// name from Answers, and records every operation it was sent.
type Shopify struct {
	// Answers give the "data" of an operation by its name (DoorstepRefund,
	// ...); the variables are passed in.
	Answers map[string]func(vars map[string]any) any
	// ClientID and ClientSecret, when set, make it a Dev Dashboard app's
	// shop: POST /admin/oauth/access_token exchanges them (client
	// credentials grant) for a token, and GraphQL calls without an issued
	// token get 401.
	ClientID, ClientSecret string

	mu     sync.Mutex
	ops    []ShopifyOp
	issued map[string]bool
}

// Exchanges is how many tokens the token endpoint issued.
func (s *Shopify) Exchanges() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.issued)
}

// token answers the client credentials grant as Shopify does.
func (s *Shopify) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_id") != s.ClientID || r.PostForm.Get("client_secret") != s.ClientSecret {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
		return
	}
	s.mu.Lock()
	if s.issued == nil {
		s.issued = map[string]bool{}
	}
	tok := fmt.Sprintf("shpat_stack_%d", len(s.issued)+1)
	s.issued[tok] = true
	s.mu.Unlock()
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "scope": "read_orders,write_orders", "expires_in": 86399})
}

// ShopifyOp is one GraphQL operation the fake received.
type ShopifyOp struct {
	Name     string
	Mutation bool
	Vars     map[string]any
	Token    string
}

// Ops returns the operations received so far.
func (s *Shopify) Ops() []ShopifyOp {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ShopifyOp(nil), s.ops...)
}

// Mutations returns the names of the mutations received, in order.
func (s *Shopify) Mutations() []string {
	var out []string
	for _, op := range s.Ops() {
		if op.Mutation {
			out = append(out, op.Name)
		}
	}
	return out
}

func (s *Shopify) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == "/admin/oauth/access_token" && s.ClientID != "" {
		s.token(w, r)
		return
	}
	if s.ClientID != "" {
		s.mu.Lock()
		ok := s.issued[r.Header.Get("X-Shopify-Access-Token")]
		s.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`)
			return
		}
	}
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/admin/api/") || !strings.HasSuffix(r.URL.Path, "/graphql.json") {
		http.NotFound(w, r)
		return
	}
	var body struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	raw, _ := io.ReadAll(r.Body)
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&body); err != nil {
		http.Error(w, `{"errors":[{"message":"bad JSON"}]}`, http.StatusBadRequest)
		return
	}
	q := strings.TrimSpace(body.Query)
	op := ShopifyOp{Vars: body.Variables, Token: r.Header.Get("X-Shopify-Access-Token"), Mutation: strings.HasPrefix(q, "mutation")}
	fields := strings.Fields(strings.NewReplacer("(", " ", "{", " ").Replace(q))
	if len(fields) > 1 {
		op.Name = fields[1]
	}
	s.mu.Lock()
	s.ops = append(s.ops, op)
	answer := s.Answers[op.Name]
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if answer == nil {
		_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": "the stack test's fake Shopify has no answer for " + op.Name}}})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"data": answer(body.Variables),
		"extensions": map[string]any{"cost": map[string]any{"requestedQueryCost": 10, "actualQueryCost": 10,
			"throttleStatus": map[string]any{"maximumAvailable": 2000, "currentlyAvailable": 1990, "restoreRate": 100}}}})
}
