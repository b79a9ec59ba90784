package intake_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Ids of events/shopify/samples, all above 2^53 as Shopify's are: a float64
// anywhere on the way would change their last digits.
const (
	sampleOrder    = "823456789012345678"
	sampleCustomer = "176543210987654321"
	sampleRefund   = "890123456789012345"
	sampleTracking = "1z9999w10000000001"
)

// arrival is the intake clock's time in these tests.
var arrival = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// sampleEnv is an intake wired as the runner and the webhooks Lambda wire
// it: order data to the store, products to the documentation library,
// privacy requests to a handler (here one that records them).
type sampleEnv struct {
	svc     *intake.Service
	st      store.Store
	lib     *docs.Library
	privacy *recordedPrivacy
}

type recordedPrivacy struct{ got []privacy.Request }

func (p *recordedPrivacy) Handle(_ context.Context, shop string, r privacy.Request) error {
	r.ShopDomain = shop + " (from the body: " + r.ShopDomain + ")"
	p.got = append(p.got, r)
	return nil
}

func newSampleEnv(t *testing.T) *sampleEnv {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return newSampleEnvOn(st)
}

// newDynamoSampleEnv is newSampleEnv on DynamoDB (moto), as the webhooks Lambda
// runs it.
func newDynamoSampleEnv(t *testing.T) *sampleEnv {
	t.Helper()
	endpoint := motoserver.Start(t)
	client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	if err := dynamo.CreateTable(t.Context(), client, "doorstep"); err != nil {
		t.Fatal(err)
	}
	return newSampleEnvOn(dynamo.New(client, "doorstep"))
}

func newSampleEnvOn(st store.Store) *sampleEnv {
	e := &sampleEnv{st: st, lib: docs.NewLibrary(nil), privacy: &recordedPrivacy{}}
	e.lib.Store = st
	products := func(ctx context.Context, d intake.Delivery) error {
		return e.lib.ProductWebhookAt(ctx, d.Topic, d.Shop, d.Body, d.At())
	}
	e.svc = &intake.Service{
		Store: st, Secrets: intake.SecretMap{shop: []byte(secret)}, Clock: clock.NewFixed(arrival),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Privacy: e.privacy,
		Topics: map[string]func(context.Context, intake.Delivery) error{
			shopify.TopicProductsCreate: products, shopify.TopicProductsUpdate: products, shopify.TopicProductsDelete: products},
	}
	return e
}

// post sends one signed delivery with Shopify's headers; triggered, when
// not zero, is its X-Shopify-Triggered-At.
func (e *sampleEnv) post(t *testing.T, topic, eventID string, body []byte, triggered time.Time) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/shopify", bytes.NewReader(body))
	req.Header.Set(shopify.HeaderTopic, topic)
	req.Header.Set(shopify.HeaderShopDomain, shop)
	req.Header.Set(shopify.HeaderEventID, eventID)
	req.Header.Set(shopify.HeaderHMAC, shopify.Sign([]byte(secret), body))
	req.Header.Set(shopify.HeaderAPIVersion, "2026-01")
	if !triggered.IsZero() {
		req.Header.Set(shopify.HeaderTriggeredAt, triggered.Format("2006-01-02T15:04:05.000000Z"))
	}
	rec := httptest.NewRecorder()
	e.svc.ServeHTTP(rec, req)
	var r struct{ Status string }
	_ = json.Unmarshal(rec.Body.Bytes(), &r)
	if rec.Code == 200 {
		return rec.Code, r.Status
	}
	return rec.Code, rec.Body.String()
}

func (e *sampleEnv) order(t *testing.T) order.Order {
	t.Helper()
	o, err := e.st.GetOrder(t.Context(), shop, sampleOrder)
	if err != nil {
		t.Fatalf("order %s not stored: %v", sampleOrder, err)
	}
	return o
}

func (e *sampleEnv) search(t *testing.T, q string) string {
	t.Helper()
	ps, err := e.lib.Search(t.Context(), shop, q, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		return ""
	}
	return ps[0].Source + ": " + ps[0].Text
}

func sample(t *testing.T, name string) []byte {
	return fixture(t, "samples/"+name)
}

