package demoshop_test

import (
	"errors"
	"regexp"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
)

func TestIssueStoreCredit(t *testing.T) {
	s, st := setup(t)
	req := agent.StoreCreditRequest{Shop: shop, OrderID: "1003", CustomerID: "77", Amount: 5720, Currency: "USD", IdempotencyKey: "p1"}
	got, err := s.IssueStoreCredit(t.Context(), req)
	if err != nil || got.Kind != agent.CreditAccount || got.Code != "" {
		t.Fatalf("account credit = %+v, %v", got, err)
	}
	// A guest (no customer account): a gift card, its code 16 letters and
	// digits, the same for the same key. Like Shopify's mutations, the demo
	// shop issues again when asked again (three log entries): the agent's
	// claim on the proposal id is what makes an issue happen once.
	req.CustomerID, req.IdempotencyKey = "", "p2"
	card, err := s.IssueStoreCredit(t.Context(), req)
	again, _ := s.IssueStoreCredit(t.Context(), req)
	if err != nil || card.Kind != agent.CreditGiftCard || !regexp.MustCompile(`^[A-Z2-9]{16}$`).MatchString(card.Code) || again != card {
		t.Fatalf("gift card = %+v, %v; again %+v", card, err, again)
	}
	acts, err := demoshop.Actions(t.Context(), st)
	if err != nil || len(acts) != 3 || acts[0].Type != "store_credit" || acts[0].Amount != "57.20" || acts[1].Detail["code"] != card.Code || acts[2].Detail["code"] != card.Code {
		t.Errorf("log %+v, %v", acts, err)
	}
	for _, bad := range []agent.StoreCreditRequest{{Shop: shop, OrderID: "1003", Amount: 0, Currency: "USD"}, {Shop: shop, OrderID: "1003", Amount: 100, Currency: "EUR"}} {
		if _, err := s.IssueStoreCredit(t.Context(), bad); !errors.Is(err, agent.ErrCommerceRejected) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

func TestCancelOrder(t *testing.T) {
	s, st := setup(t)
	req := agent.CancelRequest{Shop: shop, OrderID: "1003", Refund: 8847, Currency: "USD", Reason: "CUSTOMER", IdempotencyKey: "p1"}
	if _, err := s.CancelOrder(t.Context(), agent.CancelRequest{Shop: shop, OrderID: "1003", Refund: 100, Currency: "USD", IdempotencyKey: "p0"}); !errors.Is(err, agent.ErrCommerceRejected) {
		t.Errorf("a cancel refunding the wrong amount: %v", err)
	}
	first, err := s.CancelOrder(t.Context(), req)
	again, err2 := s.CancelOrder(t.Context(), req)
	if err != nil || err2 != nil || again != first {
		t.Fatalf("cancel = %+v %v, again %+v %v", first, err, again, err2)
	}
	o, _ := st.GetOrder(t.Context(), shop, "1003")
	if o.CancelledAt == nil || o.FinancialStatus != "refunded" || o.RefundedTotal() != 8847 || len(o.Refunds) != 1 || !o.Refunds[0].Restock {
		t.Errorf("order %+v", o)
	}
	req.IdempotencyKey = "p2"
	if _, err := s.CancelOrder(t.Context(), req); !errors.Is(err, agent.ErrCommerceRejected) {
		t.Errorf("a second cancellation: %v", err)
	}
	acts, _ := demoshop.Actions(t.Context(), st)
	if len(acts) != 1 || acts[0].Type != "cancel" || acts[0].Amount != "88.47" {
		t.Errorf("log %+v", acts)
	}
}
