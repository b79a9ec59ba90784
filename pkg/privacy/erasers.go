package privacy

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// FeatureErasers are the erasers of what the other features keep on a
// customer, in the store: outreach records, handoffs, mail records (sender,
// attachments, log) and the shipping-notification opt-out.
func FeatureErasers(st store.Store) []func(ctx context.Context, shop, email string, conversations []string) error {
	return []func(context.Context, string, string, []string) error{
		func(ctx context.Context, shop, email string, _ []string) error {
			return (&outreach.Service{Store: st}).Erase(ctx, shop, email)
		},
		func(ctx context.Context, shop, email string, _ []string) error {
			return (&escalation.Service{Store: st}).Erase(ctx, shop, email)
		},
		func(ctx context.Context, shop, email string, convs []string) error {
			return mailin.Erase(ctx, st, shop, email, convs)
		},
		func(ctx context.Context, shop, email string, _ []string) error {
			return notify.EraseOptOut(ctx, st, shop, email)
		},
	}
}
