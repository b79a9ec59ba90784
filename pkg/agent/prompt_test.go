package agent_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The static prompt tells the model to answer in the customer's language
// and keep facts exact when it translates tool results.
func TestSystemPromptLanguage(t *testing.T) {
	p := agent.SystemPrompt(policy.Default())
	for _, want := range []string{"language of the customer's last message", "keeping order numbers, tracking numbers, amounts and dates exact"} {
		if !strings.Contains(p, want) {
			t.Errorf("system prompt lacks %q:\n%s", want, p)
		}
	}
}

// The order a conversation is about comes with its journey, exactly as
// track_order returns it less the lines, prices and address track_order
// adds, in the context text and in State.Given: "where is my order?"
// needs no tool call. Without one order to speak of, or
// unverified, there are none.
func TestContextGivesCurrentOrderFacts(t *testing.T) {
	for _, tc := range []struct {
		name      string
		current   string
		verified  bool
		wantGiven string // order number; "" for none
	}{
		{"current order", "#1001", true, "#1001"},
		{"another current order", "#1002", true, "#1002"},
		{"several orders, none current", "", true, ""},
		{"unverified", "#1001", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			c := adaConv()
			c.CurrentOrder = tc.current
			if !tc.verified {
				c.VerifiedBy, c.CustomerEmail = "", ""
			}
			f.turn(t, c, "where is my order?", 1)
			req := f.model.reqs[0]
			if tc.wantGiven == "" {
				if req.State.Given != nil || strings.Contains(req.Context, "track_order adds") {
					t.Fatalf("facts given: %v\n%s", req.State.Given, req.Context)
				}
				return
			}
			if req.State.Given["order_number"] != tc.wantGiven {
				t.Fatalf("given %v, want %s's facts", req.State.Given, tc.wantGiven)
			}
			// The same facts the tool returns for that order.
			f.turn(t, c, "where is my order?", 3, use(toolname.TrackOrder, `{"order_number":"`+tc.wantGiven+`"}`), say("ok"))
			var full map[string]any
			if err := json.Unmarshal([]byte(f.model.lastResult(t)), &full); err != nil {
				t.Fatal(err)
			}
			if full["lines"] == nil || full["ship_to"] == nil || full["order_total"] == nil {
				t.Errorf("track_order lacks its lines, address or total: %v", full)
			}
			delete(full, "lines")
			delete(full, "ship_to")
			delete(full, "order_total")
			delete(full, "tax")
			toolJSON, _ := json.Marshal(full)
			tool := string(toolJSON)
			given, _ := json.Marshal(req.State.Given)
			if string(given) != tool {
				t.Errorf("given facts\n%s\ntrack_order's\n%s", given, tool)
			}
			if !strings.Contains(req.Context, string(given)) {
				t.Errorf("context lacks the facts:\n%s", req.Context)
			}
		})
	}
}

// "Today" in the prompt is the shop's day, not UTC's: late evening in New
// York is already tomorrow in UTC, and the model must not count from it.
func TestContextTodayInShopZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		loc  *time.Location
		at   time.Time
		want string
	}{
		{"UTC shop", time.UTC, time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC), "today is Sunday, December 6, 2026."},
		{"New York evening", ny, time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC), "today is Saturday, December 5, 2026."},
		{"New York morning", ny, time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC), "today is Sunday, December 6, 2026."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			rules := edd.DefaultRules(tc.loc)
			f.agent.Rules = &rules
			f.agent.Clock = clock.NewFixed(tc.at)
			f.turn(t, adaConv(), "hello", 1, say("hi"))
			if ctx := f.model.reqs[0].Context; !strings.Contains(ctx, tc.want) {
				t.Fatalf("context lacks %q:\n%s", tc.want, ctx)
			}
		})
	}
}
