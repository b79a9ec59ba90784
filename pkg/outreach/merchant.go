package outreach

import (
	"context"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// Merchant gives a shop's settings as saved in the console
// (settings.Service).
type Merchant interface {
	Get(ctx context.Context, shop string) (settings.Settings, error)
}

// settingsFor is the Settings outreach follows for shop: the static ones,
// with what the merchant saved in the console laid over them (whether
// outreach runs, the check-in and review delays, suggestions, the
// discount issued with them, the shop's name and return window).
func (s *Service) settingsFor(ctx context.Context, shop string) (Settings, error) {
	set := s.Settings
	if s.Merchant == nil {
		return set, nil
	}
	m, err := s.Merchant.Get(ctx, shop)
	if err != nil {
		return set, fmt.Errorf("merchant settings: %w", err)
	}
	o := m.Outreach
	set.Off = !o.Enabled
	set.NoSuggestions = !o.Suggestions
	if o.CheckInDays > 0 {
		set.CheckInAfter = time.Duration(o.CheckInDays) * 24 * time.Hour
	}
	if o.ReviewDays > 0 {
		set.ReviewAfter = time.Duration(o.ReviewDays) * 24 * time.Hour
	}
	if o.AttributionDays > 0 {
		set.AttributionWindow = time.Duration(o.AttributionDays) * 24 * time.Hour
	}
	set.DiscountPercent, set.DiscountAmount = o.DiscountPercent, order.Money(o.DiscountAmount)
	set.DiscountDays, set.FriendCodes = o.DiscountDays, o.FriendCodes
	if m.Policy.ShopName != "" {
		set.ShopName = m.Policy.ShopName
	}
	set.ReturnWindowDays = m.Policy.ReturnWindowDays
	return set, nil
}