// Every webhook topic doorstep handles accepts a body in the shape of
// Shopify's published sample payload for it (what "send test notification"
// sends: nulls where a real shop has values, ids above 2^53) and applies it
// with the right stored effect.
func TestShopifySamplePayloads(t *testing.T) {
	triggered := arrival.Add(-90 * time.Second)
	checkOrder := func(t *testing.T, e *sampleEnv) {
		o := e.order(t)
		if o.Name != "#9001" || o.Email != "robin@example.com" || o.TotalPrice != 15800 || o.Currency != "USD" ||
			o.Customer.ID != sampleCustomer || o.ShippingAddress == nil || o.ShippingAddress.City != "Portland" {
			t.Errorf("order = %+v", o)
		}
		if len(o.LineItems) != 3 || o.LineItems[0].ID != "487654321098765432" || o.LineItems[0].ProductID != "734567890123456789" || o.LineItems[2].ProductID != "" {
			t.Errorf("line items = %+v", o.LineItems)
		}
		if o.CancelledAt == nil || o.CancelReason != "customer" {
			t.Errorf("the sample's cancellation was not kept: %v %q", o.CancelledAt, o.CancelReason)
		}
	}
	checkShipment := func(t *testing.T, e *sampleEnv) {
		found, err := e.st.ShipmentsByTracking(t.Context(), sampleTracking)
		if err != nil || len(found) != 1 {
			t.Fatalf("shipments by tracking: %v, %v", found, err)
		}
		sh := found[0]
		if sh.ID != "234567" || sh.OrderID != sampleOrder || sh.Carrier != "UPS" || sh.State != "pending" || sh.Status != order.StatusNone ||
			len(sh.LineItemIDs) != 3 || sh.LineItemIDs[0] != "487654321098765432" {
			t.Errorf("shipment = %+v", sh)
		}
	}
	checkRefund := func(wantAt time.Time) func(*testing.T, *sampleEnv) {
		return func(t *testing.T, e *sampleEnv) {
			o := e.order(t)
			if len(o.Refunds) != 1 {
				t.Fatalf("refunds = %+v, want the sample's", o.Refunds)
			}
			r := o.Refunds[0]
			if r.ID != sampleRefund || r.OrderID != sampleOrder || r.Amount != 4250 || r.Note != "Arrived chipped" ||
				!cmp.Equal(r.LineItems, []string{"487654321098765432", "598765432109876543"}) {
				t.Errorf("refund = %+v", r)
			}
			if !r.CreatedAt.Equal(wantAt) {
				t.Errorf("refund dated %v, want %v", r.CreatedAt, wantAt)
			}
		}
	}
	processed := bytes.Replace(sample(t, "refunds_create.json"), []byte(`"processed_at": null`), []byte(`"processed_at": "2026-11-20T10:05:00-05:00"`), 1)
	if bytes.Equal(processed, sample(t, "refunds_create.json")) {
		t.Fatal("refunds_create.json has no null processed_at to replace")
	}
	privacyWant := func(want privacy.Request) func(*testing.T, *sampleEnv) {
		return func(t *testing.T, e *sampleEnv) {
			if len(e.privacy.got) != 1 {
				t.Fatalf("privacy handler got %d requests", len(e.privacy.got))
			}
			if d := cmp.Diff(want, e.privacy.got[0]); d != "" {
				t.Errorf("privacy request (-want +got):\n%s", d)
			}
		}
	}
	const fromBody = shop + " (from the body: {shop}.myshopify.com)"

	tests := []struct {
		name, topic, file string
		body              []byte    // instead of file
		triggered         time.Time // X-Shopify-Triggered-At
		before            []string  // "topic file" sent first
		outcome           string
		check             func(*testing.T, *sampleEnv)
	}{
		{name: "orders/create", topic: "orders/create", file: "orders_create.json", outcome: "applied", check: checkOrder},
		{name: "orders/updated", topic: "orders/updated", file: "orders_updated.json", outcome: "applied", check: checkOrder},
		{name: "orders/cancelled", topic: "orders/cancelled", file: "orders_cancelled.json", outcome: "applied", check: checkOrder},
		{name: "fulfillments/create", topic: "fulfillments/create", file: "fulfillments_create.json", outcome: "applied", check: checkShipment},
		{name: "fulfillments/update", topic: "fulfillments/update", file: "fulfillments_update.json", outcome: "applied", check: checkShipment},
		{name: "refunds/create, no dates, dated by arrival", topic: "refunds/create", file: "refunds_create.json",
			before: []string{"orders/create orders_create.json"}, outcome: "applied", check: checkRefund(arrival)},
		{name: "refunds/create, no dates, dated by X-Shopify-Triggered-At", topic: "refunds/create", file: "refunds_create.json", triggered: triggered,
			before: []string{"orders/create orders_create.json"}, outcome: "applied", check: checkRefund(triggered)},
		{name: "refunds/create, dated by processed_at", topic: "refunds/create", body: processed, triggered: triggered,
			before: []string{"orders/create orders_create.json"}, outcome: "applied", check: checkRefund(time.Date(2026, 11, 20, 15, 5, 0, 0, time.UTC))},
		{name: "products/create", topic: "products/create", file: "products_create.json", outcome: "applied", check: func(t *testing.T, e *sampleEnv) {
			if got := e.search(t, "is the stoneware mug dishwasher safe?"); !strings.Contains(got, "Harbor Stoneware Mug – product description") || !strings.Contains(got, "top rack") {
				t.Errorf("search after products/create: %q", got)
			}
		}},
		{name: "products/update", topic: "products/update", file: "products_update.json", before: []string{"products/create products_create.json"}, outcome: "applied",
			check: func(t *testing.T, e *sampleEnv) {
				if got := e.search(t, "is the stoneware mug microwave safe?"); !strings.Contains(got, "microwave safe") || strings.Contains(got, "top rack") {
					t.Errorf("search after products/update: %q", got)
				}
			}},
		{name: "products/delete", topic: "products/delete", file: "products_delete.json", triggered: triggered, before: []string{"products/create products_create.json"}, outcome: "applied",
			check: func(t *testing.T, e *sampleEnv) {
				if got := e.search(t, "is the stoneware mug dishwasher safe?"); got != "" {
					t.Errorf("search after products/delete: %q", got)
				}
			}},
		{name: "customers/redact", topic: "customers/redact", file: "customers_redact.json", outcome: "done", check: privacyWant(privacy.Request{
			Topic: "customers/redact", ShopDomain: fromBody, Email: "robin.customer@example.com", CustomerID: sampleCustomer,
			OrderIDs: []string{sampleOrder, "823456789012345679"}})},
		{name: "customers/data_request", topic: "customers/data_request", file: "customers_data_request.json", outcome: "done", check: privacyWant(privacy.Request{
			Topic: "customers/data_request", ShopDomain: fromBody, Email: "robin.customer@example.com", CustomerID: sampleCustomer,
			OrderIDs: []string{sampleOrder, "823456789012345679"}, RequestID: "9999001"})},
		{name: "shop/redact", topic: "shop/redact", file: "shop_redact.json", outcome: "done", check: privacyWant(privacy.Request{
			Topic: "shop/redact", ShopDomain: fromBody})},
	}
	used := map[string]bool{}
	for _, tt := range tests {
		used[tt.file] = true
	}
	entries, err := fs.ReadDir(events.Shopify(), "samples")
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if !used[en.Name()] {
			t.Errorf("samples/%s is not fed to the intake by this test", en.Name())
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newSampleEnv(t)
			for i, b := range tt.before {
				topic, file, _ := strings.Cut(b, " ")
				if status, out := e.post(t, topic, "before-"+file, sample(t, file), time.Time{}); status != 200 || out != "applied" {
					t.Fatalf("before %d (%s): %d %s", i, b, status, out)
				}
			}
			body := tt.body
			if body == nil {
				body = sample(t, tt.file)
			}
			status, out := e.post(t, tt.topic, "evt-sample", body, tt.triggered)
			if status != 200 || out != tt.outcome {
				t.Fatalf("%s: %d %s, want 200 %s", tt.topic, status, out, tt.outcome)
			}
			tt.check(t, e)
		})
	}
}

