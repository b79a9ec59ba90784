package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// docsFake is a DocsSearcher with a function field.
type docsFake struct {
	search func(shop, query string, k int) ([]agent.Passage, error)
	calls  []string
}

func (d *docsFake) Search(_ context.Context, shop, query string, k int) ([]agent.Passage, error) {
	d.calls = append(d.calls, shop+"|"+query)
	return d.search(shop, query, k)
}

func guestConv() *conversation.Conversation {
	return &conversation.Conversation{Shop: "s", ID: "c-guest", Status: conversation.StatusOpen}
}

func lastAction(t *testing.T, res agent.Result) conversation.Action {
	t.Helper()
	if len(res.Actions) == 0 {
		t.Fatal("no actions")
	}
	return res.Actions[len(res.Actions)-1]
}

// search_docs gives the model passages with their sources, for any
// customer, verified or not: product documentation is public.
func TestSearchDocsGivesPassagesWithSources(t *testing.T) {
	f := setup(t)
	docs := &docsFake{search: func(_, _ string, k int) ([]agent.Passage, error) {
		return []agent.Passage{
			{Source: "Cast-Iron Skillet – seasoning and care", Section: "Re-seasoning the skillet", Text: "Heat the oven to 450°F (230°C).", Score: 9.5},
			{Source: "Cast-Iron Skillet – seasoning and care", Section: "Before first use", Text: "Rinse, dry, oil.", Score: 4},
			{Source: "x", Text: "y"}, {Source: "too", Text: "many"},
		}, nil
	}}
	f.agent.Docs = docs
	res := f.turn(t, guestConv(), "how do I season the skillet?", 0,
		use(toolname.SearchDocs, `{"query":"season skillet"}`), say("From our skillet guide: heat the oven to 450°F."))
	if len(docs.calls) != 1 || docs.calls[0] != "s|season skillet" {
		t.Errorf("searches %q", docs.calls)
	}
	var got struct {
		Passages []map[string]any `json:"passages"`
	}
	if err := json.Unmarshal([]byte(f.model.lastResult(t)), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Passages) != agent.DocsPassages {
		t.Fatalf("%d passages sent, want %d", len(got.Passages), agent.DocsPassages)
	}
	p := got.Passages[0]
	if p["source"] != "Cast-Iron Skillet – seasoning and care" || p["section"] != "Re-seasoning the skillet" || p["text"] != "Heat the oven to 450°F (230°C)." {
		t.Errorf("passage %v", p)
	}
	if _, ok := p["score"]; ok {
		t.Error("scores cost tokens and tell the model nothing")
	}
	if a := lastAction(t, res); a.Tool != toolname.SearchDocs || a.Status != "answered" || a.Detail != "Cast-Iron Skillet – seasoning and care" {
		t.Errorf("action %+v", a)
	}
}

// When nothing answers, the tool says so in words the model cannot mistake
// for a licence to guess; the same without documentation at all, and when
// the search fails.
func TestSearchDocsUnanswerable(t *testing.T) {
	tests := []struct {
		name    string
		docs    agent.DocsSearcher
		status  string
		want    string
		isError bool
	}{
		{"nothing above the threshold", &docsFake{search: func(string, string, int) ([]agent.Passage, error) { return nil, nil }},
			"no_answer", "don't know", false},
		{"no documentation", nil, "no_answer", "don't know", false},
		{"search fails", &docsFake{search: func(string, string, int) ([]agent.Passage, error) { return nil, errors.New("s3 down") }},
			"failed", "offer a person", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			f.agent.Docs = tt.docs
			var sent *agent.ToolResult
			res := f.turn(t, guestConv(), "does the mug work with an aeropress?", 0,
				use(toolname.SearchDocs, `{"query":"mug aeropress"}`),
				func(req agent.Request) (agent.Response, error) {
					last := req.Messages[len(req.Messages)-1]
					sent = last.Blocks[0].ToolResult
					return reply("I don't know, sorry. Would you like a person?"), nil
				})
			if sent == nil || sent.IsError != tt.isError || !strings.Contains(string(sent.Content), tt.want) {
				t.Fatalf("tool result %+v", sent)
			}
			if strings.Contains(string(sent.Content), `"text"`) {
				t.Errorf("a passage was sent: %s", sent.Content)
			}
			if a := lastAction(t, res); a.Tool != toolname.SearchDocs || a.Status != tt.status {
				t.Errorf("action %+v", a)
			}
		})
	}
}

func TestSearchDocsBadInput(t *testing.T) {
	f := setup(t)
	docs := &docsFake{search: func(string, string, int) ([]agent.Passage, error) { return nil, nil }}
	f.agent.Docs = docs
	for _, in := range []string{`{"query":"   "}`, `{}`, `{"query": 7}`, `{"query":"x","shop":"other"}`} {
		f.turn(t, guestConv(), "how do I clean it", 0, use(toolname.SearchDocs, in), say("?"))
		if r := f.model.lastResult(t); !strings.Contains(r, "bad_input") {
			t.Errorf("%s: %s", in, r)
		}
	}
	long := strings.Repeat("é", 600)
	f.turn(t, guestConv(), "?", 0, use(toolname.SearchDocs, `{"query":"`+long+`"}`), say("?"))
	if len(docs.calls) != 1 || len(docs.calls[0]) > len("s|")+500 || !strings.HasSuffix(docs.calls[0], "é") {
		t.Errorf("long query searched as %d bytes", len(docs.calls[0]))
	}
}

// The prompt tells the model where product answers come from, and the tool
// is part of the cacheable prefix.
func TestPromptNamesSearchDocs(t *testing.T) {
	p := agent.SystemPrompt(policy.Default())
	if !strings.Contains(p, "search_docs") || !strings.Contains(p, "don't know") {
		t.Errorf("prompt lacks the product rule:\n%s", p)
	}
	found := false
	for _, tool := range agent.ToolSpecs() {
		if tool.Name == toolname.SearchDocs {
			found = true
			if len(tool.Description) > 60 {
				t.Errorf("search_docs description is %d characters: every turn pays for it", len(tool.Description))
			}
		}
	}
	if !found {
		t.Error("search_docs is not offered")
	}
}
