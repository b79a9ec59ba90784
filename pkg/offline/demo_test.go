package offline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// toolLog is the offline model, noting every tool it asks for.
type toolLog struct {
	mu    sync.Mutex
	calls []agent.ToolUse
}

func (l *toolLog) Converse(ctx context.Context, req agent.Request) (agent.Response, error) {
	resp, err := offline.Model{}.Converse(ctx, req)
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, b := range resp.Message.Blocks {
		if b.ToolUse != nil {
			l.calls = append(l.calls, *b.ToolUse)
		}
	}
	return resp, err
}

func (l *toolLog) take() []agent.ToolUse {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.calls
	l.calls = nil
	return out
}

type demoChat struct {
	t     *testing.T
	base  string
	id    string
	token string
	log   *toolLog
}

// demoStack is the runner on the demo shop with the offline model.
func demoStack(t *testing.T) (string, *toolLog) {
	t.Helper()
	return demoStackWith(t, nil)
}

// demoStart is the demo stack's clock at its start. The demo orders are
// placed relative to it, and estimates move with the hour (a carrier's
// cut-off, the shop's time zone): on the wall clock, a case that held at
// one hour failed at another ("ok and what happens if it's not here by
// friday?" met a promise dated Dec 14 before 01:30 UTC and Dec 16 after).
// A fixed start makes every run see the same day.
var demoStart = time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)

// demoStackWith is demoStack under pol (nil: the demo shop's policy).
func demoStackWith(t *testing.T, pol *policy.Policy) (string, *toolLog) {
	t.Helper()
	log := &toolLog{}
	guides, err := docs.LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s", ClientLimit: -1,
		Demo: events.DemoOrders(), Model: log, Policy: pol, Docs: docs.NewLibrary(guides), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Start: demoStart})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, log
}

func postJSON(t *testing.T, url, token string, body, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
}

// chat opens a conversation, verified when order and email are given.
func chat(t *testing.T, base string, log *toolLog, order, email string) *demoChat {
	t.Helper()
	body := map[string]string{}
	if order != "" {
		body["order_number"], body["email"] = order, email
	}
	var out struct {
		ConversationID string `json:"conversation_id"`
		Token          string `json:"token"`
	}
	postJSON(t, base+"/v1/conversations", "", body, &out)
	return &demoChat{t: t, base: base, id: out.ConversationID, token: out.Token, log: log}
}

type turnOut struct {
	reply   string
	tools   []agent.ToolUse
	actions []map[string]any
}

// toolNames are the tools of a turn, in order.
func (o turnOut) toolNames() []string {
	var out []string
	for _, u := range o.tools {
		out = append(out, u.Name)
	}
	return out
}

// arg is the first call of tool's argument key, as JSON.
func (o turnOut) arg(tool, key string) string {
	for _, u := range o.tools {
		if u.Name != tool {
			continue
		}
		var in map[string]json.RawMessage
		_ = json.Unmarshal(u.Input, &in)
		return string(in[key])
	}
	return ""
}

func (o turnOut) called(tool string) bool {
	for _, u := range o.tools {
		if u.Name == tool {
			return true
		}
	}
	return false
}

// handedOver reports whether the turn handed the conversation to a
// person: the model called handover, or code did (a person asked for in
// so many words is handed over before the model runs: agent/person.go).
func (o turnOut) handedOver() bool {
	return o.called(toolname.Handover) || o.status(toolname.Handover) == "done"
}

func (c *demoChat) say(text string) turnOut {
	c.t.Helper()
	c.log.take()
	var out struct {
		Reply *struct {
			Text string `json:"text"`
		} `json:"reply"`
		Actions []map[string]any `json:"actions"`
	}
	postJSON(c.t, c.base+"/v1/conversations/"+c.id+"/messages", c.token, map[string]string{"text": text}, &out)
	res := turnOut{tools: c.log.take(), actions: out.Actions}
	if out.Reply != nil {
		res.reply = out.Reply.Text
	}
	c.t.Logf("customer: %s\n  tools: %v\n  agent: %s", text, res.toolNames(), res.reply)
	return res
}

func (o turnOut) status(tool string) string {
	for _, a := range o.actions {
		if a["tool"] == tool {
			s, _ := a["status"].(string)
			return s
		}
	}
	return ""
}

