package trackpage_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/catalog"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

const shop = "demo-shop.myshopify.com"

var key = signed.NewKeyring([]byte("track-key"))

func setup(t *testing.T) (*httptest.Server, order.Order) {
	t.Helper()
	srv, o, _ := setupClock(t)
	return srv, o
}

// setupClock is setup with the page's clock, which starts at 16:00 on
// Nov 20, 2026.
func setupClock(t *testing.T) (*httptest.Server, order.Order, *clock.Manual) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := t.Context()
	now := time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)
	created := now.Add(-96 * time.Hour)
	shipped := now.Add(-48 * time.Hour)
	o := order.Order{Shop: shop, ID: "5500000001003", Name: "#1003", Email: "Daniel.Reyes@example.com", Currency: "USD",
		TotalPrice: 8847, FinancialStatus: "paid", FulfillmentStatus: "fulfilled", CreatedAt: created, UpdatedAt: created,
		ShippingAddress: &order.Address{City: "Denver", Province: "CO", CountryCode: "US"},
		LineItems: []order.LineItem{
			{ID: "1", ProductID: "p1", Title: "Cast-Iron Skillet", Quantity: 1, Price: 5200},
			{ID: "2", ProductID: "p2", Title: "Beeswax Pillar Candle", Quantity: 2, Price: 2200},
		}}
	sh := order.Shipment{Shop: shop, OrderID: o.ID, ID: "f1", State: "success", Status: order.StatusInTransit, Carrier: "UPS",
		TrackingNumber: "1Z9HH4870345612786", TrackingURL: "https://www.ups.com/track?tracknum=1Z9HH4870345612786",
		CreatedAt: shipped, UpdatedAt: shipped, ShippedAt: &shipped, LastEventAt: shipped}
	if _, err := st.Apply(ctx, store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	other := order.Order{Shop: shop, ID: "9", Currency: "USD", LineItems: []order.LineItem{
		{ProductID: "p1", Title: "Cast-Iron Skillet", Price: 5200},
		{ProductID: "p3", Title: "Harbor <Stoneware> Mug", Price: 2400},
		{ProductID: "p4", Title: "Olivewood Serving Board", Price: 4600},
	}}
	for _, x := range []order.Order{o, other} {
		if err := catalog.Record(ctx, st, x); err != nil {
			t.Fatal(err)
		}
	}
	trk := &tracking.Service{Store: st, Clock: clock.NewFixed(now)}
	if err := trk.Record(ctx, sh, []tracking.Event{
		{Time: shipped, Status: order.StatusInTransit, Description: "Pickup Scan", Location: "Asheville, NC", Source: "easypost"},
		{Time: shipped.Add(20 * time.Hour), Status: order.StatusInTransit, Description: "Arrived at Facility", Location: "Hodgkins, IL", Source: "easypost"},
	}); err != nil {
		t.Fatal(err)
	}
	rec, _ := json.Marshal(watch.Record{Shop: shop, OrderID: o.ID, ShipmentID: "f1", Kind: watch.KindLate, Action: watch.ActionWait,
		Done: true, NoticeSent: true, Detail: "We've opened a trace with UPS."})
	if err := st.PutDoc(ctx, watch.ProblemsCollection, shop+"|"+o.ID+"|f1|late", rec, time.Time{}); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("America/New_York")
	clk := clock.NewFixed(now)
	p := &trackpage.Page{Store: st, Shop: shop, Rules: edd.DefaultRules(loc), Keys: key, Clock: clk, PerClient: 5,
		ReturnWindow: 30 * 24 * time.Hour, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Brands: notify.StaticBrand{ShopName: "Hearth & Harbor", PrimaryColor: "#204030", StoreURL: "https://hearth.example"}}
	mux := http.NewServeMux()
	mux.Handle("/track", p)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, o, clk
}

