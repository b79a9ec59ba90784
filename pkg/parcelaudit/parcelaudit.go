// Package parcelaudit keeps carrier claims: parcels delivered late against
// a guaranteed service date, and lost parcels, each recorded once with the
// evidence a carrier asks for (tracking history, promised and actual dates,
// amounts), listed for the merchant and exported as CSV.
//
// Claims are documents in collection "claims:<shop>", id
// "<order>|<shipment>|<reason>".
package parcelaudit

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

// Reasons for a claim.
const (
	ReasonLost           = "lost"
	ReasonLateGuaranteed = "late_guaranteed"
)

// Statuses of a claim. doorstep opens claims, and withdraws one whose
// reason went away (a lost parcel delivered after all); the merchant files
// them.
const (
	StatusOpen      = "open"
	StatusWithdrawn = "withdrawn"
)

// Collection is a shop's claims collection.
func Collection(shop string) string { return "claims:" + shop }

// ID is a claim's document id.
func ID(orderID, shipmentID, reason string) string { return orderID + "|" + shipmentID + "|" + reason }

// Item is one line of what the parcel held.
type Item struct {
	Title    string      `json:"title"`
	SKU      string      `json:"sku,omitempty"`
	Quantity int         `json:"quantity"`
	Price    order.Money `json:"price"`
}