// Phrasings the model had not seen, on the demo shop: the tool it calls
// and its arguments, or what code did (the action), never its wording.
func TestUnseenPhrasings(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		samuel = "samuel.whitfield@example.com"
	)
	tests := []struct {
		name         string
		order, email string
		before       []string // what the customer said first
		text         string
		tool         string            // a tool the turn calls
		args         map[string]string // its arguments, as JSON, containing these
		notTool      string            // a tool the turn must not call
		action       string            // tool:status the turn records
		own          bool              // hands the order to a person: its own shop
	}{
		{name: "return everything", order: "#1006", email: samuel, text: "I'd like to return everything please",
			tool: toolname.StartReturn, args: map[string]string{"all": "true"}},
		{name: "return the mugs, keep the rest", order: "#1006", email: samuel, text: "can I send back the mugs but keep everything else?",
			tool: toolname.StartReturn, args: map[string]string{"items": "Mug"}, notTool: ""},
		{name: "yes cancel it", order: "#1001", email: maya, before: []string{"can you cancel my order?"}, text: "yes cancel it",
			action: "cancel_order:confirmed"},
		{name: "yes, cancel it", order: "#1001", email: maya, before: []string{"please cancel order #1001"}, text: "yes, cancel it",
			action: "cancel_order:confirmed"},
		{name: "yes cancel it, no wait", order: "#1001", email: maya, before: []string{"can you cancel my order?"}, text: "yes cancel it, no wait",
			action: "cancel_order:declined"},
		{name: "update on my shipment", order: "#1003", email: daniel, text: "any update on my shipment?", tool: toolname.TrackOrder},
		{name: "what day", order: "#1003", email: daniel, before: []string{"hi"}, text: "what day should I expect it", tool: toolname.TrackOrder},
		{name: "left the warehouse", order: "#1003", email: daniel, text: "hey did it leave the warehouse yet", tool: toolname.TrackOrder},
		{name: "which carrier", order: "#1003", email: daniel, before: []string{"where is my order?"}, text: "cool and which carrier has it?", tool: toolname.TrackOrder},
		{name: "order number without #", text: "my order number is 1003 and my email daniel.reyes@example.com, has it shipped",
			tool: toolname.VerifyCustomer, args: map[string]string{"order_number": "#1003"}},
		{name: "the more recent order", order: "#1007", email: maya, before: []string{"where is my order #1007?"}, text: "ok and the one I placed more recently?",
			tool: toolname.TrackOrder, args: map[string]string{"order_number": "#1001"}},
		{name: "that one elsewhere", order: "#1007", email: maya, before: []string{"where is my order #1007?", "ok and the one I placed more recently?"},
			text: "can that one still be sent somewhere else?", tool: toolname.ChangeAddress, args: map[string]string{"order_number": "#1001"}},
		{name: "chip in the rim", order: "#1006", email: samuel, text: "one of the mugs showed up with a big chip in the rim",
			tool: toolname.ReportDamage, args: map[string]string{"items": "mug"}},
		{name: "delivered but nothing there", order: "#1006", email: samuel, text: "the box says delivered but honestly nothing was at my door",
			tool: toolname.ReportNotReceived, own: true},
		{name: "still missing after looking around", order: "#1006", email: samuel, before: []string{"tracking shows delivered but there's no box anywhere"},
			text: "looked everywhere, still can't see it", tool: toolname.ReportNotReceived, own: true},
		{name: "picks credit from the offer", order: "#1006", email: samuel, before: []string{"the mug came with a crack in it"},
			text: "store credt sounds good", tool: toolname.ReportDamage, args: map[string]string{"resolution": "store_credit"}},
		{name: "picks the money from the offer", order: "#1006", email: samuel, before: []string{"the mug came with a crack in it"},
			text: "go with the mony", tool: toolname.ReportDamage, args: map[string]string{"resolution": "refund"}},
		{name: "stalled, keep an eye", order: "#1003", email: daniel, text: "feels like forever and the box still hasn't budged, could you keep an eye on it",
			tool: toolname.FollowUp},
		{name: "item on its way", order: "#1010", email: "marcus.johnson@example.com", text: "is the skillet on its way yet?", tool: toolname.TrackOrder},
		{name: "hole, money back", order: "#1006", email: samuel, text: "there's a hole in the coffee kit's filter, I want my money back",
			tool: toolname.ReportDamage, args: map[string]string{"resolution": "refund"}},
		{name: "late, refund now", order: "#1003", email: daniel, text: "this is taking ages, just give me a refund",
			tool: toolname.FollowUp, args: map[string]string{"resolution": "refund"}},
		{name: "asks about the replacement", order: "#1006", email: samuel, text: "do I have to return the replacement?",
			tool: toolname.SearchDocs, notTool: toolname.StartReturn},
		{name: "status and a new address", order: "#1001", email: maya, text: "is it on its way yet? plus please send it to 9 Birch Road, Denver, CO 80203",
			tool: toolname.TrackOrder},
		{name: "new address and status", order: "#1001", email: maya, text: "is it on its way yet? plus please send it to 9 Birch Road, Denver, CO 80203",
			tool: toolname.ChangeAddress, args: map[string]string{"zip": "80203"}},
		{name: "carrier asked in German", order: "#1003", email: daniel, before: []string{"Wo ist meine Bestellung?"}, text: "Und welcher Zusteller hat es?",
			tool: toolname.TrackOrder},
		{name: "carrier asked in Spanish", order: "#1003", email: daniel, before: []string{"¿Dónde está mi pedido?"}, text: "¿Y qué transportista lo lleva?",
			tool: toolname.TrackOrder},
		{name: "when, unshipped", order: "#1001", email: maya, before: []string{"has it shipped?"}, text: "when can i count on having it?",
			tool: toolname.TrackOrder, notTool: toolname.SearchDocs},
		{name: "it is the item before", order: "#1010", email: "marcus.johnson@example.com", before: []string{"how should I wash the skillet?"},
			text: "and can it handle a hot oven?", tool: toolname.SearchDocs, args: map[string]string{"query": "skillet"}},
		{name: "a return asked in French is no policy question", order: "#1006", email: samuel, text: "Je souhaite renvoyer la tasse",
			notTool: toolname.SearchDocs},
		{name: "has it been delivered", order: "#1003", email: daniel, text: "has it been delivered?", tool: toolname.TrackOrder, notTool: toolname.ReportNotReceived},
	}
	shared, sharedLog := demoStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, log := shared, sharedLog
			if tt.action != "" || tt.own {
				// A confirmed write changes the shop, and a case a person
				// owns takes the order's chats: its own.
				base, log = demoStack(t)
			}
			c := chat(t, base, log, tt.order, tt.email)
			for _, s := range tt.before {
				c.say(s)
			}
			got := c.say(tt.text)
			if tt.tool != "" && !got.called(tt.tool) {
				t.Errorf("tools %v, want %s", got.toolNames(), tt.tool)
			}
			for k, v := range tt.args {
				if a := got.arg(tt.tool, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
					t.Errorf("%s %s = %s, want %s", tt.tool, k, a, v)
				}
			}
			if tt.notTool != "" && got.called(tt.notTool) {
				t.Errorf("tools %v, want no %s", got.toolNames(), tt.notTool)
			}
			if tt.action != "" {
				tool, status, _ := strings.Cut(tt.action, ":")
				if s := got.status(tool); s != status {
					t.Errorf("action %s = %q, want %q (actions %v)", tool, s, status, got.actions)
				}
			}
		})
	}
}

