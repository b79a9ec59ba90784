package agent_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

func TestYesAndAsks(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{"yes, and when will the refund arrive?", "and when will the refund arrive?"},
		{"Yes please! How long does it usually take?", "please! How long does it usually take?"},
		{"ok. will I get an email?", ""}, // an acknowledgement, not a yes (trial 15b)
		{"yes. will I get an email?", "will I get an email?"},
		{"sí, ¿cuándo llega el reembolso?", "cuándo llega el reembolso?"},
		{"yes", ""},
		{"yes?", ""},
		{"yes? what does that mean?", ""},
		{"yes, what do you mean by instructions?", ""},
		{"yes, but when will it arrive?", ""},
		{"yes, and can you send it to my work address?", ""},
		{"yes, when will it arrive? no rush", ""},
		{"when will the refund arrive?", ""},
		{"yes, when? and how?", ""},
		{"yes, and will the other one come too?", ""},
	} {
		if got := agent.YesAndAsks(tc.text); got != tc.want {
			t.Errorf("YesAndAsks(%q) = %q, want %q", tc.text, got, tc.want)
		}
		if got, want := agent.AffirmativeTo(tc.text, toolname.StartReturn), tc.want != "" || agent.Affirmative(tc.text); got != want {
			t.Errorf("AffirmativeTo(%q) = %v, want %v", tc.text, got, want)
		}
	}
}

// A yes with a question names more than the one item stated: "both".
func TestAsksOtherMore(t *testing.T) {
	one := conversation.Proposal{Tool: toolname.StartReturn, Resolution: "refund", Lines: []conversation.ProposalLine{{Title: "Harbor Stoneware Mug", Quantity: 1}}}
	two := one
	two.Lines = []conversation.ProposalLine{{Title: "Harbor Stoneware Mug", Quantity: 2}}
	for _, tc := range []struct {
		text string
		p    conversation.Proposal
		want bool
	}{
		{"yes, and will that be for both mugs?", one, true},
		{"yes, both", one, true},
		{"yes, and will that be for both mugs?", two, false},
		{"yes, and when will the refund arrive?", one, false},
		{"yes, order 1234", one, false},
	} {
		if got := agent.AsksOther(tc.text, tc.p) != ""; got != tc.want {
			t.Errorf("AsksOther(%q, %d units) = %q, want something: %v", tc.text, tc.p.Lines[0].Quantity, agent.AsksOther(tc.text, tc.p), tc.want)
		}
	}
}

// Through the Bedrock protocol: "yes, and when will the refund arrive?"
// runs exactly the return stated, whatever the model sends with its
// confirm, and the model hears that a question needs an answer; a yes
// whose question asks for more than was stated runs nothing, even when the
// model confirms with the wider arguments.
func TestBedrockYesWithAQuestion(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		wantRun      bool
	}{
		{"question", "yes, and when will the refund arrive?", true},
		{"asks for more", "yes, and will that be for both mugs?", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			fake := withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
				switch n {
				case 1:
					return 200, "", toolUseBody("tu-1", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "sea glass mug"}}})
				case 2:
					return 200, "", textBody("Here is what I can do.")
				case 3: // a model that confirms with other arguments
					return 200, "", toolUseBody("tu-2", toolname.StartReturn, map[string]any{"confirm": true, "items": []any{map[string]any{"title": "mugs", "quantity": 2}}, "resolution": "store_credit"})
				}
				return 200, "", textBody("Done; refunds take 5 to 10 business days once it is back.")
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
			say("I want to return the sea glass mug", 1)
			stated := c.Pending
			if stated == nil || len(stated.Lines) != 1 || stated.Lines[0].LineItemID != "5-1" {
				t.Fatalf("pending %+v", stated)
			}
			say(tc.answer, 3)
			if !tc.wantRun {
				if f.shop.returns != 0 {
					t.Fatalf("a yes asking for more ran %+v", f.shop.returned)
				}
				return
			}
			if f.shop.returns != 1 {
				t.Fatalf("returns %d, want the stated one run once", f.shop.returns)
			}
			r := f.shop.returned[0]
			if r.IdempotencyKey != stated.ID || r.Resolution != "refund" || len(r.Lines) != 1 || r.Lines[0].LineItemID != "5-1" || r.Lines[0].Quantity != 1 {
				t.Fatalf("ran %+v, want exactly %+v", r, stated)
			}
			raw, _ := json.Marshal(fake.bodies[2])
			if !strings.Contains(string(raw), "also asks a question") {
				t.Errorf("the model was not told to answer the question: %s", raw)
			}
		})
	}
}

