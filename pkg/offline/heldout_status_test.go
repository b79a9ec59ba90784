package offline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// resultLog is the offline model, keeping every tool result it is given
// with the name of the tool that made it.
type resultLog struct {
	toolLog
	mu      sync.Mutex
	names   map[string]string // tool use id: tool name
	results []toolResult
}

type toolResult struct {
	tool    string
	content json.RawMessage
}

func (l *resultLog) Converse(ctx context.Context, req agent.Request) (agent.Response, error) {
	l.mu.Lock()
	if n := len(req.Messages); n > 0 {
		for _, b := range req.Messages[n-1].Blocks {
			if b.ToolResult != nil && !b.ToolResult.IsError {
				l.results = append(l.results, toolResult{l.names[b.ToolResult.ToolUseID], b.ToolResult.Content})
			}
		}
	}
	l.mu.Unlock()
	resp, err := l.toolLog.Converse(ctx, req)
	l.mu.Lock()
	for _, b := range resp.Message.Blocks {
		if b.ToolUse != nil {
			l.names[b.ToolUse.ID] = b.ToolUse.Name
		}
	}
	l.mu.Unlock()
	return resp, err
}

// resultsOf are the results tool gave so far.
func (l *resultLog) resultsOf(tool string) []json.RawMessage {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []json.RawMessage
	for _, r := range l.results {
		if r.tool == tool {
			out = append(out, r.content)
		}
	}
	return out
}

func heldoutStack(t *testing.T) (string, *resultLog) {
	t.Helper()
	return heldoutStackOf(t, events.DemoOrders())
}

