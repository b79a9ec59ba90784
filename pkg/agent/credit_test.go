package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// findings is the delivery check's view of orders (agent.Deliveries).
type findings struct {
	problems func(orderID string) []map[string]any
}

func (f findings) OrderProblems(_ context.Context, _, orderID string) ([]map[string]any, error) {
	return f.problems(orderID), nil
}

// A return's refund or store credit never pays twice for the same units:
// a parcel made good already, or a not-received report still open about
// it, refuses the return (in the chat when it is asked for, and where a
// stated proposal runs: the tracking page, an approval), with the reason;
// the proposal says when credit is issued.
func TestReturnCreditNotTwice(t *testing.T) {
	tests := []struct {
		name     string
		problems []map[string]any // about #1003's parcel f5
		refused  string           // in the reason; "" for a proposal
	}{
		{name: "no findings"},
		{name: "not-received report open", problems: []map[string]any{{"problem": "not_received", "action": "wait", "shipment_id": "f5"}},
			refused: "still open"},
		{name: "parcel refunded", problems: []map[string]any{{"problem": "late", "action": "refund", "refunded": "$96.00", "shipment_id": "f5"}},
			refused: "made good already (this parcel was already refunded ($96.00))"},
		{name: "not-received report closed", problems: []map[string]any{{"problem": "not_received", "action": "wait", "shipment_id": "f5", "outcome": "delivered after all"}}},
		{name: "another parcel's report", problems: []map[string]any{{"problem": "not_received", "action": "wait", "shipment_id": "f9"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			pol := policy.Default()
			pol.StoreCreditBonusPercent = 10
			f.agent.Policies = agent.StaticPolicy(pol)
			f.agent.Deliveries = findings{problems: func(id string) []map[string]any {
				if id == "5" {
					return tt.problems
				}
				return nil
			}}
			c := adaConv()
			c.CurrentOrder = "#1003"
			f.turn(t, c, "can I return the coffee kit for store credit?", 1, use(toolname.StartReturn, `{"items":[{"title":"coffee kit"}],"resolution":"store_credit"}`), say("ok"))
			var r map[string]any
			_ = json.Unmarshal([]byte(f.model.lastResult(t)), &r)
			if tt.refused != "" {
				if c.Pending != nil || r["status"] != "refused" || !strings.Contains(r["reason"].(string), tt.refused) {
					t.Fatalf("pending %+v, result %v; want refused with %q", c.Pending, r, tt.refused)
				}
			} else if c.Pending == nil || !strings.Contains(c.Pending.Statement, "issued as soon as the return starts") {
				t.Fatalf("pending %+v, result %v; want a proposal saying when credit is issued", c.Pending, r)
			}
			// The same return stated elsewhere (the tracking page) and run
			// after the finding: refused with the reason, nothing done.
			o, err := f.store.GetOrderByName(t.Context(), "s", "#1003")
			if err != nil {
				t.Fatal(err)
			}
			p, _, err := agent.ProposeReturn(pol, o, []order.ReturnLine{{LineItemID: "5-3", Quantity: 1}}, "UNWANTED", "refund", true, now)
			if err != nil {
				t.Fatal(err)
			}
			p.ID = "track-" + strings.ReplaceAll(tt.name, " ", "-")
			_, err = f.agent.Execute(t.Context(), "s", p, false)
			var refused *agent.RefusedError
			if got := errors.As(err, &refused); got != (tt.refused != "") {
				t.Errorf("Execute: %v; want refused %v", err, tt.refused != "")
			}
			if want := map[bool]int{true: 0, false: 1}[tt.refused != ""]; f.shop.returns != want {
				t.Errorf("returns in the shop = %d, want %d", f.shop.returns, want)
			}
		})
	}
}

// giftCardShop issues store credit: a gift card, as for a guest checkout.
type giftCardShop struct {
	*commerce
	issued int
}

func (c *giftCardShop) IssueStoreCredit(_ context.Context, r agent.StoreCreditRequest) (agent.StoreCreditResult, error) {
	c.issued++
	return agent.StoreCreditResult{Kind: agent.CreditGiftCard, ID: "gc-" + r.IdempotencyKey, Code: "GIFT" + strings.ToUpper(r.IdempotencyKey)}, nil
}

// mails records what the agent asked to be mailed.
type mails struct{ started, giftCards []string }

func (m *mails) ReturnStarted(_ context.Context, _ order.Order, p conversation.Proposal, _ string) error {
	m.started = append(m.started, p.ID)
	return nil
}

func (m *mails) GiftCardIssued(_ context.Context, _ order.Order, p conversation.Proposal, detail string) error {
	m.giftCards = append(m.giftCards, p.ID+" "+detail)
	return nil
}

// A gift card issued for store credit is mailed to the customer once:
// with no return (a kept item) as its own mail, with a return in the
// return's mail; a retried run mails nothing more.
func TestGiftCardCreditMailed(t *testing.T) {
	tests := []struct {
		name              string
		keepIt            bool
		started, giftCard int
	}{
		{"kept item", true, 0, 1},
		{"item sent back", false, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			pol := policy.Default()
			pol.KeepItLimit, pol.AutoReturns = 5000, true
			f.agent.Policies = agent.StaticPolicy(pol)
			shop := &giftCardShop{commerce: f.shop}
			f.agent.Commerce = shop
			m := &mails{}
			f.agent.ReturnMail = m
			p := conversation.Proposal{ID: "c1-3-0", Tool: toolname.ReportDamage, Order: "#1003", OrderID: "5", KeepIt: tt.keepIt,
				Reason: "DEFECTIVE", Resolution: "store_credit", Amount: 2400, Currency: "USD",
				Lines: []conversation.ProposalLine{{LineItemID: "5-1", Title: "Harbor Stoneware Mug", Quantity: 1, Price: 2400}}}
			for range 2 {
				if _, err := f.agent.Execute(t.Context(), "s", p, false); err != nil && !errors.Is(err, agent.ErrAlreadyDone) {
					t.Fatal(err)
				}
			}
			if shop.issued != 1 || len(m.started) != tt.started || len(m.giftCards) != tt.giftCard {
				t.Fatalf("issued %d, return mails %v, gift card mails %v", shop.issued, m.started, m.giftCards)
			}
			if tt.giftCard == 1 && !strings.Contains(m.giftCards[0], "code GIFTC1-3-0") {
				t.Errorf("gift card mail %q, want the code", m.giftCards[0])
			}
		})
	}
}
