package demoshop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/discount"
	amounts "github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// The demo shop is also the local discount.Creator: it keeps the codes
// outreach issues, as Shopify would, and its checkout (Checkout) accepts
// them on a demo order under the same rules: known, started, not ended,
// used once, by its customer when it has one (by Shopify customer id, else
// by the email the code was issued to).

var _ discount.Creator = (*Shop)(nil)

// DiscountsCollection holds the demo shop's codes, by "<shop>|<code>".
const DiscountsCollection = "demoshop_discounts"

// ActionDiscountCode is a code the shop made.
const ActionDiscountCode = "discount_code"

// Docs is the part of the store the demo shop's codes need.
type Docs interface {
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}

// code is a stored discount code.
type code struct {
	Code          string         `json:"code"`
	Title         string         `json:"title"`
	Value         discount.Value `json:"value"`
	CustomerID    string         `json:"customer_id,omitempty"`
	CustomerEmail string         `json:"customer_email,omitempty"`
	StartsAt      time.Time      `json:"starts_at"`
	EndsAt        time.Time      `json:"ends_at"`
	// UsedBy is the order that used the code (usage limit 1).
	UsedBy string `json:"used_by,omitempty"`
}

func (s *Shop) docs() (Docs, error) {
	d, ok := s.Store.(Docs)
	if !ok {
		return nil, errors.New("demo shop: the store keeps no documents")
	}
	return d, nil
}

func codeID(shop, c string) string { return shop + "|" + discount.Normalise(c) }

// CreateDiscount keeps a new code; one the shop has already is
// discount.ErrTaken. Each is logged as a discount_code action.
func (s *Shop) CreateDiscount(ctx context.Context, r discount.Request) (discount.Discount, error) {
	if err := r.Value.Valid(); err != nil {
		return discount.Discount{}, fmt.Errorf("demo shop discount: %w", err)
	}
	if r.Code == "" || !r.EndsAt.After(r.StartsAt) {
		return discount.Discount{}, errors.New("demo shop discount: a code needs a name and to end after it starts")
	}
	d, err := s.docs()
	if err != nil {
		return discount.Discount{}, err
	}
	c := code{Code: r.Code, Title: r.Title, Value: r.Value, CustomerID: r.CustomerID, CustomerEmail: r.CustomerEmail,
		StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC()}
	b, _ := json.Marshal(c)
	err = d.CreateDoc(ctx, DiscountsCollection, codeID(r.Shop, r.Code), b, time.Time{})
	if errors.Is(err, store.ErrConflict) {
		return discount.Discount{}, discount.ErrTaken
	}
	if err != nil {
		return discount.Discount{}, fmt.Errorf("demo shop discount: %w", err)
	}
	id := demoID("discount", r.Shop, r.Code)
	detail := map[string]any{"code": r.Code, "title": r.Title, "usage_limit": 1, "applies_once_per_customer": true,
		"starts_at": c.StartsAt, "ends_at": c.EndsAt, "discount_id": id}
	amount := "0.00"
	if r.Value.Percent > 0 {
		detail["percentage"] = r.Value.Percent
	} else {
		amount = amounts.Decimal(int64(r.Value.Amount), r.Value.Currency)
	}
	detail["customer"] = "anyone"
	if r.CustomerEmail != "" {
		detail["customer"] = r.CustomerEmail
	}
	if r.CustomerID != "" {
		detail["customer_id"] = r.CustomerID
	}
	if err := s.record(ctx, "discount-"+id, Action{Type: ActionDiscountCode, Order: r.Order, Amount: amount, Currency: r.Value.Currency,
		Detail: detail, At: s.Clock.Now()}); err != nil {
		return discount.Discount{}, err
	}
	return discount.Discount{ID: "gid://shopify/DiscountCodeNode/" + id, Code: r.Code}, nil
}

// ErrCodeRefused is a code the checkout does not accept.
var ErrCodeRefused = errors.New("discount code not accepted")

// redeem applies a code to a checkout of subtotal by a customer, marking
// it used by orderID: what it takes off, and the code as the shop knows
// it.
func (s *Shop) redeem(ctx context.Context, shop, typed, customerID, email, orderID string, subtotal order.Money, currency string) (order.Money, code, error) {
	d, err := s.docs()
	if err != nil {
		return 0, code{}, err
	}
	id := codeID(shop, typed)
	b, err := d.GetDoc(ctx, DiscountsCollection, id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, code{}, fmt.Errorf("%w: %q is not a code of this shop", ErrCodeRefused, typed)
	}
	if err != nil {
		return 0, code{}, fmt.Errorf("demo shop checkout: %w", err)
	}
	var c code
	if err := json.Unmarshal(b, &c); err != nil {
		return 0, code{}, fmt.Errorf("demo shop checkout: read code: %w", err)
	}
	now := s.Clock.Now()
	switch {
	case c.UsedBy != "":
		return 0, c, fmt.Errorf("%w: %s has been used", ErrCodeRefused, c.Code)
	case now.Before(c.StartsAt):
		return 0, c, fmt.Errorf("%w: %s is not active yet", ErrCodeRefused, c.Code)
	case !now.Before(c.EndsAt):
		return 0, c, fmt.Errorf("%w: %s ended %s", ErrCodeRefused, c.Code, c.EndsAt.Format("January 2"))
	case c.CustomerID != "" && c.CustomerID != customerID,
		c.CustomerID == "" && c.CustomerEmail != "" && order.NormaliseEmail(email) != c.CustomerEmail:
		return 0, c, fmt.Errorf("%w: %s is for another customer", ErrCodeRefused, c.Code)
	case c.Value.Amount > 0 && c.Value.Currency != currency:
		return 0, c, fmt.Errorf("%w: %s is in %s", ErrCodeRefused, c.Code, c.Value.Currency)
	}
	off := c.Value.Amount
	if c.Value.Percent > 0 {
		off = (subtotal*order.Money(c.Value.Percent) + 50) / 100
	}
	off = min(off, subtotal)
	c.UsedBy = orderID
	b, _ = json.Marshal(c)
	if err := d.PutDoc(ctx, DiscountsCollection, id, b, time.Time{}); err != nil {
		return 0, c, fmt.Errorf("demo shop checkout: use code: %w", err)
	}
	return off, c, nil
}
