package trackpage_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
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
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// page serves one order with its shipments and problem records at now,
// in New York time, and returns the page's body for the customer.
func page(t *testing.T, now time.Time, o order.Order, shs []order.Shipment, recs []watch.Record) string {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := t.Context()
	if _, err := st.Apply(ctx, store.Change{Shop: shop, Order: &o, Shipments: shs}); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		r.Shop, r.OrderID = shop, o.ID
		b, _ := json.Marshal(r)
		if err := st.PutDoc(ctx, watch.ProblemsCollection, shop+"|"+o.ID+"|"+r.ShipmentID+"|"+string(r.Kind), b, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	loc, _ := time.LoadLocation("America/New_York")
	p := &trackpage.Page{Store: st, Shop: shop, Rules: edd.DefaultRules(loc), Keys: key, Clock: clock.NewFixed(now),
		ReturnWindow: 30 * 24 * time.Hour, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Brands: notify.StaticBrand{ShopName: "Hearth & Harbor"}}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/track?t=" + notify.TrackToken(key, shop, o.ID))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("page = %d %s", resp.StatusCode, b)
	}
	return string(b)
}

var noticeRe = regexp.MustCompile(`<div class="notice"><strong>([^<]*)</strong>`)

func notices(body string) []string {
	var out []string
	for _, m := range noticeRe.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.ReplaceAll(m[1], "&#39;", "'"))
	}
	return out
}

var statusRe = regexp.MustCompile(`<h1 class="status">([^<]*)</h1>`)

func headline(body string) string {
	m := statusRe.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.ReplaceAll(m[1], "&#39;", "'")
}

func twoLineOrder(now time.Time) order.Order {
	created := now.Add(-14 * 24 * time.Hour)
	return order.Order{Shop: shop, ID: "77", Name: "#1077", Email: "a@example.com", Currency: "USD", TotalPrice: 7400,
		FinancialStatus: "paid", FulfillmentStatus: "fulfilled", CreatedAt: created, UpdatedAt: created,
		ShippingAddress: &order.Address{City: "Denver", Province: "CO", CountryCode: "US"},
		LineItems: []order.LineItem{
			{ID: "1", ProductID: "p1", Title: "Cast-Iron Skillet", Quantity: 1, Price: 5200},
			{ID: "2", ProductID: "p2", Title: "Linen Throw", Quantity: 1, Price: 2200},
		}}
}

func parcel(id string, status order.ShipmentStatus, last time.Time, lines ...string) order.Shipment {
	return order.Shipment{Shop: shop, OrderID: "77", ID: id, State: "success", Status: status, Carrier: "UPS", TrackingNumber: "1Z" + id,
		LineItemIDs: lines, CreatedAt: last, UpdatedAt: last, ShippedAt: &last, LastEventAt: last}
}

// TestOneBannerPerParcel: a parcel shows its worst open problem once; a
// problem closed by a delivery after all, or one nothing was done about,
// shows nothing; the same state order.Track and the chat read.
func TestOneBannerPerParcel(t *testing.T) {
	now := time.Date(2026, 12, 22, 15, 0, 0, 0, time.UTC)
	scan := now.Add(-17 * 24 * time.Hour)
	closed := now.Add(-time.Hour)
	stalled := watch.Record{ShipmentID: "f1", Kind: watch.KindStalled, Action: watch.ActionWait, Done: true, NoticeSent: true,
		Detail: "We've opened a trace with UPS. We'll write again as soon as there's news."}
	lost := watch.Record{ShipmentID: "f1", Kind: watch.KindLost, Action: watch.ActionReplace, Done: true, NoticeSent: true,
		Detail: "We're sending you a replacement at no cost (order #1077-R)."}
	failure := watch.Record{ShipmentID: "f1", Kind: watch.KindFailure, Action: watch.ActionPerson, Done: true, NoticeSent: true, Detail: "A person is on it."}
	late := watch.Record{ShipmentID: "f1", Kind: watch.KindLate, Action: watch.ActionWait, Done: true, NoticeSent: true, Detail: "Trace opened."}
	closedAs := func(r watch.Record) watch.Record {
		r.ClosedAt, r.ClosedReason = &closed, "delivered after all"
		return r
	}
	on := func(r watch.Record, id string) watch.Record { r.ShipmentID = id; return r }
	one := []order.Shipment{parcel("f1", order.StatusInTransit, scan)}
	for _, tt := range []struct {
		name string
		shs  []order.Shipment
		recs []watch.Record
		want []string
		not  []string
	}{
		{"stalled then lost: lost only", one, []watch.Record{stalled, lost},
			[]string{"Your parcel seems to be lost"}, []string{"hasn't moved", "We'll write again"}},
		{"failure, late and lost: lost only", one, []watch.Record{failure, late, lost},
			[]string{"Your parcel seems to be lost"}, []string{"running late", "carrier reported"}},
		{"failure and late: failure only", one, []watch.Record{late, failure},
			[]string{"The carrier reported a delivery problem"}, []string{"running late"}},
		{"delivered after all: nothing", []order.Shipment{parcel("f1", order.StatusDelivered, closed)},
			[]watch.Record{closedAs(stalled), closedAs(lost)}, nil, []string{"Delivered after all", "seems to be lost"}},
		{"nothing done: nothing", one, []watch.Record{{ShipmentID: "f1", Kind: watch.KindLate, Action: watch.ActionNone, NoticeSent: true, Detail: "x"}},
			nil, []string{"running late"}},
		{"two parcels: one each, named", []order.Shipment{parcel("f1", order.StatusInTransit, scan, "1"), parcel("f2", order.StatusInTransit, scan, "2")},
			[]watch.Record{late, stalled, on(lost, "f2"), on(late, "f2")},
			[]string{"Parcel 1: Your parcel hasn't moved for a while", "Parcel 2: Your parcel seems to be lost"}, []string{"running late"}},
		{"one of two shipped: the banner names its parcel", []order.Shipment{parcel("f1", order.StatusInTransit, scan, "1")},
			[]watch.Record{late}, []string{"Parcel 1: Your parcel is running late"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := twoLineOrder(now)
			if len(tt.shs) == 1 && len(tt.shs[0].LineItemIDs) > 0 {
				o.FulfillmentStatus = "partial"
			}
			body := page(t, now, o, tt.shs, tt.recs)
			got := notices(body)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("notices = %q, want %q", got, tt.want)
			}
			for _, s := range tt.not {
				if strings.Contains(strings.ReplaceAll(body, "&#39;", "'"), s) && !strings.Contains(strings.Join(tt.want, "|"), s) {
					t.Errorf("page says %q", s)
				}
			}
		})
	}
}