func get(t *testing.T, u string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func post(t *testing.T, u, orderNo, email string) (int, string) {
	t.Helper()
	resp, err := http.PostForm(u, url.Values{"order": {orderNo}, "email": {email}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestForm(t *testing.T) {
	srv, _ := setup(t)
	status, body, h := get(t, srv.URL+"/track")
	if status != 200 || !strings.Contains(body, `<form method="post" action="/track"`) || !strings.Contains(body, "--primary:#204030") ||
		!strings.Contains(body, "Hearth &amp; Harbor") {
		t.Errorf("form = %d %s", status, body)
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") || h.Get("Cache-Control") != "no-store" {
		t.Errorf("headers = %v", h)
	}
}

func TestLookup(t *testing.T) {
	srv, _ := setup(t)
	status, body := post(t, srv.URL+"/track", " 1003 ", "daniel.reyes@EXAMPLE.com")
	if status != 200 {
		t.Fatalf("lookup = %d %s", status, body)
	}
	for _, want := range []string{
		"Order #1003", "On its way", "1Z9HH4870345612786", "https://www.ups.com/track?tracknum=1Z9HH4870345612786",
		"Estimated delivery", "by Wed, Nov 25", // the window began on Nov 19: only its end is ahead "Arrived at Facility · Hodgkins, IL", "Pickup Scan",
		"Your parcel is running late", "opened a trace with UPS",
		"You might also like", "Harbor &lt;Stoneware&gt; Mug", "https://hearth.example/search?q=Olivewood&#43;Serving&#43;Board",
		"2 × Beeswax Pillar Candle", `<li class="done">Shipped</li>`,
		// "Report a problem" opens the storefront chat on this order.
		`href="https://hearth.example?doorstep_order=%231003"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Newest event first; the bought skillet is not offered again.
	if strings.Index(body, "Arrived at Facility") > strings.Index(body, "Pickup Scan") {
		t.Error("timeline is not newest first")
	}
	related := body[strings.Index(body, "You might also like"):]
	if strings.Contains(related, "Skillet") {
		t.Error("related products offer what the customer bought")
	}
}

func TestWrongEmailShowsNothing(t *testing.T) {
	srv, _ := setup(t)
	for _, tt := range []struct{ order, email string }{{"1003", "someone@example.com"}, {"9999", "daniel.reyes@example.com"}} {
		status, body := post(t, srv.URL+"/track", tt.order, tt.email)
		if status != 404 || !strings.Contains(body, "couldn&#39;t find an order with that number and email") || strings.Contains(body, "1Z9HH") {
			t.Errorf("%v: %d %s", tt, status, body)
		}
	}
	if status, _ := post(t, srv.URL+"/track", "", ""); status != 400 {
		t.Errorf("empty form: %d", status)
	}
}

func TestSignedLink(t *testing.T) {
	srv, o := setup(t)
	tok := notify.TrackToken(key, shop, o.ID)
	if status, body, _ := get(t, srv.URL+"/track?t="+tok); status != 200 || !strings.Contains(body, "Order #1003") {
		t.Errorf("signed link = %d", status)
	}
	if status, body, _ := get(t, srv.URL+"/track?t="+tok+"x"); status != 400 || strings.Contains(body, "1Z9HH") {
		t.Errorf("tampered link = %d", status)
	}
	other := notify.TrackToken(key, "other.myshopify.com", o.ID)
	if status, _, _ := get(t, srv.URL+"/track?t="+other); status != 400 {
		t.Errorf("another shop's link = %d", status)
	}
}

func TestLookupsAreRateLimited(t *testing.T) {
	srv, _ := setup(t)
	last := 0
	for range 7 {
		last, _ = post(t, srv.URL+"/track", "1003", "guess@example.com")
	}
	if last != 429 {
		t.Errorf("7th lookup in a minute: %d, want 429", last)
	}
}

// TestWrongEmailsLockTheOrder: ten wrong emails for #1003 within the hour
// lock it: the right email is refused with 429 and says why, until the
// failures age out of the hour.
func TestWrongEmailsLockTheOrder(t *testing.T) {
	srv, _, clk := setupClock(t)
	for i := range 10 {
		clk.Advance(time.Minute) // under the lookups-a-minute limit
		if status, _ := post(t, srv.URL+"/track", "1003", fmt.Sprintf("guess%d@example.com", i)); status != 404 {
			t.Fatalf("guess %d: %d", i+1, status)
		}
	}
	status, body := post(t, srv.URL+"/track", "1003", "daniel.reyes@example.com")
	if status != 429 || !strings.Contains(body, "too many unsuccessful attempts to verify order #1003") || strings.Contains(body, "1Z9HH") {
		t.Errorf("right email while locked: %d %s", status, body)
	}
	clk.Advance(time.Hour)
	if status, body := post(t, srv.URL+"/track", "1003", "daniel.reyes@example.com"); status != 200 || !strings.Contains(body, "1Z9HH") {
		t.Errorf("right email after the hour: %d", status)
	}
}
