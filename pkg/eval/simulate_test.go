package eval_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// scriptedCustomer is a fake Bedrock runtime speaking Converse to the real
// SDK client: it plays the customer the persona describes, one scripted
// message per call, then "DONE".
func scriptedCustomer(t *testing.T) *httptest.Server {
	t.Helper()
	orderRe := regexp.MustCompile(`your order is (#\d+)`)
	emailRe := regexp.MustCompile(`Your email is (\S+);`)
	itemRe := regexp.MustCompile(`Return only the (.+?) from your order`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/converse") {
			http.NotFound(w, r)
			return
		}
		raw, _ := io.ReadAll(r.Body)
		var body struct {
			System []struct {
				Text string `json:"text"`
			} `json:"system"`
			Messages []struct {
				Role string `json:"role"`
			} `json:"messages"`
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Errorf("fake: %v", err)
			return
		}
		var sys string
		for _, s := range body.System {
			sys += s.Text
		}
		said := 0
		for _, m := range body.Messages {
			if m.Role == "assistant" {
				said++
			}
		}
		var script []string
		switch {
		case itemRe.MatchString(sys):
			script = []string{"Hi, I'd like to return the " + strings.ToLower(itemRe.FindStringSubmatch(sys)[1]), "yes"}
		case orderRe.MatchString(sys):
			script = []string{"hi, where is my order " + orderRe.FindStringSubmatch(sys)[1] + "? my email is " + emailRe.FindStringSubmatch(sys)[1]}
		}
		text := "DONE"
		if said < len(script) {
			text = script[said]
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"output":     map[string]any{"message": map[string]any{"role": "assistant", "content": []map[string]any{{"text": text}}}},
			"stopReason": "end_turn", "usage": map[string]any{"inputTokens": 200, "outputTokens": 12, "totalTokens": 212},
			"metrics": map[string]any{"latencyMs": 1},
		})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A simulation with a scripted customer model behind the real Converse
// adapter: the outcome checks judge it, the results survive a save, and a
// stricter policy (every return approved by a person) shows up in the
// comparison as the return persona going from pass to fail.
func TestSimulateAndCompare(t *testing.T) {
	data, all := simInputs(t)
	var personas []eval.Persona
	for _, p := range all {
		if (p.Kind == "return_one_item" || p.Kind == "where_is_my_order") && len(personas) < 3 {
			personas = append(personas, p)
		}
	}
	srv := scriptedCustomer(t)
	client := bedrockruntime.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")},
		func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	run := func(p *policy.Policy) eval.SimReport {
		t.Helper()
		rep, err := eval.Simulate(t.Context(), eval.SimConfig{Config: eval.Config{Data: data, Model: offline.Model{}, ModelID: "offline", Policy: p},
			Personas: personas, Customer: bedrock.New(client, "fake-customer"), CustomerID: "fake-customer"})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	before := run(nil)
	var out bytes.Buffer
	before.Print(&out)
	t.Log("\n" + out.String())
	if len(before.Results) != len(personas) {
		t.Fatalf("%d results, want %d", len(before.Results), len(personas))
	}
	for _, r := range before.Results {
		if !r.Pass {
			t.Errorf("%s failed under the demo policy: %v; turns %q replies %q", r.Persona, r.Failures, r.Turns, r.Replies)
		}
		if r.CustomerUsage.InputTokens == 0 || len(r.Turns) == 0 {
			t.Errorf("%s: customer usage %+v, turns %d; want the fake's usage and its messages", r.Persona, r.CustomerUsage, len(r.Turns))
		}
	}
	strict := policy.Default()
	strict.ShopName, strict.AutoReturns = "Hearth & Harbor", false
	b, err := json.Marshal(run(&strict))
	if err != nil {
		t.Fatal(err)
	}
	after, err := eval.ReadSimReport(b)
	if err != nil {
		t.Fatalf("a saved simulation does not read back: %v", err)
	}
	out.Reset()
	worse := eval.Compare(&out, before, after)
	t.Log("\n" + out.String())
	returns := 0
	for _, p := range personas {
		if p.Kind == "return_one_item" {
			returns++
		}
	}
	if before.Policy == nil || before.Policy.ReturnWindowDays != 30 || !before.Policy.AutoReturns {
		t.Errorf("a run without a policy saved %+v, want the demo shop's it ran under", before.Policy)
	}
	if !strings.Contains(out.String(), "auto_returns: true → false") || strings.Contains(out.String(), "return_window_days") {
		t.Errorf("compare does not print exactly the policy's change (auto_returns):\n%s", out.String())
	}
	if worse != returns || !strings.Contains(out.String(), "worse: writes: no return") {
		t.Errorf("compare found %d worse, want the %d return personas to fail for want of the return:\n%s", worse, returns, out.String())
	}
}

// Personas in only one of two runs are named, not passed over.
func TestCompareMissing(t *testing.T) {
	old := eval.SimReport{Results: []eval.SimResult{{Persona: "a", Pass: true}, {Persona: "gone", Pass: true}}}
	new := eval.SimReport{Results: []eval.SimResult{{Persona: "a", Pass: true}, {Persona: "added", Pass: false}}}
	var out bytes.Buffer
	if worse := eval.Compare(&out, old, new); worse != 0 {
		t.Errorf("%d worse, want 0", worse)
	}
	for _, want := range []string{"missing: not in the new run", "only in the old run: gone", "only in the new run: added"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("compare lacks %q:\n%s", want, out.String())
		}
	}
}