// Claim is one carrier claim with its evidence.
type Claim struct {
	ID             string `json:"id"`
	Shop           string `json:"shop"`
	Reason         string `json:"reason"`
	Status         string `json:"status"`
	OrderID        string `json:"order_id"`
	OrderName      string `json:"order_name"`
	ShipmentID     string `json:"shipment_id"`
	Carrier        string `json:"carrier,omitempty"`
	Service        string `json:"service,omitempty"`
	TrackingNumber string `json:"tracking_number,omitempty"`
	// Destination is city, province and country: no street, no name.
	Destination string     `json:"destination,omitempty"`
	ShippedAt   *time.Time `json:"shipped_at,omitempty"`
	// PromisedBy is the date the carrier promised (guaranteed date, or the
	// estimate's last day), "YYYY-MM-DD".
	PromisedBy  string     `json:"promised_by,omitempty"`
	Guaranteed  bool       `json:"guaranteed,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	LastScanAt  time.Time  `json:"last_scan_at"`
	// DaysLate counts calendar days past PromisedBy: to delivery, or to
	// the claim's last update while not delivered.
	DaysLate int `json:"days_late,omitempty"`
	// GoodsValue is what the parcel's items cost the customer; OrderTotal
	// the whole order's total; both in Currency's minor units.
	GoodsValue order.Money      `json:"goods_value"`
	OrderTotal order.Money      `json:"order_total"`
	Currency   string           `json:"currency,omitempty"`
	Items      []Item           `json:"items,omitempty"`
	Events     []tracking.Event `json:"events,omitempty"`
	CreatedAt  time.Time        `json:"created_at"`
	UpdatedAt  time.Time        `json:"updated_at"`
	// ClosedReason says why a withdrawn claim was withdrawn.
	ClosedReason string `json:"closed_reason,omitempty"`
}

// Store is what the book needs.
type Store interface {
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}

// Book keeps claims.
type Book struct {
	Store Store
	Clock clock.Clock
}

// Evidence builds a claim for a shipment of o from what is known.
func Evidence(o order.Order, sh order.Shipment, reason string, events []tracking.Event) Claim {
	c := Claim{
		ID: ID(o.ID, sh.ID, reason), Shop: o.Shop, Reason: reason, Status: StatusOpen,
		OrderID: o.ID, OrderName: o.Name, ShipmentID: sh.ID,
		Carrier: sh.Carrier, Service: sh.Service, TrackingNumber: sh.TrackingNumber,
		ShippedAt: sh.ShippedAt, DeliveredAt: sh.DeliveredAt, LastScanAt: sh.LastEventAt,
		OrderTotal: o.TotalPrice, Currency: o.Currency, Events: events,
	}
	if a := o.ShippingAddress; a != nil {
		c.Destination = joinNonEmpty(", ", a.City, a.Province, firstNonEmpty(a.CountryCode, a.Country))
	}
	in := map[string]bool{}
	for _, id := range sh.LineItemIDs {
		in[id] = true
	}
	for _, li := range o.LineItems {
		if len(in) > 0 && !in[li.ID] {
			continue
		}
		c.Items = append(c.Items, Item{Title: li.Title, SKU: li.SKU, Quantity: li.Quantity, Price: li.Price})
		c.GoodsValue += li.Price * order.Money(li.Quantity)
	}
	return c
}

// Open records a claim unless one with its id exists; it reports whether
// it was new.
func (b *Book) Open(ctx context.Context, c Claim) (bool, error) {
	now := b.Clock.Now()
	c.Status = firstNonEmpty(c.Status, StatusOpen)
	c.CreatedAt, c.UpdatedAt = now, now
	c.DaysLate = daysLate(c, now)
	v, err := json.Marshal(c)
	if err != nil {
		return false, fmt.Errorf("encode claim: %w", err)
	}
	err = b.Store.CreateDoc(ctx, Collection(c.Shop), c.ID, v, time.Time{})
	if errors.Is(err, store.ErrConflict) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open claim %s: %w", c.ID, err)
	}
	return true, nil
}

// Get reads one claim.
func (b *Book) Get(ctx context.Context, shop, id string) (Claim, error) {
	v, err := b.Store.GetDoc(ctx, Collection(shop), id)
	if err != nil {
		return Claim{}, fmt.Errorf("read claim %s: %w", id, err)
	}
	var c Claim
	if err := json.Unmarshal(v, &c); err != nil {
		return Claim{}, fmt.Errorf("decode claim %s: %w", id, err)
	}
	return c, nil
}

// Delivered adds the delivery time, and the events since, to a claim that
// was opened while the parcel was late; no error when there is none.
func (b *Book) Delivered(ctx context.Context, shop, orderID, shipmentID, reason string, at time.Time, events []tracking.Event) error {
	c, err := b.Get(ctx, shop, ID(orderID, shipmentID, reason))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if c.DeliveredAt != nil && c.DeliveredAt.Equal(at) {
		return nil
	}
	c.DeliveredAt = &at
	if len(events) > 0 {
		c.Events = events
	}
	c.UpdatedAt = b.Clock.Now()
	c.DaysLate = daysLate(c, c.UpdatedAt)
	v, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode claim: %w", err)
	}
	if err := b.Store.PutDoc(ctx, Collection(shop), c.ID, v, time.Time{}); err != nil {
		return fmt.Errorf("update claim %s: %w", c.ID, err)
	}
	return nil
}

// Withdraw marks an open claim withdrawn, saying why (a lost parcel
// delivered after all: there is nothing to claim); no error when there is
// none, and a claim withdrawn already is left as it is.
func (b *Book) Withdraw(ctx context.Context, shop, orderID, shipmentID, reason, why string) error {
	c, err := b.Get(ctx, shop, ID(orderID, shipmentID, reason))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if c.Status != StatusOpen {
		return nil
	}
	c.Status, c.ClosedReason, c.UpdatedAt = StatusWithdrawn, why, b.Clock.Now()
	v, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode claim: %w", err)
	}
	if err := b.Store.PutDoc(ctx, Collection(shop), c.ID, v, time.Time{}); err != nil {
		return fmt.Errorf("withdraw claim %s: %w", c.ID, err)
	}
	return nil
}

func daysLate(c Claim, now time.Time) int {
	promised, err := time.Parse(time.DateOnly, c.PromisedBy)
	if err != nil {
		return 0
	}
	end := now
	if c.DeliveredAt != nil {
		end = *c.DeliveredAt
	}
	d := int(end.Sub(promised.AddDate(0, 0, 1)).Hours() / 24)
	if end.After(promised.AddDate(0, 0, 1)) {
		d++
	}
	return max(d, 0)
}

// List returns up to limit claims of a shop, in id order, from the id after
// "after"; next is the id to pass for the next page, "" at the end.
func (b *Book) List(ctx context.Context, shop, after string, limit int) (claims []Claim, next string, err error) {
	limit = min(max(limit, 1), 500)
	docs, err := b.Store.ListDocs(ctx, Collection(shop), "", after, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list claims: %w", err)
	}
	if len(docs) > limit {
		docs = docs[:limit]
		next = docs[limit-1].ID
	}
	claims = make([]Claim, 0, len(docs))
	for _, d := range docs {
		var c Claim
		if err := json.Unmarshal(d.Value, &c); err != nil {
			return nil, "", fmt.Errorf("decode claim %s: %w", d.ID, err)
		}
		claims = append(claims, c)
	}
	return claims, next, nil
}

// All returns every claim of a shop.
func (b *Book) All(ctx context.Context, shop string) ([]Claim, error) {
	var all []Claim
	after := ""
	for {
		page, next, err := b.List(ctx, shop, after, 500)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if next == "" {
			return all, nil
		}
		after = next
	}
}

// CSVHeader names the CSV export's columns.
var CSVHeader = []string{"claim_id", "created_at", "reason", "status", "order", "order_id", "shipment_id",
	"carrier", "service", "tracking_number", "destination", "shipped_at", "promised_by", "guaranteed",
	"delivered_at", "last_scan_at", "days_late", "goods_value", "order_total", "currency", "items",
	"events", "last_event", "closed_reason"}

// WriteCSV writes claims as CSV, one row each, amounts as decimals.
// Cells a spreadsheet would run as a formula are prefixed with a quote.
func WriteCSV(w io.Writer, claims []Claim) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, c := range claims {
		var items []string
		for _, it := range c.Items {
			items = append(items, fmt.Sprintf("%d x %s", it.Quantity, it.Title))
		}
		last := ""
		if n := len(c.Events); n > 0 {
			e := c.Events[n-1]
			last = joinNonEmpty(" ", e.Time.Format(time.RFC3339), joinNonEmpty(", ", e.Description, e.Location))
		}
		row := []string{c.ID, c.CreatedAt.Format(time.RFC3339), c.Reason, c.Status, c.OrderName, c.OrderID, c.ShipmentID,
			c.Carrier, c.Service, c.TrackingNumber, c.Destination, timeCell(c.ShippedAt), c.PromisedBy, strconv.FormatBool(c.Guaranteed),
			timeCell(c.DeliveredAt), timeCell(&c.LastScanAt), strconv.Itoa(c.DaysLate), money.Decimal(int64(c.GoodsValue), c.Currency), money.Decimal(int64(c.OrderTotal), c.Currency),
			c.Currency, strings.Join(items, "; "), strconv.Itoa(len(c.Events)), last, c.ClosedReason}
		for i := range row {
			row[i] = safeCell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func timeCell(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s // a negative number is a number
		}
		return "'" + s
	}
	return s
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// CSV writes every claim of a shop as CSV (the console's claims export).
func (b *Book) CSV(ctx context.Context, shop string, w io.Writer) error {
	claims, err := b.All(ctx, shop)
	if err != nil {
		return err
	}
	return WriteCSV(w, claims)
}
