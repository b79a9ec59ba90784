package demoshop_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
)

// Every write the demo shop applies is in its log, oldest first, in
// DESIGN.md §5's shape.
func TestActionsLog(t *testing.T) {
	s, st := setup(t)
	ctx := t.Context()
	if _, err := s.RequestReturn(ctx, agent.ReturnRequest{Shop: shop, OrderID: "1003", Lines: []order.ReturnLine{{LineItemID: "a", Quantity: 1}},
		Reason: "DEFECTIVE", Resolution: "refund", IdempotencyKey: "p1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Refund(ctx, resolution.RefundRequest{Shop: shop, OrderID: "1003", Amount: 5200, Currency: "USD", IdempotencyKey: "k1",
		Lines: []order.ReturnLine{{LineItemID: "a", Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replace(ctx, resolution.ReplaceRequest{Shop: shop, OrderID: "1003", OrderName: "#1003", Currency: "USD", IdempotencyKey: "k2",
		Lines: []resolution.ReplaceLine{{LineItemID: "a", Title: "Skillet", Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	got, err := demoshop.Actions(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	line := []demoshop.ActionLine{{Title: "Skillet", Quantity: 1}}
	want := []demoshop.Action{
		{Type: "return", Order: "#1003", Lines: line, Amount: "52.00", Currency: "USD", Detail: map[string]any{"reason": "DEFECTIVE", "resolution": "refund"}},
		{Type: "refund", Order: "#1003", Lines: line, Amount: "52.00", Currency: "USD", Detail: map[string]any{}},
		{Type: "replacement", Order: "#1003", Lines: line, Amount: "0.00", Currency: "USD", Detail: map[string]any{"replacement_order": "#1003-R"}},
	}
	ignore := cmp.Options{cmpopts.IgnoreFields(demoshop.Action{}, "At"), cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return k == "return_id" || k == "refund_id" })}
	if d := cmp.Diff(want, got, ignore); d != "" {
		t.Errorf("actions (-want +got):\n%s", d)
	}
	for _, a := range got {
		if a.At.IsZero() || a.At.Location() != time.UTC && a.At.Location().String() != "UTC" {
			t.Errorf("at = %v", a.At)
		}
	}
}