// A customer who writes in Spanish, French or German gets the note that
// replies are in English with the offer of a person, on every kind of
// reply: a docs answer, a status, a question back.
func TestLanguageNoteOnEveryReply(t *testing.T) {
	base, log := demoStack(t)
	tests := []struct {
		order, email, text string
		tool               string
	}{
		{"", "", "¿Hacen envíos a México?", toolname.SearchDocs},
		{"", "", "Bonjour, est-ce que la tasse passe au lave-vaisselle ?", toolname.SearchDocs},
		{"#1003", "daniel.reyes@example.com", "Wo ist meine Bestellung?", toolname.TrackOrder},
		{"#1003", "daniel.reyes@example.com", "Wann kommt mein Paket?", toolname.TrackOrder},
		{"", "", "Hallo, wo bleibt mein Paket? Bestellung 1003, daniel.reyes@example.com", toolname.TrackOrder},
		{"#1003", "daniel.reyes@example.com", "¿Dónde está mi pedido?", toolname.TrackOrder},
		{"", "", "Bonjour, où est ma commande ?", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			c := chat(t, base, log, tt.order, tt.email)
			got := c.say(tt.text)
			if tt.tool != "" && !got.called(tt.tool) {
				t.Errorf("tools %v, want %s", got.toolNames(), tt.tool)
			}
			if !strings.Contains(got.reply, "only write in English") {
				t.Errorf("reply %q has no language note", got.reply)
			}
		})
	}
	// English gets none.
	c := chat(t, base, log, "#1003", "daniel.reyes@example.com")
	if got := c.say("where is my order?"); strings.Contains(got.reply, "only write in English") {
		t.Errorf("English reply %q has the language note", got.reply)
	}
}