func TestReadSimReport(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
	}{
		{"simulation", `{"kind":"simulation","model_id":"offline","customer_model_id":"c","results":[]}`, ""},
		{"older simulation without kind", `{"model_id":"offline","customer_model_id":"c","results":[]}`, ""},
		{"eval report", `{"model_id":"offline","tries":3,"k":3,"scenarios":264,"results":[]}`, "eval report"},
		{"other json", `{"hello":"world"}`, "not a simulation run"},
		{"not json", `nope`, "not a simulation run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eval.ReadSimReport([]byte(tc.file))
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("ReadSimReport = %v, want %q", err, tc.want)
			}
		})
	}
}

// flakyCustomer plays a return persona well except in its second
// conversation, where it gives up at once.
type flakyCustomer struct {
	mu    sync.Mutex
	convs int
}

func (f *flakyCustomer) Converse(_ context.Context, req agent.Request) (agent.Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(req.Messages) == 1 {
		f.convs++
	}
	item := regexp.MustCompile(`Return only the (.+?) from your order`).FindStringSubmatch(req.System)
	script := []string{"Hi, I'd like to return the " + strings.ToLower(item[1]), "yes"}
	text := "DONE"
	if said := (len(req.Messages) - 1) / 2; f.convs != 2 && said < len(script) {
		text = script[said]
	}
	return agent.Response{Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: text}}}}, nil
}

// -k plays each persona k times on fresh stacks: a persona that passes
// two conversations of three fails pass^3, the report says 2/3 and both
// rates, and a comparison with a run where it passed every time counts it
// worse.
func TestSimulateK(t *testing.T) {
	data, all := simInputs(t)
	var p eval.Persona
	for _, x := range all {
		if x.Kind == "return_one_item" {
			p = x
			break
		}
	}
	run := func(c agent.Model) eval.SimReport {
		rep, err := eval.Simulate(t.Context(), eval.SimConfig{Config: eval.Config{Data: data, Model: offline.Model{}, ModelID: "offline", Tries: 3},
			Personas: []eval.Persona{p}, Customer: c, CustomerID: "fake"})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	flaky := run(&flakyCustomer{})
	var tries []int
	var passes []bool
	for _, r := range flaky.Results {
		tries = append(tries, r.Try)
		passes = append(passes, r.Pass)
	}
	if flaky.Runs != 3 || fmt.Sprint(tries) != "[1 2 3]" || fmt.Sprint(passes) != "[true false true]" {
		t.Fatalf("runs %d, tries %v, passes %v; want 3 runs, tries [1 2 3], passes [true false true]", flaky.Runs, tries, passes)
	}
	var out bytes.Buffer
	flaky.Print(&out)
	t.Log("\n" + out.String())
	for _, want := range []string{"FAIL", "2/3", "pass^1 0.667 (2/3 conversations)", "pass^3 0.000 (0/1 personas"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	steady := run(&flakyCustomer{convs: 10})
	out.Reset()
	if worse := eval.Compare(&out, steady, flaky); worse != 1 || !strings.Contains(out.String(), "pass 3/3") || !strings.Contains(out.String(), "FAIL 2/3") {
		t.Errorf("compare: %d worse, want 1 (pass 3/3 to FAIL 2/3):\n%s", worse, out.String())
	}
}

// simInputs are the embedded eval data and the demo personas every
// simulate test starts from.
func simInputs(t *testing.T) (*eval.Data, []eval.Persona) {
	t.Helper()
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	all, err := eval.Personas()
	if err != nil {
		t.Fatal(err)
	}
	return data, all
}
