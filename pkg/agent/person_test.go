package agent_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

func TestAsksForPerson(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"can i talk to a real person about not sending glass back", true},
		{"get me someone from the shop", true},
		{"I'd like to speak to a manager", true},
		{"is there a real persn i can chat to?", true},
		{"transfer me to customre service", true},
		{"yes please have someone look into why it was cancelled", true},
		{"human pls", true},
		{"quiero hablar con una persona", true},
		{"kann ich bitte mit einem Menschen sprechen", true},
		{"je voudrais parler à quelqu'un du magasin", true},
		{"thanks, you were quicker than a real person would be", false},
		{"are you a real person?", false},
		{"the delivery person left it at the gate", false},
		{"my order is a week late, can someone look into it", false},
		{"someone stole my parcel from the porch", false},
		{"can you send a new one then?", false},
	} {
		if got := agent.AsksForPerson(tt.text); got != tt.want {
			t.Errorf("AsksForPerson(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestOffersPerson(t *testing.T) {
	for _, tt := range []struct {
		reply string
		want  bool
	}{
		{"It was cancelled at your request. If that isn't right, a member of our team can look into it if you'd like. Just say yes.", true},
		{"Shall I pass this to our team?", true},
		{"I've passed your conversation to a member of our team, and they'll reply here.", false},
		{"Your order is on its way. Would you like the tracking link?", false},
	} {
		if got := agent.OffersPerson(tt.reply); got != tt.want {
			t.Errorf("OffersPerson(%q) = %v, want %v", tt.reply, got, tt.want)
		}
	}
}

// A person asked for while a return waits for its yes: code hands over
// before the model runs, the return lapses unrun, and a later "yes" runs
// nothing (the agent is quiet).
func TestPersonAskedWhileProposalWaits(t *testing.T) {
	f := setup(t)
	c := adaConv()
	proposeKit(t, f, c)
	calls := len(f.model.reqs)
	res := f.turn(t, c, "actually can i talk to a real person about not sending the glass back", 3, say("should not be said"))
	if len(f.model.reqs) != calls {
		t.Errorf("the model was asked")
	}
	if c.Status != conversation.StatusHandover || c.Pending != nil {
		t.Errorf("status %s, pending %+v", c.Status, c.Pending)
	}
	got := statuses(res.Actions)
	if len(got) != 2 || got[0] != toolname.StartReturn+":lapsed" || got[1] != toolname.Handover+":done" {
		t.Errorf("actions %v, want the return lapsed and a handover", got)
	}
	if res = f.turn(t, c, "yes", 5, say("should not be said")); !res.Quiet || f.shop.returns != 0 {
		t.Errorf("after the handover: %+v, %d returns", res, f.shop.returns)
	}
}

// A yes to the agent's own offer of a person hands over; a yes with no
// offer before it does not.
func TestYesToOfferedPerson(t *testing.T) {
	for _, tt := range []struct {
		name, before string
		want         bool
	}{
		{"offered", "Order #1002 was cancelled at your request. If that isn't right, a member of our team can look into it if you'd like. Just say yes.", true},
		{"not offered", "Your order #1002 hasn't shipped yet.", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			c := adaConv()
			history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "why was it cancelled"}, {Seq: 2, Role: conversation.RoleAgent, Text: tt.before}}
			f.model.steps = []func(agent.Request) (agent.Response, error){say("ok")}
			res, err := f.agent.Turn(t.Context(), c, history, "sure go ahead", 3)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Status == conversation.StatusHandover; got != tt.want {
				t.Errorf("handed over %v, want %v (actions %v)", got, tt.want, statuses(res.Actions))
			}
		})
	}
}
