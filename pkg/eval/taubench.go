// Package eval is doorstep's scenario suite: customer conversations over the
// tau-bench retail data (500 customers, 1,000 orders) mapped to Shopify
// order webhooks, run through the whole local stack against a model, each
// checked for the tool calls it must make and the state it must leave.
package eval

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// Data is the tau-bench retail data.
type Data struct {
	Users  map[string]tbUser
	Orders map[string]tbOrder
	// Variants are the eval shop's products' variants and stock, by
	// product id (catalogue.json, optional): what exchanges are made from.
	Variants map[string][]agent.Variant
	// Newest is the newest timestamp of a shop's own orders (LoadData):
	// they are seeded with every date moved by the same amount, so this
	// one is the stack's now, as make dev moves the demo orders
	// (runner.LoadDemo). KeepDates seeds them as written.
	Newest    time.Time
	KeepDates bool
}

// catalogueFile is catalogue.json: the eval shop's catalogue, which
// tau-bench's orders do not carry (what is in stock, at what price now).
type catalogueFile struct {
	Description string                        `json:"description,omitempty"`
	Products    map[string][]catalogueVariant `json:"products"`
}

type catalogueVariant struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Price     string `json:"price"`
	Available int    `json:"available"`
}

// readCatalogue reads catalogue.json from fsys; none is no catalogue.
func readCatalogue(fsys fs.FS) (map[string][]agent.Variant, error) {
	b, err := fs.ReadFile(fsys, "catalogue.json")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load catalogue.json: %w", err)
	}
	var f catalogueFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("load catalogue.json: %w", err)
	}
	out := map[string][]agent.Variant{}
	for pid, vs := range f.Products {
		for _, v := range vs {
			c := cents(v.Price)
			if v.ID == "" || v.Title == "" || c < 0 {
				return nil, fmt.Errorf("load catalogue.json: product %s: a variant needs an id, a title and a price like 46.66", pid)
			}
			out[pid] = append(out[pid], agent.Variant{ID: v.ID, Title: v.Title, Price: order.Money(c), Available: v.Available})
		}
	}
	return out, nil
}

type tbUser struct {
	Name struct {
		First string `json:"first_name"`
		Last  string `json:"last_name"`
	} `json:"name"`
	Email   string    `json:"email"`
	Address tbAddress `json:"address"`
	Orders  []string  `json:"orders"`
}

type tbAddress struct {
	Address1 string `json:"address1"`
	Address2 string `json:"address2"`
	City     string `json:"city"`
	Country  string `json:"country"`
	State    string `json:"state"`
	Zip      string `json:"zip"`
}

type tbOrder struct {
	OrderID      string          `json:"order_id"`
	UserID       string          `json:"user_id"`
	Address      tbAddress       `json:"address"`
	Items        []tbItem        `json:"items"`
	Fulfillments []tbFulfillment `json:"fulfillments"`
	Status       string          `json:"status"`
	// raw is the Shopify order as the shop's own file gave it (LoadData),
	// seeded as written; nil for tau-bench's, which ShopifyOrder maps.
	raw []byte
}

type tbItem struct {
	Name      string            `json:"name"`
	ProductID string            `json:"product_id"`
	ItemID    string            `json:"item_id"`
	Price     float64           `json:"price"`
	Options   map[string]string `json:"options"`
}

type tbFulfillment struct {
	TrackingID []string `json:"tracking_id"`
	ItemIDs    []string `json:"item_ids"`
}

// A copy of tau-bench's retail users and orders (MIT licence, in data/)
// travels with the code, so the suite runs from any clone.
//
//go:embed data/users.json data/orders.json data/catalogue.json
var embedded embed.FS

// LoadEmbedded reads the copy of the data kept in the repository.
func LoadEmbedded() (*Data, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, err
	}
	return LoadFS(sub)
}

// Load reads users.json and orders.json from dir.
func Load(dir string) (*Data, error) { return LoadFS(os.DirFS(dir)) }

// LoadFS reads users.json and orders.json from fsys.
func LoadFS(fsys fs.FS) (*Data, error) {
	d := &Data{}
	for name, v := range map[string]any{"users.json": &d.Users, "orders.json": &d.Orders} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load tau-bench %s: %w", name, err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("load tau-bench %s: %w", name, err)
		}
	}
	var err error
	d.Variants, err = readCatalogue(fsys)
	return d, err
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// ShopifyName maps a tau-bench order id ("#W2611340") to a Shopify-shaped
// order name ("#2611340").
func ShopifyName(tbID string) string {
	return "#" + strings.TrimLeft(strings.TrimPrefix(tbID, "#"), "W")
}

var carriers = []struct{ name, url string }{
	{"UPS", "https://www.ups.com/track?tracknum="},
	{"USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels="},
	{"FedEx", "https://www.fedex.com/fedextrack/?trknbr="},
}

// DeliveredDaysAgo is how long ago a delivered tau-bench order arrived in
// the mapping: spread over 3 to 50 days, so some are past a 30-day window.
func DeliveredDaysAgo(tbID string) int { return 3 + int(hash(tbID)%48) }

