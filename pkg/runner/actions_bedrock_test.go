package runner_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// scriptedConverse is a fake Bedrock runtime (POST /model/{id}/converse)
// playing a model that proposes a return of the coffee kit and then, on the
// customer's yes, "confirms" with other arguments: another item, all of
// them, another reason. Driven through the real SDK client and adapter.
type scriptedConverse struct {
	mu       sync.Mutex
	confirms int
}

func (f *scriptedConverse) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Messages []struct {
			Role    string           `json:"role"`
			Content []map[string]any `json:"content"`
		} `json:"messages"`
	}
	raw, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(raw, &body)
	last := body.Messages[len(body.Messages)-1]
	text := ""
	toolResult := false
	for _, c := range last.Content {
		if t, ok := c["text"].(string); ok {
			text = strings.ToLower(t)
		}
		if _, ok := c["toolResult"]; ok {
			toolResult = true
		}
	}
	var out any
	switch {
	case toolResult:
		out = converseText("Here is what I can do for you.")
	case strings.Contains(text, "rather just get a refund"):
		out = converseTool("follow_up", map[string]any{"order_number": "#1003", "resolution": "refund"})
	case strings.Contains(text, "coffee kit"):
		out = converseTool("start_return", map[string]any{"items": []any{map[string]any{"title": "Pour-Over Coffee Kit"}}, "reason": "UNWANTED"})
	case strings.HasPrefix(text, "yes"):
		f.mu.Lock()
		f.confirms++
		f.mu.Unlock()
		out = converseTool("start_return", map[string]any{"confirm": true, "order_number": "#1006", "all": true,
			"items": []any{map[string]any{"title": "Harbor Stoneware Mug", "quantity": 2}}, "reason": "DEFECTIVE"})
	default:
		out = converseText("I can only offer a refund to the original payment method for this return, sorry.")
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func converseText(s string) any {
	return map[string]any{"output": map[string]any{"message": map[string]any{"role": "assistant", "content": []any{map[string]any{"text": s}}}},
		"stopReason": "end_turn", "usage": map[string]any{"inputTokens": 1000, "outputTokens": 20, "totalTokens": 1020}}
}

func converseTool(name string, input any) any {
	return map[string]any{"output": map[string]any{"message": map[string]any{"role": "assistant", "content": []any{
		map[string]any{"toolUse": map[string]any{"toolUseId": "tu-" + name, "name": name, "input": input}}}}},
		"stopReason": "tool_use", "usage": map[string]any{"inputTokens": 1000, "outputTokens": 20, "totalTokens": 1020}}
}

// converseRunner is a seeded demo-shop runner whose model is Bedrock's
// Converse API served by h (a fake speaking its wire protocol to the real
// SDK client).
func converseRunner(t *testing.T, h http.Handler) *runner.Runner {
	t.Helper()
	bsrv := httptest.NewServer(h)
	t.Cleanup(bsrv.Close)
	client := bedrockruntime.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")},
		func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(bsrv.URL) })
	model := bedrock.New(client, "anthropic.claude-haiku-4-5-20251001-v1:0", bedrock.WithBackoff(time.Millisecond, 5*time.Millisecond))
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s", Model: model,
		Demo: events.DemoOrders(), ConsolePassword: consolePassword, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	return r
}

func bedrockActionsServer(t *testing.T) (*httptest.Server, *scriptedConverse) {
	t.Helper()
	fake := &scriptedConverse{}
	r := converseRunner(t, fake)
	return startServer(t, r), fake
}

