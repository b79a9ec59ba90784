package policy

import "context"

type ctxKey struct{}

// NewContext returns ctx carrying p: the policy a customer's yes was
// checked under. Whatever carries the write out decides under the same
// policy instead of reading the settings again, where another instance's
// cache may still hold what the merchant had before the customer was told.
func NewContext(ctx context.Context, p Policy) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext is the policy NewContext put in ctx; ok is false when none.
func FromContext(ctx context.Context) (p Policy, ok bool) {
	p, ok = ctx.Value(ctxKey{}).(Policy)
	return p, ok
}
