package demoshop_test

import (
	"errors"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

func TestCancelFulfillment(t *testing.T) {
	label := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	picked := label.Add(2 * time.Hour)
	tests := []struct {
		name      string
		shipment  order.Shipment
		wantErr   error
		wantState string
		logged    int
	}{
		{name: "label printed", shipment: order.Shipment{ID: "f1", State: "success", Status: order.StatusLabelPrinted, LineItemIDs: []string{"a"}},
			wantState: "cancelled", logged: 1},
		{name: "scanned by the carrier", shipment: order.Shipment{ID: "f1", State: "success", Status: order.StatusInTransit, ShippedAt: &picked, LineItemIDs: []string{"a"}},
			wantErr: resolution.ErrRejected, wantState: "success"},
		{name: "picked up, status not moved yet", shipment: order.Shipment{ID: "f1", State: "success", Status: order.StatusLabelPrinted, ShippedAt: &picked, LineItemIDs: []string{"a"}},
			wantErr: resolution.ErrRejected, wantState: "success"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, st := setup(t)
			sh := tt.shipment
			sh.Shop, sh.OrderID, sh.CreatedAt, sh.UpdatedAt = shop, "1003", label, label
			if _, err := st.Apply(t.Context(), store.Change{Shop: shop, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			req := resolution.CancelFulfillmentRequest{Shop: shop, OrderID: "1003", OrderName: "#1003", FulfillmentID: "f1", IdempotencyKey: "k1"}
			for range 2 { // a retry changes nothing more
				if err := s.CancelFulfillment(t.Context(), req); !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Fatalf("CancelFulfillment = %v, want %v", err, tt.wantErr)
				}
			}
			o, err := st.GetOrder(t.Context(), shop, "1003")
			if err != nil || len(o.Shipments) != 1 || o.Shipments[0].State != tt.wantState {
				t.Fatalf("shipments = %+v, %v; want state %s", o.Shipments, err, tt.wantState)
			}
			acts, err := demoshop.Actions(t.Context(), st)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			for _, a := range acts {
				if a.Type == demoshop.ActionCancelShipment {
					n++
					if a.Order != "#1003" || a.Detail["fulfillment_id"] != "f1" || len(a.Lines) != 1 || a.Lines[0].Title != "Skillet" {
						t.Errorf("action %+v", a)
					}
				}
			}
			if n != tt.logged {
				t.Errorf("%d cancel_shipment actions, want %d", n, tt.logged)
			}
		})
	}
}
