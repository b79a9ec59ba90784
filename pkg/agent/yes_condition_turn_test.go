package agent_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// wait15's line at the turn, whatever the model says: a yes with a
// question about what follows runs the return once; a yes held by a
// condition or a doubt runs nothing and the same return waits, stated
// again, for the plain yes that runs it once.
func TestYesWithMoreAtTheTurn(t *testing.T) {
	for _, tc := range []struct {
		text    string
		runs    bool // the return runs on text
		waiting bool // the same return waits after text
	}{
		{"yes pls. will i get an email when it actually moves?", true, false},
		{"ys corect, how long does the refund take?", true, false},
		{"wait is it the kit or the mug... yes the kit is right. go ahead", true, false},
		{"yes if the refund is the full amount", false, true},
		{"yeah as long as i get all my money back", false, true},
		{"yes but is it the whole order?", false, true},
		{"ja, aber nur wenn ich alles zurückbekomme", false, true},
	} {
		t.Run(tc.text, func(t *testing.T) {
			f := setup(t)
			c := adaConv()
			proposeKit(t, f, c)
			stated := c.Pending.Statement
			f.turn(t, c, tc.text, 3, say("ok"))
			if got := f.shop.returns == 1; got != tc.runs {
				t.Fatalf("ran %v (returns %d), want %v", got, f.shop.returns, tc.runs)
			}
			if got := c.Pending != nil && c.Pending.Statement == stated; got != tc.waiting {
				t.Fatalf("the return waits again %v (pending %+v), want %v", got, c.Pending, tc.waiting)
			}
			if tc.waiting {
				f.turn(t, c, "yes", 5, say("done"))
				if f.shop.returns != 1 {
					t.Errorf("after the plain yes: %d returns, want 1", f.shop.returns)
				}
			}
		})
	}
}

// The trial's offer of a person ("Could you try again, or would you like
// me to pass you to a member of our team?") taken with a yes and thanks:
// code hands over.
func TestYesWithThanksToOfferedPerson(t *testing.T) {
	f := setup(t)
	c := adaConv()
	history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "can you check it"},
		{Seq: 2, Role: conversation.RoleAgent, Text: "I'm sorry, something went wrong on my side. Could you try again, or would you like me to pass you to a member of our team?"}}
	f.model.steps = []func(agent.Request) (agent.Response, error){say("should not be said")}
	res, err := f.agent.Turn(t.Context(), c, history, "yes please that would be great, thanks", 3)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != conversation.StatusHandover {
		t.Errorf("status %s, want handover (actions %v)", c.Status, statuses(res.Actions))
	}
}
