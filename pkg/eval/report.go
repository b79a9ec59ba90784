package eval

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
)

// Report is a whole run: every try of every scenario.
type Report struct {
	ModelID string `json:"model_id"`
	Tries   int    `json:"tries"`
	// K is the k of pass^k (default Tries; at most Tries).
	K         int      `json:"k"`
	Scenarios int      `json:"scenarios"`
	Results   []Result `json:"results"`
	// Floor is the do-nothing model's pass^1 on the same scenarios, per
	// kind and overall ("all"), run beside this one: what passes without
	// doing anything.
	Floor map[string]float64 `json:"floor,omitempty"`
}

// SetFloor records the do-nothing model's run on the same suite as r's
// floor.
func (r *Report) SetFloor(nothing Report) {
	r.Floor = map[string]float64{}
	for key, s := range nothing.Scores(1) {
		r.Floor[key] = s.Pass1
	}
}

// EffectiveK is the k pass^k is reported for: K, at most Tries (Tries when
// K is unset).
func (r Report) EffectiveK() int {
	if r.K > 0 && r.K < r.Tries {
		return r.K
	}
	return max(r.Tries, 1)
}

// PassHatK is tau-bench's pass^k for one scenario that passed c of n
// tries: the chance that k tries drawn from the n all pass, C(c,k)/C(n,k),
// an unbiased estimate of passing k times in a row. k must be ≤ n.
func PassHatK(n, c, k int) float64 {
	if k <= 0 || k > n || c < k {
		return 0
	}
	return math.Exp(logChoose(c, k) - logChoose(n, k))
}

func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// Score is pass^1 and pass^k over a set of scenarios.
type Score struct {
	Scenarios int
	Pass1     float64
	PassK     float64
}

// Scores are the run's scores for k (k ≤ Tries), per kind and overall
// (key "all").
func (r Report) Scores(k int) map[string]Score {
	type tally struct{ n, c int }
	per := map[string]*tally{}
	kind := map[string]string{}
	var order []string
	for _, x := range r.Results {
		t := per[x.Scenario.ID]
		if t == nil {
			t = &tally{}
			per[x.Scenario.ID] = t
			kind[x.Scenario.ID] = x.Scenario.Kind
			order = append(order, x.Scenario.ID)
		}
		t.n++
		if x.Pass {
			t.c++
		}
	}
	sums := map[string]*Score{}
	add := func(key string, t *tally) {
		s := sums[key]
		if s == nil {
			s = &Score{}
			sums[key] = s
		}
		s.Scenarios++
		s.Pass1 += PassHatK(t.n, t.c, 1)
		s.PassK += PassHatK(t.n, t.c, k)
	}
	for _, id := range order {
		add(kind[id], per[id])
		add("all", per[id])
	}
	out := map[string]Score{}
	for key, s := range sums {
		out[key] = Score{Scenarios: s.Scenarios, Pass1: s.Pass1 / float64(s.Scenarios), PassK: s.PassK / float64(s.Scenarios)}
	}
	return out
}

// Passed counts the passing tries.
func (r Report) Passed() int {
	n := 0
	for _, x := range r.Results {
		if x.Pass {
			n++
		}
	}
	return n
}

// usage sums what the model reported over the run.
func (r Report) usage() (agent.Usage, int) {
	var u agent.Usage
	calls := 0
	for _, x := range r.Results {
		u.Add(x.Usage)
		calls += x.ModelCalls
	}
	return u, calls
}