// TestHeadline: the status line reads the parcels: a partial order says
// how many shipped, not "Preparing your order"; an out-for-delivery scan
// from an earlier day is not "Out for delivery" (the chat's rule).
func TestHeadline(t *testing.T) {
	now := time.Date(2026, 12, 9, 17, 0, 0, 0, time.UTC) // noon in New York
	partial := twoLineOrder(now)
	partial.FulfillmentStatus = "partial"
	for _, tt := range []struct {
		name        string
		o           order.Order
		shs         []order.Shipment
		recs        []watch.Record
		want        string
		summaryHas  string
		summaryLack string
	}{
		{"one of two shipped", partial, []order.Shipment{parcel("f1", order.StatusInTransit, now.Add(-48*time.Hour), "2")}, nil,
			"1 of 2 parcels shipped", "shipping separately", "Expected to ship by"},
		{"one of two shipped, late", partial, []order.Shipment{parcel("f1", order.StatusInTransit, now.Add(-48*time.Hour), "2")},
			[]watch.Record{{ShipmentID: "f1", Kind: watch.KindLate, Action: watch.ActionWait, NoticeSent: true}},
			"1 of 2 parcels shipped", "", ""},
		{"one of two lost", partial, []order.Shipment{parcel("f1", order.StatusInTransit, now.Add(-48*time.Hour), "2")},
			[]watch.Record{{ShipmentID: "f1", Kind: watch.KindLost, Action: watch.ActionReplace, NoticeSent: true}},
			"Delivery problem with 1 of 2 parcels", "", ""},
		{"both shipped, one delivered", twoLineOrder(now), []order.Shipment{parcel("f1", order.StatusDelivered, now.Add(-48*time.Hour), "1"),
			parcel("f2", order.StatusInTransit, now.Add(-48*time.Hour), "2")}, nil, "1 of 2 parcels delivered", "coming in 2 parcels", ""},
		{"out for delivery today", twoLineOrder(now), []order.Shipment{parcel("f1", order.StatusOutForDelivery, now.Add(-3*time.Hour))}, nil,
			"Out for delivery", "", "marked delivered"},
		{"out for delivery four days ago", twoLineOrder(now), []order.Shipment{parcel("f1", order.StatusOutForDelivery, now.Add(-4*24*time.Hour))}, nil,
			"Went out for delivery on Sat, Dec 5", "hasn't been marked delivered since", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.ReplaceAll(page(t, now, tt.o, tt.shs, tt.recs), "&#39;", "'")
			if got := headline(body); got != tt.want {
				t.Errorf("headline = %q, want %q", got, tt.want)
			}
			if tt.summaryHas != "" && !strings.Contains(body, tt.summaryHas) {
				t.Errorf("page lacks %q", tt.summaryHas)
			}
			if tt.summaryLack != "" && strings.Contains(body, tt.summaryLack) {
				t.Errorf("page says %q", tt.summaryLack)
			}
		})
	}
}
