// Package order is the order domain: orders, their line items and customer,
// their shipments (Shopify fulfillments) and refunds, and the journey stage an
// order is in. It is pure code: no storage, no clock of its own, no AWS.
package order

import (
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/money"
)

// Order is one Shopify order, normalised.
type Order struct {
	Shop              string     `json:"shop"`
	ID                string     `json:"id"`   // Shopify's numeric id, as text
	Name              string     `json:"name"` // "#1001"
	Email             string     `json:"email"`
	Customer          Customer   `json:"customer"`
	Currency          string     `json:"currency"`
	TotalPrice        Money      `json:"total_price"`
	FinancialStatus   string     `json:"financial_status"`             // paid, refunded, partially_refunded, ...
	FulfillmentStatus string     `json:"fulfillment_status,omitempty"` // "", partial, fulfilled
	LineItems         []LineItem `json:"line_items"`
	ShippingAddress   *Address   `json:"shipping_address,omitempty"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
	CancelledAt       *time.Time `json:"cancelled_at,omitempty"`
	CancelReason      string     `json:"cancel_reason,omitempty"`
	ClosedAt          *time.Time `json:"closed_at,omitempty"`
	Tags              []string   `json:"tags,omitempty"`
	// DiscountCodes are the codes the customer entered at checkout.
	DiscountCodes []string `json:"discount_codes,omitempty"`
	// Shipping is what the customer chose and paid for delivery; nil when
	// the order came without shipping lines (a payload that leaves them
	// out says nothing, which is not "free").
	Shipping *Shipping `json:"shipping,omitempty"`

	// Shipments, Refunds and Returns are stored as items of their own and joined in
	// when an order is read.
	Shipments []Shipment `json:"shipments,omitempty"`
	Refunds   []Refund   `json:"refunds,omitempty"`
	Returns   []Return   `json:"returns,omitempty"`
}

// Shipping is an order's delivery charge: its methods as the checkout
// named them ("Standard Shipping") and what was paid for them, after any
// shipping discount (zero: free).
type Shipping struct {
	Method string `json:"method,omitempty"`
	Paid   Money  `json:"paid"`
}

// Money is an amount in the order's currency, in minor units (cents).
type Money int64

// Customer is who placed the order.
type Customer struct {
	ID        string `json:"id,omitempty"`
	Email     string `json:"email,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Phone     string `json:"phone,omitempty"`
}

// LineItem is one product line of an order.
type LineItem struct {
	ID        string `json:"id"`
	ProductID string `json:"product_id,omitempty"`
	VariantID string `json:"variant_id,omitempty"`
	SKU       string `json:"sku,omitempty"`
	Title     string `json:"title"`
	Variant   string `json:"variant,omitempty"`
	Quantity  int    `json:"quantity"`
	Price     Money  `json:"price"`
	// Tax and Discount are the line's tax and discounts, for all of its
	// units (minor units of the order's currency).
	Tax      Money `json:"tax,omitempty"`
	Discount Money `json:"discount,omitempty"`
}

// Paid is what the customer paid for units of li: its price less its
// discounts plus its tax, shared by unit, rounded down to a minor unit
// (all of its units: exactly the line's total).
func (li LineItem) Paid(units int) Money {
	if li.Quantity <= 0 || units <= 0 {
		return 0
	}
	total := li.Price*Money(li.Quantity) - li.Discount + li.Tax
	if units >= li.Quantity {
		return max(total, 0)
	}
	return max(Money(money.Share(int64(total), int64(units), int64(li.Quantity))), 0)
}

// PaidFor is what the customer paid for lines of o (LineItem.Paid, line by
// line): the one figure a refund of those units gives back, as Shopify's
// suggested refund computes it (the discounted price plus the line's tax
// share). Every path that states or makes such a refund (a return, a
// damaged item's refund, the demo shop's record) uses it. A line not on o
// counts nothing.
func PaidFor(o Order, lines []ReturnLine) Money {
	var v Money
	for _, l := range lines {
		for _, li := range o.LineItems {
			if li.ID == l.LineItemID {
				v += li.Paid(l.Quantity)
				break
			}
		}
	}
	return v
}

