package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// SuggestionCollection holds the reorder and add-on suggestions outreach
// sent, id SuggestionID(...): by shop and customer, then by time.
const SuggestionCollection = "suggestions"

// DefaultAttributionWindow is how long after a suggestion an order counts
// as coming from it when the suggestion names no window.
const DefaultAttributionWindow = 30 * 24 * time.Hour

// Suggestion kinds.
const (
	SuggestReorder = "reorder"
	SuggestAddOn   = "add_on"
)

// Suggestion is a reorder or add-on suggestion sent to a customer. The
// outreach writes it (Recorder.Suggest) when it sends one; a later order
// by the same customer within the window that uses its discount code, or
// buys one of its products, is revenue from it (AttributeOrder).
type Suggestion struct {
	Shop string `json:"shop"`
	// ID is unique per suggestion: the outreach execution, say.
	ID            string `json:"id"`
	CustomerEmail string `json:"customer_email"`
	Kind          string `json:"kind"` // reorder, add_on
	// OrderID is the delivered order the suggestion followed.
	OrderID string `json:"order_id,omitempty"`
	// DiscountCode, when set, attributes any order that uses it.
	DiscountCode string `json:"discount_code,omitempty"`
	// ProductIDs are the suggested products (Shopify product ids); an
	// order buying one of them is attributed with those lines' value.
	ProductIDs []string `json:"product_ids,omitempty"`
	// ProductTitles match line items by title (case-insensitive) when the
	// suggestion knows its products by name only.
	ProductTitles []string  `json:"product_titles,omitempty"`
	SentAt        time.Time `json:"sent_at"`
	// Until is when attribution stops; zero means SentAt plus
	// DefaultAttributionWindow.
	Until time.Time `json:"until,omitzero"`

	// Set once attributed.
	AttributedOrder string      `json:"attributed_order,omitempty"`
	AttributedAt    *time.Time  `json:"attributed_at,omitempty"`
	Revenue         order.Money `json:"revenue,omitempty"`
}

func (s Suggestion) until() time.Time {
	if !s.Until.IsZero() {
		return s.Until
	}
	return s.SentAt.Add(DefaultAttributionWindow)
}

// suggestionPrefix lists a customer's suggestions.
func suggestionPrefix(shop, email string) string {
	return shop + "|" + order.NormaliseEmail(email) + "|"
}

// SuggestionID is a suggestion's document id:
// "<shop>|<customer email>|<sent at, RFC 3339 UTC>|<id>".
func SuggestionID(s Suggestion) string {
	return suggestionPrefix(s.Shop, s.CustomerEmail) + s.SentAt.UTC().Format(time.RFC3339) + "|" + s.ID
}

// Suggest records a suggestion the outreach sent and counts it. Recording
// the same suggestion again does nothing.
func (r *Recorder) Suggest(ctx context.Context, s Suggestion) error {
	if s.Shop == "" || s.ID == "" || s.CustomerEmail == "" || s.SentAt.IsZero() {
		return errors.New("metrics: a suggestion needs a shop, an id, a customer email and when it was sent")
	}
	if s.DiscountCode == "" && len(s.ProductIDs) == 0 && len(s.ProductTitles) == 0 {
		return errors.New("metrics: a suggestion needs a discount code or products to attribute orders by")
	}
	s.CustomerEmail = order.NormaliseEmail(s.CustomerEmail)
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("metrics: encode suggestion: %w", err)
	}
	err = r.Store.CreateDoc(ctx, SuggestionCollection, SuggestionID(s), b, s.until().Add(Keep))
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("metrics: record suggestion: %w", err)
	}
	d := deltas{}
	d.add(s.Shop, r.Day(s.SentAt), SuggestionsSent, 1)
	return r.write(ctx, d)
}

// AttributeOrder credits a new order to the customer's latest suggestion
// it answers: one sent before the order, whose window is still open, not
// yet attributed, and whose discount code the order used (the whole order
// counts) or one of whose products (by id or title) it bought (those
// lines count). codes
// are the order's discount codes. It reads the customer's suggestions (one
// query) and writes only when it attributes; an order is attributed at
// most once. It reports whether it attributed the order.
func (r *Recorder) AttributeOrder(ctx context.Context, o order.Order, codes ...string) (bool, error) {
	email := o.Email
	if email == "" {
		email = o.Customer.Email
	}
	if o.Shop == "" || o.ID == "" || email == "" || o.CancelledAt != nil {
		return false, nil
	}
	docs, err := r.Store.ListDocs(ctx, SuggestionCollection, suggestionPrefix(o.Shop, email), "", 100)
	if err != nil {
		return false, fmt.Errorf("metrics: list suggestions: %w", err)
	}
	for i := len(docs) - 1; i >= 0; i-- { // newest first
		var s Suggestion
		if err := json.Unmarshal(docs[i].Value, &s); err != nil {
			return false, fmt.Errorf("metrics: read suggestion %s: %w", docs[i].ID, err)
		}
		if s.AttributedOrder != "" || s.OrderID == o.ID || o.CreatedAt.Before(s.SentAt) || o.CreatedAt.After(s.until()) {
			continue
		}
		revenue := matchRevenue(s, o, codes)
		if revenue <= 0 {
			continue
		}
		err := r.Store.Claim(ctx, "mattr|"+o.Shop+"|"+o.ID, r.Clock.Now().Add(Keep))
		if errors.Is(err, store.ErrDuplicate) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("metrics: attribute order: %w", err)
		}
		at := r.Clock.Now()
		s.AttributedOrder, s.AttributedAt, s.Revenue = o.ID, &at, revenue
		b, _ := json.Marshal(s)
		if err := r.Store.PutDoc(ctx, SuggestionCollection, docs[i].ID, b, s.until().Add(Keep)); err != nil {
			return false, fmt.Errorf("metrics: mark suggestion: %w", err)
		}
		d := deltas{}
		day := r.Day(o.CreatedAt)
		d.add(o.Shop, day, AttributedOrders, 1)
		d.add(o.Shop, day, AttributedRevenue, int64(revenue))
		return true, r.write(ctx, d)
	}
	return false, nil
}

// matchRevenue is what of o the suggestion earned: the whole order when it
// used the suggestion's code, else the lines of suggested products.
func matchRevenue(s Suggestion, o order.Order, codes []string) order.Money {
	if s.DiscountCode != "" {
		for _, c := range codes {
			if strings.EqualFold(strings.TrimSpace(c), s.DiscountCode) {
				return o.TotalPrice
			}
		}
	}
	var sum order.Money
	for _, li := range o.LineItems {
		byID := li.ProductID != "" && slices.Contains(s.ProductIDs, li.ProductID)
		byTitle := slices.ContainsFunc(s.ProductTitles, func(t string) bool { return strings.EqualFold(strings.TrimSpace(t), strings.TrimSpace(li.Title)) })
		if byID || byTitle {
			sum += li.Price * order.Money(max(li.Quantity, 1))
		}
	}
	return sum
}
