package trackpage_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

var stepsBar = regexp.MustCompile(`(?s)<ol class="steps" data-testid="(order|parcel)-steps">(.*?)</ol>`)

// bars are the page's steps bars in order, each as "order:N" or
// "parcel:N" with N the steps done.
func bars(page string) []string {
	var out []string
	for _, m := range stepsBar.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1]+":"+string(rune('0'+strings.Count(m[2], `class="done"`))))
	}
	return out
}

// The steps bar is true for every order: one parcel, the order's bar; a
// partial or multi-parcel order, one bar per parcel (delivered, on its way,
// still to ship), never the least advanced parcel's stage for the order.
func TestStepsBarPerParcel(t *testing.T) {
	now := time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)
	shipped, delivered := now.Add(-72*time.Hour), now.Add(-24*time.Hour)
	parcel := func(id string, st order.ShipmentStatus, lines ...string) order.Shipment {
		sh := order.Shipment{Shop: shop, OrderID: "7", ID: id, State: "success", Status: st, Carrier: "UPS", TrackingNumber: "1Z" + id,
			CreatedAt: shipped, UpdatedAt: shipped, ShippedAt: &shipped, LastEventAt: shipped, LineItemIDs: lines}
		if st == order.StatusDelivered {
			sh.DeliveredAt, sh.LastEventAt = &delivered, delivered
		}
		return sh
	}
	tests := []struct {
		name      string
		fulfilled string
		ships     []order.Shipment
		want      []string
	}{
		{"one parcel on its way", "fulfilled", []order.Shipment{parcel("f1", order.StatusInTransit)}, []string{"order:2"}},
		{"one parcel delivered", "fulfilled", []order.Shipment{parcel("f1", order.StatusDelivered)}, []string{"order:4"}},
		{"partial: one delivered, one on its way, one item to ship", "partial",
			[]order.Shipment{parcel("f1", order.StatusDelivered, "1"), parcel("f2", order.StatusInTransit, "2")}, []string{"parcel:4", "parcel:2", "parcel:1"}},
		{"two parcels: delivered and out for delivery", "fulfilled",
			[]order.Shipment{parcel("f1", order.StatusDelivered, "1"), parcel("f2", order.StatusOutForDelivery, "2", "3")}, []string{"parcel:4", "parcel:3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			o := order.Order{Shop: shop, ID: "7", Name: "#1010", Email: "a@example.com", Currency: "USD", FinancialStatus: "paid",
				FulfillmentStatus: tt.fulfilled, CreatedAt: shipped.Add(-24 * time.Hour), UpdatedAt: shipped,
				LineItems: []order.LineItem{{ID: "1", Title: "Skillet", Quantity: 1, Price: 5200}, {ID: "2", Title: "Throw", Quantity: 1, Price: 8900},
					{ID: "3", Title: "Candle", Quantity: 1, Price: 2200}}}
			if _, err := st.Apply(t.Context(), store.Change{Shop: shop, Order: &o, Shipments: tt.ships}); err != nil {
				t.Fatal(err)
			}
			p := &trackpage.Page{Store: st, Shop: shop, Rules: edd.DefaultRules(time.UTC), Keys: key, Clock: clock.NewFixed(now),
				ReturnWindow: 30 * 24 * time.Hour, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Brands: notify.StaticBrand{ShopName: "Hearth & Harbor"}}
			srv := httptest.NewServer(p)
			t.Cleanup(srv.Close)
			status, page, _ := get(t, srv.URL+"/track?t="+url.QueryEscape(notify.TrackToken(key, shop, o.ID)))
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			if got := bars(page); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("steps bars %v, want %v", got, tt.want)
			}
		})
	}
}
