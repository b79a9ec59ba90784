package agent_test

import (
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Through the Bedrock protocol: a yes more than conversation.ProposalLife
// after the proposal confirms nothing, even with the model calling
// confirm; code states it afresh, and only the yes to that runs it.
func TestBedrockLateYesLapses(t *testing.T) {
	f := setup(t)
	clk := clock.NewFixed(now)
	f.agent.Clock = clk
	withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 200, "", toolUseBody("tu-1", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "coffee kit"}}})
		case 2:
			return 200, "", textBody("Shall I?")
		case 3:
			return 200, "", toolUseBody("tu-2", toolname.StartReturn, map[string]any{"confirm": true})
		case 4:
			return 200, "", textBody("That offer lapsed; here it is again.")
		}
		return 200, "", toolUseBody("tu-9", toolname.StartReturn, map[string]any{"confirm": true})
	})
	c := adaConv()
	c.CurrentOrder = "#1003"
	var history []conversation.Message
	say := func(text string, seq int) agent.Result {
		t.Helper()
		res, err := f.agent.Turn(t.Context(), c, history, text, seq)
		if err != nil {
			t.Fatal(err)
		}
		history = append(history, conversation.Message{Seq: seq, Role: conversation.RoleCustomer, Text: text}, conversation.Message{Seq: seq + 1, Role: conversation.RoleAgent, Text: res.Reply})
		return res
	}
	say("I want to return the coffee kit", 1)
	first := c.Pending
	if first == nil {
		t.Fatal("nothing proposed")
	}
	clk.Set(now.Add(conversation.ProposalLife + 6*time.Hour))
	res := say("yes", 3)
	if f.shop.returns != 0 {
		t.Fatalf("a proposal stated %s ago ran", conversation.ProposalLife+6*time.Hour)
	}
	if c.Pending == nil || c.Pending.ID == first.ID || c.Pending.Tool != toolname.StartReturn || len(c.Pending.Lines) != 1 || c.Pending.Lines[0].LineItemID != first.Lines[0].LineItemID ||
		c.Pending.Amount != first.Amount || !strings.Contains(res.Reply, c.Pending.Statement) {
		t.Fatalf("pending %+v, reply %q: want the same return stated afresh", c.Pending, res.Reply)
	}
	if p, _ := c.FindProposal(first.ID); p.Status != conversation.ProposalLapsed {
		t.Errorf("the old proposal is %s, want lapsed", p.Status)
	}
	say("yes", 5)
	if f.shop.returns != 1 || f.shop.returned[0].IdempotencyKey == first.ID {
		t.Fatalf("returns %d %+v: want the fresh proposal run once", f.shop.returns, f.shop.returned)
	}
}

func TestProposalExpired(t *testing.T) {
	at := now
	p := conversation.Proposal{At: at}
	for _, tc := range []struct {
		after time.Duration
		want  bool
	}{{0, false}, {conversation.ProposalLife, false}, {conversation.ProposalLife + time.Second, true}, {30 * time.Hour, true}} {
		if got := p.Expired(at.Add(tc.after)); got != tc.want {
			t.Errorf("Expired after %s = %v, want %v", tc.after, got, tc.want)
		}
	}
	if (conversation.Proposal{}).Expired(at) {
		t.Error("a proposal without a time expired")
	}
}

// A yes that lapses a proposal ("yes - can I keep the box?")
// has it stated again word for word as a new proposal, so the plain yes
// that follows confirms exactly that; the old one stays lapsed, and a
// later, stale yes runs nothing more.
func TestYesThatLapsesStatesItAgain(t *testing.T) {
	f := setup(t)
	withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 200, "", toolUseBody("tu-1", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "coffee kit"}}})
		case 2:
			return 200, "", textBody("Shall I?")
		case 3:
			return 200, "", textBody("Refunds show 5 to 10 business days after the items are back.")
		case 4:
			return 200, "", toolUseBody("tu-2", toolname.StartReturn, map[string]any{"confirm": true})
		}
		return 200, "", textBody("Done.")
	})
	c := adaConv()
	c.CurrentOrder = "#1003"
	var history []conversation.Message
	say := func(text string, seq int) agent.Result {
		t.Helper()
		res, err := f.agent.Turn(t.Context(), c, history, text, seq)
		if err != nil {
			t.Fatal(err)
		}
		history = append(history, conversation.Message{Seq: seq, Role: conversation.RoleCustomer, Text: text}, conversation.Message{Seq: seq + 1, Role: conversation.RoleAgent, Text: res.Reply})
		return res
	}
	say("I want to return the coffee kit", 1)
	first := c.Pending
	if first == nil {
		t.Fatal("nothing proposed")
	}
	res := say("yes - can I keep the box?", 3)
	if f.shop.returns != 0 {
		t.Fatal("a yes with a question ran the return")
	}
	again := c.Pending
	if again == nil || again.ID == first.ID || again.Tool != first.Tool || again.Statement != first.Statement ||
		again.Amount != first.Amount || len(again.Lines) != 1 || again.Lines[0] != first.Lines[0] {
		t.Fatalf("pending %+v: want the same return stated again with a new id", again)
	}
	if !strings.Contains(res.Reply, again.Statement) || strings.Contains(res.Reply, "just say so") {
		t.Errorf("reply %q: want the statement again, word for word, for a yes", res.Reply)
	}
	if p, _ := c.FindProposal(first.ID); p.Status != conversation.ProposalLapsed {
		t.Errorf("the old proposal is %s, want lapsed", p.Status)
	}
	say("yes", 5)
	if f.shop.returns != 1 || f.shop.returned[0].IdempotencyKey != again.ID {
		t.Fatalf("returns %d %+v: want the proposal stated again run once", f.shop.returns, f.shop.returned)
	}
	// A stale yes (to the first statement, long answered) runs nothing.
	say("yes", 7)
	if f.shop.returns != 1 {
		t.Errorf("a stale yes ran %d returns", f.shop.returns)
	}
}
