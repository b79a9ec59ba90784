package demoshop

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	amounts "github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// The demo shop's checkout: a customer places a demo order, with a
// discount code if they have one, and the shop tells doorstep as Shopify
// would, with a signed orders/create (POST /dev/shop/orders).

// CheckoutRequest is a demo order as the storefront sends it.
type CheckoutRequest struct {
	Email     string `json:"email"`
	FirstName string `json:"first_name,omitempty"`
	Lines     []struct {
		Title    string `json:"title"`
		Price    string `json:"price"` // "12.00"
		Quantity int    `json:"quantity"`
	} `json:"lines"`
	DiscountCode string `json:"discount_code,omitempty"`
	// ShipTo is where the order ships; without it, a returning customer's
	// order ships where their last one did, and a new customer's has no
	// shipping address (nothing to redirect).
	ShipTo *CheckoutAddress `json:"shipping_address,omitempty"`
}

// CheckoutAddress is a demo order's shipping address, as a storefront
// collects it.
type CheckoutAddress struct {
	Name        string `json:"name,omitempty"`
	Address1    string `json:"address1"`
	Address2    string `json:"address2,omitempty"`
	City        string `json:"city"`
	Province    string `json:"province,omitempty"`
	Zip         string `json:"zip"`
	CountryCode string `json:"country_code"`
}

// Checkout is a placed order: its orders/create body, and what the code
// took off.
type Checkout struct {
	OrderID  string `json:"order_id"`
	Name     string `json:"name"`
	Subtotal string `json:"subtotal"`
	Discount string `json:"discount"`
	Total    string `json:"total"`
	Code     string `json:"discount_code,omitempty"`
	Body     []byte `json:"-"`
}

// orders finds a returning customer by email.
type orders interface {
	OrdersByEmail(ctx context.Context, shop, email string, limit int) ([]order.Order, error)
}

const currency = "USD" // the demo shop's

