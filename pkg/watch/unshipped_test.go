package watch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Items not shipped, over a moved clock day by day: the customer hears
// once for each window that can no longer be made, in one thread, each
// message with the estimate every channel shows that day and the last day
// of the window it replaced; once everything ships, nothing more.
func TestUnshippedItemsLateNotice(t *testing.T) {
	for _, tt := range []struct {
		name    string
		shipped []string       // line items already in a parcel
		units   map[string]int // the fulfilment's quantities of them
		candles int            // candles ordered (1 when 0)
		want    []string       // the "Not shipped yet" list, exactly
	}{
		{"nothing shipped", nil, nil, 0, []string{"Cast-Iron Skillet", "Beeswax Pillar Candle"}},
		{"partly shipped: the candle went, the skillet did not", []string{"13900000100302"}, nil, 0, []string{"Cast-Iron Skillet"}},
		{"a line partly fulfilled: 2 of 5 candles went, the skillet did not",
			[]string{"13900000100302"}, map[string]int{"13900000100302": 2}, 5, []string{"Cast-Iron Skillet", "3 × Beeswax Pillar Candle"}},
		{"the skillet and 4 of 5 candles went: one candle left",
			[]string{"13900000100301", "13900000100302"}, map[string]int{"13900000100302": 4}, 5, []string{"Beeswax Pillar Candle"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, watch.DefaultPolicy(), "")
			texts := &smsRec{}
			e.chk.Notify.SMS = texts
			o := e.order
			o.Customer.Phone = "+17205550119"
			o.CreatedAt = ts(t, "2026-12-07T15:00:00Z")
			o.UpdatedAt = o.CreatedAt.Add(time.Hour)
			o.FulfillmentStatus = ""
			if tt.candles > 0 {
				o.LineItems = append([]order.LineItem(nil), o.LineItems...)
				o.LineItems[1].Quantity = tt.candles
			}
			if tt.shipped != nil {
				o.FulfillmentStatus = "partial"
			}
			c := store.Change{Shop: shop, Order: &o}
			if _, err := e.st.Apply(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			// The seeded shipment of newEnv carries every line: keep it
			// only as the partial parcel, else cancel it.
			sh := e.shipment(t)
			sh.UpdatedAt = sh.UpdatedAt.Add(48 * time.Hour * 30)
			if tt.shipped != nil {
				sh.LineItemIDs, sh.LineQuantities = tt.shipped, tt.units
			} else {
				sh.State = "cancelled"
			}
			if _, err := e.st.Apply(t.Context(), store.Change{Shop: shop, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			e.chk.OrderApplied(t.Context(), "orders/create", c)

			var steps []string // the estimate each notice gave
			for d := 0; d < 30; d++ {
				now := o.CreatedAt.AddDate(0, 0, d).Add(time.Hour)
				before := len(e.box.sent)
				e.run(t, now.Format(time.RFC3339))
				stored, err := e.st.GetOrder(t.Context(), shop, o.ID)
				if err != nil {
					t.Fatal(err)
				}
				ol := e.chk.Rules.At(e.chk.Rules.ForParcel(stored, nil), now)
				var news []string
				for _, m := range e.box.sent[before:] {
					if strings.Contains(m.Text, "haven't shipped") {
						news = append(news, m.Text)
					}
				}
				want := 0
				if ol.Step > len(steps) {
					want = 1
				}
				if len(news) != want {
					t.Fatalf("%s: %d notices, want %d (step %d)", ol.Today, len(news), want, ol.Step)
				}
				if want == 1 {
					if !strings.Contains(news[0], ol.Value()) {
						t.Errorf("%s: notice lacks the estimate %q:\n%s", ol.Today, ol.Value(), news[0])
					}
					if got := listed(news[0], "Not shipped yet:"); strings.Join(got, "|") != strings.Join(tt.want, "|") {
						t.Errorf("%s: not shipped yet %q, want exactly %q:\n%s", ol.Today, got, tt.want, news[0])
					}
					// The text names the same items.
					sms := ""
					if len(texts.sent) > 0 {
						sms = texts.sent[len(texts.sent)-1]
					}
					wantSMS := "it hasn't shipped yet"
					if tt.shipped != nil {
						wantSMS = strings.Join(tt.want, ", ")
					}
					if !strings.Contains(sms, "running late: "+wantSMS) {
						t.Errorf("%s: text %q, want it to say %q", ol.Today, sms, wantSMS)
					}
					if strings.Contains(news[0], "In this parcel") {
						t.Errorf("%s: the notice lists a parcel's items too:\n%s", ol.Today, news[0])
					}
					if len(steps) > 0 && !strings.Contains(e.box.sent[len(e.box.sent)-1].InReplyTo, "@test") {
						t.Errorf("%s: a later notice is not in the thread", ol.Today)
					}
					steps = append(steps, ol.Value())
				}
			}
			t.Logf("notices: %q", steps)
			if len(steps) < 2 || len(steps) > 8 {
				t.Fatalf("notices %q over 30 days: want a few, one per window", steps)
			}
			// Everything ships: nothing more.
			rest := order.Shipment{Shop: shop, OrderID: o.ID, ID: "6100000010099", State: "success", Status: order.StatusInTransit,
				Carrier: "UPS", TrackingNumber: "1Z999", CreatedAt: e.clk.Now(), UpdatedAt: e.clk.Now(), LastEventAt: e.clk.Now(),
				LineItemIDs: []string{"13900000100301", "13900000100302"}}
			o.FulfillmentStatus, o.UpdatedAt = "fulfilled", e.clk.Now() // as Shopify's orders/updated says
			if _, err := e.st.Apply(t.Context(), store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{rest}}); err != nil {
				t.Fatal(err)
			}
			n := len(e.box.sent)
			for d := 30; d < 50; d++ {
				e.run(t, o.CreatedAt.AddDate(0, 0, d).Format(time.RFC3339))
			}
			for _, m := range e.box.sent[n:] {
				if strings.Contains(m.Subject, "running late") && strings.Contains(m.Text, "haven't shipped") {
					t.Errorf("notice after everything shipped: %q", m.Subject)
				}
			}
		})
	}
}

// listed is the "- " lines of text under the heading label.
func listed(text, label string) []string {
	_, rest, ok := strings.Cut(text, "\n"+label+"\n")
	if !ok {
		return nil
	}
	var out []string
	for _, l := range strings.Split(rest, "\n") {
		item, ok := strings.CutPrefix(l, "- ")
		if !ok {
			break
		}
		out = append(out, item)
	}
	return out
}
