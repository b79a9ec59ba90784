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

// A damaged item's proposal followed, in the same turn, by the same tool's
// question about another item ("replacement or refund for the kit?") is
// not stated beside the question: a "yeah" would answer both (trial 12a:
// "yeah it's not in the box", about the kit, ran the mug's refund). It
// waits as the next request, and nothing runs on the reply to the
// question. A question about the same item keeps it stated (a lookup
// while it is stated again for a question aside).
func TestProposalWaitsBehindAnotherItemsQuestion(t *testing.T) {
	mug := `{"order_number":"#1003","items":[{"title":"sea glass mug"}],"problem":"damaged","resolution":"refund"}`
	tests := []struct {
		name     string
		ask      string
		wantNext bool
	}{
		{"another item's question", `{"order_number":"#1003","items":[{"title":"coffee kit"}],"problem":"damaged"}`, true},
		{"the same item asked again", `{"order_number":"#1003","items":[{"title":"sea glass mug"}],"problem":"damaged"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			pol := policy.Default()
			pol.KeepItLimit = 1_000_00
			f.agent.Policies = agent.StaticPolicy(pol)
			f.agent.Commerce = &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
			c := adaConv()
			c.CurrentOrder = "#1003"
			res := f.turn(t, c, "the sea glass mug is cracked, refund it. and the coffee kit came broken too", 1,
				use(toolname.ReportDamage, mug), use(toolname.ReportDamage, tt.ask), say("ok"))
			if got := len(c.Next) == 1 && c.Next[0].Lines[0].LineItemID == "5-1"; got != tt.wantNext {
				t.Fatalf("next %+v, want the mug's refund kept next: %v", c.Next, tt.wantNext)
			}
			if !tt.wantNext {
				return
			}
			if c.Pending != nil {
				t.Fatalf("a proposal was stated beside the question: %q (reply %q)", c.Pending.Statement, res.Reply)
			}
			if strings.Contains(res.Reply, "I haven't started") || !strings.Contains(res.Reply, "next") {
				t.Errorf("reply %q: want the refund said to come next, not dropped", res.Reply)
			}
			f.model.steps = append(f.model.steps[:0], use(toolname.ReportDamage, `{"confirm":true}`), say("done"))
			history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "the mug is cracked"}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
			if _, err := f.agent.Turn(t.Context(), c, history, "yeah it's not in the box", 3); err != nil {
				t.Fatal(err)
			}
			acts, err := demoshop.Actions(t.Context(), f.store)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range acts {
				if a.Type == "refund" || a.Type == "replacement" {
					t.Errorf("ran %s %s on a reply to a question", a.Type, a.Amount)
				}
			}
		})
	}
}

// Over two turns: the mug's refund stated, then the kit's question with
// the refund stated again before it. The reply says the refund comes
// next; it does not say the refund was dropped.
func TestKeptNextIsNotSaidDropped(t *testing.T) {
	mug := `{"order_number":"#1003","items":[{"title":"sea glass mug"}],"problem":"damaged","resolution":"refund"}`
	kit := `{"order_number":"#1003","items":[{"title":"coffee kit"}],"problem":"damaged"}`
	f := setup(t)
	pol := policy.Default()
	pol.KeepItLimit = 1_000_00
	f.agent.Policies = agent.StaticPolicy(pol)
	f.agent.Commerce = &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
	c := adaConv()
	c.CurrentOrder = "#1003"
	res := f.turn(t, c, "the sea glass mug is cracked, refund it", 1, use(toolname.ReportDamage, mug), say("ok"))
	if c.Pending == nil {
		t.Fatalf("nothing stated: %q", res.Reply)
	}
	f.model.steps = append(f.model.steps[:0], use(toolname.ReportDamage, mug), use(toolname.ReportDamage, kit), say("ok"))
	history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "the mug is cracked"}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
	res, err := f.agent.Turn(t.Context(), c, history, "also the coffee kit is missing a part", 3)
	if err != nil {
		t.Fatal(err)
	}
	if c.Pending != nil || len(c.Next) != 1 || strings.Contains(res.Reply, "I haven't started") || !strings.Contains(res.Reply, "next") {
		t.Errorf("pending %+v, next %d, reply %q: want the refund kept next and said so", c.Pending, len(c.Next), res.Reply)
	}
}
