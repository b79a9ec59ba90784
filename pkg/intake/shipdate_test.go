package intake_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A label the carrier scans days later ships on the day of the scan, and a
// later webhook dated earlier never moves that date back.
func TestShipDateIsTheFirstScanAndNeverMovesBack(t *testing.T) {
	svc, st := newService(t)
	if status, resp := send(t, svc, delivery{topic: "orders/create", eventID: "o1", body: fixture(t, "new_order_create.json")}); status != 200 {
		t.Fatalf("orders/create: %d %s", status, resp)
	}
	label := "2026-12-05T10:00:00-05:00"
	steps := []struct {
		name, status, created, updated string
		want                           string // ShippedAt, RFC 3339 UTC; "" none
	}{
		{"label printed", "label_printed", label, label, ""},
		{"first carrier scan keeps the label's created_at", "in_transit", label, "2026-12-11T09:00:00-05:00", "2026-12-11T14:00:00Z"},
		{"a later update dated from an older created_at", "in_transit", "2026-12-01T10:00:00-05:00", "2026-12-12T09:00:00-05:00", "2026-12-11T14:00:00Z"},
	}
	for i, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			body := fixture(t, "new_order_fulfillment_create.json")
			var f map[string]any
			if err := json.Unmarshal(body, &f); err != nil {
				t.Fatal(err)
			}
			f["shipment_status"], f["created_at"], f["updated_at"] = s.status, s.created, s.updated
			b, _ := json.Marshal(f)
			if status, resp := send(t, svc, delivery{topic: "fulfillments/update", eventID: fmt.Sprint("f", i), body: b}); status != 200 || !strings.Contains(resp, "applied") {
				t.Fatalf("fulfillments/update: %d %s", status, resp)
			}
			o, err := st.GetOrderByName(t.Context(), shop, "#1012")
			if err != nil || len(o.Shipments) != 1 {
				t.Fatalf("order: %v %+v", err, o.Shipments)
			}
			got := ""
			if at := o.Shipments[0].ShippedAt; at != nil {
				got = at.UTC().Format(time.RFC3339)
			}
			if got != s.want {
				t.Errorf("ShippedAt = %q, want %q", got, s.want)
			}
		})
	}
}