// Address is a postal address.
type Address struct {
	Name        string `json:"name,omitempty"`
	Address1    string `json:"address1,omitempty"`
	Address2    string `json:"address2,omitempty"`
	City        string `json:"city,omitempty"`
	Province    string `json:"province,omitempty"`
	Zip         string `json:"zip,omitempty"`
	Country     string `json:"country,omitempty"`
	CountryCode string `json:"country_code,omitempty"`
	Phone       string `json:"phone,omitempty"`
	// ProvinceCode is the province's code ("CA" for California), when known.
	ProvinceCode string `json:"province_code,omitempty"`
}

// ShipmentStatus is where a parcel is, in Shopify's fulfillment vocabulary.
type ShipmentStatus string

// Shipment statuses (Shopify fulfillment shipment_status, plus the empty
// status of a fulfillment with no carrier news yet).
const (
	StatusNone              ShipmentStatus = ""
	StatusLabelPrinted      ShipmentStatus = "label_printed"
	StatusLabelPurchased    ShipmentStatus = "label_purchased"
	StatusConfirmed         ShipmentStatus = "confirmed"
	StatusCarrierPickedUp   ShipmentStatus = "carrier_picked_up"
	StatusInTransit         ShipmentStatus = "in_transit"
	StatusDelayed           ShipmentStatus = "delayed"
	StatusOutForDelivery    ShipmentStatus = "out_for_delivery"
	StatusAttemptedDelivery ShipmentStatus = "attempted_delivery"
	StatusReadyForPickup    ShipmentStatus = "ready_for_pickup"
	StatusPickedUp          ShipmentStatus = "picked_up"
	StatusDelivered         ShipmentStatus = "delivered"
	StatusFailure           ShipmentStatus = "failure"
	StatusReturnedToSender  ShipmentStatus = "returned_to_sender"
)

// Known reports whether s is a status doorstep understands.
func (s ShipmentStatus) Known() bool {
	switch s {
	case StatusNone, StatusLabelPrinted, StatusLabelPurchased, StatusConfirmed,
		StatusCarrierPickedUp, StatusInTransit, StatusDelayed, StatusOutForDelivery,
		StatusAttemptedDelivery, StatusReadyForPickup, StatusPickedUp,
		StatusDelivered, StatusFailure, StatusReturnedToSender:
		return true
	}
	return false
}

