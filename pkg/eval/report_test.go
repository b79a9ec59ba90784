package eval

import (
	"bytes"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// Tokens and cost come from the usage the model reported; a model that
// reports none gets "n/a", never an invented figure. pass^k is over
// scenarios, from all their tries.
func TestReportPrint(t *testing.T) {
	res := func(id, kind string, pass bool, u agent.Usage) Result {
		return Result{Scenario: Scenario{ID: id, Kind: kind}, Pass: pass, ModelCalls: 2, Usage: u}
	}
	u := agent.Usage{InputTokens: 1000, OutputTokens: 100, CacheReadTokens: 4000}
	for _, tc := range []struct {
		name      string
		rep       Report
		want, not []string
	}{
		{"usage reported", Report{ModelID: "us.anthropic.claude-haiku-4-5-20251001-v1:0", Tries: 2, Scenarios: 2,
			Results: []Result{res("a-1", "a", true, u), res("a-1", "a", true, u), res("b-1", "b", true, u), res("b-1", "b", false, u)}},
			// a: 2/2, b: 1/2 → pass^1 0.75, pass^2 0.5; cost per conversation: (1000×1 + 100×5 + 4000×0.1)/1e6 = $0.0019
			[]string{"all          2   0.750   0.500", "1000 input, 100 output, 4000 cache read", "$0.00190"}, nil},
		{"offline reports none", Report{ModelID: "offline", Tries: 1, Scenarios: 1, Results: []Result{res("a-1", "a", true, agent.Usage{})}},
			[]string{"n/a (offline reports no usage)"}, nil},
		{"pass^1 from 3 tries", Report{ModelID: "x", Tries: 3, K: 1, Scenarios: 1,
			Results: []Result{res("a-1", "a", true, agent.Usage{}), res("a-1", "a", false, agent.Usage{}), res("a-1", "a", true, agent.Usage{})}},
			[]string{"kind  scenarios  pass^1\n", "all          1   0.667\n"}, []string{"pass^1  pass^1"}},
		{"floor beside pass^k", Report{ModelID: "x", Tries: 2, Scenarios: 2, Floor: map[string]float64{"a": 0, "b": 1, "all": 0.5},
			Results: []Result{res("a-1", "a", true, agent.Usage{}), res("a-1", "a", true, agent.Usage{}), res("b-1", "b", true, agent.Usage{}), res("b-1", "b", false, agent.Usage{})}},
			[]string{"pass^1  pass^2  floor", "b          1   0.500   0.000  1.000  refusal: floor passes by design", "all          2   0.750   0.500  0.500\n", "do-nothing model"},
			nil},
		{"floor passes without the model", Report{ModelID: "x", Tries: 1, Scenarios: 2, Floor: map[string]float64{"a": 1, "b": 1, "all": 1},
			Results: []Result{{Scenario: Scenario{ID: "a-1", Kind: "a", Expect: Expect{Writes: []Write{{Type: "discount_code"}}}}, Pass: true},
				{Scenario: Scenario{ID: "b-1", Kind: "b", Expect: Expect{Handover: new(bool)}}, Pass: true}}},
			[]string{"a          1   1.000  1.000  floor passes: the outcome does not depend on the model", "b          1   1.000  1.000  refusal: floor passes by design"}, nil},
		{"model failed: no score", Report{ModelID: "us.anthropic.claude-haiku-4-5-20251001-v1:0", Tries: 1, Scenarios: 1,
			Results: []Result{{Scenario: Scenario{ID: "a-1", Kind: "a"}, ModelCalls: 1, ModelErrors: 1, ModelError: "AccessDeniedException: no access"}}},
			[]string{"SETUP FAILURE", "failed 1 of 1 calls", "AccessDeniedException: no access"}, []string{"pass^1", "0.000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			tc.rep.Print(&b, false)
			for _, w := range tc.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("report lacks %q:\n%s", w, b.String())
				}
			}
			for _, w := range tc.not {
				if strings.Contains(b.String(), w) {
					t.Errorf("report has %q:\n%s", w, b.String())
				}
			}
		})
	}
}