// Product webhooks are deduplicated on their event id like orders, and
// newest wins across updates, drafts and a deletion: no late delivery, a
// redelivery or an older event, brings a deleted product's text back.
func TestProductWebhooksDedupedAndNewestWins(t *testing.T) {
	t.Run("bolt", func(t *testing.T) { testProductWebhooks(t, newSampleEnv(t)) })
	t.Run("dynamodb", func(t *testing.T) { testProductWebhooks(t, newDynamoSampleEnv(t)) })
}

func testProductWebhooks(t *testing.T, e *sampleEnv) {
	const q = "is the stoneware mug dishwasher safe?"
	create, update := sample(t, "products_create.json"), sample(t, "products_update.json")
	draft := bytes.Replace(update, []byte(`"status": "active"`), []byte(`"status": "draft"`), 1)
	draft = bytes.Replace(draft, []byte(`"updated_at": "2026-11-20T09:00:00-05:00"`), []byte(`"updated_at": "2026-11-20T10:00:00-05:00"`), 1)
	reactivated := bytes.Replace(update, []byte(`"updated_at": "2026-11-20T09:00:00-05:00"`), []byte(`"updated_at": "2026-11-20T11:00:00-05:00"`), 1)
	if bytes.Equal(draft, update) || bytes.Equal(reactivated, update) {
		t.Fatal("sample not rewritten")
	}
	deleted := time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC)
	steps := []struct {
		name, topic, event string
		body               []byte
		triggered          time.Time
		outcome            string
		found              string // in the answer to q; "" for no answer
	}{
		{"create", "products/create", "e-create", create, time.Time{}, "applied", "top rack"},
		{"create again", "products/create", "e-create", create, time.Time{}, "duplicate", "top rack"},
		{"update", "products/update", "e-update", update, time.Time{}, "applied", "microwave"},
		{"create redelivered late", "products/create", "e-create", create, time.Time{}, "duplicate", "microwave"},
		{"draft", "products/update", "e-draft", draft, time.Time{}, "applied", ""},
		{"update redelivered after the draft", "products/update", "e-update", update, time.Time{}, "duplicate", ""},
		{"older update under a new event id, after the draft", "products/update", "e-update-retry", update, time.Time{}, "applied", ""},
		{"active again, newer", "products/update", "e-active", reactivated, time.Time{}, "applied", "microwave"},
		{"delete", "products/delete", "e-delete", sample(t, "products_delete.json"), deleted, "applied", ""},
		{"delete again", "products/delete", "e-delete", sample(t, "products_delete.json"), deleted, "duplicate", ""},
		{"update redelivered after the delete", "products/update", "e-active", reactivated, time.Time{}, "duplicate", ""},
		{"create under a new event id after the delete", "products/create", "e-create-2", create, time.Time{}, "applied", ""},
	}
	for i, s := range steps {
		status, out := e.post(t, s.topic, s.event, s.body, s.triggered)
		if status != 200 || out != s.outcome {
			t.Fatalf("step %d, %s: %d %s, want 200 %s", i, s.name, status, out, s.outcome)
		}
		got := e.search(t, q)
		if (s.found == "" && got != "") || !strings.Contains(got, s.found) {
			t.Errorf("step %d, %s: search found %q, want %q", i, s.name, got, s.found)
		}
	}
	// Another library on the same store (another Lambda, a restart) agrees.
	fresh := docs.NewLibrary(nil)
	fresh.Store = e.st
	if ps, err := fresh.Search(t.Context(), shop, q, 3); err != nil || len(ps) != 0 {
		t.Errorf("a fresh library finds %+v, %v", ps, err)
	}
	// The same event id under another topic is another delivery (one
	// merchant action can send several topics under one event id).
	e2 := newSampleEnvOn(e.st)
	create = bytes.ReplaceAll(create, []byte("734567890123456789"), []byte("734567890123456700"))
	update = bytes.ReplaceAll(update, []byte("734567890123456789"), []byte("734567890123456700"))
	if status, out := e2.post(t, "products/create", "e-shared", create, time.Time{}); status != 200 || out != "applied" {
		t.Fatalf("create: %d %s", status, out)
	}
	if status, out := e2.post(t, "products/update", "e-shared", update, time.Time{}); status != 200 || out != "applied" {
		t.Fatalf("update under the create's event id: %d %s, want applied", status, out)
	}
	if got := e2.search(t, "is the stoneware mug microwave safe?"); !strings.Contains(got, "microwave") {
		t.Errorf("the update under a shared event id was dropped: %q", got)
	}
}

