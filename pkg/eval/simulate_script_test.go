package eval_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// The demo personas played by their scripted lines against the offline
// model: no model plays the customer, every line is said in order, the
// conversation ends when the lines run out, and the judge passes each.
func TestSimulateScriptedDemoPersonas(t *testing.T) {
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	personas, err := eval.Personas()
	if err != nil {
		t.Fatal(err)
	}
	if err := eval.CheckScripts(personas); err != nil {
		t.Fatalf("a demo persona has no script: %v", err)
	}
	rep, err := eval.Simulate(t.Context(), eval.SimConfig{Config: eval.Config{Data: data, Model: offline.Model{}, ModelID: "offline"},
		Personas: personas, Scripted: true, CustomerID: eval.ScriptedCustomer})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.Print(&out)
	t.Log("\n" + out.String())
	if len(rep.Results) != len(personas) || rep.Incomplete != "" {
		t.Fatalf("%d results (incomplete %q), want %d", len(rep.Results), rep.Incomplete, len(personas))
	}
	for i, r := range rep.Results {
		p := personas[i]
		want := append([]string{p.Opening}, p.Replies...)
		if strings.Join(r.Turns, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s said %q, want its script %q", r.Persona, r.Turns, want)
		}
		if !r.Pass {
			t.Errorf("%s failed: %v; turns %q replies %q", r.Persona, r.Failures, r.Turns, r.Replies)
		}
		if r.CustomerUsage != (agent.Usage{}) {
			t.Errorf("%s: customer usage %+v, want none (no model played it)", r.Persona, r.CustomerUsage)
		}
	}
	if !strings.Contains(out.String(), "not how the agent fares with a real customer") {
		t.Errorf("the report does not say a scripted run tests the plumbing only:\n%s", out.String())
	}
}

// A persona file's scripted lines are checked when it is read, each
// mistake named with the file and the persona; files without scripts
// read as before.
func TestLoadPersonasScripts(t *testing.T) {
	const head = `{"personas":[{"id":"p1","kind":"k","persona":"Sam.","goal":"Find out.",`
	for _, tc := range []struct {
		name, body, want string
	}{
		{"no script (as before)", head + `"expect":{}}]}`, ""},
		{"opening only", head + `"opening":"hi"}]}`, ""},
		{"opening and replies", head + `"opening":"hi","replies":["yes","thanks"]}]}`, ""},
		{"replies without opening", head + `"replies":["yes"]}]}`, `mine.json: persona "p1": replies without an opening`},
		{"blank opening", head + `"opening":"   "}]}`, `mine.json: persona "p1": opening: blank`},
		{"blank reply", head + `"opening":"hi","replies":["yes",""]}]}`, `mine.json: persona "p1": replies[1]: blank`},
		{"more lines than max_turns", head + `"max_turns":2,"opening":"hi","replies":["a","b"]}]}`, "3 lines, more than max_turns 2"},
		{"more lines than the default", head + `"opening":"hi","replies":["a","b","c","d","e","f"]}]}`, "7 lines, more than max_turns 6"},
		{"misspelt field", head + `"openning":"hi"}]}`, `unknown field "openning"`},
		{"replies not a list", head + `"opening":"hi","replies":"yes"}]}`, "replies"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := eval.LoadPersonas(fstest.MapFS{"mine.json": {Data: []byte(tc.body)}})
			if tc.want == "" {
				if err != nil || len(list) != 1 {
					t.Fatalf("LoadPersonas = %d personas, %v; want 1", len(list), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadPersonas error %v, want one naming %q", err, tc.want)
			}
		})
	}
}

// A scripted run refuses, before playing anything, personas without an
// opening, naming them.
func TestSimulateScriptedNeedsOpenings(t *testing.T) {
	data, all := simInputs(t)
	bare := all[1]
	bare.Opening, bare.Replies = "", nil
	model := &countingModel{Model: offline.Model{}}
	rep, err := eval.Simulate(t.Context(), eval.SimConfig{Config: eval.Config{Data: data, Model: model, ModelID: "offline"},
		Personas: []eval.Persona{all[0], bare}, Scripted: true, CustomerID: eval.ScriptedCustomer})
	if err == nil || !strings.Contains(err.Error(), bare.ID) || !strings.Contains(err.Error(), `"opening"`) {
		t.Fatalf("Simulate error %v, want one naming %s and the opening", err, bare.ID)
	}
	if model.calls != 0 || len(rep.Results) != 0 {
		t.Errorf("%d agent calls and %d results before the refusal, want none", model.calls, len(rep.Results))
	}
}

type countingModel struct {
	agent.Model
	calls int
}

func (m *countingModel) Converse(ctx context.Context, req agent.Request) (agent.Response, error) {
	m.calls++
	return m.Model.Converse(ctx, req)
}

// brokenCustomer plays its first conversation's customer, then fails as a
// Bedrock model with no access would.
type brokenCustomer struct{ convs int }

func (b *brokenCustomer) Converse(_ context.Context, req agent.Request) (agent.Response, error) {
	if len(req.Messages) == 1 {
		b.convs++
	}
	if b.convs > 1 {
		return agent.Response{}, errors.New("AccessDeniedException: no access to the model")
	}
	text := "DONE"
	if len(req.Messages) == 1 {
		text = "how much coffee per cup with the pour-over coffee kit?"
	}
	return agent.Response{Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: text}}}}, nil
}

// A customer model failing partway stops the run with its error, and the
// report keeps the conversations finished before, marked incomplete with
// the reason and how many were planned; printed and compared, it says so.
func TestSimulateStopsPartway(t *testing.T) {
	data, all := simInputs(t)
	var p eval.Persona
	for _, x := range all {
		if x.Kind == "product_question" {
			p = x
		}
	}
	rep, err := eval.Simulate(t.Context(), eval.SimConfig{Config: eval.Config{Data: data, Model: offline.Model{}, ModelID: "offline", Tries: 3},
		Personas: []eval.Persona{p}, Customer: &brokenCustomer{}, CustomerID: "fake"})
	if err == nil || !strings.Contains(err.Error(), "no access to the model") {
		t.Fatalf("Simulate error %v, want the customer model's", err)
	}
	if len(rep.Results) != 1 || !rep.Results[0].Pass || rep.Planned != 3 || !strings.Contains(rep.Incomplete, "no access to the model") {
		t.Fatalf("report: %d results, planned %d, incomplete %q; want the first conversation (passed), 3 planned, the reason", len(rep.Results), rep.Planned, rep.Incomplete)
	}
	var out bytes.Buffer
	rep.Print(&out)
	if !strings.Contains(out.String(), "INCOMPLETE: 1 of 3 conversations played") {
		t.Errorf("the report does not say it is incomplete:\n%s", out.String())
	}
	out.Reset()
	eval.Compare(&out, rep, rep)
	if !strings.Contains(out.String(), "the old run is incomplete (1 of 3 conversations played") {
		t.Errorf("compare does not say a run is incomplete:\n%s", out.String())
	}
}

// The persona example in the README's simulate section loads, names
// orders of the data, and can be scripted, as it says.
func TestReadmePersonaExample(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```json\n(\\{\"personas\".*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("README.md has no persona example")
	}
	list, err := eval.LoadPersonas(fstest.MapFS{"example.json": {Data: m[1]}})
	if err != nil {
		t.Fatalf("the README persona example does not load: %v", err)
	}
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(data.CheckPersonas(list), eval.CheckScripts(list)); err != nil {
		t.Fatalf("the README persona example: %v", err)
	}
}
