package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/discount"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// SuggestionCollection holds the reorder and add-on suggestions outreach
// sent, id SuggestionID(...): by shop and customer, then by time.
const SuggestionCollection = "suggestions"

// DefaultAttributionWindow is how long after a suggestion an order counts
// as coming from it when the suggestion names no window.
const DefaultAttributionWindow = 30 * 24 * time.Hour

// SuggestionCodes indexes the suggestions by the discount code issued
// with them, id "<shop>|<code>" (discount.Normalise), so an order that used
// a code finds its suggestion in one read, whoever placed it.
const SuggestionCodes = "suggestion_codes"

// UsedCodes marks the doorstep codes an order used, id "<shop>|<code>"
// (discount.Normalise), the order's id as the value.
const UsedCodes = "used_codes"

// usedCodeLife is how long a used code is remembered: past any code's end.
const usedCodeLife = 400 * 24 * time.Hour

// CodeUsed reports whether an order used the doorstep code (one read).
func (r *Recorder) CodeUsed(ctx context.Context, shop, code string) (bool, error) {
	_, err := r.Store.GetDoc(ctx, UsedCodes, codeKey(shop, code))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("metrics: read used code: %w", err)
	}
	return true, nil
}

// Suggestion kinds.
const (
	SuggestReorder = "reorder"
	SuggestAddOn   = "add_on"
	// SuggestReferral is a code a happy customer got to give a friend: an
	// order using it is referral revenue.
	SuggestReferral = "referral"
)

// Suggestion is a reorder or add-on suggestion sent to a customer, or a
// code for a friend (SuggestReferral). The outreach writes it
// (Recorder.Suggest) when it sends one; a later order within the window
// that uses its discount code (whoever placed it), or, for a suggestion
// issued with no code, an order by the same customer that buys one of its
// products, is revenue from it (AttributeOrder).
type Suggestion struct {
	Shop string `json:"shop"`
	// ID is unique per suggestion: the outreach execution, say.
	ID            string `json:"id"`
	CustomerEmail string `json:"customer_email"`
	Kind          string `json:"kind"` // reorder, add_on
	// OrderID is the delivered order the suggestion followed.
	OrderID string `json:"order_id,omitempty"`
	// DiscountCode, when set, is the single-use code issued with it: the
	// order that uses it is attributed, and only that one.
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
	if s.DiscountCode != "" {
		// The index first: a suggestion recorded is always found by its code.
		ix, _ := json.Marshal(codeIndex{ID: SuggestionID(s)})
		err := r.Store.CreateDoc(ctx, SuggestionCodes, codeKey(s.Shop, s.DiscountCode), ix, s.until().Add(Keep))
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("metrics: index suggestion code: %w", err)
		}
	}
	err = r.Store.CreateDoc(ctx, SuggestionCollection, SuggestionID(s), b, s.until().Add(Keep))
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("metrics: record suggestion: %w", err)
	}
	d := deltas{}
	sent := SuggestionsSent
	if s.Kind == SuggestReferral {
		sent = ReferralsSent
	}
	d.add(s.Shop, r.Day(s.SentAt), sent, 1)
	return r.write(ctx, d)
}

// codeIndex is a SuggestionCodes document.
type codeIndex struct {
	ID string `json:"id"` // the suggestion's SuggestionID
}

func codeKey(shop, code string) string { return shop + "|" + discount.Normalise(code) }

// AttributeOrder credits a new order to the suggestion it answers: first
// the suggestion whose issued code the order used (one read per code; the
// whole order counts, whoever placed it: a friend's order is referral
// revenue), else the customer's latest suggestion issued without a code
// one of whose products (by id or title) the order bought (those lines
// count). Either must have been sent before the order, with its window
// still open, and not be attributed yet. codes add to the order's own
// DiscountCodes. It writes only when it attributes; an order is attributed
// at most once. It reports whether it attributed the order.
func (r *Recorder) AttributeOrder(ctx context.Context, o order.Order, codes ...string) (bool, error) {
	if o.Shop == "" || o.ID == "" || o.CancelledAt != nil {
		return false, nil
	}
	for _, c := range append(append([]string(nil), o.DiscountCodes...), codes...) {
		if strings.TrimSpace(c) == "" {
			continue
		}
		ix, err := r.Store.GetDoc(ctx, SuggestionCodes, codeKey(o.Shop, c))
		if errors.Is(err, store.ErrNotFound) {
			continue // not a code doorstep issued
		}
		if err != nil {
			return false, fmt.Errorf("metrics: find suggestion by code: %w", err)
		}
		var x codeIndex
		if err := json.Unmarshal(ix, &x); err != nil {
			return false, fmt.Errorf("metrics: read code index: %w", err)
		}
		// A doorstep code is single use: once an order used it, nobody
		// is given it again (CodeUsed), whoever placed the order.
		if err := r.Store.PutDoc(ctx, UsedCodes, codeKey(o.Shop, c), []byte(o.ID), o.CreatedAt.Add(usedCodeLife)); err != nil {
			return false, fmt.Errorf("metrics: mark code used: %w", err)
		}
		b, err := r.Store.GetDoc(ctx, SuggestionCollection, x.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, fmt.Errorf("metrics: read suggestion: %w", err)
		}
		var s Suggestion
		if err := json.Unmarshal(b, &s); err != nil {
			return false, fmt.Errorf("metrics: read suggestion %s: %w", x.ID, err)
		}
		if !s.open(o) || s.ownReferral(o) {
			continue
		}
		return r.attribute(ctx, x.ID, s, o, o.TotalPrice)
	}
	email := o.Email
	if email == "" {
		email = o.Customer.Email
	}
	if email == "" {
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
		if s.DiscountCode != "" || !s.open(o) {
			continue // a suggestion with a code is attributed by its code only
		}
		if revenue := productRevenue(s, o); revenue > 0 {
			return r.attribute(ctx, docs[i].ID, s, o, revenue)
		}
	}
	return false, nil
}

