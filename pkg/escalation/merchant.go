package escalation

import (
	"context"
	"fmt"
	"net/mail"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// Merchant gives a shop's settings as saved in the console
// (settings.Service).
type Merchant interface {
	Get(ctx context.Context, shop string) (settings.Settings, error)
}

// settingsFor is the Settings for shop: the static ones with the console's
// team email, second contact and SLA laid over them.
func (s *Service) settingsFor(ctx context.Context, shop string) (Settings, error) {
	set := s.Settings
	if s.Merchant == nil {
		return set, nil
	}
	m, err := s.Merchant.Get(ctx, shop)
	if err != nil {
		return set, fmt.Errorf("merchant settings: %w", err)
	}
	n := m.Notifications
	if n.StaffEmail != "" {
		set.Staff = mail.Address{Name: set.Staff.Name, Address: n.StaffEmail}
	}
	if n.SecondContact != "" {
		set.SecondContact = mail.Address{Name: set.SecondContact.Name, Address: n.SecondContact}
	}
	if n.SLAHours > 0 {
		set.SLA = time.Duration(n.SLAHours) * time.Hour
	}
	if m.Policy.ShopName != "" {
		set.ShopName = m.Policy.ShopName
	}
	return set, nil
}
