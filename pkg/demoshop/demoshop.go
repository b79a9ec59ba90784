// Package demoshop is the Commerce adapter of the local runner: it applies
// the agent's writes to the local store, as Shopify would apply them and
// then tell doorstep by webhook.
package demoshop

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Store is what the demo shop needs.
type Store interface {
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	Apply(ctx context.Context, c store.Change) (store.Result, error)
}

// Shop applies writes to local data.
type Shop struct {
	Store Store
	Clock clock.Clock
	// Catalogue is the products' variants and stock, by product id; nil
	// is the demo catalogue (the demo orders' products).
	Catalogue map[string][]agent.Variant
}

var _ agent.Commerce = (*Shop)(nil)

// RequestReturn records a requested return. The agent stores it.
func (s *Shop) RequestReturn(ctx context.Context, r agent.ReturnRequest) (order.Return, error) {
	o, err := s.Store.GetOrder(ctx, r.Shop, r.OrderID)
	if err != nil {
		return order.Return{}, fmt.Errorf("demo shop return: %w", err)
	}
	for _, l := range r.Lines {
		if !hasLine(o, l.LineItemID) {
			return order.Return{}, fmt.Errorf("line item %s is not on order %s: %w", l.LineItemID, o.Name, agent.ErrCommerceRejected)
		}
	}
	// The id is derived from the idempotency key (else the request), as a
	// retried request would find the same return at Shopify.
	key := r.IdempotencyKey
	if key == "" {
		key = fmt.Sprint(r.Lines)
	}
	h := sha256.Sum256([]byte(fmt.Sprint(r.Shop, r.OrderID, key)))
	id := strconv.FormatUint(binary.BigEndian.Uint64(h[:8])>>12, 10)
	now := s.Clock.Now()
	lines, value := linesOf(o, r.Lines)
	detail := map[string]any{"reason": r.Reason, "return_id": id}
	if r.Resolution != "" {
		detail["resolution"] = r.Resolution
	}
	if err := s.record(ctx, "return-"+id, Action{Type: ActionReturn, Order: o.Name, Lines: lines, Amount: money.Decimal(int64(value), o.Currency), Currency: o.Currency,
		Detail: detail, At: now}); err != nil {
		return order.Return{}, err
	}
	return order.Return{Shop: r.Shop, OrderID: r.OrderID, ID: id, Status: "requested", Lines: r.Lines, Reason: r.Reason, CreatedAt: now}, nil
}

func hasLine(o order.Order, id string) bool {
	for _, li := range o.LineItems {
		if li.ID == id {
			return true
		}
	}
	return false
}

// UpdateShippingAddress writes the new address on the order, as an update
// newer than anything stored.
func (s *Shop) UpdateShippingAddress(ctx context.Context, shop, orderID string, a order.Address) error {
	o, err := s.Store.GetOrder(ctx, shop, orderID)
	if err != nil {
		return fmt.Errorf("demo shop address: %w", err)
	}
	if len(o.Shipments) > 0 {
		return errors.Join(agent.ErrCommerceRejected, errors.New("order already fulfilled"))
	}
	o.ShippingAddress = &a
	now := s.Clock.Now()
	if !now.After(o.UpdatedAt) {
		now = o.UpdatedAt.Add(1)
	}
	o.UpdatedAt = now
	o.Shipments, o.Refunds, o.Returns = nil, nil, nil
	if _, err := s.Store.Apply(ctx, store.Change{Shop: shop, Order: &o}); err != nil {
		return fmt.Errorf("demo shop address: %w", err)
	}
	return s.record(ctx, "address-"+o.ID+"-"+strconv.FormatInt(now.UnixNano(), 10), Action{Type: ActionAddressChange, Order: o.Name,
		Amount: "0.00", Currency: o.Currency, Detail: map[string]any{"address": mailingAddress(a)}, At: now})
}

// mailingAddress is a in Shopify's MailingAddress fields.
func mailingAddress(a order.Address) map[string]any {
	m := map[string]any{"address1": a.Address1, "city": a.City, "zip": a.Zip, "countryCode": a.CountryCode}
	for k, v := range map[string]string{"name": a.Name, "address2": a.Address2, "provinceCode": a.Province, "country": a.Country, "phone": a.Phone} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}