// open reports whether s can take o: sent before it (to the second, as
// Shopify dates orders), its window open, not attributed, and not the
// order it followed.
func (s Suggestion) open(o order.Order) bool {
	return s.AttributedOrder == "" && s.OrderID != o.ID && !o.CreatedAt.Before(s.SentAt.Truncate(time.Second)) && !o.CreatedAt.After(s.until())
}

// ownReferral reports whether o used s's code for a friend but was placed
// by the customer it was given to: that is no referral, and no revenue
// either (the order earns nothing under the code; a suggestion without a
// code whose products it bought may still take it).
func (s Suggestion) ownReferral(o order.Order) bool {
	if s.Kind != SuggestReferral {
		return false
	}
	for _, e := range []string{o.Email, o.Customer.Email} {
		if e != "" && order.NormaliseEmail(e) == s.CustomerEmail {
			return true
		}
	}
	return false
}

// attribute credits o's revenue to the suggestion stored at id, once per
// order.
func (r *Recorder) attribute(ctx context.Context, id string, s Suggestion, o order.Order, revenue order.Money) (bool, error) {
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
	if err := r.Store.PutDoc(ctx, SuggestionCollection, id, b, s.until().Add(Keep)); err != nil {
		return false, fmt.Errorf("metrics: mark suggestion: %w", err)
	}
	day := r.Day(o.CreatedAt)
	ab, _ := json.Marshal(attribution{Suggestion: id, Kind: s.Kind, Revenue: revenue, Day: day})
	if err := r.Store.PutDoc(ctx, AttributionCollection, attributionKey(o.Shop, o.ID), ab, at.Add(Keep)); err != nil {
		return false, fmt.Errorf("metrics: record attribution: %w", err)
	}
	d := deltas{}
	orders, rev := AttributedOrders, AttributedRevenue
	if s.Kind == SuggestReferral {
		orders, rev = ReferralOrders, ReferralRevenue
	}
	d.add(o.Shop, day, orders, 1)
	d.add(o.Shop, day, rev, int64(revenue))
	return true, r.write(ctx, d)
}

// productRevenue is the value of o's lines of the suggestion's products.
func productRevenue(s Suggestion, o order.Order) order.Money {
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

// AttributionCollection holds what each attributed order earned, id
// "<shop>|<order id>", so a later cancellation or refund of the order
// takes its revenue back (Reverse).
const AttributionCollection = "suggestion_orders"

func attributionKey(shop, orderID string) string { return shop + "|" + orderID }

// attribution is an AttributionCollection document.
type attribution struct {
	Suggestion string      `json:"suggestion"` // its SuggestionID
	Kind       string      `json:"kind"`
	Revenue    order.Money `json:"revenue"`
	// Day is the counter day the revenue was added on, and is taken
	// back from.
	Day string `json:"day"`
	// Reversed is the revenue taken back so far; Refunds the refunds it
	// came from, and Cancelled whether the cancellation took the rest.
	Reversed  order.Money `json:"reversed,omitempty"`
	Refunds   []string    `json:"refunds,omitempty"`
	Cancelled bool        `json:"cancelled,omitempty"`
}

// Reverse takes back the suggestion (or referral) revenue of an order that
// was cancelled or refunded after it was attributed: a cancellation (o
// cancelled) takes back all that is left, each refund its amount, never
// more than was attributed; the attributed order no longer counts once all
// its revenue is back. Each refund and the cancellation count once,
// whatever the retries and in whichever order they come, and the revenue
// comes off the day it was added to. An order never attributed is
// nothing to reverse.
func (r *Recorder) Reverse(ctx context.Context, shop, orderID string, cancelled bool, refunds []order.Refund) error {
	if shop == "" || orderID == "" || (!cancelled && len(refunds) == 0) {
		return nil
	}
	key := attributionKey(shop, orderID)
	b, err := r.Store.GetDoc(ctx, AttributionCollection, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("metrics: read attribution: %w", err)
	}
	var a attribution
	if err := json.Unmarshal(b, &a); err != nil {
		return fmt.Errorf("metrics: read attribution of order %s: %w", orderID, err)
	}
	was, changed := a.Reversed, false
	for _, rf := range refunds {
		if rf.ID == "" || slices.Contains(a.Refunds, rf.ID) || rf.Amount <= 0 {
			continue
		}
		a.Refunds = append(a.Refunds, rf.ID)
		a.Reversed += min(rf.Amount, a.Revenue-a.Reversed)
		changed = true
	}
	if cancelled && !a.Cancelled {
		a.Cancelled, a.Reversed, changed = true, a.Revenue, true
	}
	if !changed {
		return nil
	}
	back := a.Reversed - was
	nb, _ := json.Marshal(a)
	if err := r.Store.PutDoc(ctx, AttributionCollection, key, nb, r.Clock.Now().Add(Keep)); err != nil {
		return fmt.Errorf("metrics: record reversal: %w", err)
	}
	if back == 0 {
		return nil
	}
	d := deltas{}
	orders, rev := AttributedOrders, AttributedRevenue
	if a.Kind == SuggestReferral {
		orders, rev = ReferralOrders, ReferralRevenue
	}
	d.add(shop, a.Day, rev, -int64(back))
	if was < a.Revenue && a.Reversed >= a.Revenue {
		d.add(shop, a.Day, orders, -1)
	}
	return r.write(ctx, d)
}
