package shopify

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	amounts "github.com/doorstep-ai/doorstep/pkg/money"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Webhook topics doorstep applies.
const (
	TopicOrdersCreate       = "orders/create"
	TopicOrdersUpdated      = "orders/updated"
	TopicOrdersCancelled    = "orders/cancelled"
	TopicFulfillmentsCreate = "fulfillments/create"
	TopicFulfillmentsUpdate = "fulfillments/update"
	TopicRefundsCreate      = "refunds/create"
)

// ErrUnknownTopic is returned for a topic doorstep does not apply; the
// delivery should be acknowledged and ignored.
var ErrUnknownTopic = errors.New("topic not handled")

// PayloadError says what is wrong with a webhook body.
type PayloadError struct {
	Topic  string
	Reason string
}

func (e *PayloadError) Error() string {
	return fmt.Sprintf("%s body: %s", e.Topic, e.Reason)
}

// Payload is a webhook body normalised into the order domain.
type Payload struct {
	Order     *order.Order
	Shipments []order.Shipment
	Refunds   []order.Refund
}

// ParseWebhook decodes a webhook body of the given topic for shop. Ids are
// kept as the decimal strings Shopify sends (they exceed 2^53, so never
// through a float64). A refund Shopify sends without a date (the sample
// refunds/create of "send test notification" has "created_at": null) is
// dated by its processed_at, else left with a zero CreatedAt for the caller
// to date by when the delivery arrived.
func ParseWebhook(topic, shop string, body []byte) (Payload, error) {
	bad := func(format string, a ...any) (Payload, error) {
		return Payload{}, &PayloadError{Topic: topic, Reason: fmt.Sprintf(format, a...)}
	}
	switch topic {
	case TopicOrdersCreate, TopicOrdersUpdated, TopicOrdersCancelled:
		var p orderJSON
		if err := decode(body, &p); err != nil {
			return bad("%v", err)
		}
		o, ships, refunds, err := p.normalise(shop)
		if err != nil {
			return bad("%v", err)
		}
		return Payload{Order: &o, Shipments: ships, Refunds: refunds}, nil
	case TopicFulfillmentsCreate, TopicFulfillmentsUpdate:
		var p fulfillmentJSON
		if err := decode(body, &p); err != nil {
			return bad("%v", err)
		}
		sh, err := p.normalise(shop, "")
		if err != nil {
			return bad("%v", err)
		}
		return Payload{Shipments: []order.Shipment{sh}}, nil
	case TopicRefundsCreate:
		var p refundJSON
		if err := decode(body, &p); err != nil {
			return bad("%v", err)
		}
		r, err := p.normalise(shop, "", "")
		if err != nil {
			return bad("%v", err)
		}
		return Payload{Refunds: []order.Refund{r}}, nil
	}
	return Payload{}, ErrUnknownTopic
}

// decode reads one JSON object and nothing after it, with field errors
// named the way a person fixing the payload needs.
func decode(body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te) && te.Field == "":
			return fmt.Errorf("the body must be a JSON object, not %s", te.Value)
		case errors.As(err, &te):
			return fmt.Errorf("field %q: unexpected JSON %s", te.Field, te.Value)
		case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return fmt.Errorf("not valid JSON: %v", err)
		}
		return err
	}
	if d.More() {
		return errors.New("not valid JSON: data after the object")
	}
	return nil
}

// id is a Shopify numeric id; it also accepts an id sent as a string.
type id string

func (i *id) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*i = ""
		return nil
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return fmt.Errorf("id %s is not a number", b)
	}
	*i = id(s)
	return nil
}

// money is a decimal amount sent as a string ("49.99") or a number, kept
// as sent until its currency says how many minor digits it has (minor).
type money string

func (m *money) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*m = ""
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e13 {
		return fmt.Errorf("amount %s is not a number", b)
	}
	*m = money(s)
	return nil
}

// minor is the amount in minor units of currency (pkg/money): "1200" yen
// is 1200, "12.00" dollars 1200.
func (m money) minor(currency string) (order.Money, error) {
	if m == "" {
		return 0, nil
	}
	v, err := amounts.ParseDecimal(string(m), currency)
	if err != nil {
		return 0, fmt.Errorf("amount %s in %s: %w", string(m), cmp.Or(currency, "no currency"), err)
	}
	return order.Money(v), nil
}

