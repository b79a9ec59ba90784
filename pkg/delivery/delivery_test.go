package delivery_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/catalog"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

const shop = "demo-shop.myshopify.com"

type box struct{ sent []email.Outgoing }

func (b *box) Send(_ context.Context, m email.Outgoing) (string, error) {
	b.sent = append(b.sent, m)
	return "<id>", nil
}

// The Shopify intake's hook confirms a new order, keeps tracking history,
// announces a shipment and records the products; the routes answer.
func TestIntakeAppliedAndRoutes(t *testing.T) {
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	b := &box{}
	d := delivery.New(delivery.Config{Store: st, Clock: clock.NewFixed(now), Shop: shop, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Brand: notify.Brand{ShopName: "Hearth & Harbor", FromAddress: "s@example.com"}, Mail: b,
		Policy: watch.DefaultPolicy(), Rules: edd.DefaultRules(time.UTC), Keys: signed.NewKeyring([]byte("k")), BaseURL: "https://d.example",
		TrackingSecrets: map[string][]byte{tracking.EasyPost: []byte("ep")}, RequireSignature: true})
	o := order.Order{Shop: shop, ID: "1", Name: "#1001", Email: "a@example.com", CreatedAt: now.Add(-time.Hour), UpdatedAt: now.Add(-time.Hour),
		LineItems: []order.LineItem{{ID: "l", ProductID: "p", Title: "Mug", Quantity: 1, Price: 2400}}}
	shipped := now.Add(-time.Minute)
	sh := order.Shipment{Shop: shop, OrderID: "1", ID: "f", State: "success", Status: order.StatusInTransit, Carrier: "UPS",
		TrackingNumber: "1Z", CreatedAt: shipped, UpdatedAt: shipped, ShippedAt: &shipped, LastEventAt: shipped}
	c := store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh}}
	if _, err := st.Apply(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	d.IntakeApplied(t.Context(), "orders/create", c)
	if len(b.sent) != 2 || b.sent[0].Subject != "Order #1001 confirmed" || b.sent[1].Subject != "Your order #1001 is on its way" {
		t.Errorf("sent %d: %v", len(b.sent), b.sent)
	}
	if hist, _ := d.Tracking.History(t.Context(), shop, "1", "f"); len(hist) != 1 {
		t.Errorf("history = %v", hist)
	}
	if ps, _ := catalog.List(t.Context(), st, shop, 10); len(ps) != 1 || ps[0].Title != "Mug" {
		t.Errorf("products = %v", ps)
	}

	mux := http.NewServeMux()
	d.Register(mux)
	d.RegisterClaimsAPI(mux)
	for _, tt := range []struct {
		method, path string
		status       int
	}{
		{"POST", "/webhooks/tracking/aftership", 401}, // signatures required, no AfterShip secret
		{"POST", "/webhooks/tracking/easypost", 401},  // no signature
		{"GET", "/unsubscribe?token=x", 400},
		{"GET", "/console/api/claims", 401}, // no console auth given
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, strings.NewReader(`{}`)))
		if rec.Code != tt.status {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, rec.Code, tt.status)
		}
	}
}

func TestLoadEnv(t *testing.T) {
	t.Setenv("SHOP_DOMAIN", "Demo-Shop.myshopify.com")
	t.Setenv("LINK_SIGNING_KEY", "a key in the environment is not read")
	t.Setenv("SHOP_TIMEZONE", "America/Chicago")
	t.Setenv("DELIVERY_POLICY", `{"grace_days":2,"stalled_days":4,"lost_days":9,"resolution":"refund","max_auto_refund":2500}`)
	t.Setenv("EASYPOST_WEBHOOK_SECRET", "ep")
	e, err := delivery.LoadEnv()
	if err != nil {
		t.Fatal(err)
	}
	if e.Shop != shop || e.Policy.ActionFor(watch.KindLate) != watch.ActionRefund || e.Policy.MaxAutoRefund != 2500 ||
		e.Rules.Location.String() != "America/Chicago" || string(e.TrackingSecrets[tracking.EasyPost]) != "ep" || e.TrackingSecrets[tracking.AfterShip] != nil {
		t.Errorf("env = %+v", e)
	}
	t.Setenv("DELIVERY_POLICY", `{"lost_days":2,"stalled_days":5}`)
	if _, err := delivery.LoadEnv(); err == nil || !strings.Contains(err.Error(), "DELIVERY_POLICY") {
		t.Errorf("bad policy: %v", err)
	}
	t.Setenv("DELIVERY_POLICY", "")
	t.Setenv("SHOP_DOMAIN", "")
	if _, err := delivery.LoadEnv(); err == nil || !strings.Contains(err.Error(), "SHOP_DOMAIN") {
		t.Errorf("missing shop: %v", err)
	}
}
