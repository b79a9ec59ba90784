package agent_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// track_order gives the order's own facts a customer asks about (facts8):
// where it ships, what each line paid (and, for several units, the quantity and unit
// price), and
// the order's total; a model answers "what address is on it?" or "how
// much was the X?" from them, not from the docs.
func TestTrackOrderGivesLinesTotalAndAddress(t *testing.T) {
	f := setup(t)
	f.turn(t, adaConv(), "what did I pay for the candles on #1003?", 1, use(toolname.TrackOrder, `{"order_number":"#1003"}`), say("ok"))
	var r struct {
		Address string           `json:"ship_to"`
		Total   string           `json:"order_total"`
		Lines   []map[string]any `json:"lines"`
	}
	if err := json.Unmarshal([]byte(f.model.lastResult(t)), &r); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Address, "Ada Lovelace, 1 Main St, Springfield, 12345, US"; got != want {
		t.Errorf("ship_to %q, want %q", got, want)
	}
	if got, want := r.Total, "$196.00"; got != want {
		t.Errorf("order_total %q, want %q", got, want)
	}
	want := []map[string]any{
		{"item": "Harbor Stoneware Mug (Sea Glass / 12 oz)", "paid": "$24.00"},
		{"item": "Harbor Stoneware Mug (Charcoal / 12 oz)", "paid": "$24.00"},
		{"item": "Pour-Over Coffee Kit (Walnut)", "paid": "$64.00"},
		{"item": "Beeswax Pillar Candle (Cedar & Smoke)", "quantity": 2.0, "unit_price": "$22.00", "paid": "$44.00"},
	}
	if d := cmp.Diff(want, r.Lines); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
}

// refund_status says what each return holds and, while it is on its way
// back, how it goes back (instructions by email: no label provider here);
// a closed return says nothing of sending.
func TestRefundStatusReturnItemsAndSendBack(t *testing.T) {
	f := setup(t)
	rets := []order.Return{
		{Shop: "s", OrderID: "5", ID: "r1", Status: "requested", CreatedAt: now.Add(-time.Hour),
			Lines: []order.ReturnLine{{LineItemID: "5-4", Quantity: 1}}},
		{Shop: "s", OrderID: "5", ID: "r2", Status: "closed", CreatedAt: now.Add(-2 * time.Hour),
			Lines: []order.ReturnLine{{LineItemID: "5-1", Quantity: 1}, {LineItemID: "5-3", Quantity: 1}}},
	}
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Returns: rets}); err != nil {
		t.Fatal(err)
	}
	f.turn(t, adaConv(), "how is my return going on #1003?", 1, use(toolname.RefundStatus, `{"order_number":"#1003"}`), say("ok"))
	var r struct {
		Returns []map[string]any `json:"returns"`
	}
	if err := json.Unmarshal([]byte(f.model.lastResult(t)), &r); err != nil {
		t.Fatal(err)
	}
	byStatus := map[string]map[string]any{}
	for _, x := range r.Returns {
		s, _ := x["status"].(string)
		byStatus[s] = x
	}
	open, closed := byStatus["requested"], byStatus["closed"]
	if open == nil || closed == nil {
		t.Fatalf("returns %v, want a requested and a closed one", r.Returns)
	}
	if d := cmp.Diff([]any{"1 × Beeswax Pillar Candle (Cedar & Smoke)"}, open["items"]); d != "" {
		t.Errorf("open return's items (-want +got):\n%s", d)
	}
	if got := open["send_back"]; got != "Instructions for sending it back come by email (there is no prepaid return label)." {
		t.Errorf("open return's send_back %q", got)
	}
	if d := cmp.Diff([]any{"1 × Harbor Stoneware Mug (Sea Glass / 12 oz)", "1 × Pour-Over Coffee Kit (Walnut)"}, closed["items"]); d != "" {
		t.Errorf("closed return's items (-want +got):\n%s", d)
	}
	if got, ok := closed["send_back"]; ok {
		t.Errorf("closed return's send_back %q, want none", got)
	}
}

// track_order gives what the order's delivery cost the customer and how it
// was sent, when the order says; an order without shipping lines gives no
// figure rather than a free one.
func TestTrackOrderGivesShippingPaid(t *testing.T) {
	f := setup(t)
	o, err := f.store.GetOrderByName(t.Context(), "s", "#1003")
	if err != nil {
		t.Fatal(err)
	}
	o.Shipping = &order.Shipping{Method: "Standard Shipping", Paid: 795}
	o.UpdatedAt = o.UpdatedAt.Add(time.Minute)
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		order string
		want  map[string]any
	}{
		{"#1003", map[string]any{"paid": "$7.95", "method": "Standard Shipping"}},
		{"#1001", nil},
	} {
		t.Run(tc.order, func(t *testing.T) {
			f.turn(t, adaConv(), "what did shipping cost on "+tc.order+"?", 1, use(toolname.TrackOrder, `{"order_number":"`+tc.order+`"}`), say("ok"))
			var r struct {
				Shipping map[string]any `json:"shipping"`
			}
			if err := json.Unmarshal([]byte(f.model.lastResult(t)), &r); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, r.Shipping); d != "" {
				t.Errorf("shipping (-want +got):\n%s", d)
			}
		})
	}
}

// track_order gives the tax on the order's items (facts11: "was there
// tax?" was answered with the delivery date): the lines' taxes summed,
// and $0.00 for an order that had none, which says "no tax" as plainly.
func TestTrackOrderGivesTax(t *testing.T) {
	for _, tc := range []struct {
		name string
		tax  []order.Money // each line's tax
		want string
	}{
		{"taxed", []order.Money{458, 194}, "$6.52"},
		{"no tax", []order.Money{0, 0}, "$0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			o := storetest.Order("s", "9", "#1009", "ada@example.com", now.Add(-2*24*time.Hour))
			o.LineItems = []order.LineItem{
				{ID: "9-1", Title: "Cast-Iron Skillet", Variant: "10 inch", Quantity: 1, Price: 5200, Tax: tc.tax[0]},
				{ID: "9-2", Title: "Beeswax Pillar Candle", Variant: "Cedar & Smoke", Quantity: 1, Price: 2200, Tax: tc.tax[1]},
			}
			if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o}); err != nil {
				t.Fatal(err)
			}
			f.turn(t, adaConv(), "was there tax on #1009?", 1, use(toolname.TrackOrder, `{"order_number":"#1009"}`), say("ok"))
			var r struct {
				Tax string `json:"tax"`
			}
			if err := json.Unmarshal([]byte(f.model.lastResult(t)), &r); err != nil {
				t.Fatal(err)
			}
			if r.Tax != tc.want {
				t.Errorf("tax %q, want %q", r.Tax, tc.want)
			}
		})
	}
}