type orderJSON struct {
	ID                id                `json:"id"`
	Name              string            `json:"name"`
	Email             string            `json:"email"`
	ContactEmail      string            `json:"contact_email"`
	Currency          string            `json:"currency"`
	TotalPrice        money             `json:"total_price"`
	FinancialStatus   string            `json:"financial_status"`
	FulfillmentStatus *string           `json:"fulfillment_status"`
	CreatedAt         *time.Time        `json:"created_at"`
	UpdatedAt         *time.Time        `json:"updated_at"`
	CancelledAt       *time.Time        `json:"cancelled_at"`
	CancelReason      *string           `json:"cancel_reason"`
	ClosedAt          *time.Time        `json:"closed_at"`
	Tags              string            `json:"tags"`
	Customer          *customerJSON     `json:"customer"`
	ShippingAddress   *addressJSON      `json:"shipping_address"`
	LineItems         []lineItemJSON    `json:"line_items"`
	Fulfillments      []fulfillmentJSON `json:"fulfillments"`
	Refunds           []refundJSON      `json:"refunds"`
	DiscountCodes     []struct {
		Code string `json:"code"`
	} `json:"discount_codes"`
	ShippingLines []shippingLineJSON `json:"shipping_lines"`
}

// shippingLineJSON is one of an order's shipping_lines: the method the
// checkout offered, its price, and that price after shipping discounts
// (discounted_price, absent in older payloads).
type shippingLineJSON struct {
	Title           string `json:"title"`
	Price           money  `json:"price"`
	DiscountedPrice *money `json:"discounted_price"`
	IsRemoved       bool   `json:"is_removed"`
}

// shipping sets o.Shipping from the payload's shipping lines: their titles
// and what was paid for them (a removed line counts nothing). No lines: no
// Shipping.
func (p orderJSON) shipping(o *order.Order) error {
	var sh *order.Shipping
	for i, l := range p.ShippingLines {
		if l.IsRemoved {
			continue
		}
		paid := l.Price
		if l.DiscountedPrice != nil && *l.DiscountedPrice != "" {
			paid = *l.DiscountedPrice
		}
		v, err := paid.minor(p.Currency)
		if err != nil {
			return fmt.Errorf("shipping_lines[%d]: %w", i, err)
		}
		if sh == nil {
			sh = &order.Shipping{}
		}
		sh.Paid += max(v, 0)
		if t := strings.TrimSpace(l.Title); t != "" && !strings.Contains(sh.Method, t) {
			sh.Method = strings.TrimPrefix(sh.Method+", "+t, ", ")
		}
	}
	o.Shipping = sh
	return nil
}

type customerJSON struct {
	ID        id     `json:"id"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Phone     string `json:"phone"`
}

type addressJSON struct {
	Name        string `json:"name"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	Address1    string `json:"address1"`
	Address2    string `json:"address2"`
	City        string `json:"city"`
	Province    string `json:"province"`
	Zip         string `json:"zip"`
	Country     string `json:"country"`
	CountryCode string `json:"country_code"`
	Phone       string `json:"phone"`
	// ProvinceCode is what the Admin API's MailingAddressInput takes.
	ProvinceCode string `json:"province_code"`
}

type lineItemJSON struct {
	ID           id     `json:"id"`
	ProductID    id     `json:"product_id"`
	VariantID    id     `json:"variant_id"`
	SKU          string `json:"sku"`
	Title        string `json:"title"`
	VariantTitle string `json:"variant_title"`
	Quantity     int    `json:"quantity"`
	Price        money  `json:"price"`
	TaxLines     []struct {
		Price money `json:"price"`
	} `json:"tax_lines"`
	DiscountAllocations []struct {
		Amount money `json:"amount"`
	} `json:"discount_allocations"`
}

