package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
)

func TestClaimsExport(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DOORSTEP_DATA", dir)
	t.Setenv("DOORSTEP_STORE", "embedded")
	t.Setenv("DOORSTEP_SHOP", "demo-shop.myshopify.com")
	st, err := bolt.Open(filepath.Join(dir, "doorstep.db"))
	if err != nil {
		t.Fatal(err)
	}
	book := &parcelaudit.Book{Store: st, Clock: clock.NewFixed(time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC))}
	o := order.Order{Shop: "demo-shop.myshopify.com", ID: "1003", Name: "#1003", Currency: "USD", TotalPrice: 8847,
		LineItems: []order.LineItem{{ID: "a", Title: "Skillet", Quantity: 1, Price: 5200}}}
	sh := order.Shipment{Shop: o.Shop, OrderID: "1003", ID: "f1", Carrier: "UPS", TrackingNumber: "1Z9"}
	if _, err := book.Open(t.Context(), parcelaudit.Evidence(o, sh, parcelaudit.ReasonLost, nil)); err != nil {
		t.Fatal(err)
	}

	// While the runner holds the store, the runner answers.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/console/api/claims.csv" {
			http.NotFound(w, r)
			return
		}
		_ = book.CSV(r.Context(), "demo-shop.myshopify.com", w)
	}))
	defer srv.Close()
	t.Setenv("DOORSTEP_ADDR", strings.TrimPrefix(srv.URL, "http://"))
	out := filepath.Join(dir, "busy.csv")
	if err := claimsExport(t.Context(), []string{"export", "-o", out}); err != nil {
		t.Fatalf("export while the store is held: %v", err)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "1003|f1|lost") {
		t.Errorf("busy export = %s", b)
	}
	st.Close()

	out = filepath.Join(dir, "claims.csv")
	if err := claimsExport(t.Context(), []string{"export", "-o", out}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "claim_id,") || !strings.Contains(lines[1], "#1003") || !strings.Contains(lines[1], "52.00") {
		t.Errorf("export = %s", b)
	}
	if err := claimsExport(t.Context(), []string{"list"}); err == nil {
		t.Error("claims list: no usage error")
	}
}
