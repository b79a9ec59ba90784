package console_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// TestOrderViewParcelByParcel: the console shows an order parcel by parcel
// (items, carrier, tracking number, stage, estimate), the stages the chat
// and the tracking page give; #1011's two parcels both shipped, so none
// is "not shipped", and #1010's skillet is the one still to ship.
func TestOrderViewParcelByParcel(t *testing.T) {
	for _, tc := range []struct {
		email, name string
		want        []console.ParcelView // Items, Stage, Carrier, Shipped compared
	}{
		{"elena.petrova@example.com", "#1011", []console.ParcelView{
			{Shipped: true, Stage: order.StageDelivered, Carrier: "USPS", Items: []string{"Pour-Over Coffee Kit (Walnut)"}},
			{Shipped: true, Stage: order.StageInTransit, Carrier: "UPS", Items: []string{"Beeswax Pillar Candle (Cedar & Smoke)", "Beeswax Pillar Candle (Sea Salt & Fig)"}},
		}},
		{"marcus.johnson@example.com", "#1010", []console.ParcelView{
			{Shipped: true, Stage: order.StageInTransit, Carrier: "UPS", Items: []string{"Stonewashed Linen Throw (Oatmeal)"}},
			{Shipped: false, Stage: order.StagePreShipment, Items: []string{"Cast-Iron Skillet (10 inch)"}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.customer(t, map[string]string{"email": tc.email, "order_number": tc.name})
			c.say("where is my order " + tc.name + "?")
			var d console.Detail
			if code := e.call(t, e.staff, http.MethodGet, "/console/api/conversations/"+c.id, nil, &d); code != http.StatusOK {
				t.Fatalf("detail: %d", code)
			}
			if len(d.OrderViews) != 1 {
				t.Fatalf("order views = %+v", d.OrderViews)
			}
			got := d.OrderViews[0].Parcels
			if len(got) != len(tc.want) {
				t.Fatalf("parcels = %+v, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Shipped != w.Shipped || g.Stage != w.Stage || g.Carrier != w.Carrier || len(g.Items) != len(w.Items) {
					t.Errorf("parcel %d = %+v, want %+v", i+1, g, w)
					continue
				}
				for k := range w.Items {
					if g.Items[k] != w.Items[k] {
						t.Errorf("parcel %d items = %q, want %q", i+1, g.Items, w.Items)
					}
				}
				if w.Stage != order.StageDelivered && g.Estimate == "" {
					t.Errorf("parcel %d has no estimate", i+1)
				}
				if w.Shipped && g.TrackingNumber == "" {
					t.Errorf("parcel %d has no tracking number", i+1)
				}
			}
		})
	}
}

// TestShopZoneAndServerClock: the console is told the shop's time zone
// (the one the emails use) and the server's clock with every answer, so it
// never shows the browser's zone or judges an SLA by the browser's clock.
func TestShopZoneAndServerClock(t *testing.T) {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	rules := edd.DefaultRules(loc)
	e := newEnv(t, func(c *console.Console) { c.Rules = &rules })
	var me struct {
		TimeZone string    `json:"time_zone"`
		Now      time.Time `json:"now"`
	}
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/me", nil, &me); code != http.StatusOK {
		t.Fatalf("me: %d", code)
	}
	if me.TimeZone != "America/Chicago" {
		t.Errorf("time_zone = %q", me.TimeZone)
	}
	e.r.Clock.Advance(72 * time.Hour)
	before := e.r.Clock.Now()
	resp, err := e.staff.Get(e.srv.URL + "/console/api/queue")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got, err := time.Parse(time.RFC3339Nano, resp.Header.Get("X-Doorstep-Now"))
	if after := e.r.Clock.Now(); err != nil || got.Before(before) || got.After(after) {
		t.Errorf("X-Doorstep-Now = %q, want the moved clock (%s to %s)", resp.Header.Get("X-Doorstep-Now"), before, after)
	}
}
