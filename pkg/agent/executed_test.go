package agent_test

import (
	"context"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// Each proposal the executor runs outside a chat turn (the tracking page,
// an approval) is told to Executed once, with whether a person approved
// it; one a turn runs is not (the metrics count it from the saved turn),
// nor one refused, waiting for approval, or already done.
func TestExecutedHearsEachRunOutsideATurn(t *testing.T) {
	type heard struct {
		id       string
		approved bool
	}
	for _, tc := range []struct {
		name string
		auto bool // policy runs returns without a person
		run  func(t *testing.T, f *fixture, c *conversation.Conversation) conversation.Proposal
		want int // how many heard
		appr bool
	}{
		{"run in the chat turn: counted from the turn", true, func(t *testing.T, f *fixture, c *conversation.Conversation) conversation.Proposal {
			p := *c.Pending
			f.turn(t, c, "yes", 3, say("done"))
			return p
		}, 0, false},
		{"self-service: run once, however often confirmed", true, func(t *testing.T, f *fixture, c *conversation.Conversation) conversation.Proposal {
			p := *c.Pending
			for range 2 {
				f.agent.Execute(t.Context(), "s", p, false)
			}
			return p
		}, 1, false},
		{"approved in the console", false, func(t *testing.T, f *fixture, c *conversation.Conversation) conversation.Proposal {
			p := *c.Pending
			f.agent.Execute(t.Context(), "s", p, false) // wants approval: not run
			for range 2 {
				f.agent.Execute(t.Context(), "s", p, true)
			}
			return p
		}, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			pol := policy.Default()
			pol.AutoReturns = tc.auto
			f.agent.Policies = agent.StaticPolicy(pol)
			var got []heard
			f.agent.Executed = func(_ context.Context, shop string, p conversation.Proposal, approved bool) {
				got = append(got, heard{p.ID, approved})
			}
			c := adaConv()
			proposeKit(t, f, c)
			p := tc.run(t, f, c)
			if len(got) != tc.want {
				t.Fatalf("heard %+v, want %d", got, tc.want)
			}
			for _, h := range got {
				if h.id != p.ID || h.approved != tc.appr {
					t.Errorf("heard %+v, want proposal %s approved %v", h, p.ID, tc.appr)
				}
			}
			if tc.want == 0 && f.shop.returns != 1 {
				t.Errorf("the turn ran %d returns, want 1", f.shop.returns)
			}
		})
	}
}
