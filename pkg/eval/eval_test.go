package eval_test

import (
	"bytes"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// The scenario suite on the offline model: every scenario passes.
func TestOfflineSuitePasses(t *testing.T) {
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eval.Run(t.Context(), eval.Config{Data: data, Model: offline.Model{}, ModelID: "offline", PerKind: 2})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.Print(&out)
	t.Log("\n" + out.String())
	if len(rep.Results) < 20 {
		t.Errorf("only %d scenarios", len(rep.Results))
	}
	for _, r := range rep.Results {
		if !r.Pass {
			t.Errorf("%s failed: %v\nreplies: %q", r.Scenario.ID, r.Failures, r.Replies)
		}
	}
}