func TestActionsBedrockChat(t *testing.T) {
	srv, fake := bedrockActionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})

	// A stale yes: proposal, an unrelated question, then "yes".
	reply, _ := c.say("I want to return the coffee kit")
	wantIn(t, reply, "1 × Pour-Over Coffee Kit (Walnut)", "#1006")
	_, acts := c.say("can I get store credit instead?")
	if !hasStatus(acts, "lapsed") {
		t.Errorf("actions %v, want lapsed", statusesOf(acts))
	}
	c.say("yes")
	if got := ofType(shopActions(t, srv), "return"); len(got) != 0 || fake.confirms != 1 {
		t.Fatalf("a stale yes ran %+v (model confirmed %d times)", got, fake.confirms)
	}

	// Proposed, then confirmed with different arguments: exactly the kit.
	c.say("I want to return the coffee kit")
	_, acts = c.say("yes")
	if !hasStatus(acts, "done") {
		t.Errorf("actions %v, want done", statusesOf(acts))
	}
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || len(returns[0].Lines) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" || returns[0].Detail["reason"] != "UNWANTED" {
		t.Errorf("shop returns %+v, want the kit alone, reason UNWANTED", returns)
	}
}

func TestActionsBedrockApprovalByEmail(t *testing.T) {
	srv, _ := bedrockActionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["auto_returns"] = false })
	drop := func(raw string) {
		t.Helper()
		resp, err := http.Post(srv.URL+"/dev/mail", "message/rfc822", strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n")))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	last := func() (map[string]any, string) {
		resp, err := http.Get(srv.URL + "/dev/outbox")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var box []map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&box)
		m := box[len(box)-1]
		h, _ := m["headers"].(map[string]any)
		id, _ := h["Message-ID"].(string)
		return m, id
	}
	drop(`From: Samuel Whitfield <samuel.whitfield@example.com>
To: support@hearthandharbor.example
Subject: Return
Message-ID: <b1@mail.example.com>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

I want to return the coffee kit from order #1006.
`)
	m, id := last()
	wantIn(t, m["text"].(string), "1 × Pour-Over Coffee Kit (Walnut)", "approves")
	drop(`From: Samuel Whitfield <samuel.whitfield@example.com>
To: support@hearthandharbor.example
Subject: Re: Return
Message-ID: <b2@mail.example.com>
In-Reply-To: ` + id + `
References: <b1@mail.example.com> ` + id + `
Date: Mon, 23 Nov 2026 09:05:00 +0000
Content-Type: text/plain; charset=utf-8

yes
`)
	aps := con.approvals()
	if len(aps) != 1 || len(aps[0].Action.Proposal.Lines) != 1 || aps[0].Action.Proposal.Lines[0].Title != "Pour-Over Coffee Kit" {
		t.Fatalf("approvals %+v", aps)
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || len(returns[0].Lines) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" || returns[0].Detail["reason"] != "UNWANTED" {
		t.Errorf("shop returns %+v", returns)
	}
	m, _ = last()
	if m["to"] != "samuel.whitfield@example.com" || !strings.Contains(m["text"].(string), "approved a return of 1 × Pour-Over Coffee Kit") {
		t.Errorf("outcome mail %v", m)
	}
}

// Through the Bedrock tool protocol: a model that asks follow_up for a
// refund of a late parcel gets the proposal policy allows now (the parcel
// is days past its estimate), and the customer's yes runs exactly it, once,
// whatever the model sends then.
func TestActionsBedrockLateRefund(t *testing.T) {
	srv, _ := bedrockActionsServer(t)
	if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": "216h"}, nil); code != 200 {
		t.Fatalf("clock: %d", code)
	}
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, acts := c.say("I'd rather just get a refund")
	wantIn(t, reply, "I'll refund $88.47 (tax and shipping included)", "from your late order #1003", "now")
	if !hasStatus(acts, "proposed") {
		t.Fatalf("actions %v, want proposed", statusesOf(acts))
	}
	_, acts = c.say("yes")
	if !hasStatus(acts, "done") {
		t.Fatalf("actions %v, want done", statusesOf(acts))
	}
	refunds := ofType(shopActions(t, srv), "refund")
	if len(refunds) != 1 || refunds[0].Order != "#1003" || refunds[0].Amount != "88.47" || len(ofType(shopActions(t, srv), "return")) != 0 {
		t.Errorf("shop actions %+v: want one refund of 88.47 for #1003 and nothing else", shopActions(t, srv))
	}
}
