package shopify

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

const orderBody = `{"id": 5500000001001, "name": "#1001", "email": "Ada@Example.com",
 "created_at": "2026-11-19T10:00:00-05:00", "updated_at": "2026-11-19T10:05:00-05:00",
 "cancelled_at": null, "cancel_reason": null, "closed_at": null,
 "currency": "USD", "total_price": "49.99", "financial_status": "paid", "fulfillment_status": null,
 "tags": "vip, gift ,", "customer": {"id": 7001, "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"},
 "shipping_address": {"first_name": "Ada", "last_name": "Lovelace", "address1": "1 Main St", "city": "Springfield", "zip": "12345", "country": "United States", "country_code": "US"},
 "line_items": [{"id": 9001, "product_id": 8001, "variant_id": 8101, "sku": "MUG", "title": "Mug", "variant_title": "Blue", "quantity": 2, "price": "19.99"}],
 "fulfillments": [{"id": 6001, "order_id": 5500000001001, "status": "success", "shipment_status": "in_transit",
   "tracking_company": "UPS", "tracking_number": "1Z999", "tracking_url": "https://ups.example/1Z999",
   "created_at": "2026-11-19T12:00:00Z", "updated_at": "2026-11-20T08:00:00Z", "line_items": [{"id": 9001}]}],
 "refunds": [{"id": 4001, "order_id": 5500000001001, "created_at": "2026-11-20T09:00:00Z", "note": "late",
   "transactions": [{"amount": "5.00", "kind": "refund", "status": "success"}, {"amount": "1.00", "kind": "refund", "status": "failure"}]}]}`

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestParseOrder(t *testing.T) {
	p, err := ParseWebhook(TopicOrdersUpdated, "s.myshopify.com", []byte(orderBody))
	if err != nil {
		t.Fatalf("ParseWebhook: %v", err)
	}
	shipped := ts("2026-11-19T12:00:00Z")
	want := Payload{
		Order: &order.Order{
			Shop: "s.myshopify.com", ID: "5500000001001", Name: "#1001", Email: "Ada@Example.com",
			Customer: order.Customer{ID: "7001", Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace"},
			Currency: "USD", TotalPrice: 4999, FinancialStatus: "paid",
			LineItems:       []order.LineItem{{ID: "9001", ProductID: "8001", VariantID: "8101", SKU: "MUG", Title: "Mug", Variant: "Blue", Quantity: 2, Price: 1999}},
			ShippingAddress: &order.Address{Name: "Ada Lovelace", Address1: "1 Main St", City: "Springfield", Zip: "12345", Country: "United States", CountryCode: "US"},
			CreatedAt:       ts("2026-11-19T15:00:00Z"), UpdatedAt: ts("2026-11-19T15:05:00Z"),
			Tags: []string{"vip", "gift"},
		},
		Shipments: []order.Shipment{{
			Shop: "s.myshopify.com", OrderID: "5500000001001", ID: "6001", State: "success", Status: order.StatusInTransit,
			Carrier: "UPS", TrackingNumber: "1Z999", TrackingURL: "https://ups.example/1Z999", LineItemIDs: []string{"9001"},
			CreatedAt: shipped, UpdatedAt: ts("2026-11-20T08:00:00Z"), LastEventAt: ts("2026-11-20T08:00:00Z"), ShippedAt: &shipped,
		}},
		Refunds: []order.Refund{{Shop: "s.myshopify.com", OrderID: "5500000001001", ID: "4001", Amount: 500, Note: "late", CreatedAt: ts("2026-11-20T09:00:00Z")}},
	}
	if d := cmp.Diff(want, p); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestParseFulfillmentAndRefund(t *testing.T) {
	f := `{"id": 6001, "order_id": 42, "status": "success", "shipment_status": "delivered", "tracking_numbers": ["T1", "T2"],
	  "tracking_urls": ["https://t/1"], "created_at": "2026-11-19T12:00:00Z", "updated_at": "2026-11-21T12:00:00Z"}`
	p, err := ParseWebhook(TopicFulfillmentsUpdate, "s", []byte(f))
	if err != nil {
		t.Fatalf("fulfillment: %v", err)
	}
	sh := p.Shipments[0]
	if sh.OrderID != "42" || sh.TrackingNumber != "T1" || sh.TrackingURL != "https://t/1" || sh.DeliveredAt == nil || !sh.DeliveredAt.Equal(ts("2026-11-21T12:00:00Z")) {
		t.Errorf("shipment = %+v", sh)
	}
	// A fulfilment's line items carry the units it holds: a line partly
	// fulfilled is known to be.
	f = `{"id": 6002, "order_id": 42, "status": "success", "shipment_status": "in_transit", "created_at": "2026-11-19T12:00:00Z",
	  "line_items": [{"id": 7, "quantity": 2}, {"id": 8, "quantity": 1}, {"id": 9}]}`
	if p, err = ParseWebhook(TopicFulfillmentsCreate, "s", []byte(f)); err != nil {
		t.Fatalf("fulfillment with lines: %v", err)
	}
	if sh := p.Shipments[0]; strings.Join(sh.LineItemIDs, ",") != "7,8,9" || len(sh.LineQuantities) != 2 || sh.LineQuantities["7"] != 2 || sh.LineQuantities["8"] != 1 {
		t.Errorf("lines %v, units %v; want 7,8,9 with 2 of 7 and 1 of 8", sh.LineItemIDs, sh.LineQuantities)
	}
	r := `{"id": 1, "order_id": 42, "created_at": "2026-11-21T12:00:00Z", "refund_line_items": [{"line_item_id": 9, "subtotal": 12.5}]}`
	p, err = ParseWebhook(TopicRefundsCreate, "s", []byte(r))
	if err != nil {
		t.Fatalf("refund: %v", err)
	}
	if got := p.Refunds[0]; got.Amount != 1250 || got.LineItems[0] != "9" {
		t.Errorf("refund = %+v, want 12.50 from its line items", got)
	}
}

// A refund of lines restocked as a return is for items that came back; a
// cancellation's or a plain refund's is not.
func TestParseRefundReturned(t *testing.T) {
	for _, tc := range []struct {
		restock string
		want    bool
	}{{"return", true}, {"cancel", false}, {"no_restock", false}, {"", false}} {
		t.Run(tc.restock, func(t *testing.T) {
			body := `{"id": 1, "order_id": 42, "created_at": "2026-11-21T12:00:00Z", "refund_line_items": [{"line_item_id": 9, "subtotal": 12.5, "restock_type": "` + tc.restock + `"}]}`
			p, err := ParseWebhook(TopicRefundsCreate, "s", []byte(body))
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Refunds[0].Returned; got != tc.want {
				t.Errorf("Returned = %v, want %v", got, tc.want)
			}
		})
	}
}

// Shopify's sample refunds/create (what "send test notification" sends)
// has "created_at": null: the refund is dated by processed_at, else left
// undated for intake to date by the delivery. Ids above 2^53 stay exact.
func TestParseRefundDates(t *testing.T) {
	tests := []struct {
		name, body string
		want       time.Time
	}{
		{"created_at", `{"id": 890088186047892319, "order_id": 820982911946154508, "created_at": "2026-11-21T12:00:00-05:00", "processed_at": "2026-11-22T12:00:00Z"}`, ts("2026-11-21T17:00:00Z")},
		{"null created_at, processed_at", `{"id": 890088186047892319, "order_id": 820982911946154508, "created_at": null, "processed_at": "2026-11-22T12:00:00Z"}`, ts("2026-11-22T12:00:00Z")},
		{"both null", `{"id": 890088186047892319, "order_id": 820982911946154508, "created_at": null, "processed_at": null}`, time.Time{}},
		{"both missing", `{"id": 890088186047892319, "order_id": 820982911946154508}`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseWebhook(TopicRefundsCreate, "s", []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			r := p.Refunds[0]
			if r.ID != "890088186047892319" || r.OrderID != "820982911946154508" || !r.CreatedAt.Equal(tt.want) {
				t.Errorf("refund = %s of %s at %v, want 890088186047892319 of 820982911946154508 at %v", r.ID, r.OrderID, r.CreatedAt, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, topic, body, want string
	}{
		{"not json", TopicOrdersCreate, `{"id": 1,`, "not valid JSON"},
		{"array", TopicOrdersCreate, `[1,2]`, "must be a JSON object"},
		{"id as word", TopicOrdersCreate, `{"id": "abc", "name": "#1", "updated_at": "2026-11-19T10:00:00Z"}`, "not a number"},
		{"no id", TopicOrdersUpdated, `{"name": "#1", "updated_at": "2026-11-19T10:00:00Z"}`, `missing "id"`},
		{"no updated_at", TopicOrdersUpdated, `{"id": 1, "name": "#1"}`, `missing "updated_at"`},
		{"bad date", TopicOrdersUpdated, `{"id": 1, "name": "#1", "updated_at": "yesterday"}`, "yesterday"},
		{"bad price", TopicOrdersCreate, `{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z", "total_price": "lots"}`, "not a number"},
		{"line item without id", TopicOrdersCreate, `{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z", "line_items": [{"title": "x"}]}`, `line_items[0]: missing "id"`},
		{"fulfillment no order", TopicFulfillmentsCreate, `{"id": 1, "updated_at": "2026-11-19T10:00:00Z"}`, `missing "order_id"`},
		{"unknown status", TopicFulfillmentsUpdate, `{"id": 1, "order_id": 2, "shipment_status": "teleported", "updated_at": "2026-11-19T10:00:00Z"}`, "unknown shipment_status"},
		{"refund no order", TopicRefundsCreate, `{"id": 1, "created_at": null}`, `missing "order_id"`},
		{"refund bad processed_at", TopicRefundsCreate, `{"id": 1, "order_id": 2, "created_at": null, "processed_at": "soon"}`, "soon"},
		{"wrong type", TopicOrdersCreate, `{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z", "line_items": {"a": 1}}`, `field "line_items"`},
		{"empty", TopicOrdersCreate, ``, "not valid JSON"},
		{"trailing data", TopicRefundsCreate, `{"id": 1, "order_id": 2, "created_at": "2026-11-19T10:00:00Z"} {}`, "data after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWebhook(tt.topic, "s", []byte(tt.body))
			var pe *PayloadError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a PayloadError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := ParseWebhook("products/create", "s", []byte(`{}`)); !errors.Is(err, ErrUnknownTopic) {
		t.Errorf("unknown topic err = %v", err)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(orderBody)
	sig := Sign([]byte("secret"), body)
	tests := []struct {
		name   string
		secret string
		body   []byte
		sig    string
		want   bool
	}{
		{"good", "secret", body, sig, true},
		{"wrong secret", "other", body, sig, false},
		{"changed body", "secret", append([]byte(" "), body...), sig, false},
		{"missing", "secret", body, "", false},
		{"not base64", "secret", body, "%%%", false},
		{"empty secret", "", body, Sign(nil, body), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verify([]byte(tt.secret), tt.body, tt.sig); got != tt.want {
				t.Errorf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzParseWebhook: any body, any topic, no panic; a success always has the
// fields the store keys on.
func FuzzParseWebhook(f *testing.F) {
	f.Add(TopicOrdersCreate, []byte(orderBody))
	f.Add(TopicFulfillmentsUpdate, []byte(`{"id": 1, "order_id": 2, "shipment_status": "in_transit", "updated_at": "2026-11-19T10:00:00Z"}`))
	f.Add(TopicRefundsCreate, []byte(`{"id": 1, "order_id": 2, "created_at": "2026-11-19T10:00:00Z"}`))
	f.Add(TopicRefundsCreate, []byte(`{"id": 890088186047892319, "order_id": 820982911946154508, "created_at": null, "processed_at": null}`))
	f.Add(TopicOrdersUpdated, []byte(`{"id": 1e400}`))
	f.Add(TopicOrdersUpdated, []byte(`{"id": 1, "name": "#1", "updated_at": "2026-11-19T10:00:00Z", "currency": "USD", "shipping_lines": [{"title": "S", "price": "-3.00", "discounted_price": null}]}`))
	f.Add(TopicOrdersCancelled, []byte(`{"id": "1", "name": "", "updated_at": null}`))
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		p, err := ParseWebhook(topic, "s", body)
		if err != nil {
			return
		}
		if p.Order != nil && (p.Order.ID == "" || p.Order.Name == "" || p.Order.UpdatedAt.IsZero()) {
			t.Errorf("order without keys: %+v", p.Order)
		}
		// What was paid for shipping is never negative, and there is a
		// figure only when the body has shipping lines.
		if p.Order != nil && p.Order.Shipping != nil {
			var top map[string]json.RawMessage
			_ = json.Unmarshal(body, &top)
			lines := false
			for k := range top {
				lines = lines || strings.EqualFold(k, "shipping_lines")
			}
			if p.Order.Shipping.Paid < 0 || !lines {
				t.Errorf("shipping %+v from %s", *p.Order.Shipping, body)
			}
		}
		for _, sh := range p.Shipments {
			if sh.ID == "" || sh.OrderID == "" || sh.UpdatedAt.IsZero() {
				t.Errorf("shipment without keys: %+v", sh)
			}
		}
		for _, r := range p.Refunds {
			if r.ID == "" || r.OrderID == "" {
				t.Errorf("refund without keys: %+v", r)
			}
			if !bytes.Contains(body, []byte(r.ID)) || !bytes.Contains(body, []byte(r.OrderID)) {
				t.Errorf("refund ids %s, %s are not digits of the body", r.ID, r.OrderID)
			}
		}
		// A refunds/create is undated only when the body gives neither date.
		if topic == TopicRefundsCreate && len(p.Refunds) == 1 && p.Refunds[0].CreatedAt.IsZero() {
			var top struct {
				CreatedAt   *string `json:"created_at"`
				ProcessedAt *string `json:"processed_at"`
			}
			if err := json.Unmarshal(body, &top); err == nil && (top.CreatedAt != nil || top.ProcessedAt != nil) {
				t.Errorf("undated refund from a body with a date: %s", body)
			}
		}
	})
}