// ShopifyOrder maps one tau-bench order to an orders/create body, dated
// relative to now: pending = unfulfilled, placed a day ago; processed =
// fulfilled and in transit, shipped two days ago; delivered = delivered
// DeliveredDaysAgo; cancelled = cancelled and refunded in full (a refund
// with its transaction).
// A shop's own order (LoadData) is its body with its dates moved so the
// data's newest is now (Data.Newest; as written with KeepDates).
func (d *Data) ShopifyOrder(o tbOrder, now time.Time) ([]byte, error) {
	if o.raw != nil {
		if d.KeepDates || d.Newest.IsZero() {
			return o.raw, nil
		}
		return runner.ShiftTimes(o.raw, now.Truncate(time.Second).Sub(d.Newest))
	}
	u := d.Users[o.UserID]
	digits := strings.TrimLeft(strings.TrimPrefix(o.OrderID, "#"), "W")
	id, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", o.OrderID, err)
	}
	orderID := 5_600_000_000_000 + id
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	var created time.Time
	switch o.Status {
	case "pending":
		created = now.Add(-24 * time.Hour)
	case "processed":
		created = now.Add(-4 * 24 * time.Hour)
	case "delivered":
		created = now.Add(-time.Duration(DeliveredDaysAgo(o.OrderID)+5) * 24 * time.Hour)
	default:
		created = now.Add(-10 * 24 * time.Hour)
	}
	var total float64
	var lines []map[string]any
	for i, it := range o.Items {
		var opts []string
		for k, v := range it.Options {
			opts = append(opts, k+": "+v)
		}
		sort.Strings(opts)
		total += it.Price
		lines = append(lines, map[string]any{"id": orderID*100 + int64(i), "product_id": it.ProductID, "variant_id": it.ItemID,
			"sku": it.ItemID, "title": it.Name, "variant_title": strings.Join(opts, " / "), "quantity": 1,
			"price": fmt.Sprintf("%.2f", it.Price), "requires_shipping": true})
	}
	country := o.Address.Country
	if country == "USA" {
		country = "US"
	}
	body := map[string]any{
		"id": orderID, "name": ShopifyName(o.OrderID), "email": u.Email, "currency": "USD",
		"created_at": ts(created), "updated_at": ts(created.Add(time.Hour)),
		"total_price": fmt.Sprintf("%.2f", total), "financial_status": "paid", "fulfillment_status": nil,
		"customer":         map[string]any{"id": 7_000_000 + int64(hash(o.UserID)%1_000_000), "email": u.Email, "first_name": u.Name.First, "last_name": u.Name.Last},
		"shipping_address": map[string]any{"first_name": u.Name.First, "last_name": u.Name.Last, "address1": o.Address.Address1, "address2": o.Address.Address2, "city": o.Address.City, "province_code": o.Address.State, "province": o.Address.State, "zip": o.Address.Zip, "country_code": country},
		"line_items":       lines,
	}
	c := carriers[hash(o.OrderID)%uint32(len(carriers))]
	fulfil := func(status string, at time.Time, delivered bool) {
		var ids []map[string]any
		for i := range o.Items {
			ids = append(ids, map[string]any{"id": orderID*100 + int64(i)})
		}
		tracking := "TB" + digits
		if len(o.Fulfillments) > 0 && len(o.Fulfillments[0].TrackingID) > 0 {
			tracking = o.Fulfillments[0].TrackingID[0]
		}
		updated := at
		if delivered {
			updated = now.Add(-time.Duration(DeliveredDaysAgo(o.OrderID)) * 24 * time.Hour)
		}
		body["fulfillments"] = []any{map[string]any{"id": orderID*10 + 1, "order_id": orderID, "status": "success", "shipment_status": status,
			"tracking_company": c.name, "tracking_number": tracking, "tracking_url": c.url + tracking, "service": "Ground",
			"created_at": ts(at), "updated_at": ts(updated), "line_items": ids}}
		body["fulfillment_status"] = "fulfilled"
		body["updated_at"] = ts(updated)
	}
	switch o.Status {
	case "processed":
		fulfil("in_transit", now.Add(-2*24*time.Hour), false)
	case "delivered":
		fulfil("delivered", created.Add(24*time.Hour), true)
	case "cancelled":
		body["cancelled_at"] = ts(created.Add(2 * time.Hour))
		body["cancel_reason"] = "customer"
		body["financial_status"] = "refunded"
		body["updated_at"] = ts(created.Add(2 * time.Hour))
		// Refunded in full when cancelled, as Shopify records it: a
		// refund with its transaction, so refund_status has the amount
		// and the day to tell.
		body["refunds"] = []any{map[string]any{"id": orderID*10 + 2, "order_id": orderID, "created_at": ts(created.Add(2 * time.Hour)),
			"processed_at": ts(created.Add(2 * time.Hour)), "note": "order cancelled",
			"transactions": []any{map[string]any{"amount": fmt.Sprintf("%.2f", total), "currency": "USD", "kind": "refund", "status": "success"}}}}
	}
	return json.Marshal(body)
}

// name is the order's name in the shop: a shop's own order's as written,
// a tau-bench order's mapped (ShopifyName).
func (o tbOrder) name() string {
	if o.raw != nil {
		return o.OrderID
	}
	return ShopifyName(o.OrderID)
}
