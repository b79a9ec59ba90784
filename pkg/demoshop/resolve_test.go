package demoshop_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

const shop = "demo-shop.myshopify.com"

func setup(t *testing.T) (*demoshop.Shop, *bolt.Store) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)
	created := now.Add(-240 * time.Hour)
	o := order.Order{Shop: shop, ID: "1003", Name: "#1003", Email: "daniel@example.com", Currency: "USD", TotalPrice: 8847,
		FinancialStatus: "paid", CreatedAt: created, UpdatedAt: created,
		LineItems: []order.LineItem{{ID: "a", Title: "Skillet", Quantity: 1, Price: 5200, VariantID: "v1"}}}
	if _, err := st.Apply(t.Context(), store.Change{Shop: shop, Order: &o}); err != nil {
		t.Fatal(err)
	}
	return &demoshop.Shop{Store: st, Clock: clock.NewFixed(now)}, st
}

func TestRefundOnce(t *testing.T) {
	s, st := setup(t)
	req := resolution.RefundRequest{Shop: shop, OrderID: "1003", Amount: 5200, Currency: "USD", IdempotencyKey: "k1",
		Lines: []order.ReturnLine{{LineItemID: "a", Quantity: 1}}}
	first, err := s.Refund(t.Context(), req)
	if err != nil || first.ID == "" {
		t.Fatalf("Refund = %+v, %v", first, err)
	}
	again, err := s.Refund(t.Context(), req)
	if !errors.Is(err, resolution.ErrAlreadyDone) || again.ID != first.ID {
		t.Errorf("second Refund = %+v, %v", again, err)
	}
	o, _ := st.GetOrder(t.Context(), shop, "1003")
	if len(o.Refunds) != 1 || o.RefundedTotal() != 5200 || o.FinancialStatus != "partially_refunded" {
		t.Errorf("order = %+v", o)
	}
	req.IdempotencyKey, req.Amount = "k2", 4000
	if _, err := s.Refund(t.Context(), req); !errors.Is(err, resolution.ErrRejected) {
		t.Errorf("over-refund = %v, want ErrRejected", err)
	}
}

func TestReplaceOnce(t *testing.T) {
	s, st := setup(t)
	req := resolution.ReplaceRequest{Shop: shop, OrderID: "1003", OrderName: "#1003", Email: "daniel@example.com", Currency: "USD",
		Lines: []resolution.ReplaceLine{{LineItemID: "a", VariantID: "v1", Title: "Skillet", Quantity: 1, Price: 5200}}, IdempotencyKey: "k"}
	first, err := s.Replace(t.Context(), req)
	if err != nil || first.Name != "#1003-R" {
		t.Fatalf("Replace = %+v, %v", first, err)
	}
	again, err := s.Replace(t.Context(), req)
	if !errors.Is(err, resolution.ErrAlreadyDone) || again != first {
		t.Errorf("second Replace = %+v, %v", again, err)
	}
	o, err := st.GetOrder(t.Context(), shop, first.OrderID)
	if err != nil || o.TotalPrice != 0 || len(o.LineItems) != 1 || o.LineItems[0].Price != 0 || o.FinancialStatus != "paid" {
		t.Errorf("replacement = %+v, %v", o, err)
	}
	orders, _ := st.OrdersByEmail(t.Context(), shop, "daniel@example.com", 10)
	if len(orders) != 2 {
		t.Errorf("customer has %d orders, want the original and its replacement", len(orders))
	}
}