// One merchant action can send several topics under one X-Shopify-Event-Id:
// each topic's delivery is applied; only a second delivery of the same
// topic is a duplicate.
func TestSameEventIDOtherTopicIsApplied(t *testing.T) {
	svc, st := newService(t)
	for _, d := range []struct{ topic, file, want string }{
		{"orders/create", "new_order_create.json", "applied"},
		{"fulfillments/create", "new_order_fulfillment_create.json", "applied"},
		{"fulfillments/create", "new_order_fulfillment_create.json", "duplicate"},
	} {
		status, resp := send(t, svc, delivery{topic: d.topic, eventID: "one-action", body: fixture(t, d.file)})
		if status != 200 || !strings.Contains(resp, `"`+d.want+`"`) {
			t.Fatalf("%s: %d %s, want %s", d.topic, status, resp, d.want)
		}
	}
	o, err := st.GetOrderByName(t.Context(), shop, "#1012")
	if err != nil || len(o.Shipments) != 1 {
		t.Errorf("order #1012: %d shipments, %v; want the fulfillment applied", len(o.Shipments), err)
	}
}

// A delivery's time is Shopify's X-Shopify-Triggered-At when it is not
// later than the arrival, else the arrival.
func TestDeliveryAt(t *testing.T) {
	received := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		triggered time.Time
		want      time.Time
	}{
		{"no header", time.Time{}, received},
		{"triggered before arrival", received.Add(-4 * time.Hour), received.Add(-4 * time.Hour)},
		{"triggered at arrival", received, received},
		{"triggered in the future", received.Add(time.Minute), received},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := intake.Delivery{TriggeredAt: tt.triggered, ReceivedAt: received}
			if got := d.At(); !got.Equal(tt.want) {
				t.Errorf("At() = %v, want %v", got, tt.want)
			}
		})
	}
}
