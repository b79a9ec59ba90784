package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// A merchant simulates against their own orders: Shopify order JSON as the
// orders/create webhook carries it (the Admin REST order), a file or a
// folder of them. Each order is seeded exactly as written, through the
// stack's webhook intake, so the agent sees what it would see in the shop;
// the customers, order names, addresses, tracking numbers and prices the
// checks need are read from it.

// LoadData reads the orders a simulation or an eval runs on from path,
// telling the formats apart by their content: a folder with tau-bench's
// users.json and orders.json is tau-bench retail data; any other folder,
// or a file, holds Shopify orders (each *.json an order, an array of
// orders, or {"orders": [...]}, an optional catalogue.json beside them).
// Anything else is refused with what was found and what is wanted.
func LoadData(path string) (*Data, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("orders: %w", err)
	}
	if !st.IsDir() {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("orders: %w", err)
		}
		orders, err := ParseShopifyOrders(b)
		if err != nil {
			return nil, fmt.Errorf("orders in %s: %w", path, err)
		}
		return shopifyData(orders, nil)
	}
	fsys := os.DirFS(path)
	if isTauBench(fsys) {
		return LoadFS(fsys)
	}
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("orders in %s: %w", path, err)
	}
	sort.Strings(names)
	var orders []ShopifyOrderData
	for _, name := range names {
		if name == "catalogue.json" {
			continue
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("orders in %s: %w", path, err)
		}
		more, err := ParseShopifyOrders(b)
		if err != nil {
			return nil, fmt.Errorf("orders in %s: %w", filepath.Join(path, name), err)
		}
		orders = append(orders, more...)
	}
	if len(orders) == 0 {
		return nil, fmt.Errorf("orders in %s: no *.json file: want Shopify orders (as the orders/create webhook carries them) or tau-bench's users.json and orders.json", path)
	}
	variants, err := readCatalogue(fsys)
	if err != nil {
		return nil, err
	}
	d, err := shopifyData(orders, variants)
	if err != nil {
		return nil, fmt.Errorf("orders in %s: %w", path, err)
	}
	return d, nil
}