// Shipment is one fulfillment of an order: some of its items, handed to a
// carrier under a tracking number.
type Shipment struct {
	Shop           string         `json:"shop"`
	OrderID        string         `json:"order_id"`
	ID             string         `json:"id"`    // Shopify fulfillment id
	State          string         `json:"state"` // Shopify fulfillment status: pending, open, success, cancelled, error, failure
	Status         ShipmentStatus `json:"shipment_status"`
	Carrier        string         `json:"carrier,omitempty"`
	Service        string         `json:"service,omitempty"`
	TrackingNumber string         `json:"tracking_number,omitempty"`
	TrackingURL    string         `json:"tracking_url,omitempty"`
	LineItemIDs    []string       `json:"line_item_ids,omitempty"`
	// LineQuantities is how many units of each line (by id) the
	// fulfilment holds, from its fulfilment line items; a line in
	// LineItemIDs with no entry here is held whole.
	LineQuantities map[string]int `json:"line_quantities,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	// ShippedAt is when the carrier first had the parcel, when known.
	ShippedAt *time.Time `json:"shipped_at,omitempty"`
	// DeliveredAt is when the parcel was delivered, when known.
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	// EstimatedDelivery is the carrier's estimate, when it gave one.
	EstimatedDelivery *time.Time `json:"estimated_delivery,omitempty"`
	// LastEventAt is the time of the latest carrier news.
	LastEventAt time.Time `json:"last_event_at"`
	// NextCheckAt is when the delivery check should next look at this
	// shipment; nil when it needs no more checks (delivered, cancelled).
	NextCheckAt *time.Time `json:"next_check_at,omitempty"`
}

// Cancelled reports whether the fulfillment was cancelled or failed at Shopify.
func (s Shipment) Cancelled() bool {
	return s.State == "cancelled" || s.State == "error" || s.State == "failure"
}

// NeverScanned reports whether the carrier never had the parcel: a label
// printed or bought and no carrier scan (the shop can still cancel it).
func (s Shipment) NeverScanned() bool {
	return s.ShippedAt == nil && !s.Cancelled() && ShipmentStage(s) == StageLabelCreated
}

// Refund is money given back on an order.
type Refund struct {
	Shop    string `json:"shop"`
	OrderID string `json:"order_id"`
	ID      string `json:"id"`
	Amount  Money  `json:"amount"`
	Note    string `json:"note,omitempty"`
	Restock bool   `json:"restock,omitempty"`
	// Returned: the refund is for items that came back (a line restocked
	// as a return): the return was received by its date.
	Returned  bool      `json:"returned,omitempty"`
	LineItems []string  `json:"line_item_ids,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// RefundedTotal is the sum of the order's refunds.
func (o Order) RefundedTotal() Money {
	var t Money
	for _, r := range o.Refunds {
		t += r.Amount
	}
	return t
}

// NormaliseEmail is the form emails are compared and indexed in.
func NormaliseEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// NormaliseName returns an order name in Shopify's "#1001" form, whether it
// was typed as "1001", "#1001" or " # 1001 "; a replacement order's name
// in its "#1001-R" form, however the suffix was typed ("1001r", "#1001-r").
func NormaliseName(n string) string {
	n = strings.TrimSpace(n)
	n = strings.TrimSpace(strings.TrimPrefix(n, "#"))
	if n == "" {
		return ""
	}
	return "#" + replacementName(n)
}

// Return is a return of some of an order's items, requested or under way.
type Return struct {
	Shop      string       `json:"shop"`
	OrderID   string       `json:"order_id"`
	ID        string       `json:"id"`
	Status    string       `json:"status"` // requested, open, closed, declined, cancelled; or ReturnKept
	Lines     []ReturnLine `json:"lines"`
	Reason    string       `json:"reason,omitempty"`
	CreatedAt time.Time    `json:"created_at"`
}

// ReturnKept is the status of units resolved without coming back (a
// damaged item replaced, refunded or credited under the keep-it value):
// they count as returned, so they are never resolved twice.
const ReturnKept = "kept"

// ReturnLine is one line item, and how many of it, being returned.
type ReturnLine struct {
	LineItemID string `json:"line_item_id"`
	Quantity   int    `json:"quantity"`
}

// KeepShipDate is sh, a newer copy of the stored shipment old, with its
// ship date (ShippedAt) as news over time tells it: once known it never
// moves (a late copy dated from the label cannot pull it back), and a
// parcel first seen moving in sh after old had only a label shipped when
// that news came (sh's LastEventAt), not when its label was made, so
// transit counts from the carrier's first scan. With no stored copy, sh
// is kept as it is.
func KeepShipDate(old *Shipment, sh Shipment) Shipment {
	if old == nil {
		return sh
	}
	if old.ShippedAt != nil {
		t := *old.ShippedAt
		sh.ShippedAt = &t
		return sh
	}
	if sh.ShippedAt == nil || ShipmentStage(*old) != StageLabelCreated {
		return sh
	}
	first := sh.LastEventAt
	if first.IsZero() {
		first = sh.UpdatedAt
	}
	if first.After(*sh.ShippedAt) {
		sh.ShippedAt = &first
	}
	return sh
}
