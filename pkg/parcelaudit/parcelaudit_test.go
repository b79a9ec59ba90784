package parcelaudit_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

const shop = "demo-shop.myshopify.com"

func book(t *testing.T) *parcelaudit.Book {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &parcelaudit.Book{Store: st, Clock: clock.NewFixed(time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC))}
}

func claim(orderID string) parcelaudit.Claim {
	shipped := time.Date(2026, 11, 18, 16, 0, 0, 0, time.UTC)
	o := order.Order{Shop: shop, ID: orderID, Name: "#" + orderID, Currency: "USD", TotalPrice: 8847,
		ShippingAddress: &order.Address{Name: "Daniel Reyes", Address1: "2931 Gilpin Street", City: "Denver", Province: "CO", CountryCode: "US"},
		LineItems:       []order.LineItem{{ID: "a", Title: "=HYPERLINK(\"x\")", Quantity: 2, Price: 2600}, {ID: "b", Title: "Candle", Quantity: 1, Price: 2200}}}
	sh := order.Shipment{Shop: shop, OrderID: orderID, ID: "f" + orderID, Carrier: "UPS", TrackingNumber: "1Z" + orderID,
		ShippedAt: &shipped, LastEventAt: shipped, LineItemIDs: []string{"a"}}
	c := parcelaudit.Evidence(o, sh, parcelaudit.ReasonLost, []tracking.Event{{Time: shipped, Description: "Pickup Scan", Location: "Asheville, NC"}})
	c.PromisedBy = "2026-11-25"
	return c
}

func TestOpenOnceAndList(t *testing.T) {
	b := book(t)
	ctx := t.Context()
	for _, id := range []string{"1003", "1005", "1003"} {
		if _, err := b.Open(ctx, claim(id)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := b.All(ctx, shop)
	if err != nil || len(all) != 2 {
		t.Fatalf("All = %d, %v; want 2", len(all), err)
	}
	c := all[0]
	if c.GoodsValue != 5200 || len(c.Items) != 1 || c.Destination != "Denver, CO, US" || c.DaysLate != 9 || c.Status != parcelaudit.StatusOpen {
		t.Errorf("claim = %+v", c)
	}
	page, next, err := b.List(ctx, shop, "", 1)
	if err != nil || len(page) != 1 || next == "" {
		t.Fatalf("List page 1 = %d, %q, %v", len(page), next, err)
	}
	page, next, _ = b.List(ctx, shop, next, 1)
	if len(page) != 1 || next != "" || page[0].OrderID != "1005" {
		t.Errorf("List page 2 = %+v, %q", page, next)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	c := claim("1003")
	c.CreatedAt = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	c.Service = "=cmd|' /C calc'!A0"
	if err := parcelaudit.WriteCSV(&buf, []parcelaudit.Claim{c}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 2 || len(rows[0]) != len(parcelaudit.CSVHeader) || len(rows[1]) != len(rows[0]) {
		t.Fatalf("rows = %v, %v", rows, err)
	}
	row := map[string]string{}
	for i, h := range rows[0] {
		row[h] = rows[1][i]
	}
	if row["goods_value"] != "52.00" || row["order"] != "#1003" || row["promised_by"] != "2026-11-25" || row["events"] != "1" ||
		row["items"] != `2 x =HYPERLINK("x")` || row["service"] != "'=cmd|' /C calc'!A0" || !strings.Contains(row["last_event"], "Pickup Scan, Asheville, NC") {
		t.Errorf("row = %v", row)
	}
}

func TestHandler(t *testing.T) {
	b := book(t)
	if _, err := b.Open(t.Context(), claim("1003")); err != nil {
		t.Fatal(err)
	}
	h := &parcelaudit.Handler{Book: b, Shop: shop}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/console/api/claims", nil))
	if rec.Code != 401 {
		t.Errorf("no Authorize: %d, want 401", rec.Code)
	}
	h.Authorize = func(*http.Request) bool { return true }
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/console/api/claims?limit=10", nil))
	var body struct {
		Claims []parcelaudit.Claim `json:"claims"`
		Next   string              `json:"next"`
	}
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &body) != nil || len(body.Claims) != 1 || body.Claims[0].TrackingNumber != "1Z1003" {
		t.Errorf("list = %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/console/api/claims.csv", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(rec.Body.String(), "claim_id,") {
		t.Errorf("csv = %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/console/api/claims?limit=0", nil))
	if rec.Code != 400 {
		t.Errorf("limit=0: %d", rec.Code)
	}
}
