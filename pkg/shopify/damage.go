package shopify

// The agent's report_damage tool refunds and replaces lines through the
// same Admin calls as the delivery check (resolve.go: refundCreate,
// orderCreate). The agent has already claimed the proposal's id, so these
// take no claim of their own.

import (
	"context"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/resolution"
)

// claimedByCaller is a Claimer for callers that hold the idempotency key
// themselves.
type claimedByCaller struct{}

func (claimedByCaller) Claim(context.Context, string, time.Time) error { return nil }
func (claimedByCaller) Release(context.Context, string) error          { return nil }

var _ resolution.Resolver = (*Admin)(nil)

// Refund refunds some of an order's lines (refundCreate).
func (a *Admin) Refund(ctx context.Context, req resolution.RefundRequest) (resolution.RefundResult, error) {
	return (&Resolver{Admin: a, Claims: claimedByCaller{}}).Refund(ctx, req)
}

// Replace creates a replacement order at no cost (orderCreate).
func (a *Admin) Replace(ctx context.Context, req resolution.ReplaceRequest) (resolution.ReplaceResult, error) {
	return (&Resolver{Admin: a, Claims: claimedByCaller{}}).Replace(ctx, req)
}

// Refund routes to the shop's client.
func (a Admins) Refund(ctx context.Context, req resolution.RefundRequest) (resolution.RefundResult, error) {
	c, err := a.get(req.Shop)
	if err != nil {
		return resolution.RefundResult{}, err
	}
	return c.Refund(ctx, req)
}

// Replace routes to the shop's client.
func (a Admins) Replace(ctx context.Context, req resolution.ReplaceRequest) (resolution.ReplaceResult, error) {
	c, err := a.get(req.Shop)
	if err != nil {
		return resolution.ReplaceResult{}, err
	}
	return c.Replace(ctx, req)
}