// heldoutStackOf is heldoutStack on the demo orders demo.
func heldoutStackOf(t *testing.T, demo fs.FS) (string, *resultLog) {
	t.Helper()
	log := &resultLog{names: map[string]string{}}
	guides, err := docs.LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Start: demoStart, Shop: "demo-shop.myshopify.com", WebhookSecret: "s", ClientLimit: -1,
		Demo: demo, Model: log, Docs: docs.NewLibrary(guides), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
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

// statusFacts are what a track_order result says that a reply giving
// the status must repeat at least one of: a tracking number, a ship-by
// date, an estimate, a delivery date.
func statusFacts(raw json.RawMessage) []string {
	var res struct {
		Parcels []map[string]any `json:"parcels"`
	}
	_ = json.Unmarshal(raw, &res)
	var out []string
	for _, p := range res.Parcels {
		for _, k := range []string{"tracking_number", "ships_by", "estimated_delivery", "delivered", "delivered_on"} {
			if s, ok := p[k].(string); ok && s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// A part of a customer's message and how its answer is judged.
type heldPart struct {
	tool string // a tool the turn calls ("a|b": either)
	// fact the reply must hold; for track_order, empty means one of the
	// result's status facts.
	fact string
}

func status() heldPart              { return heldPart{tool: toolname.TrackOrder} }
func docsSays(fact string) heldPart { return heldPart{tool: toolname.SearchDocs, fact: fact} }
func calls(tool string) heldPart    { return heldPart{tool: tool} }

// Held-out phrasings (issue 18, "an offline model worth demoing"): order
// status, late and missing parcels, each mixed with another question in
// one message, and follow-ups that lean on the conversation. Each part
// must be answered: its tool called and its facts in the reply.
func TestHeldoutStatus(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		priya  = "priya.natarajan@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
		grace  = "grace.liu@example.com"
		samuel = "samuel.whitfield@example.com"
		marcus = "marcus.johnson@example.com"
		elena  = "elena.petrova@example.com"
	)
	tests := []struct {
		order, email string
		before       []string
		text         string
		parts        []heldPart
		gap          string // a known gap, and whose area it is: logged, never counted as passing
	}{
		// Two questions joined by "and", "+", "&", commas, question marks, new lines.
		{"#1001", maya, nil, "when does it ship? and can the carafe go on the stove?", []heldPart{status(), docsSays("stovetop")}, ""},
		{"#1001", maya, nil, "1) whens it shipping 2) is the dripper dishwasher safe", []heldPart{status(), docsSays("dishwasher")}, ""},
		{"#1003", daniel, nil, "where's my package and how do i season the skillet", []heldPart{status(), docsSays("season")}, ""},
		{"#1003", daniel, nil, "tracking number pls?also whats your return policy", []heldPart{status(), docsSays("30 days")}, ""},
		{"#1004", tom, nil, "is it coming today? can the serving board go in the dishwasher?", []heldPart{status(), docsSays("dishwasher")}, ""},
		{"#1002", priya, nil, "my order hasnt moved in days, whats going on\ndo you ship to canada?", []heldPart{status(), docsSays("outside the United States")}, ""},
		{"#1006", samuel, nil, "it says delivered but i never got it. also how long do refunds take", []heldPart{calls(toolname.ReportNotReceived), docsSays("5 to 10 business days")}, ""},
		{"#1001", maya, nil, "when will it arrive, and can I still change the address to 42 Elm Street, Portland, OR 97201?", []heldPart{status(), calls(toolname.ChangeAddress)}, ""},
		{"#1010", marcus, nil, "when is the skillet coming, and how do i clean it after use?", []heldPart{status(), docsSays("dish soap")}, ""},
		{"#1011", elena, nil, "where are the candles? the coffee kit arrived fine. how long should a candle burn the first time?", []heldPart{status(), docsSays("memory")}, ""},
		{"#1003", daniel, nil, "its been ages, is my order lost? and whats the return window", []heldPart{status(), docsSays("30 days")}, ""},
		{"#1003", daniel, nil, "whens it gonna get here,can i return the candle if i dont like the smell", []heldPart{status(), docsSays("30 days")}, "a hypothetical return on an order not delivered is refused, not answered from the policy (offreturns)"},
		{"#1001", maya, nil, "hey 2 things: 1. has it shipped 2. do you do gift wrapping", []heldPart{status(), docsSays("$5")}, ""},
		{"#1001", maya, nil, "status of my order?how much is shipping", []heldPart{status(), docsSays("$7.95")}, ""},
		{"#1004", tom, nil, "Where is it?\nAnd how should I wash the mug?", []heldPart{status(), docsSays("dishwasher")}, "\"wash the mug\" finds the stains section, not \"Dishwasher and microwave\" (docs ranking)"},
		{"#1008", daniel, nil, "did my refund go through? and when was it delivered?", []heldPart{calls(toolname.RefundStatus), status()}, ""},
		{"#1002", priya, nil, "- has it left the warehouse\n- can i change the shipping adress to 9 Birch Road, Denver, CO 80203",
			// The label is printed: the stage offers no address change, and the reply says why.
			[]heldPart{status(), {fact: "can't change the address"}}, ""},
		{"#1003", daniel, nil, "eta? also the candle, is it ok to leave it burning all night", []heldPart{status(), docsSays("4 hours")}, "\"leave it burning all night\" finds no passage (docs search)"},
		{"#1001", maya, nil, "whens it shipping & can i add something to my order", []heldPart{status(), docsSays("hasn't shipped")}, "\"can i add something to my order\" is read as about the order, not the FAQ on changing an order"},
		{"#1011", elena, nil, "did my candles ship yet, and what grind should i use for the coffee kit", []heldPart{status(), docsSays("medium-fine")}, ""},
		{"#1003", daniel, nil, "Is my package late? It was supposed to be here by now. Also what's the return policy for used items", []heldPart{status(), docsSays("unused")}, ""},
		{"#1003", daniel, nil, "where is it, what's the tracking number, and can the skillet go in the oven?", []heldPart{status(), docsSays("500°F")}, ""},
		{"#1001", maya, nil, "1) when will it arrive 2) whats your return policy 3) do you gift wrap", []heldPart{status(), docsSays("30 days"), docsSays("$5")}, ""},
		{"#1005", grace, nil, "whats happening with my delivery?? fedex had some problem. also how do refunds work", []heldPart{status(), docsSays("5 to 10 business days")}, ""},
		{"#1003", daniel, nil, "wher is my oder and how do i clen the skilet", []heldPart{status(), docsSays("dish soap")}, "\"clen the skilet\": typos in a docs question (offdocs)"},
		{"#1001", maya, nil, "hasnt shiped yet?? also is the carafe microwave safe", []heldPart{status(), docsSays("microwave")}, ""},
		{"#1003", daniel, nil, "can u tell me the trackin number, also what's your returns policy", []heldPart{status(), docsSays("30 days")}, ""},
		{"#1004", tom, nil, "1. where's my parcel\n2. how do I oil the olive wood board", []heldPart{status(), docsSays("overnight")}, ""},
		{"#1010", marcus, nil, "the throw has shipped but where's the skillet? + is the throw ok in the dryer", []heldPart{status(), calls(toolname.SearchDocs)}, ""},
		{"#1002", priya, nil, "has it shipped, when will it arrive, and how do I start a return if it doesn't fit my couch", []heldPart{status(), calls(toolname.SearchDocs + "|" + toolname.StartReturn)}, "a hypothetical return on an order not delivered (offreturns)"},
		{"#1003", daniel, nil, "Quick q's - where's my order; do you offer gift wrap", []heldPart{status(), docsSays("$5")}, ""},
		{"#1006", samuel, nil, "tracking says delivered, not here tho. and how do i descale the carafe", []heldPart{calls(toolname.ReportNotReceived), docsSays("vinegar")}, ""},
		// Other languages: the answer may be in English.
		{"#1003", daniel, nil, "¿Dónde está mi pedido? ¿y cuál es su política de devoluciones?", []heldPart{status(), docsSays("30 days")}, ""},
		{"#1003", daniel, nil, "Wann kommt mein Paket an? Und wie lange habe ich Zeit für eine Rückgabe?", []heldPart{status(), docsSays("30 days")}, ""},
		{"#1003", daniel, nil, "Où est mon colis ? Et quelle est votre politique de retour ?", []heldPart{status(), docsSays("30 days")}, ""},
		{"#1004", tom, nil, "Wo ist mein Paket? Kann die Tasse in die Spülmaschine?", []heldPart{status(), docsSays("dishwasher")}, "a German care question (\"Spülmaschine\") is not read as one (offdocs)"},
		// A second batch, written after the first fixes: status beside a
		// cancellation, a return, an address, a refund.
		{"#1001", maya, nil, "1) has it shipped yet 2) if not pls cancel it", []heldPart{status(), calls(toolname.CancelOrder)}, ""},
		{"#1001", maya, nil, "where's my order? also i want to cancel", []heldPart{status(), calls(toolname.CancelOrder)}, ""},
		{"#1006", samuel, nil, "when did it arrive + i'd like to return the mug", []heldPart{status(), calls(toolname.StartReturn)}, ""},
		{"#1001", maya, nil, "whens it shipping\nalso change the address to 42 Elm Street, Portland, OR 97201", []heldPart{status(), calls(toolname.ChangeAddress)}, ""},
		{"#1003", daniel, nil, "has my order shipped; whats the carrier", []heldPart{status(), {fact: "UPS"}}, ""},
		{"#1008", daniel, nil, "where's my refund + when did it get delivered", []heldPart{calls(toolname.RefundStatus), status()}, ""},
		{"#1006", samuel, nil, "1. was it delivered 2. how do i start a return", []heldPart{status(), calls(toolname.SearchDocs + "|" + toolname.StartReturn)}, ""},
		{"#1011", elena, nil, "the coffee kit came, where are the candles??and how do i trim the wick", []heldPart{status(), docsSays("wick")}, ""},
		{"#1003", daniel, nil, "whens it getting here?? its for a birthday on friday. also do u do gift wrap", []heldPart{status(), docsSays("$5")}, ""},
		{"#1003", daniel, nil, "Mon colis est où ? Et combien coûte la livraison ?", []heldPart{status(), docsSays("$7.95")}, ""},
		// Follow-ups that lean on the conversation.
		{"#1003", daniel, []string{"where is my order?"}, "what about the tracking number", []heldPart{{fact: "1Z9HH4870345612786"}}, ""},
		{"#1011", elena, []string{"did the coffee kit arrive?"}, "and the other one?", []heldPart{{fact: "1Z9HH4870346634921"}}, ""},
		{"#1001", maya, []string{"has it shipped?"}, "when then?", []heldPart{status()}, ""},
		{"#1007", maya, []string{"where is my order #1007?"}, "and the other one?", []heldPart{{tool: toolname.TrackOrder, fact: "#1001"}}, ""},
		{"#1003", daniel, []string{"how do I season the skillet?"}, "ok and when will it get here", []heldPart{status()}, ""},
		{"#1010", marcus, []string{"where is my order?"}, "what about the skillet, when does that ship", []heldPart{{fact: "Cast-Iron Skillet"}}, ""},
		{"#1004", tom, []string{"is the board dishwasher safe?"}, "thx. and where is the package right now", []heldPart{status()}, ""},
		{"#1006", samuel, []string{"where is my order?"}, "but i dont have it, nothing at the door", []heldPart{calls(toolname.ReportNotReceived)}, ""},
		{"#1003", daniel, []string{"can the skillet go in the oven?"}, "cool. whens it arriving and whats the tracking", []heldPart{{tool: toolname.TrackOrder, fact: "1Z9HH4870345612786"}}, ""},
	}
	base, log := heldoutStack(t)
	failed, gaps := 0, 0
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			b, l := base, log
			for _, p := range tt.parts {
				if p.tool == toolname.ReportNotReceived {
					// A case a person owns takes the order's chats: its own shop.
					b, l = heldoutStack(t)
				}
			}
			problems := heldoutCase(t, b, l, tt.order, tt.email, tt.before, tt.text, tt.parts)
			switch {
			case len(problems) > 0 && tt.gap == "":
				failed++
				for _, p := range problems {
					t.Error(p)
				}
			case len(problems) > 0:
				gaps++
				t.Logf("known gap (%s): %s", tt.gap, strings.Join(problems, "; "))
			case tt.gap != "":
				t.Logf("passes now: drop its gap mark (%s)", tt.gap)
			}
		})
	}
	t.Logf("held-out status phrasings: %d of %d failed, %d of them known gaps", failed+gaps, len(tests), gaps)
}

