package tracking_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
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
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

const (
	shop   = "demo-shop.myshopify.com"
	number = "1Z9HH4870345612786"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "events", "tracking", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ts(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

type env struct {
	st      *bolt.Store
	clk     *clock.Manual
	svc     *tracking.Service
	srv     *httptest.Server
	updated []order.Shipment
}

// newEnv stores order #1003 with its UPS shipment in transit, last news
// 2026-11-20 03:40 UTC, and serves the tracking webhooks.
func newEnv(t *testing.T, secrets map[string][]byte) *env {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{st: st, clk: clock.NewFixed(ts(t, "2026-11-20T16:00:00Z"))}
	created := ts(t, "2026-11-16T14:30:47Z")
	o := order.Order{Shop: shop, ID: "5500000001003", Name: "#1003", Email: "daniel.reyes@example.com", CreatedAt: created, UpdatedAt: created}
	shipped := ts(t, "2026-11-18T16:15:22Z")
	next := ts(t, "2026-11-21T00:00:00Z")
	sh := order.Shipment{Shop: shop, OrderID: o.ID, ID: "6100000010031", State: "success", Status: order.StatusInTransit,
		Carrier: "UPS", TrackingNumber: number, CreatedAt: shipped, UpdatedAt: ts(t, "2026-11-20T03:40:05Z"),
		ShippedAt: &shipped, LastEventAt: ts(t, "2026-11-20T03:40:05Z"), NextCheckAt: &next}
	if _, err := st.Apply(t.Context(), store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	e.svc = &tracking.Service{Store: st, Clock: e.clk, Secrets: secrets, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Updated: func(_ context.Context, sh order.Shipment) error { e.updated = append(e.updated, sh); return nil }}
	mux := http.NewServeMux()
	mux.Handle("/webhooks/tracking/{provider}", e.svc)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) post(t *testing.T, provider string, body []byte, headers map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/webhooks/tracking/"+provider, bytes.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (e *env) shipment(t *testing.T) order.Shipment {
	t.Helper()
	o, err := e.st.GetOrder(t.Context(), shop, "5500000001003")
	if err != nil || len(o.Shipments) != 1 {
		t.Fatalf("GetOrder: %v (%d shipments)", err, len(o.Shipments))
	}
	return o.Shipments[0]
}

func TestParseEasyPost(t *testing.T) {
	u, err := tracking.ParseEasyPost(fixture(t, "easypost_tracker_updated.json"))
	if err != nil {
		t.Fatal(err)
	}
	if u.EventID != "evt_2d6c0e1f8a3b11f1a7e4c3f0b9d2a101" || u.TrackingNumber != number || u.Carrier != "UPS" ||
		u.Status != order.StatusInTransit || u.Estimate == nil || !u.Estimate.Equal(ts(t, "2026-11-24T00:00:00Z")) {
		t.Errorf("update = %+v", u)
	}
	if len(u.Events) != 3 || u.Events[0].Status != order.StatusLabelPurchased || u.Events[2].Location != "Hodgkins, IL, US" ||
		u.Events[2].Description != "Arrived at Facility" || !u.At.Equal(ts(t, "2026-11-20T14:55:00Z")) {
		t.Errorf("events = %+v, at %s", u.Events, u.At)
	}
}

func TestParseAfterShip(t *testing.T) {
	u, err := tracking.ParseAfterShip(fixture(t, "aftership_tracking_update.json"))
	if err != nil {
		t.Fatal(err)
	}
	if u.EventID != "4b8c1f0e-5d2a-4c61-9a8e-2f7b3c9d1e55" || u.Status != order.StatusOutForDelivery || u.Carrier != "ups" ||
		u.Estimate == nil || u.Estimate.Format(time.DateOnly) != "2026-11-24" {
		t.Errorf("update = %+v", u)
	}
	if len(u.Events) != 2 || !u.Events[1].Time.Equal(ts(t, "2026-11-24T13:02:00Z")) || u.Events[1].Location != "Denver, CO, USA" {
		t.Errorf("events = %+v", u.Events)
	}
}

func TestParseRejectsBadBodies(t *testing.T) {
	tests := []struct {
		provider, body string
		want           string // "" = ErrNotTracking
	}{
		{tracking.EasyPost, `not json`, "not valid JSON"},
		{tracking.EasyPost, `[1,2]`, "must be a JSON object"},
		{tracking.EasyPost, `{}`, `not an EasyPost Event`},
		{tracking.EasyPost, `{"description":"tracker.updated"}`, `missing "result"`},
		{tracking.EasyPost, `{"description":"tracker.updated","result":{"status":"in_transit"}}`, `tracking_code`},
		{tracking.EasyPost, `{"description":"tracker.updated","result":{"tracking_code":"X","tracking_details":[{"datetime":"soon"}]}}`, `not a date`},
		{tracking.EasyPost, `{"description":"tracker.updated","result":{"tracking_code":"X","carrier":7}}`, `field "result.carrier"`},
		{tracking.EasyPost, `{"description":"tracker.updated","result":{"tracking_code":"X"}} {}`, `data after`},
		{tracking.EasyPost, `{"description":"batch.created","result":{}}`, ""},
		{tracking.AfterShip, `{"event":"tracking_update"}`, `missing "msg"`},
		{tracking.AfterShip, `{"msg":{}}`, `missing "event"`},
		{tracking.AfterShip, `{"event":"tracking_update","msg":{"slug":"ups"}}`, `tracking_number`},
		{tracking.AfterShip, `{"event":"tracking_update","msg":{"tracking_number":"X","expected_delivery":"0001-01-01"}}`, `out of range`},
		{tracking.AfterShip, `{"event":"returns_update","msg":{}}`, ""},
	}
	for _, tt := range tests {
		_, err := tracking.Parse(tt.provider, []byte(tt.body))
		if tt.want == "" {
			if !errors.Is(err, tracking.ErrNotTracking) {
				t.Errorf("%s %s: err = %v, want ErrNotTracking", tt.provider, tt.body, err)
			}
			continue
		}
		var pe *tracking.PayloadError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s: err = %v, want a PayloadError with %q", tt.provider, tt.body, err, tt.want)
		}
	}
}

func TestVerify(t *testing.T) {
	secret, body := []byte("s3cret"), []byte(`{"a":1}`)
	if !tracking.Verify(tracking.EasyPost, secret, body, tracking.SignEasyPost(secret, body)) {
		t.Error("EasyPost signature does not verify")
	}
	if !tracking.Verify(tracking.AfterShip, secret, body, tracking.SignAfterShip(secret, body)) {
		t.Error("AfterShip signature does not verify")
	}
	bad := []struct{ provider, sig string }{
		{tracking.EasyPost, tracking.SignAfterShip(secret, body)},
		{tracking.EasyPost, strings.TrimPrefix(tracking.SignEasyPost(secret, body), "hmac-sha256-hex=")},
		{tracking.EasyPost, tracking.SignEasyPost([]byte("other"), body)},
		{tracking.AfterShip, tracking.SignEasyPost(secret, body)},
		{tracking.AfterShip, ""},
	}
	for _, b := range bad {
		if tracking.Verify(b.provider, secret, body, b.sig) {
			t.Errorf("%s accepted %q", b.provider, b.sig)
		}
	}
	if tracking.Verify(tracking.AfterShip, nil, body, tracking.SignAfterShip(nil, body)) {
		t.Error("an empty secret verified")
	}
}

func TestWebhookBadInput(t *testing.T) {
	secret := []byte("ep-secret")
	e := newEnv(t, map[string][]byte{tracking.EasyPost: secret})
	body := fixture(t, "easypost_tracker_updated.json")
	tests := []struct {
		name, provider string
		body           []byte
		headers        map[string]string
		status         int
		code           string
	}{
		{"no signature", tracking.EasyPost, body, nil, 401, "unauthenticated"},
		{"wrong signature", tracking.EasyPost, body, map[string]string{tracking.HeaderEasyPost: tracking.SignEasyPost([]byte("x"), body)}, 401, "unauthenticated"},
		{"too large", tracking.EasyPost, bytes.Repeat([]byte(" "), tracking.MaxBody+1), nil, 413, "too_large"},
		{"bad json, signed", tracking.EasyPost, []byte(`{"description":`), map[string]string{tracking.HeaderEasyPost: tracking.SignEasyPost(secret, []byte(`{"description":`))}, 400, "bad_request"},
		{"unknown provider", "shipstation", body, nil, 404, "not_found"},
		{"aftership with no secret set: bad body", tracking.AfterShip, []byte(`{"event":"tracking_update"}`), nil, 400, "bad_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, resp := e.post(t, tt.provider, tt.body, tt.headers)
			if status != tt.status || !strings.Contains(resp, `"code":"`+tt.code+`"`) {
				t.Errorf("got %d %s, want %d %s", status, resp, tt.status, tt.code)
			}
		})
	}
	e.svc.RequireSignature = true
	if status, resp := e.post(t, tracking.AfterShip, fixture(t, "aftership_tracking_update.json"), nil); status != 401 || !strings.Contains(resp, "not enabled") {
		t.Errorf("AfterShip with no secret, signatures required: %d %s", status, resp)
	}
	// Nothing was stored by any of them.
	if sh := e.shipment(t); sh.Status != order.StatusInTransit || sh.EstimatedDelivery != nil {
		t.Errorf("shipment changed: %+v", sh)
	}
	hist, _ := e.svc.History(t.Context(), shop, "5500000001003", "6100000010031")
	if len(hist) != 0 {
		t.Errorf("history = %+v, want none", hist)
	}
}

func TestWebhookAppliesOnceAndKeepsHistory(t *testing.T) {
	secret := []byte("ep-secret")
	e := newEnv(t, map[string][]byte{tracking.EasyPost: secret})
	body := fixture(t, "easypost_tracker_updated.json")
	sig := map[string]string{tracking.HeaderEasyPost: tracking.SignEasyPost(secret, body)}
	before := e.shipment(t)

	if status, resp := e.post(t, tracking.EasyPost, body, sig); status != 200 || !strings.Contains(resp, `"applied"`) {
		t.Fatalf("first delivery: %d %s", status, resp)
	}
	sh := e.shipment(t)
	if sh.Status != order.StatusInTransit || !sh.LastEventAt.Equal(ts(t, "2026-11-20T14:55:00Z")) ||
		sh.EstimatedDelivery == nil || sh.EstimatedDelivery.Format(time.DateOnly) != "2026-11-24" ||
		!sh.UpdatedAt.After(before.UpdatedAt) || sh.NextCheckAt == nil || !sh.NextCheckAt.Equal(*before.NextCheckAt) {
		t.Errorf("shipment after update = %+v", sh)
	}
	if len(e.updated) != 1 {
		t.Errorf("Updated hook ran %d times, want 1", len(e.updated))
	}
	// A redelivery is a duplicate and changes nothing.
	if status, resp := e.post(t, tracking.EasyPost, body, sig); status != 200 || !strings.Contains(resp, `"duplicate"`) {
		t.Fatalf("redelivery: %d %s", status, resp)
	}
	if again := e.shipment(t); !again.UpdatedAt.Equal(sh.UpdatedAt) || len(e.updated) != 1 {
		t.Errorf("redelivery changed the shipment or ran the hook again")
	}
	hist, err := e.svc.History(t.Context(), shop, "5500000001003", "6100000010031")
	if err != nil || len(hist) != 3 {
		t.Fatalf("history = %d events, %v; want 3", len(hist), err)
	}
	if hist[0].Time.After(hist[1].Time) || hist[2].Source != tracking.EasyPost {
		t.Errorf("history not in time order or unsourced: %+v", hist)
	}

	// An unknown tracking number is acknowledged and ignored.
	other := bytes.ReplaceAll(body, []byte(number), []byte("1ZUNKNOWN"))
	other = bytes.ReplaceAll(other, []byte("evt_2d6c"), []byte("evt_9999"))
	if status, resp := e.post(t, tracking.EasyPost, other, map[string]string{tracking.HeaderEasyPost: tracking.SignEasyPost(secret, other)}); status != 200 || !strings.Contains(resp, `"ignored"`) {
		t.Errorf("unknown number: %d %s", status, resp)
	}
}

// Newer news wins whatever order it arrives in; old news is kept in the
// history but changes the shipment no more.
func TestOutOfOrderNews(t *testing.T) {
	e := newEnv(t, nil)
	as := fixture(t, "aftership_tracking_update.json")
	if status, resp := e.post(t, tracking.AfterShip, as, nil); status != 200 || !strings.Contains(resp, "applied") {
		t.Fatalf("aftership: %d %s", status, resp)
	}
	if sh := e.shipment(t); sh.Status != order.StatusOutForDelivery {
		t.Fatalf("status = %s, want out_for_delivery", sh.Status)
	}
	// The older EasyPost news (in transit on the 20th) arrives late.
	ep := fixture(t, "easypost_tracker_updated.json")
	if status, resp := e.post(t, tracking.EasyPost, ep, nil); status != 200 || !strings.Contains(resp, "recorded") {
		t.Fatalf("easypost: %d %s", status, resp)
	}
	sh := e.shipment(t)
	if sh.Status != order.StatusOutForDelivery || !sh.LastEventAt.Equal(ts(t, "2026-11-24T13:02:00Z")) {
		t.Errorf("old news changed the shipment: %+v", sh)
	}
	hist, _ := e.svc.History(t.Context(), shop, "5500000001003", "6100000010031")
	if len(hist) != 5 {
		t.Errorf("history has %d events, want 5", len(hist))
	}
}

func TestDeliveredEndsChecks(t *testing.T) {
	e := newEnv(t, nil)
	body := []byte(`{"event":"tracking_update","event_id":"d1","msg":{"tracking_number":"` + number + `","slug":"ups","tag":"Delivered",
		"shipment_delivery_date":"2026-11-24T18:20:00Z","checkpoints":[{"checkpoint_time":"2026-11-24T11:20:00-07:00","tag":"Delivered","message":"Delivered: front porch","location":"Denver, CO"}]}}`)
	if status, resp := e.post(t, tracking.AfterShip, body, nil); status != 200 || !strings.Contains(resp, "applied") {
		t.Fatalf("%d %s", status, resp)
	}
	sh := e.shipment(t)
	if sh.Status != order.StatusDelivered || sh.DeliveredAt == nil || !sh.DeliveredAt.Equal(ts(t, "2026-11-24T18:20:00Z")) || sh.NextCheckAt != nil {
		t.Errorf("delivered shipment = %+v", sh)
	}
	due, _ := e.st.DueShipments(t.Context(), ts(t, "2027-01-01T00:00:00Z"), 10)
	if len(due) != 0 {
		t.Errorf("a delivered shipment is still due for checks: %+v", due)
	}
}

func TestExceptionIsDueAtOnce(t *testing.T) {
	e := newEnv(t, nil)
	body := []byte(`{"event":"tracking_update","event_id":"x1","msg":{"tracking_number":"` + number + `","tag":"Exception","subtag":"Exception_011",
		"checkpoints":[{"checkpoint_time":"2026-11-20T15:00:00Z","tag":"Exception","subtag":"Exception_011","message":"Returned to shipper"}]}}`)
	if status, _ := e.post(t, tracking.AfterShip, body, nil); status != 200 {
		t.Fatal(status)
	}
	sh := e.shipment(t)
	if sh.Status != order.StatusReturnedToSender || sh.NextCheckAt == nil || sh.NextCheckAt.After(e.clk.Now()) {
		t.Errorf("returned shipment = %+v, want due now", sh)
	}
}

func TestFromShopifyKeepsHistory(t *testing.T) {
	e := newEnv(t, nil)
	sh := e.shipment(t)
	sh.Status = order.StatusOutForDelivery
	sh.LastEventAt = ts(t, "2026-11-21T12:55:31Z")
	e.svc.FromShopify(t.Context(), "fulfillments/update", store.Change{Shop: shop, Shipments: []order.Shipment{sh}})
	hist, err := e.svc.History(t.Context(), shop, sh.OrderID, sh.ID)
	if err != nil || len(hist) != 1 || hist[0].Status != order.StatusOutForDelivery || hist[0].Source != tracking.SourceShopify {
		t.Errorf("history = %+v, %v", hist, err)
	}
	if len(e.updated) != 1 {
		t.Errorf("Updated ran %d times", len(e.updated))
	}
}

func TestMergeNeverGoesBack(t *testing.T) {
	now := ts(t, "2026-11-22T00:00:00Z")
	shipped := ts(t, "2026-11-20T00:00:00Z")
	sh := order.Shipment{Status: order.StatusInTransit, ShippedAt: &shipped, LastEventAt: ts(t, "2026-11-21T00:00:00Z"), UpdatedAt: ts(t, "2026-11-21T00:00:01Z")}
	old := tracking.Update{Status: order.StatusLabelPurchased, Events: []tracking.Event{{Time: ts(t, "2026-11-19T00:00:00Z"), Status: order.StatusLabelPurchased}}}
	if _, changed := tracking.Merge(sh, old, now); changed {
		t.Error("older news changed the shipment")
	}
	est := ts(t, "2026-11-25T00:00:00Z")
	newer := tracking.Update{Status: order.StatusInTransit, Estimate: &est, At: ts(t, "2026-11-21T06:00:00Z")}
	got, changed := tracking.Merge(sh, newer, now)
	if !changed || got.EstimatedDelivery == nil || !got.UpdatedAt.After(sh.UpdatedAt) {
		t.Errorf("Merge = %+v, %v", got, changed)
	}
	b, _ := json.Marshal(got)
	if !strings.Contains(string(b), `"estimated_delivery":"2026-11-25T00:00:00Z"`) {
		t.Errorf("estimate not stored: %s", b)
	}
}