// Through the Bedrock protocol: "no, both mugs please" declines the
// stated return, the model is asked to state the correction, and its new
// proposal (both mugs) is what the next yes runs, once; the declined one
// never runs.
func TestBedrockCorrectionIsANewProposal(t *testing.T) {
	f := setup(t)
	fake := withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 200, "", toolUseBody("tu-1", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "candle", "quantity": 1}}})
		case 2:
			return 200, "", textBody("Here is what I can do.")
		case 3:
			return 200, "", toolUseBody("tu-2", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "candles"}}})
		case 4:
			return 200, "", textBody("Here is the corrected return.")
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
	say("I want to return a candle", 1)
	first := c.Pending
	if first == nil || first.Lines[0].Quantity != 1 {
		t.Fatalf("pending %+v", first)
	}
	res := say("no, both candles please", 3)
	raw, _ := json.Marshal(fake.bodies[2])
	if !strings.Contains(string(raw), "corrects it") {
		t.Errorf("the model was not asked to state the correction: %s", raw)
	}
	second := c.Pending
	if f.shop.returns != 0 || second == nil || second.ID == first.ID || second.Lines[0].Quantity != 2 || !strings.Contains(res.Reply, second.Statement) {
		t.Fatalf("returns %d, pending %+v, reply %q: want the correction stated, nothing run", f.shop.returns, second, res.Reply)
	}
	if p, _ := c.FindProposal(first.ID); p.Status != conversation.ProposalDeclined {
		t.Errorf("the first proposal is %q, want declined", p.Status)
	}
	say("yes", 5)
	if f.shop.returns != 1 || f.shop.returned[0].IdempotencyKey != second.ID || f.shop.returned[0].Lines[0].Quantity != 2 {
		t.Fatalf("ran %+v, want the corrected return once", f.shop.returned)
	}
}

// Through the Bedrock protocol: a model that states two requests of one
// message in one turn gets the first stated and the second kept for next;
// the first yes runs only the first, and code states the second (the
// customer does not repeat it) for its own yes.
func TestBedrockTwoRequestsOneAtATime(t *testing.T) {
	f := setup(t)
	fake := withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 200, "", toolUseBody("tu-1", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "sea glass mug"}}, "reason": "DEFECTIVE"})
		case 2:
			return 200, "", toolUseBody("tu-2", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "coffee kit"}}})
		case 3:
			return 200, "", textBody("Here is the first.")
		case 4: // a model that confirms both at once
			return 200, "", toolUseBody("tu-3", toolname.StartReturn, map[string]any{"confirm": true, "items": []any{map[string]any{"title": "sea glass mug"}, map[string]any{"title": "coffee kit"}}})
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
	res := say("the sea glass mug arrived cracked, and I also want to return the coffee kit", 1)
	if c.Pending == nil || len(c.Pending.Lines) != 1 || c.Pending.Lines[0].LineItemID != "5-1" || len(c.Next) != 1 || c.Next[0].Lines[0].LineItemID != "5-3" {
		t.Fatalf("pending %+v, next %+v: want the mug stated, the kit next", c.Pending, c.Next)
	}
	if !strings.Contains(res.Reply, c.Pending.Statement) || !strings.Contains(res.Reply, "I'll set out the return of 1 × Pour-Over Coffee Kit (Walnut) next") || strings.Contains(res.Reply, c.Next[0].Statement) {
		t.Fatalf("reply %q", res.Reply)
	}
	if c.Pending.Reason != "DEFECTIVE" || c.Next[0].Reason == "DEFECTIVE" {
		t.Errorf("reasons %q and %q: want each request's own", c.Pending.Reason, c.Next[0].Reason)
	}
	res = say("yes", 3)
	if f.shop.returns != 1 || f.shop.returned[0].Lines[0].LineItemID != "5-1" {
		t.Fatalf("ran %+v, want only the mug's return", f.shop.returned)
	}
	if c.Pending == nil || c.Pending.Lines[0].LineItemID != "5-3" || len(c.Next) != 0 || !strings.Contains(res.Reply, "Now your other request: "+c.Pending.Statement) {
		t.Fatalf("pending %+v, reply %q: want the kit's return stated now", c.Pending, res.Reply)
	}
	raw, _ := json.Marshal(fake.bodies[3])
	if !strings.Contains(string(raw), "do not state it yourself") {
		t.Errorf("the model was not told code states the next request: %s", raw)
	}
	say("yes", 5)
	if f.shop.returns != 2 || f.shop.returned[1].Lines[0].LineItemID != "5-3" {
		t.Fatalf("ran %+v, want the kit's return second", f.shop.returned)
	}
}

// A yes with a question is a yes (AffirmativeTo), opens with a yes, ends
// with its one question, and never says no.
func FuzzYesAndAsks(f *testing.F) {
	for _, s := range []string{"yes, and when will the refund arrive?", "yes? what?", "ok. will I get an email?", "sí, ¿cuándo llega?", "yes, no, when?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := agent.YesAndAsks(text)
		if q == "" {
			return
		}
		if !strings.HasSuffix(q, "?") || strings.Count(q, "?") != 1 || !agent.AffirmativeTo(text, toolname.StartReturn) || agent.Negative(text) || !strings.Contains(text, q) {
			t.Errorf("YesAndAsks(%q) = %q", text, q)
		}
	})
}