// heldoutCase runs one phrasing and says what was not answered.
func heldoutCase(t *testing.T, base string, log *resultLog, order, email string, before []string, text string, parts []heldPart) []string {
	var problems []string
	c := chat(t, base, &log.toolLog, order, email)
	// Only this conversation's results count: note where it starts.
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	for _, s := range before {
		c.say(s)
	}
	got := c.say(text)
	log.mu.Lock()
	results := append([]toolResult(nil), log.results[start:]...)
	log.mu.Unlock()
	for _, p := range parts {
		if p.tool != "" {
			any := false
			for _, tool := range strings.Split(p.tool, "|") {
				any = any || got.called(tool) || got.status(tool) != ""
			}
			if !any {
				problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), p.tool))
				continue
			}
		}
		if p.fact != "" {
			if !strings.Contains(strings.ToLower(got.reply), strings.ToLower(p.fact)) {
				problems = append(problems, fmt.Sprintf("reply %q does not say %q", got.reply, p.fact))
			}
			continue
		}
		if p.tool == toolname.TrackOrder {
			var facts []string
			for _, r := range results {
				if r.tool == toolname.TrackOrder {
					facts = append(facts, statusFacts(r.content)...)
				}
			}
			said := false
			for _, f := range facts {
				said = said || strings.Contains(got.reply, f)
			}
			if !said {
				problems = append(problems, fmt.Sprintf("reply %q holds none of the status facts %q", got.reply, facts))
			}
		}
	}
	return problems
}
