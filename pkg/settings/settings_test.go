package settings_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

var _ agent.Policies = (*settings.Service)(nil)

const shop = "demo-shop.myshopify.com"

func openStore(t *testing.T) *bolt.Store {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestDefaultsUntilChanged(t *testing.T) {
	st := openStore(t)
	pol := policy.Default()
	pol.ShopName = "Hearth & Harbor"
	svc := &settings.Service{Store: st, Clock: clock.NewFixed(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)),
		Defaults: func(string) settings.Settings { return settings.Default(pol) }}
	got, err := svc.Policy(t.Context(), shop)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pol, got); diff != "" {
		t.Errorf("policy before any change (-want +got):\n%s", diff)
	}

	s, _ := svc.Get(t.Context(), shop)
	s.Policy.ReturnWindowDays = 45
	s.Policy.Voice = "  cheerful,\n  and   short "
	saved, err := svc.Put(t.Context(), shop, s, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if saved.Policy.Voice != "cheerful, and short" || saved.UpdatedBy != "dev" || saved.UpdatedAt.IsZero() {
		t.Errorf("saved = voice %q by %q at %v; want the voice on one line, who and when", saved.Policy.Voice, saved.UpdatedBy, saved.UpdatedAt)
	}
	got, _ = svc.Policy(t.Context(), shop)
	if got.ReturnWindowDays != 45 {
		t.Errorf("return window after the change = %d, want 45", got.ReturnWindowDays)
	}
	other, _ := svc.Policy(t.Context(), "other-shop.myshopify.com")
	if other.ReturnWindowDays != pol.ReturnWindowDays {
		t.Errorf("another shop's window = %d, want the default", other.ReturnWindowDays)
	}
}

// Another process (another Lambda) sees a change once its cached copy is
// older than the TTL: no deploy, no restart.
func TestOtherProcessSeesChangeAfterTTL(t *testing.T) {
	st := openStore(t)
	clk := clock.NewFixed(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	writer := &settings.Service{Store: st, Clock: clk, TTL: 10 * time.Second}
	reader := &settings.Service{Store: st, Clock: clk, TTL: 10 * time.Second}
	before, _ := reader.Policy(t.Context(), shop)

	s, _ := writer.Get(t.Context(), shop)
	s.Policy.ReturnWindowDays = 7
	if _, err := writer.Put(t.Context(), shop, s, "dev"); err != nil {
		t.Fatal(err)
	}
	cached, _ := reader.Policy(t.Context(), shop)
	if cached.ReturnWindowDays != before.ReturnWindowDays {
		t.Errorf("within the TTL the reader saw %d, want its cached %d", cached.ReturnWindowDays, before.ReturnWindowDays)
	}
	clk.Advance(11 * time.Second)
	fresh, _ := reader.Policy(t.Context(), shop)
	if fresh.ReturnWindowDays != 7 {
		t.Errorf("after the TTL the reader saw %d, want 7", fresh.ReturnWindowDays)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*settings.Settings)
		field  string
	}{
		{"negative window", func(s *settings.Settings) { s.Policy.ReturnWindowDays = -1 }, "policy.return_window_days"},
		{"window over a year", func(s *settings.Settings) { s.Policy.ReturnWindowDays = 400 }, "policy.return_window_days"},
		{"negative refund limit", func(s *settings.Settings) { s.Policy.RefundAutoLimit = -5 }, "policy.refund_auto_limit"},
		{"no shop name", func(s *settings.Settings) { s.Policy.ShopName = "  " }, "policy.shop_name"},
		{"bad staff email", func(s *settings.Settings) { s.Notifications.StaffEmail = "not an email" }, "notifications.staff_email"},
		{"discount over 100%", func(s *settings.Settings) { s.Outreach.DiscountPercent = 101 }, "outreach.discount_percent"},
		{"negative discount amount", func(s *settings.Settings) { s.Outreach.DiscountAmount = -1 }, "outreach.discount_amount"},
		{"percent and amount both", func(s *settings.Settings) { s.Outreach.DiscountPercent, s.Outreach.DiscountAmount = 10, 500 }, "outreach.discount_amount"},
		{"codes valid no days", func(s *settings.Settings) { s.Outreach.DiscountDays = 0 }, "outreach.discount_days"},
		{"negative check-in window", func(s *settings.Settings) { s.Outreach.CheckInDays = -1 }, "outreach.check_in_days"},
		{"unknown not-received step", func(s *settings.Settings) { s.Policy.NotReceivedAction = "shrug" }, "policy.not_received_action"},
		{"negative not-received limit", func(s *settings.Settings) { s.Policy.NotReceivedAutoLimit = -1 }, "policy.not_received_auto_limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := settings.Default(policy.Default())
			tc.change(&s)
			err := s.Validate()
			var ve *settings.ValidationError
			if !errors.As(err, &ve) || ve.Problems[tc.field] == "" {
				t.Fatalf("Validate() = %v, want a problem with %s", err, tc.field)
			}
		})
	}
	s := settings.Default(policy.Default())
	s.Notifications.StaffEmail = "team@example.com"
	if err := s.Validate(); err != nil {
		t.Errorf("defaults with a staff email: %v", err)
	}
	s.Outreach.DiscountAmount, s.Outreach.FriendCodes = 500, true
	if err := s.Validate(); err != nil {
		t.Errorf("an amount off with friend codes: %v", err)
	}
	s.Policy.NotReceivedAction = " Refund "
	if err := s.Validate(); err != nil || s.Policy.NotReceivedAction != policy.NotReceivedRefund {
		t.Errorf("not-received step \" Refund \": %v, kept %q", err, s.Policy.NotReceivedAction)
	}
	s.Policy.NotReceivedAction = "" // a document saved before the setting
	if err := s.Validate(); err != nil || s.Policy.NotReceivedAction != policy.NotReceivedPerson {
		t.Errorf("no not-received step: %v, kept %q; want a person, as before", err, s.Policy.NotReceivedAction)
	}
}

func TestStoreFailureIsAnError(t *testing.T) {
	st := openStore(t)
	st.Close()
	svc := &settings.Service{Store: st, Clock: clock.NewManual()}
	if _, err := svc.Policy(t.Context(), shop); err == nil {
		t.Error("a store that cannot be read gave no error")
	}
}
