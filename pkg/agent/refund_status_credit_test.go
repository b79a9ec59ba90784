package agent_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// refund_status says the store credit and gift cards doorstep issued on
// the order in any of the customer's conversations, not only this one;
// another order's credit and a credit that did not run are left out.
func TestRefundStatusCreditFromEarlierConversations(t *testing.T) {
	f := setup(t)
	earlier := now.Add(-48 * time.Hour)
	credit := func(id, name, orderID, status, outcome string, amount int64, at time.Time) conversation.Proposal {
		return conversation.Proposal{ID: id, Tool: toolname.StartReturn, Order: name, OrderID: orderID, Resolution: "store_credit", Amount: order.Money(amount),
			Currency: "USD", Status: status, Outcome: outcome, At: at,
			Lines: []conversation.ProposalLine{{LineItemID: "5-1", Title: "Harbor Stoneware Mug", Quantity: 1, Price: 2400}}}
	}
	old := conversation.Conversation{Shop: "s", ID: "c0", Status: conversation.StatusClosed, CustomerEmail: "ada@example.com",
		VerifiedBy: conversation.VerifiedByOrder, CreatedAt: earlier, UpdatedAt: earlier,
		Proposals: []conversation.Proposal{
			credit("c0-1-0", "#1003", "5", conversation.ProposalDone, "store credit 991", 2640, earlier),
			credit("c0-3-0", "#1003", "5", conversation.ProposalDone, "gift card 77 code DOOR-ABCD-WXYZ", 1100, earlier.Add(time.Hour)),
			credit("c0-5-0", "#1003", "5", conversation.ProposalDeclined, "", 5000, earlier.Add(2*time.Hour)),
			credit("c0-7-0", "#1001", "1", conversation.ProposalDone, "store credit 992", 900, earlier.Add(3*time.Hour)),
		}}
	if err := f.store.CreateConversation(t.Context(), old); err != nil {
		t.Fatal(err)
	}
	f.turn(t, adaConv(), "did I get my credit for #1003?", 1, use(toolname.RefundStatus, `{"order_number":"#1003"}`), say("ok"))
	var r struct {
		StoreCredit []map[string]any `json:"store_credit"`
	}
	if err := json.Unmarshal([]byte(f.model.lastResult(t)), &r); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"amount": "$26.40", "date": "Wed, Nov 18, 2026", "for": "1 × Harbor Stoneware Mug", "issued_as": "store credit on the customer's account (applies at checkout when signed in)"},
		{"amount": "$11.00", "date": "Wed, Nov 18, 2026", "for": "1 × Harbor Stoneware Mug", "issued_as": "a gift card (code emailed to the customer)", "gift_card_ending": "WXYZ"},
	}
	if d := cmp.Diff(want, r.StoreCredit); d != "" {
		t.Errorf("store_credit (-want +got):\n%s\nresult %s", d, f.model.lastResult(t))
	}
}
