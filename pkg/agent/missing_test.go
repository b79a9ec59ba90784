package agent_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// An item that never came in the parcel is never asked back: below the
// keep-it value it is made good at once; above it a person approves (a
// missing $64 coffee kit was asked to be sent back first). A damaged item
// above the keep-it value still comes back.
func TestMissingItemIsNeverAskedBack(t *testing.T) {
	tests := []struct {
		name, items, problem string
		approval, keep       bool
	}{
		{"missing, cheap", `[{"title":"sea glass mug"}]`, "missing", false, true},
		{"missing, dear", `[{"title":"coffee kit"}]`, "missing", true, true},
		{"damaged, dear", `[{"title":"coffee kit"}]`, "damaged", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			pol := policy.Default()
			pol.KeepItLimit = 30_00
			f.agent.Policies = agent.StaticPolicy(pol)
			f.agent.Commerce = &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
			c := adaConv()
			c.CurrentOrder = "#1003"
			input := `{"order_number":"#1003","items":` + tt.items + `,"problem":"` + tt.problem + `","resolution":"refund"}`
			text := "the " + strings.Split(strings.Split(tt.items, `"title":"`)[1], `"`)[0] + " is not in the box"
			res := f.turn(t, c, text, 1, use(toolname.ReportDamage, input), say("ok"))
			p := c.Pending
			if p == nil {
				t.Fatalf("nothing stated: %q, %s", res.Reply, f.model.lastResult(t))
			}
			if p.KeepIt != tt.keep || (p.Approval != "") != tt.approval {
				t.Fatalf("keep %v approval %q, want keep %v approval %v (%q)", p.KeepIt, p.Approval, tt.keep, tt.approval, p.Statement)
			}
			if tt.keep && !strings.Contains(p.Statement, "no need to send anything back") {
				t.Errorf("statement %q does not say nothing comes back", p.Statement)
			}
			f.model.steps = append(f.model.steps[:0], use(toolname.ReportDamage, `{"confirm":true}`), say("done"))
			history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: text}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
			if _, err := f.agent.Turn(t.Context(), c, history, "yes", 3); err != nil {
				t.Fatal(err)
			}
			acts, err := demoshop.Actions(t.Context(), f.store)
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, a := range acts {
				types = append(types, a.Type)
			}
			got := strings.Join(types, ",")
			switch {
			case tt.approval && got != "":
				t.Errorf("ran %s before a person approved", got)
			case !tt.approval && tt.keep && got != "refund":
				t.Errorf("ran %q, want a refund and no return", got)
			case !tt.keep && !strings.Contains(got, "return"):
				t.Errorf("ran %q, want the damaged item back first", got)
			}
		})
	}
}
