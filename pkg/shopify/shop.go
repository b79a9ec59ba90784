package shopify

import (
	"context"
	"fmt"
	"strings"
	"time"
)

const shopTimezoneQuery = `query DoorstepShopTimezone {
  shop { ianaTimezone }
}`

// ShopTimezone is the time zone in the shop's settings (Shop.ianaTimezone,
// "America/New_York"): every date doorstep shows a customer or the
// merchant is in it.
func (a *Admin) ShopTimezone(ctx context.Context) (*time.Location, error) {
	var out struct {
		Shop struct {
			IanaTimezone string `json:"ianaTimezone"`
		} `json:"shop"`
	}
	if err := a.do(ctx, shopTimezoneQuery, nil, &out); err != nil {
		return nil, fmt.Errorf("read shop time zone: %w", err)
	}
	name := strings.TrimSpace(out.Shop.IanaTimezone)
	if name == "" {
		return nil, fmt.Errorf("read shop time zone: the shop has none")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("shop time zone %q: %w", name, err)
	}
	return loc, nil
}