func (p orderJSON) normalise(shop string) (order.Order, []order.Shipment, []order.Refund, error) {
	switch {
	case p.ID == "":
		return order.Order{}, nil, nil, errors.New(`missing "id"`)
	case p.Name == "":
		return order.Order{}, nil, nil, errors.New(`missing "name"`)
	case p.UpdatedAt == nil:
		return order.Order{}, nil, nil, errors.New(`missing "updated_at"`)
	}
	o := order.Order{
		Shop:            shop,
		ID:              string(p.ID),
		Name:            order.NormaliseName(p.Name),
		Email:           firstNonEmpty(p.Email, p.ContactEmail),
		Currency:        p.Currency,
		FinancialStatus: p.FinancialStatus,
		UpdatedAt:       p.UpdatedAt.UTC(),
		CancelledAt:     utc(p.CancelledAt),
		ClosedAt:        utc(p.ClosedAt),
	}
	if o.Name == "" {
		return order.Order{}, nil, nil, errors.New(`"name" is blank`) // " " names no order
	}
	var err error
	if o.TotalPrice, err = p.TotalPrice.minor(p.Currency); err != nil {
		return order.Order{}, nil, nil, fmt.Errorf("total_price: %w", err)
	}
	if p.CreatedAt != nil {
		o.CreatedAt = p.CreatedAt.UTC()
	} else {
		o.CreatedAt = o.UpdatedAt
	}
	if p.FulfillmentStatus != nil {
		o.FulfillmentStatus = *p.FulfillmentStatus
	}
	if p.CancelReason != nil {
		o.CancelReason = *p.CancelReason
	}
	for _, t := range strings.Split(p.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			o.Tags = append(o.Tags, t)
		}
	}
	for _, d := range p.DiscountCodes {
		if c := strings.TrimSpace(d.Code); c != "" {
			o.DiscountCodes = append(o.DiscountCodes, c)
		}
	}
	if err := p.shipping(&o); err != nil {
		return order.Order{}, nil, nil, err
	}
	if c := p.Customer; c != nil {
		o.Customer = order.Customer{ID: string(c.ID), Email: c.Email, FirstName: c.FirstName, LastName: c.LastName, Phone: c.Phone}
		if o.Email == "" {
			o.Email = c.Email
		}
	}
	if a := p.ShippingAddress; a != nil {
		name := a.Name
		if name == "" {
			name = strings.TrimSpace(a.FirstName + " " + a.LastName)
		}
		o.ShippingAddress = &order.Address{Name: name, Address1: a.Address1, Address2: a.Address2, City: a.City,
			Province: a.Province, ProvinceCode: a.ProvinceCode, Zip: a.Zip, Country: a.Country, CountryCode: a.CountryCode, Phone: a.Phone}
	}
	for i, li := range p.LineItems {
		if li.ID == "" {
			return order.Order{}, nil, nil, fmt.Errorf(`line_items[%d]: missing "id"`, i)
		}
		price, err := li.Price.minor(p.Currency)
		if err != nil {
			return order.Order{}, nil, nil, fmt.Errorf("line_items[%d].price: %w", i, err)
		}
		line := order.LineItem{ID: string(li.ID), ProductID: string(li.ProductID),
			VariantID: string(li.VariantID), SKU: li.SKU, Title: li.Title, Variant: li.VariantTitle,
			Quantity: li.Quantity, Price: price}
		for j, t := range li.TaxLines {
			v, err := t.Price.minor(p.Currency)
			if err != nil {
				return order.Order{}, nil, nil, fmt.Errorf("line_items[%d].tax_lines[%d].price: %w", i, j, err)
			}
			line.Tax += v
		}
		for j, d := range li.DiscountAllocations {
			v, err := d.Amount.minor(p.Currency)
			if err != nil {
				return order.Order{}, nil, nil, fmt.Errorf("line_items[%d].discount_allocations[%d].amount: %w", i, j, err)
			}
			line.Discount += v
		}
		o.LineItems = append(o.LineItems, line)
	}
	var ships []order.Shipment
	for i, f := range p.Fulfillments {
		sh, err := f.normalise(shop, o.ID)
		if err != nil {
			return order.Order{}, nil, nil, fmt.Errorf("fulfillments[%d]: %w", i, err)
		}
		ships = append(ships, sh)
	}
	var refunds []order.Refund
	for i, r := range p.Refunds {
		rf, err := r.normalise(shop, o.ID, o.Currency)
		if err != nil {
			return order.Order{}, nil, nil, fmt.Errorf("refunds[%d]: %w", i, err)
		}
		refunds = append(refunds, rf)
	}
	return o, ships, refunds, nil
}

type fulfillmentJSON struct {
	ID                  id         `json:"id"`
	OrderID             id         `json:"order_id"`
	Status              string     `json:"status"`
	ShipmentStatus      *string    `json:"shipment_status"`
	TrackingCompany     *string    `json:"tracking_company"`
	TrackingNumber      *string    `json:"tracking_number"`
	TrackingURL         *string    `json:"tracking_url"`
	TrackingNumbers     []string   `json:"tracking_numbers"`
	TrackingURLs        []string   `json:"tracking_urls"`
	Service             *string    `json:"service"`
	CreatedAt           *time.Time `json:"created_at"`
	UpdatedAt           *time.Time `json:"updated_at"`
	EstimatedDeliveryAt *time.Time `json:"estimated_delivery_at"`
	LineItems           []struct {
		ID       id  `json:"id"`
		Quantity int `json:"quantity"`
	} `json:"line_items"`
}

