package eval_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// The refund, exchange and thank-you code scenarios end in exactly their
// writes on the offline model, and their twins in none; the same
// conversations judged against a wrong expectation (another amount, a
// write the twin must not make, a write type for another) fail, naming
// the write.
func TestWriteOutcomes(t *testing.T) {
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]eval.Scenario{}
	var writes []eval.Scenario
	for _, s := range suite {
		byID[s.ID] = s
		switch s.Kind {
		case "exchange", "exchange_declined", "exchange_out_of_stock", "damaged_keep_refund", "damaged_keep_replacement",
			"damaged_keep_declined", "thank_you_code", "thank_you_not_earned":
			writes = append(writes, s)
		}
	}
	if len(writes) < 10 {
		t.Fatalf("%d write scenarios, want at least 10", len(writes))
	}
	rep, err := eval.Run(t.Context(), eval.Config{Data: data, Suite: writes, Model: offline.Model{}, ModelID: "offline"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if !r.Pass {
			t.Errorf("%s failed: %v; replies %q", r.Scenario.ID, r.Failures, r.Replies)
		}
	}

	wrong := func(id string, change func(*eval.Scenario)) eval.Scenario {
		s, ok := byID[id]
		if !ok {
			t.Fatalf("%s not in the suite", id)
		}
		s.Expect.Writes = append([]eval.Write(nil), s.Expect.Writes...)
		s.Turns = append([]string(nil), s.Turns...)
		change(&s)
		return s
	}
	for _, tc := range []struct {
		s    eval.Scenario
		want string
	}{
		{wrong("damaged_keep_refund-001", func(s *eval.Scenario) { s.Expect.Writes[0].Amount = "29.00" }), "writes: no refund on"},
		{wrong("exchange-001", func(s *eval.Scenario) { s.Expect.Writes[0].Type = "return" }), "writes: unexpected exchange"},
		{wrong("exchange_declined-001", func(s *eval.Scenario) { s.Turns = []string{s.Turns[0], "yes"} }), "writes: unexpected exchange"},
		{wrong("damaged_keep_declined-001", func(s *eval.Scenario) { s.Turns[len(s.Turns)-1] = "yes" }), "writes: unexpected refund"},
		{wrong("thank_you_code-001", func(s *eval.Scenario) { s.Expect.Writes = s.Expect.Writes[:1] }), "writes: unexpected discount_code"},
	} {
		rep, err := eval.Run(t.Context(), eval.Config{Data: data, Suite: []eval.Scenario{tc.s}, Model: offline.Model{}, ModelID: "offline"})
		if err != nil {
			t.Fatal(err)
		}
		r := rep.Results[0]
		if r.Pass || !strings.Contains(strings.Join(r.Failures, "; "), tc.want) {
			t.Errorf("%s against a wrong expectation: pass %v, failures %v, want %q", tc.s.ID, r.Pass, r.Failures, tc.want)
		}
	}
}
