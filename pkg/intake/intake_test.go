package intake_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

const (
	shop   = "demo-shop.myshopify.com"
	secret = "test-secret"
)

func newService(t *testing.T) (*intake.Service, *bolt.Store) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &intake.Service{
		Store:   st,
		Orders:  st,
		Secrets: intake.SecretMap{shop: []byte(secret), "other-shop.myshopify.com": []byte("other")},
		Clock:   clock.NewFixed(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)),
		Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, st
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(events.Shopify(), name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type delivery struct {
	topic, shop, eventID, sig string
	body                      []byte
	noSig                     bool
}

func send(t *testing.T, h http.Handler, d delivery) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/shopify", bytes.NewReader(d.body))
	if d.shop == "" {
		d.shop = shop
	}
	req.Header.Set(shopify.HeaderTopic, d.topic)
	req.Header.Set(shopify.HeaderShopDomain, d.shop)
	req.Header.Set(shopify.HeaderEventID, d.eventID)
	if !d.noSig {
		if d.sig == "" {
			d.sig = shopify.Sign([]byte(secret), d.body)
		}
		req.Header.Set(shopify.HeaderHMAC, d.sig)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestRefusedDeliveriesStoreNothing(t *testing.T) {
	body := fixture(t, "new_order_create.json")
	big := append([]byte(`{"id": 1, "note": "`), bytes.Repeat([]byte("x"), intake.MaxBody)...)
	big = append(big, []byte(`"}`)...)
	tests := []struct {
		name     string
		d        delivery
		status   int
		contains string
	}{
		{"wrong hmac", delivery{topic: "orders/create", body: body, sig: shopify.Sign([]byte("nope"), body)}, 401, `"unauthenticated"`},
		{"missing hmac", delivery{topic: "orders/create", body: body, noSig: true}, 401, `"unauthenticated"`},
		{"another shop's secret", delivery{topic: "orders/create", shop: "other-shop.myshopify.com", body: body}, 401, `"unauthenticated"`},
		{"unknown shop", delivery{topic: "orders/create", shop: "stranger.myshopify.com", body: body}, 401, `"unauthenticated"`},
		{"body changed after signing", delivery{topic: "orders/create", body: append(body, ' '), sig: shopify.Sign([]byte(secret), body)}, 401, `"unauthenticated"`},
		{"not the topic's json", delivery{topic: "orders/create", body: []byte(`{"id": "abc"}`)}, 400, `is not a number`},
		{"truncated json", delivery{topic: "orders/create", body: body[:len(body)/2]}, 400, `not valid JSON`},
		{"order body as refund", delivery{topic: "refunds/create", body: body}, 400, `missing \"order_id\"`},
		{"too large", delivery{topic: "orders/create", body: big}, 413, `"too_large"`},
		{"unknown topic", delivery{topic: "carts/update", body: body}, 200, `"ignored"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, st := newService(t)
			status, resp := send(t, svc, tt.d)
			if status != tt.status || !strings.Contains(resp, tt.contains) {
				t.Errorf("got %d %s, want %d containing %s", status, resp, tt.status, tt.contains)
			}
			if tt.status != 200 {
				var e struct {
					Error struct{ Code, Message string } `json:"error"`
				}
				if err := json.Unmarshal([]byte(resp), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
					t.Errorf("error body %q is not the API error shape", resp)
				}
			}
			if _, err := st.GetOrderByName(t.Context(), shop, "#1012"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("order stored after a refused delivery: err = %v", err)
			}
		})
	}
}

func TestOrderThenFulfillment(t *testing.T) {
	svc, st := newService(t)
	if status, resp := send(t, svc, delivery{topic: "orders/create", eventID: "e1", body: fixture(t, "new_order_create.json")}); status != 200 || !strings.Contains(resp, "applied") {
		t.Fatalf("orders/create: %d %s", status, resp)
	}
	if status, resp := send(t, svc, delivery{topic: "fulfillments/create", eventID: "e2", body: fixture(t, "new_order_fulfillment_create.json")}); status != 200 || !strings.Contains(resp, "applied") {
		t.Fatalf("fulfillments/create: %d %s", status, resp)
	}
	o, err := st.GetOrderByName(t.Context(), shop, "#1012")
	if err != nil {
		t.Fatal(err)
	}
	if len(o.LineItems) == 0 || o.Email == "" || o.TotalPrice <= 0 {
		t.Errorf("order not normalised: %+v", o)
	}
	if len(o.Shipments) != 1 || o.Shipments[0].TrackingNumber == "" || o.Shipments[0].Carrier == "" {
		t.Fatalf("shipments = %+v, want one with carrier and tracking", o.Shipments)
	}
	if o.Shipments[0].NextCheckAt == nil {
		t.Errorf("a shipment on its way has no next check")
	}
	found, err := st.ShipmentsByTracking(t.Context(), o.Shipments[0].TrackingNumber)
	if err != nil || len(found) != 1 {
		t.Errorf("by tracking: %v, %v", found, err)
	}
}

func TestSameEventEightTimesAppliesOnce(t *testing.T) {
	svc, st := newService(t)
	body := fixture(t, "new_order_create.json")
	var outcomes []string
	for i := 0; i < 8; i++ {
		status, resp := send(t, svc, delivery{topic: "orders/create", eventID: "evt-retry", body: body})
		if status != 200 {
			t.Fatalf("delivery %d: %d %s", i, status, resp)
		}
		var r struct{ Status string }
		_ = json.Unmarshal([]byte(resp), &r)
		outcomes = append(outcomes, r.Status)
	}
	pending, err := st.PendingEvents(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	applied := 0
	for _, e := range pending {
		var a intake.Applied
		if e.Kind == intake.KindApplied && e.Decode(&a) == nil && a.Topic == "orders/create" && a.Order != nil {
			applied++
		}
	}
	if outcomes[0] != "applied" || applied != 1 {
		t.Errorf("outcomes %v, %d applied; want the first applied and only it", outcomes, applied)
	}
	for i, o := range outcomes[1:] {
		if o != "duplicate" {
			t.Errorf("delivery %d: %s, want duplicate", i+2, o)
		}
	}
	if got, _ := st.OrdersByEmail(t.Context(), shop, mustOrderEmail(t, body), 10); len(got) != 1 {
		t.Errorf("%d orders stored, want 1", len(got))
	}
}

func TestOlderUpdateAfterNewerLeavesNewer(t *testing.T) {
	svc, st := newService(t)
	newer := fixture(t, "orders_updated.json")
	older := rewrite(t, newer, func(m map[string]any) {
		m["updated_at"] = "2020-01-01T00:00:00Z"
		m["financial_status"] = "pending"
		m["email"] = "someone-else@example.com"
	})
	if status, resp := send(t, svc, delivery{topic: "orders/updated", eventID: "new", body: newer}); status != 200 || !strings.Contains(resp, "applied") {
		t.Fatalf("newer: %d %s", status, resp)
	}
	status, resp := send(t, svc, delivery{topic: "orders/updated", eventID: "old", body: older})
	if status != 200 || !strings.Contains(resp, "stale") {
		t.Fatalf("older: %d %s, want 200 stale", status, resp)
	}
	var m map[string]any
	_ = json.Unmarshal(newer, &m)
	o, err := st.GetOrderByName(t.Context(), shop, m["name"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if o.FinancialStatus != m["financial_status"] || o.Email != m["email"] {
		t.Errorf("order = %s %s, want the newer %s %s", o.FinancialStatus, o.Email, m["financial_status"], m["email"])
	}
}

func TestMethodNotAllowed(t *testing.T) {
	svc, _ := newService(t)
	rec := httptest.NewRecorder()
	svc.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/webhooks/shopify", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", rec.Code)
	}
}

func TestEveryFixtureIsAccepted(t *testing.T) {
	topics := map[string]string{
		"fulfillments_create.json": "fulfillments/create", "fulfillments_update.json": "fulfillments/update",
		"refunds_create.json": "refunds/create", "orders_updated.json": "orders/updated",
		"orders_cancelled.json": "orders/cancelled", "new_order_create.json": "orders/create",
		"new_order_fulfillment_create.json": "fulfillments/create",
	}
	err := fs.WalkDir(events.Shopify(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".json" {
			return err
		}
		if strings.HasPrefix(p, "privacy/") {
			return nil // privacy webhooks: pkg/runner's privacy tests
		}
		if strings.HasPrefix(p, "samples/") {
			return nil // Shopify's sample shapes: TestShopifySamplePayloads
		}
		topic, ok := topics[p]
		if strings.HasPrefix(p, "orders/") {
			topic, ok = "orders/create", true
		}
		if !ok {
			t.Errorf("fixture %s has no topic in this test", p)
			return nil
		}
		t.Run(p, func(t *testing.T) {
			svc, _ := newService(t)
			if status, resp := send(t, svc, delivery{topic: topic, eventID: p, body: fixture(t, p)}); status != 200 || !strings.Contains(resp, "applied") {
				t.Errorf("%s: %d %s", p, status, resp)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func rewrite(t *testing.T, body []byte, fn func(map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustOrderEmail(t *testing.T, body []byte) string {
	var m struct{ Email string }
	if err := json.Unmarshal(body, &m); err != nil || m.Email == "" {
		t.Fatalf("fixture has no email: %v", err)
	}
	return m.Email
}

// BenchmarkIntake measures one delivery's verify, parse and normalise on
// one core, store excluded (DESIGN.md §7: at least 2,000 per second).
func BenchmarkIntake(b *testing.B) {
	body, err := fs.ReadFile(events.Shopify(), "orders_updated.json")
	if err != nil {
		b.Fatal(err)
	}
	svc := &intake.Service{Secrets: intake.SecretMap{shop: []byte(secret)}, Clock: clock.System{}}
	d := intake.Delivery{Topic: "orders/updated", Shop: shop, EventID: "e", Body: body, Signature: shopify.Sign([]byte(secret), body)}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := svc.Verify(d); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Normalise(d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
}