func (f fulfillmentJSON) normalise(shop, orderID string) (order.Shipment, error) {
	if f.ID == "" {
		return order.Shipment{}, errors.New(`missing "id"`)
	}
	if f.OrderID != "" {
		orderID = string(f.OrderID)
	}
	if orderID == "" {
		return order.Shipment{}, errors.New(`missing "order_id"`)
	}
	if f.UpdatedAt == nil && f.CreatedAt == nil {
		return order.Shipment{}, errors.New(`missing "updated_at"`)
	}
	status := order.ShipmentStatus(deref(f.ShipmentStatus))
	if !status.Known() {
		return order.Shipment{}, fmt.Errorf("unknown shipment_status %q", status)
	}
	sh := order.Shipment{
		Shop: shop, OrderID: orderID, ID: string(f.ID), State: f.Status, Status: status,
		Carrier: deref(f.TrackingCompany), Service: deref(f.Service),
		TrackingNumber: deref(f.TrackingNumber), TrackingURL: deref(f.TrackingURL),
		EstimatedDelivery: utc(f.EstimatedDeliveryAt),
	}
	if sh.TrackingNumber == "" && len(f.TrackingNumbers) > 0 {
		sh.TrackingNumber = f.TrackingNumbers[0]
	}
	if sh.TrackingURL == "" && len(f.TrackingURLs) > 0 {
		sh.TrackingURL = f.TrackingURLs[0]
	}
	if f.CreatedAt != nil {
		sh.CreatedAt = f.CreatedAt.UTC()
	}
	if f.UpdatedAt != nil {
		sh.UpdatedAt = f.UpdatedAt.UTC()
	} else {
		sh.UpdatedAt = sh.CreatedAt
	}
	if sh.CreatedAt.IsZero() {
		sh.CreatedAt = sh.UpdatedAt
	}
	sh.LastEventAt = sh.UpdatedAt
	for _, li := range f.LineItems {
		if li.ID != "" {
			sh.LineItemIDs = append(sh.LineItemIDs, string(li.ID))
			if li.Quantity > 0 {
				if sh.LineQuantities == nil {
					sh.LineQuantities = map[string]int{}
				}
				sh.LineQuantities[string(li.ID)] += li.Quantity
			}
		}
	}
	if st := order.ShipmentStage(sh); st != order.StageLabelCreated {
		t := sh.CreatedAt
		sh.ShippedAt = &t
	}
	if order.ShipmentStage(sh) == order.StageDelivered {
		t := sh.UpdatedAt
		sh.DeliveredAt = &t
	}
	return sh, nil
}

type refundJSON struct {
	ID              id         `json:"id"`
	OrderID         id         `json:"order_id"`
	CreatedAt       *time.Time `json:"created_at"`
	ProcessedAt     *time.Time `json:"processed_at"`
	Note            *string    `json:"note"`
	Restock         bool       `json:"restock"`
	RefundLineItems []struct {
		LineItemID  id     `json:"line_item_id"`
		Subtotal    money  `json:"subtotal"`
		RestockType string `json:"restock_type"`
	} `json:"refund_line_items"`
	Transactions []struct {
		Amount   money  `json:"amount"`
		Currency string `json:"currency"`
		Kind     string `json:"kind"`
		Status   string `json:"status"`
	} `json:"transactions"`
}

// normalise reads the refund; currency is the order's, when known (a
// transaction's own currency comes first).
func (r refundJSON) normalise(shop, orderID, currency string) (order.Refund, error) {
	if r.ID == "" {
		return order.Refund{}, errors.New(`missing "id"`)
	}
	if r.OrderID != "" {
		orderID = string(r.OrderID)
	}
	if orderID == "" {
		return order.Refund{}, errors.New(`missing "order_id"`)
	}
	rf := order.Refund{Shop: shop, OrderID: orderID, ID: string(r.ID), Note: deref(r.Note), Restock: r.Restock}
	switch {
	case r.CreatedAt != nil:
		rf.CreatedAt = r.CreatedAt.UTC()
	case r.ProcessedAt != nil:
		rf.CreatedAt = r.ProcessedAt.UTC()
	}
	for _, t := range r.Transactions {
		if t.Kind == "refund" && (t.Status == "success" || t.Status == "") {
			m, err := t.Amount.minor(cmp.Or(t.Currency, currency))
			if err != nil {
				return order.Refund{}, fmt.Errorf("transactions: %w", err)
			}
			rf.Amount += m
		}
	}
	var items order.Money
	for _, li := range r.RefundLineItems {
		rf.LineItems = append(rf.LineItems, string(li.LineItemID))
		rf.Returned = rf.Returned || li.RestockType == "return"
		m, err := li.Subtotal.minor(currency)
		if err != nil {
			return order.Refund{}, fmt.Errorf("refund_line_items: %w", err)
		}
		items += m
	}
	if rf.Amount == 0 {
		rf.Amount = items
	}
	return rf, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
