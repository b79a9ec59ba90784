package runner_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// "Cancel it, and change the address" (issue 16 trial): on an order in
// transit neither can be done, and the customer hears both (nothing
// proposed, nothing written); on an unshipped order the cancellation is
// stated first, the address change kept for next, and the yes runs the
// cancellation alone.
func TestCancelAndAddressChange(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, acts := c.say("cancel it, and change the address to 12 Elm Street, Springfield, IL 62701")
	if hasStatus(acts, "proposed") || len(shopActions(t, srv)) != 0 {
		t.Fatalf("in transit: actions %v, shop %+v; want nothing proposed or written", statusesOf(acts), shopActions(t, srv))
	}
	wantIn(t, reply, "cancel order #1003", "change the address of order #1003")
	c.say("yes")
	if got := shopActions(t, srv); len(got) != 0 {
		t.Fatalf("a yes after two refusals wrote %+v", got)
	}

	c, _ = startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	_, acts = c.say("cancel it, and change the address to 12 Elm Street, Springfield, IL 62701")
	// A cancellation makes the order's address change moot (two15,
	// pkg/agent/moot.go): it is said, not queued.
	if !hasStatus(acts, "proposed") || !hasStatus(acts, "moot") {
		t.Fatalf("unshipped: actions %v, want the cancellation proposed and the address change moot", statusesOf(acts))
	}
	c.say("yes")
	all := shopActions(t, srv)
	if len(all) != 1 || all[0].Type != "cancel" || all[0].Order != "#1001" {
		t.Fatalf("shop actions %+v, want the cancellation of #1001 alone", all)
	}
}

// twoToolsModel is a fake Bedrock runtime playing a model that answers
// "cancel it, and change the address" with both tool calls in one
// message, and keeps the tool results it gets.
type twoToolsModel struct {
	mu      sync.Mutex
	results []map[string]any
}

func (f *twoToolsModel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Messages []struct {
			Content []map[string]any `json:"content"`
		} `json:"messages"`
	}
	raw, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(raw, &body); err != nil || len(body.Messages) == 0 {
		http.Error(w, `{"message":"bad request"}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out any = converseText("Here is what I found.")
	last := body.Messages[len(body.Messages)-1]
	for _, c := range last.Content {
		if tr, ok := c["toolResult"].(map[string]any); ok {
			for _, part := range tr["content"].([]any) {
				if j, ok := part.(map[string]any)["json"].(map[string]any); ok {
					f.results = append(f.results, j)
				}
			}
		}
		if t, ok := c["text"].(string); ok && strings.Contains(strings.ToLower(t), "cancel") {
			use := func(name string, input any) any {
				return map[string]any{"toolUse": map[string]any{"toolUseId": "tu-" + name, "name": name, "input": input}}
			}
			out = map[string]any{"output": map[string]any{"message": map[string]any{"role": "assistant", "content": []any{
				use("cancel_order", map[string]any{"order_number": "#1003"}),
				use("change_address", map[string]any{"order_number": "#1003", "address1": "12 Elm Street", "city": "Springfield", "province": "IL", "zip": "62701"}),
			}}}, "stopReason": "tool_use", "usage": map[string]any{"inputTokens": 1000, "outputTokens": 20, "totalTokens": 1020}}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// Through the Bedrock tool protocol: neither tool is offered on an order
// in transit; each call's result is policy's refusal on #1003 with its own
// reason and what can be done instead, and nothing is written.
func TestCancelAndAddressChangeBedrock(t *testing.T) {
	fake := &twoToolsModel{}
	r := converseRunner(t, fake)
	srv := startServer(t, r)
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	_, acts := c.say("cancel it, and change the address to 12 Elm Street, Springfield, IL 62701")
	fake.mu.Lock()
	results := fake.results
	fake.mu.Unlock()
	if len(results) != 2 {
		t.Fatalf("tool results %v, want two", results)
	}
	for i, want := range []string{"can no longer be cancelled", "address can no longer be changed"} {
		got := results[i]
		if got["status"] != "refused" || got["order_number"] != "#1003" || !strings.Contains(got["reason"].(string), want) || got["offer"] == "" {
			t.Errorf("result %d %v, want refused on #1003 with reason %q and an offer", i, got, want)
		}
	}
	if off, _ := results[1]["offer"].(string); !strings.Contains(off, "ups.com") {
		t.Errorf("the address refusal offers %q, want the carrier's tracking link", off)
	}
	if hasStatus(acts, "proposed") || len(shopActions(t, srv)) != 0 {
		t.Fatalf("actions %v, shop %+v; want nothing proposed or written", statusesOf(acts), shopActions(t, srv))
	}
}
