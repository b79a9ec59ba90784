package demoshop

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// The demo shop is also the local resolution.Resolver: refunds and replacement
// orders the delivery check makes are recorded in the local store, as
// Shopify would make them and then tell doorstep by webhook.

var _ resolution.Resolver = (*Shop)(nil)

// demoID is a numeric id derived from parts, as Shopify's ids are numbers;
// the same parts give the same id, so a retried call finds what the first
// made.
func demoID(parts ...string) string {
	h := sha256.Sum256([]byte(fmt.Sprint(parts)))
	return strconv.FormatUint(binary.BigEndian.Uint64(h[:8])>>12, 10)
}

// after is now, or just after t when now is not after it (newer wins).
func after(now, t time.Time) time.Time {
	if !now.After(t) {
		return t.Add(time.Millisecond)
	}
	return now
}

// Refund records a refund of req.Amount on the order and marks the order
// refunded or partially refunded. The same idempotency key refunds once:
// again, it returns the refund with resolution.ErrAlreadyDone.
func (s *Shop) Refund(ctx context.Context, req resolution.RefundRequest) (resolution.RefundResult, error) {
	o, err := s.Store.GetOrder(ctx, req.Shop, req.OrderID)
	if err != nil {
		return resolution.RefundResult{}, fmt.Errorf("demo shop refund: %w", err)
	}
	id := demoID("refund", req.Shop, req.IdempotencyKey)
	res := resolution.RefundResult{ID: id, Amount: req.Amount}
	for _, r := range o.Refunds {
		if r.ID == id {
			return res, resolution.ErrAlreadyDone
		}
	}
	if req.Amount <= 0 || req.Amount > o.TotalPrice-o.RefundedTotal() {
		return resolution.RefundResult{}, fmt.Errorf("demo shop refund of %d on order %s: %w: more than is left to refund", req.Amount, o.Name, resolution.ErrRejected)
	}
	now := s.Clock.Now()
	rf := order.Refund{Shop: req.Shop, OrderID: o.ID, ID: id, Amount: req.Amount, Note: req.Note, CreatedAt: now}
	for _, l := range req.Lines {
		rf.LineItems = append(rf.LineItems, l.LineItemID)
	}
	o.FinancialStatus = "partially_refunded"
	if o.RefundedTotal()+req.Amount >= o.TotalPrice {
		o.FinancialStatus = "refunded"
	}
	o.UpdatedAt = after(now, o.UpdatedAt)
	o.Shipments, o.Refunds, o.Returns = nil, nil, nil
	if _, err := s.Store.Apply(ctx, store.Change{Shop: req.Shop, Order: &o, Refunds: []order.Refund{rf}}); err != nil {
		return resolution.RefundResult{}, fmt.Errorf("demo shop refund: %w", err)
	}
	lines, _ := linesOf(o, req.Lines)
	if err := s.record(ctx, "refund-"+id, Action{Type: ActionRefund, Order: o.Name, Lines: lines, Amount: money.Decimal(int64(req.Amount), o.Currency), Currency: o.Currency,
		Detail: map[string]any{"refund_id": id}, At: now}); err != nil {
		return resolution.RefundResult{}, err
	}
	return res, nil
}

// Replace creates a replacement order: the items again at price 0, paid,
// to the same customer and address, named after the original ("#1003-R").
// The same idempotency key creates it once: again, it returns the order
// with resolution.ErrAlreadyDone.
func (s *Shop) Replace(ctx context.Context, req resolution.ReplaceRequest) (resolution.ReplaceResult, error) {
	if len(req.Lines) == 0 {
		return resolution.ReplaceResult{}, fmt.Errorf("demo shop replacement: %w: no items", resolution.ErrRejected)
	}
	id := demoID("replace", req.Shop, req.IdempotencyKey)
	name := order.NormaliseName(req.OrderName) + "-R"
	res := resolution.ReplaceResult{OrderID: id, Name: name}
	if _, err := s.Store.GetOrder(ctx, req.Shop, id); err == nil {
		return res, resolution.ErrAlreadyDone
	}
	now := s.Clock.Now()
	o := order.Order{Shop: req.Shop, ID: id, Name: name, Email: req.Email, Customer: req.Customer, Currency: req.Currency,
		FinancialStatus: "paid", ShippingAddress: req.ShippingAddress, CreatedAt: now, UpdatedAt: now,
		Tags: []string{"doorstep-replacement", "replaces-" + order.NormaliseName(req.OrderName)}}
	for i, l := range req.Lines {
		o.LineItems = append(o.LineItems, order.LineItem{ID: demoID("line", id, strconv.Itoa(i)), ProductID: l.ProductID,
			VariantID: l.VariantID, SKU: l.SKU, Title: l.Title, Quantity: l.Quantity})
	}
	r, err := s.Store.Apply(ctx, store.Change{Shop: req.Shop, Order: &o})
	if err != nil {
		return resolution.ReplaceResult{}, fmt.Errorf("demo shop replacement: %w", err)
	}
	if r.Written == 0 {
		return res, resolution.ErrAlreadyDone
	}
	orig, _ := s.Store.GetOrder(ctx, req.Shop, req.OrderID) // for the variants' names
	var lines []ActionLine
	for _, l := range req.Lines {
		al := ActionLine{Title: l.Title, Quantity: l.Quantity}
		for _, li := range orig.LineItems {
			if li.ID == l.LineItemID {
				al.Variant = li.Variant
			}
		}
		lines = append(lines, al)
	}
	if err := s.record(ctx, "replace-"+id, Action{Type: ActionReplacement, Order: order.NormaliseName(req.OrderName), Lines: lines, Amount: "0.00",
		Currency: req.Currency, Detail: map[string]any{"replacement_order": name}, At: now}); err != nil {
		return resolution.ReplaceResult{}, err
	}
	return res, nil
}