// isTauBench reports whether fsys holds tau-bench's two files.
func isTauBench(fsys fs.FS) bool {
	for _, name := range []string{"users.json", "orders.json"} {
		if st, err := fs.Stat(fsys, name); err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// ShopifyOrderData is one Shopify order as the file gave it (Raw) and the
// fields of it the checks read.
type ShopifyOrderData struct {
	Raw json.RawMessage
	// Name is the order's name ("#1001"), Email its customer's.
	Name  string
	Email string
	order shopifyOrderFields
}

// shopifyOrderFields are the fields of a Shopify order (Admin REST, as the
// webhooks carry it) the checks read.
type shopifyOrderFields struct {
	ID           json.Number `json:"id"`
	Name         string      `json:"name"`
	OrderNumber  json.Number `json:"order_number"`
	Email        string      `json:"email"`
	ContactEmail string      `json:"contact_email"`
	CancelledAt  *string     `json:"cancelled_at"`
	Customer     *struct {
		ID        json.Number     `json:"id"`
		Email     string          `json:"email"`
		FirstName string          `json:"first_name"`
		LastName  string          `json:"last_name"`
		Address   *shopifyAddress `json:"default_address"`
	} `json:"customer"`
	Shipping  *shopifyAddress `json:"shipping_address"`
	LineItems []struct {
		ID           json.Number `json:"id"`
		ProductID    json.Number `json:"product_id"`
		VariantID    json.Number `json:"variant_id"`
		Title        string      `json:"title"`
		VariantTitle string      `json:"variant_title"`
		Quantity     int         `json:"quantity"`
		Price        string      `json:"price"`
	} `json:"line_items"`
	Fulfillments []struct {
		TrackingNumber  string   `json:"tracking_number"`
		TrackingNumbers []string `json:"tracking_numbers"`
		ShipmentStatus  string   `json:"shipment_status"`
		Status          string   `json:"status"`
	} `json:"fulfillments"`
}

type shopifyAddress struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Address1  string `json:"address1"`
	Address2  string `json:"address2"`
	City      string `json:"city"`
	Province  string `json:"province_code"`
	Country   string `json:"country_code"`
	Zip       string `json:"zip"`
}

// ParseShopifyOrders reads a file of Shopify orders: one order object (an
// orders/create webhook's body), an array of them, or {"orders": [...]}
// (the Admin REST list). Every order needs a name (or order_number), its
// customer's email and a line item; tau-bench's files, and anything that
// is not an order, are refused saying what they are.
func ParseShopifyOrders(b []byte) ([]ShopifyOrderData, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, errors.New("empty file: want Shopify order JSON")
	}
	var items []json.RawMessage
	switch b[0] {
	case '[':
		if err := json.Unmarshal(b, &items); err != nil {
			return nil, fmt.Errorf("not Shopify order JSON: %w", err)
		}
	case '{':
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(b, &probe); err != nil {
			return nil, fmt.Errorf("not Shopify order JSON: %w", err)
		}
		if list, ok := probe["orders"]; ok && len(probe) == 1 {
			if err := json.Unmarshal(list, &items); err != nil {
				return nil, fmt.Errorf(`"orders" is not a list of orders: %w`, err)
			}
			break
		}
		if what := tauBenchFile(probe); what != "" {
			return nil, fmt.Errorf("this is tau-bench's %s: pass the folder holding users.json and orders.json, or your shop's Shopify orders", what)
		}
		items = []json.RawMessage{b}
	default:
		return nil, errors.New("not JSON: want Shopify order JSON (an order object, an array of them, or {\"orders\": [...]})")
	}
	if len(items) == 0 {
		return nil, errors.New("no orders in the file")
	}
	var out []ShopifyOrderData
	var errs []error
	for i, raw := range items {
		o, err := parseShopifyOrder(raw)
		if err != nil {
			where := fmt.Sprintf("order %d", i+1)
			if len(items) == 1 {
				where = "the order"
			}
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
			continue
		}
		out = append(out, o)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// tauBenchFile names the tau-bench file an object is ("orders.json",
// "users.json"), or "": a map of ids to records with tau-bench's fields.
func tauBenchFile(probe map[string]json.RawMessage) string {
	for _, v := range probe {
		var rec map[string]json.RawMessage
		if json.Unmarshal(v, &rec) != nil {
			return ""
		}
		_, order := rec["order_id"]
		_, user := rec["user_id"]
		_, items := rec["items"]
		_, orders := rec["orders"]
		_, email := rec["email"]
		switch {
		case order && (user || items):
			return "orders.json"
		case orders && email:
			return "users.json"
		}
		return ""
	}
	return ""
}

// parseShopifyOrder reads one order object.
func parseShopifyOrder(raw json.RawMessage) (ShopifyOrderData, error) {
	var f shopifyOrderFields
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&f); err != nil {
		return ShopifyOrderData{}, fmt.Errorf("not a Shopify order: %w", err)
	}
	name := strings.TrimSpace(f.Name)
	if name == "" && f.OrderNumber != "" {
		name = "#" + f.OrderNumber.String()
	}
	if name == "" || len(f.LineItems) == 0 {
		return ShopifyOrderData{}, errors.New(`not a Shopify order: want "name" (or "order_number") and "line_items", as an orders/create webhook's body has them`)
	}
	if f.ID == "" {
		return ShopifyOrderData{}, fmt.Errorf("order %s: no \"id\"", name)
	}
	email := strings.TrimSpace(f.Email)
	if email == "" {
		email = strings.TrimSpace(f.ContactEmail)
	}
	if email == "" && f.Customer != nil {
		email = strings.TrimSpace(f.Customer.Email)
	}
	if email == "" {
		return ShopifyOrderData{}, fmt.Errorf("order %s: no customer email (email, contact_email or customer.email): a customer proves an order with it", name)
	}
	for i, l := range f.LineItems {
		if c := cents(l.Price); l.Title == "" || c < 0 || !plainMoneyRe.MatchString(strings.TrimSpace(l.Price)) {
			return ShopifyOrderData{}, fmt.Errorf("order %s: line_items[%d]: want a title and a price like \"24.00\"", name, i)
		}
	}
	return ShopifyOrderData{Raw: append(json.RawMessage(nil), raw...), Name: name, Email: email, order: f}, nil
}

// shopifyData is the Data of a shop's orders: each order kept as written,
// its customer one user (by customer id, else by email).
func shopifyData(orders []ShopifyOrderData, variants map[string][]agent.Variant) (*Data, error) {
	d := &Data{Users: map[string]tbUser{}, Orders: map[string]tbOrder{}, Variants: variants}
	for _, so := range orders {
		f := so.order
		if _, dup := d.Orders[so.Name]; dup {
			return nil, fmt.Errorf("order %s is given twice", so.Name)
		}
		newest, err := runner.NewestTime(so.Raw)
		if err != nil {
			return nil, fmt.Errorf("order %s: %w", so.Name, err)
		}
		if newest.After(d.Newest) {
			d.Newest = newest
		}
		uid := "email:" + strings.ToLower(so.Email)
		if f.Customer != nil && f.Customer.ID != "" {
			uid = "customer:" + f.Customer.ID.String()
		}
		u, ok := d.Users[uid]
		if !ok {
			u.Email = so.Email
			if f.Customer != nil {
				u.Name.First, u.Name.Last = f.Customer.FirstName, f.Customer.LastName
				if f.Customer.Address != nil {
					u.Address = f.Customer.Address.tb()
				}
			}
			if u.Name.First == "" && u.Name.Last == "" && f.Shipping != nil {
				u.Name.First, u.Name.Last = f.Shipping.FirstName, f.Shipping.LastName
			}
		}
		u.Orders = append(u.Orders, so.Name)
		d.Users[uid] = u
		o := tbOrder{OrderID: so.Name, UserID: uid, Status: "pending", raw: so.Raw}
		if f.Shipping != nil {
			o.Address = f.Shipping.tb()
		}
		for _, l := range f.LineItems {
			opts := map[string]string{}
			if l.VariantTitle != "" {
				opts["variant"] = l.VariantTitle
			}
			q := max(l.Quantity, 1)
			price := float64(cents(l.Price)) / 100
			for range q {
				o.Items = append(o.Items, tbItem{Name: l.Title, ProductID: l.ProductID.String(), ItemID: l.VariantID.String(), Price: price, Options: opts})
			}
		}
		for _, fl := range f.Fulfillments {
			if fl.Status != "" && fl.Status != "success" {
				continue
			}
			tns := fl.TrackingNumbers
			if len(tns) == 0 && fl.TrackingNumber != "" {
				tns = []string{fl.TrackingNumber}
			}
			o.Fulfillments = append(o.Fulfillments, tbFulfillment{TrackingID: tns})
			if o.Status != "delivered" {
				o.Status = "processed"
			}
			if fl.ShipmentStatus == "delivered" {
				o.Status = "delivered"
			}
		}
		if f.CancelledAt != nil && *f.CancelledAt != "" {
			o.Status = "cancelled"
		}
		d.Orders[so.Name] = o
	}
	return d, nil
}

func (a shopifyAddress) tb() tbAddress {
	return tbAddress{Address1: a.Address1, Address2: a.Address2, City: a.City, Country: a.Country, State: a.Province, Zip: a.Zip}
}

// FromShopify reports whether the orders are a shop's own (LoadData read
// Shopify orders), not tau-bench's.
func (d *Data) FromShopify() bool {
	for _, o := range d.Orders {
		return o.raw != nil
	}
	return false
}