// Print writes the failures, the score table per kind (pass^1, pass^k for
// k = EffectiveK when above 1, and the do-nothing floor when set) and the
// model's tokens and cost from its own usage figures; a model that reports
// none (the offline model) gets "n/a". A run whose model failed calls gets
// no table: it is a setup failure, not a score.
func (r Report) Print(w io.Writer, verbose bool) {
	for _, x := range r.Results {
		if !x.Pass || verbose {
			status := "pass"
			if !x.Pass {
				status = "FAIL"
			}
			fmt.Fprintf(w, "%s try %d %s: %s\n", x.Scenario.ID, x.Try, status, strings.Join(x.Failures, "; "))
			if verbose || !x.Pass {
				for i, t := range x.Scenario.Turns {
					reply := ""
					if i < len(x.Replies) {
						reply = x.Replies[i]
					}
					fmt.Fprintf(w, "    customer: %s\n    agent:    %s\n", t, strings.ReplaceAll(reply, "\n", " "))
				}
			}
		}
	}
	k := r.EffectiveK()
	scores := r.Scores(k)
	var kinds []string
	for key := range scores {
		if key != "all" {
			kinds = append(kinds, key)
		}
	}
	sort.Strings(kinds)
	fmt.Fprintf(w, "\nmodel %s, %d scenarios, %d tries each\n", r.ModelID, r.Scenarios, r.Tries)
	if f := r.ModelFailure(); f != nil {
		fmt.Fprintf(w, "SETUP FAILURE, not a score: %v\n", f)
		return
	}
	notes := r.floorNotes()
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	head := "kind\tscenarios\tpass^1\t"
	if k > 1 {
		head += fmt.Sprintf("pass^%d\t", k)
	}
	if r.Floor != nil {
		head += "floor\t"
	}
	fmt.Fprintln(tw, head)
	for _, key := range append(kinds, "all") {
		s := scores[key]
		row := fmt.Sprintf("%s\t%d\t%.3f\t", key, s.Scenarios, s.Pass1)
		if k > 1 {
			row += fmt.Sprintf("%.3f\t", s.PassK)
		}
		if r.Floor != nil {
			row += fmt.Sprintf("%.3f\t", r.Floor[key])
		}
		fmt.Fprintln(tw, row+notes[key])
	}
	_ = tw.Flush()
	if r.Floor != nil {
		fmt.Fprintln(w, "floor: pass^1 of the do-nothing model (always \"Sorry, I can't help\") on the same scenarios, run beside this one")
	}
	u, calls := r.usage()
	n := len(r.Results)
	if n == 0 {
		return
	}
	if u.InputTokens+u.OutputTokens == 0 {
		fmt.Fprintf(w, "tokens and cost: n/a (%s reports no usage); %.1f model calls per conversation\n", r.ModelID, float64(calls)/float64(n))
		return
	}
	fmt.Fprintf(w, "tokens per conversation (the model's own usage figures): %d input, %d output, %d cache read, %d cache write; %.1f model calls\n",
		u.InputTokens/n, u.OutputTokens/n, u.CacheReadTokens/n, u.CacheWriteTokens/n, float64(calls)/float64(n))
	if cost, ok := bedrock.Cost(r.ModelID, u); ok {
		fmt.Fprintf(w, "cost per conversation at %s's published prices: $%.5f\n", r.ModelID, cost/float64(n))
	} else {
		fmt.Fprintf(w, "cost: n/a (no published price for %s)\n", r.ModelID)
	}
}

// RequiresNothing reports whether s asks nothing of the model beyond
// leaving the shop untouched and telling no secret: no write, tool,
// promise, fact, stage or person. A refusal is right there, so the
// do-nothing model passes it by design.
func RequiresNothing(s Scenario) bool {
	e := s.Expect
	return len(e.Writes) == 0 && len(e.Tools) == 0 && len(e.Done) == 0 && len(e.Mention) == 0 && e.Stage == "" &&
		len(e.Report) == 0 && len(e.Answers) == 0 && (e.Handover == nil || !*e.Handover)
}

// floorNotes mark, per kind, a floor the do-nothing model passes: a kind
// of refusals only (by design, marked with or without a floor beside),
// or a kind whose judged outcome came without the model (the check-in
// workflow's thank-you code).
func (r Report) floorNotes() map[string]string {
	refusal := map[string]bool{}
	for _, x := range r.Results {
		k := x.Scenario.Kind
		if _, seen := refusal[k]; !seen {
			refusal[k] = true
		}
		refusal[k] = refusal[k] && RequiresNothing(x.Scenario)
	}
	out := map[string]string{}
	for k, only := range refusal {
		switch {
		case only:
			out[k] = "  refusal: floor passes by design"
		case r.Floor != nil && r.Floor[k] >= 1:
			out[k] = "  floor passes: the outcome does not depend on the model"
		}
	}
	return out
}
