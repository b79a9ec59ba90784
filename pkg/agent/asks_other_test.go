package agent_test

import (
	"context"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A yes that names something other than the proposal does not confirm it
// (issue 16 trial: "yes store credit" ran a refund return).
func TestAsksOther(t *testing.T) {
	refund := conversation.Proposal{Tool: toolname.StartReturn, Resolution: "refund", Lines: []conversation.ProposalLine{{Title: "Pour-Over Coffee Kit", Variant: "Walnut", Quantity: 1}}}
	credit := refund
	credit.Resolution = "store_credit"
	cancel := conversation.Proposal{Tool: toolname.CancelOrder, Resolution: "refund", Lines: []conversation.ProposalLine{
		{Title: "Beeswax Pillar Candle", Quantity: 1}, {Title: "Unbleached Paper Filters", Variant: "Pack of 100", Quantity: 1}}}
	cancelStated := cancel
	cancelStated.Statement = "I'll cancel order #1001 (1 × Beeswax Pillar Candle and 1 × Unbleached Paper Filters (Pack of 100)) and refund $40.00."
	replace := conversation.Proposal{Tool: toolname.ReportDamage, Resolution: "replacement", Lines: refund.Lines}
	for _, tc := range []struct {
		text string
		p    conversation.Proposal
		want string
	}{
		{"yes", refund, ""},
		// Trial 7b: a yes naming what the statement never did.
		{"yes please, the slate blue one", cancelStated, "something it doesn't name (the slate blue one)"},
		{"yes, the candle one", cancelStated, ""},
		{"yes, that one", cancelStated, ""},
		{"yes, the same one", cancelStated, ""},
		{"yes please", refund, ""},
		{"yes store credit", refund, "store credit"},
		{"yes, store credit please", refund, "store credit"},
		{"yes credit", refund, "store credit"},
		{"yes, refund it to my credit card", refund, ""},
		{"yes store credit", credit, ""},
		{"yes, the credit is fine", credit, ""},
		{"yes, refund please", credit, "a refund"},
		{"yes refund me", cancel, ""},
		{"yes, just the candle", cancel, "only part of it (the candle)"},
		{"yes just do it", cancel, ""},
		{"yes, just the coffee kit", refund, ""},
		{"yes, a refund instead", replace, "a refund"},
		{"yes send the replacement", replace, ""},
		{"yes, replace it", refund, "a replacement"},
	} {
		if got := agent.AsksOther(tc.text, tc.p); got != tc.want {
			t.Errorf("AsksOther(%q, %s %s) = %q, want %q", tc.text, tc.p.Tool, tc.p.Resolution, got, tc.want)
		}
	}
}

func TestWantsCredit(t *testing.T) {
	for text, want := range map[string]bool{
		"could I get credit instead of a refund?": true,
		"store credit please":                     true,
		"can I have it as credit":                 true,
		"refund to my credit card":                false,
		"credit-card refund please":               false,
		"incredible service":                      false,
		"prefiero crédito":                        true,
		"I'll take credit for the shop":           true,
		"a gift card is fine":                     true,
		"could I have a voucher instead?":         true,
		"Gutschein bitte":                         true,
		"je préfère un bon d'achat":               true,
		"the Kreditkarte was charged":             false,
		"a mi tarjeta de crédito, por favor":      false,
		"refund to my credit cards please":        false,
	} {
		if got := agent.WantsCredit(text); got != want {
			t.Errorf("WantsCredit(%q) = %v, want %v", text, got, want)
		}
	}
}

// A yes can never ask for what the proposal already does.
func FuzzAsksOther(f *testing.F) {
	for _, s := range []string{"yes store credit", "yes, just the candle", "yes refund", "sí, crédito", "yes just"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p := conversation.Proposal{Tool: toolname.StartReturn, Resolution: "store_credit", Lines: []conversation.ProposalLine{{Title: "Mug", Quantity: 1}}}
		if got := agent.AsksOther(text, p); got == "store credit" {
			t.Errorf("AsksOther(%q) on a store credit proposal = %q", text, got)
		}
		if low := strings.ToLower(text); agent.WantsCredit(text) && !strings.Contains(low, "cr") && !strings.Contains(low, "gut") && !strings.Contains(low, "avoir") &&
			!strings.Contains(low, "gift") && !strings.Contains(low, "vouch") && !strings.Contains(low, "bon d'achat") && !strings.Contains(low, "cadeau") && !strings.Contains(low, "regalo") {
			t.Errorf("WantsCredit(%q) without a word for credit", text)
		}
	})
}

// creditShop is the fixture's shop that issues store credit.
type creditShop struct {
	*commerce
	credits []agent.StoreCreditRequest
}

func (c *creditShop) IssueStoreCredit(_ context.Context, r agent.StoreCreditRequest) (agent.StoreCreditResult, error) {
	c.credits = append(c.credits, r)
	return agent.StoreCreditResult{Kind: agent.CreditAccount, ID: "sc-" + r.IdempotencyKey}, nil
}

// Through the Bedrock protocol: a refund return offering credit as the
// alternative; the customer's "yes store credit" runs nothing (even when
// the model calls confirm), the model states the credit return, and the
// next yes runs exactly that: a return as store credit, credit issued,
// no refund return.
func TestBedrockYesToTheAlternativeConfirmsNothing(t *testing.T) {
	f := setup(t)
	pol := policy.Default()
	pol.StoreCreditBonusPercent = 10
	f.agent.Policies = agent.StaticPolicy(pol)
	shop := &creditShop{commerce: f.shop}
	f.agent.Commerce = shop
	withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 200, "", toolUseBody("tu-1", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "coffee kit"}}})
		case 2:
			return 200, "", textBody("Here is what I can do.")
		case 3: // "yes store credit": a model that takes it as a yes
			return 200, "", toolUseBody("tu-2", toolname.StartReturn, map[string]any{"confirm": true, "resolution": "store_credit"})
		case 4:
			return 200, "", toolUseBody("tu-3", toolname.StartReturn, map[string]any{"items": []any{map[string]any{"title": "coffee kit"}}, "resolution": "store_credit"})
		case 5:
			return 200, "", textBody("Here is the store credit option.")
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
	res := say("I want to return the coffee kit", 1)
	if c.Pending == nil || c.Pending.Resolution != "refund" || !strings.Contains(res.Reply, "$70.40 instead") {
		t.Fatalf("pending %+v, reply %q", c.Pending, res.Reply)
	}
	say("yes store credit", 3)
	if len(shop.returned) != 0 || len(shop.credits) != 0 {
		t.Fatalf("a yes to the alternative ran: returns %+v, credits %+v", shop.returned, shop.credits)
	}
	if c.Pending == nil || c.Pending.Resolution != "store_credit" || c.Pending.Amount != 7040 {
		t.Fatalf("pending %+v, want the store credit return stated", c.Pending)
	}
	say("yes", 5)
	if len(shop.returned) != 1 || shop.returned[0].Resolution != "store_credit" || len(shop.credits) != 1 || shop.credits[0].Amount != 7040 {
		t.Fatalf("returns %+v, credits %+v", shop.returned, shop.credits)
	}
}
