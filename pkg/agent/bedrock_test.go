package agent_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// converse is a fake Bedrock runtime: POST /model/{id}/converse, answered
// by a script, driven through the real SDK client and the real adapter.
type converse struct {
	mu     sync.Mutex
	bodies []map[string]any
	script func(n int, body map[string]any) (int, string, any)
}

func (c *converse) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	c.mu.Lock()
	c.bodies = append(c.bodies, body)
	n := len(c.bodies)
	c.mu.Unlock()
	status, errType, out := c.script(n, body)
	w.Header().Set("Content-Type", "application/json")
	if errType != "" {
		w.Header().Set("x-amzn-ErrorType", errType)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(out)
}

func toolUseBody(id, name string, input any) any {
	return map[string]any{"output": map[string]any{"message": map[string]any{"role": "assistant", "content": []any{
		map[string]any{"toolUse": map[string]any{"toolUseId": id, "name": name, "input": input}}}}},
		"stopReason": "tool_use", "usage": map[string]any{"inputTokens": 900, "outputTokens": 40, "totalTokens": 940}}
}

func textBody(text string) any {
	return map[string]any{"output": map[string]any{"message": map[string]any{"role": "assistant", "content": []any{map[string]any{"text": text}}}},
		"stopReason": "end_turn", "usage": map[string]any{"inputTokens": 1000, "outputTokens": 60, "totalTokens": 1060}}
}

func withBedrock(t *testing.T, f *fixture, script func(n int, body map[string]any) (int, string, any)) *converse {
	t.Helper()
	fake := &converse{script: script}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	client := bedrockruntime.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")},
		func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	f.agent.Model = bedrock.New(client, "anthropic.claude-haiku-4-5-20251001-v1:0", bedrock.WithBackoff(time.Millisecond, 5*time.Millisecond))
	return fake
}

func TestBedrockToolUseRoundTrip(t *testing.T) {
	f := setup(t)
	fake := withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 429, "ThrottlingException", map[string]any{"message": "slow down"}
		case 2:
			return 200, "", toolUseBody("tu-1", "track_order", map[string]any{"order_number": "#1001"})
		}
		return 200, "", textBody("Your order #1001 was delivered.")
	})
	c := adaConv()
	res, err := f.agent.Turn(t.Context(), c, nil, "where is #1001?", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reply != "Your order #1001 was delivered." || len(fake.bodies) != 3 {
		t.Fatalf("reply %q after %d calls", res.Reply, len(fake.bodies))
	}
	// The third request carries the tool result for tu-1, from the store.
	raw, _ := json.Marshal(fake.bodies[2]["messages"])
	if !strings.Contains(string(raw), `"toolUseId":"tu-1"`) || !strings.Contains(string(raw), "1ZADA") {
		t.Errorf("tool result not sent back: %s", raw)
	}
	if res.Usage.InputTokens != 1900 || c.Usage.InputTokens != 1900 {
		t.Errorf("usage %+v, conversation usage %+v", res.Usage, c.Usage)
	}
}

func TestBedrockMalformedToolInputNeverRuns(t *testing.T) {
	f := setup(t)
	withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		if n == 1 {
			b := toolUseBody("tu-1", "change_address", "not an object")
			b.(map[string]any)["stopReason"] = "malformed_tool_use"
			return 200, "", b
		}
		return 200, "", textBody("Sorry, could you repeat the address?")
	})
	res, err := f.agent.Turn(t.Context(), adaConv(), nil, "yes", 1)
	if err != nil {
		t.Fatal(err)
	}
	if f.shop.addresses != 0 || !strings.Contains(res.Reply, "repeat") {
		t.Errorf("addresses %d, reply %q", f.shop.addresses, res.Reply)
	}
}

func TestBedrockRoundLimitAndFailure(t *testing.T) {
	f := setup(t)
	fake := withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		return 200, "", toolUseBody("tu", "list_orders", map[string]any{})
	})
	c := adaConv()
	res, err := f.agent.Turn(t.Context(), c, nil, "orders", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.bodies) != 4 || c.Status != conversation.StatusHandover || res.Reply == "" {
		t.Errorf("%d calls, status %s, reply %q", len(fake.bodies), c.Status, res.Reply)
	}

	f = setup(t)
	withBedrock(t, f, func(int, map[string]any) (int, string, any) {
		return 503, "ServiceUnavailableException", map[string]any{"message": "down"}
	})
	c = adaConv()
	res, err = f.agent.Turn(t.Context(), c, nil, "where is my order", 1)
	if err != nil || res.Reply != agent.SafeReply || c.Status != conversation.StatusHandover {
		t.Errorf("reply %q, status %s, err %v", res.Reply, c.Status, err)
	}
}

// A real model's protocol, through the real SDK client: the model proposes
// a return of the coffee kit, then confirms with other arguments (another
// order, another item, everything). Exactly the stored proposal runs.
func TestBedrockConfirmWithDifferentArguments(t *testing.T) {
	f := setup(t)
	fake := withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 200, "", toolUseBody("tu-1", "start_return", map[string]any{"items": []any{map[string]any{"title": "Pour-Over Coffee Kit"}}, "reason": "UNWANTED"})
		case 2:
			return 200, "", textBody("Sure. Shall I go ahead?")
		case 3:
			return 200, "", toolUseBody("tu-2", "start_return", map[string]any{"confirm": true, "order_number": "#1001",
				"items": []any{map[string]any{"title": "Blue mug", "quantity": 2}}, "all": true, "reason": "DEFECTIVE"})
		}
		return 200, "", textBody("Done: your return is started.")
	})
	c := adaConv()
	c.CurrentOrder = "#1003"
	res, err := f.agent.Turn(t.Context(), c, nil, "I want to return the coffee kit", 1)
	if err != nil || c.Pending == nil {
		t.Fatalf("Turn: %v, pending %+v", err, c.Pending)
	}
	statement := c.Pending.Statement
	if !strings.Contains(res.Reply, statement) {
		t.Errorf("reply %q lacks the statement %q", res.Reply, statement)
	}
	history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "I want to return the coffee kit"}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
	if _, err := f.agent.Turn(t.Context(), c, history, "yes", 3); err != nil {
		t.Fatal(err)
	}
	if f.shop.returns != 1 || len(f.shop.returned[0].Lines) != 1 || f.shop.returned[0].Lines[0].LineItemID != "5-3" || f.shop.returned[0].OrderID != "5" || f.shop.returned[0].Reason != "UNWANTED" {
		t.Fatalf("returns %+v", f.shop.returned)
	}
	// The confirming call got the stored proposal's outcome, not its own.
	raw, _ := json.Marshal(fake.bodies[len(fake.bodies)-1]["messages"])
	if !strings.Contains(string(raw), "Pour-Over Coffee Kit") || strings.Contains(string(raw), `"order_number\":\"#1001`) {
		t.Errorf("last request: %s", raw)
	}
}
