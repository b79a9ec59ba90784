package eval_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/bedrock/bedrocktest"
	"github.com/doorstep-ai/doorstep/pkg/eval"
)

// A Bedrock model that answers "where is my order?" from the facts the
// context gave, in one call and without track_order, passes the status
// scenarios: those facts ground its dates and order numbers and stand for
// the tool's call. The same model stating a date the context never gave
// fails grounding.
func TestAnswersFromGivenFacts(t *testing.T) {
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	var status []eval.Scenario
	n := map[string]int{}
	for _, s := range suite {
		switch s.Kind {
		case "status_not_shipped", "status_delivered", "status_cancelled":
			if n[s.Kind] < 2 {
				n[s.Kind]++
				status = append(status, s)
			}
		}
	}
	if len(status) != 6 {
		t.Fatalf("%d status scenarios, want 6", len(status))
	}
	// field is key's last value: the order's own stage comes after its
	// parcels' (a cancelled order's parcel is still "pre_shipment").
	field := func(sys, key string) string {
		all := regexp.MustCompile(`"`+key+`":"([^"]+)"`).FindAllStringSubmatch(sys, -1)
		if all == nil {
			return ""
		}
		return all[len(all)-1][1]
	}
	for _, tc := range []struct {
		name     string
		invented string
		wantPass bool
	}{
		{"facts as given", "", true},
		{"an invented date", " It will be with you by December 24.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := bedrocktest.New(func(_ int, body map[string]any) bedrocktest.Reply {
				sys := bedrocktest.SystemText(body)
				if !strings.Contains(sys, "track_order adds") {
					return bedrocktest.Reply{Text: "Could you tell me your order number?"}
				}
				reply := "Order " + field(sys, "order_number") + " is " + strings.ReplaceAll(field(sys, "stage"), "_", " ") + "."
				for _, k := range []string{"ships_by", "estimated_delivery", "delivered"} {
					if v := field(sys, k); v != "" {
						reply += " " + strings.ReplaceAll(k, "_", " ") + ": " + v + "."
					}
				}
				return bedrocktest.Reply{Text: reply + tc.invented}
			})
			defer fake.Close()
			model := bedrock.New(fake.Client(), "us.anthropic.claude-haiku-4-5-20251001-v1:0")
			rep, err := eval.Run(t.Context(), eval.Config{Data: data, Suite: status, Model: model, ModelID: "fake-haiku"})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rep.Results {
				if r.ModelCalls != 1 {
					t.Errorf("%s: %d model calls, want 1", r.Scenario.ID, r.ModelCalls)
				}
				if r.Pass != tc.wantPass {
					t.Errorf("%s: pass %v, want %v: %q %q", r.Scenario.ID, r.Pass, tc.wantPass, r.Replies, r.Failures)
				}
				if !tc.wantPass && !strings.Contains(strings.Join(r.Failures, ";"), "grounding: date") {
					t.Errorf("%s: failures %q, want a grounding failure for the date", r.Scenario.ID, r.Failures)
				}
			}
		})
	}
}