// Checkout places a demo order in shop. A code the shop does not accept is
// ErrCodeRefused, with why; nothing is placed then.
func (s *Shop) Checkout(ctx context.Context, shop string, req CheckoutRequest) (Checkout, error) {
	email := order.NormaliseEmail(req.Email)
	if email == "" || !strings.Contains(email, "@") || len(req.Lines) == 0 {
		return Checkout{}, fmt.Errorf("%w: an order needs an email and lines", errBadCheckout)
	}
	now := s.Clock.Now().UTC().Truncate(time.Second)
	// Every checkout is a new order, even at the same instant (the runner's
	// clock may stand still).
	id := demoID("checkout", shop, email, now.Format(time.RFC3339Nano), rand.Text())
	customerID, first, last := demoID("customer", shop, email), req.FirstName, ""
	var shipTo *order.Address
	if o, ok := s.Store.(orders); ok {
		if past, err := o.OrdersByEmail(ctx, shop, email, 1); err == nil && len(past) > 0 && past[0].Customer.ID != "" {
			customerID, first, last = past[0].Customer.ID, past[0].Customer.FirstName, past[0].Customer.LastName
			shipTo = past[0].ShippingAddress
		}
	}
	if a := req.ShipTo; a != nil {
		name := strings.TrimSpace(a.Name)
		if name == "" {
			name = strings.TrimSpace(first + " " + last)
		}
		checked, err := order.NormaliseAddress(order.Address{Name: name, Address1: a.Address1, Address2: a.Address2,
			City: a.City, Province: a.Province, Zip: a.Zip, CountryCode: a.CountryCode}, "")
		if err != nil || checked.CountryCode == "" {
			return Checkout{}, fmt.Errorf("%w: shipping_address needs address1, city, province, zip and country_code (%v)", errBadCheckout, err)
		}
		shipTo = &checked
	}
	var subtotal order.Money
	lines := make([]map[string]any, 0, len(req.Lines))
	for i, l := range req.Lines {
		price, err := amounts.ParseDecimal(l.Price, currency)
		if err != nil || price < 0 || l.Quantity <= 0 || strings.TrimSpace(l.Title) == "" {
			return Checkout{}, fmt.Errorf("%w: line %d needs a title, a price like \"12.00\" and a quantity", errBadCheckout, i+1)
		}
		subtotal += order.Money(price) * order.Money(l.Quantity)
		lines = append(lines, map[string]any{"id": json.Number(demoID("line", id, strconv.Itoa(i))), "title": l.Title,
			"quantity": l.Quantity, "price": amounts.Decimal(price, currency), "product_id": nil, "variant_id": nil, "sku": ""})
	}
	var off order.Money
	codes := []map[string]any{}
	out := Checkout{OrderID: id, Name: "#W" + id[len(id)-4:]} // W: a web order of the demo
	if c := strings.TrimSpace(req.DiscountCode); c != "" {
		var used code
		var err error
		off, used, err = s.redeem(ctx, shop, c, customerID, email, id, subtotal, currency)
		if err != nil {
			return Checkout{}, err
		}
		kind := "percentage"
		if used.Value.Amount > 0 {
			kind = "fixed_amount"
		}
		codes = append(codes, map[string]any{"code": used.Code, "amount": amounts.Decimal(int64(off), currency), "type": kind})
		out.Code = used.Code
	}
	out.Subtotal, out.Discount, out.Total = amounts.Decimal(int64(subtotal), currency), amounts.Decimal(int64(off), currency),
		amounts.Decimal(int64(subtotal-off), currency)
	body := map[string]any{
		"id": json.Number(id), "name": out.Name, "email": email, "currency": currency,
		"subtotal_price": out.Subtotal, "total_discounts": out.Discount, "total_price": out.Total,
		"financial_status": "paid", "fulfillment_status": nil, "created_at": now.Format(time.RFC3339), "updated_at": now.Format(time.RFC3339),
		"cancelled_at": nil, "tags": "", "discount_codes": codes, "line_items": lines,
		"customer": map[string]any{"id": json.Number(customerID), "email": email, "first_name": first, "last_name": last},
	}
	if a := shipTo; a != nil {
		body["shipping_address"] = map[string]any{"name": a.Name, "address1": a.Address1, "address2": a.Address2, "city": a.City,
			"province": a.Province, "province_code": a.ProvinceCode, "zip": a.Zip, "country": a.Country, "country_code": a.CountryCode}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return Checkout{}, fmt.Errorf("demo shop checkout: %w", err)
	}
	out.Body = b
	return out, nil
}

var errBadCheckout = errors.New("bad demo order")

// CheckoutHandler serves POST /dev/shop/orders: it places the order and
// hands its orders/create body to deliver (the runner signs it and sends it
// through the webhook intake). 201 with the order; 422 when the code is
// refused, saying why; 400 for a malformed order.
func CheckoutHandler(s *Shop, shop string, deliver func(ctx context.Context, topic string, body []byte) error, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req CheckoutRequest
		dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			httpjson.Error(w, http.StatusBadRequest, "bad_request", `body must be {"email", "lines":[{"title","price","quantity"}], "discount_code", "shipping_address"}`)
			return
		}
		out, err := s.Checkout(r.Context(), shop, req)
		switch {
		case errors.Is(err, ErrCodeRefused), errors.Is(err, errBadCheckout):
			status, code := http.StatusUnprocessableEntity, "code_refused"
			if errors.Is(err, errBadCheckout) {
				status, code = http.StatusBadRequest, "bad_request"
			}
			httpjson.Error(w, status, code, err.Error())
			return
		case err != nil:
			log.ErrorContext(r.Context(), "demo checkout", "err", err)
			httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
			return
		}
		if err := deliver(r.Context(), "orders/create", out.Body); err != nil {
			log.ErrorContext(r.Context(), "demo checkout webhook", "err", err)
			httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
			return
		}
		httpjson.Write(w, http.StatusCreated, out)
	})
}
