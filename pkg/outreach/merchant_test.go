package outreach_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	merchant "github.com/doorstep-ai/doorstep/pkg/settings"
)

// Every outreach setting the console shows takes effect: the settings are
// saved through settings.Service, as the console saves them.
func TestConsoleSettingsTakeEffect(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(s *merchant.Settings)
		check func(t *testing.T, e *env)
	}{
		{"check-in days", func(s *merchant.Settings) { s.Outreach.CheckInDays = 3 }, func(t *testing.T, e *env) {
			e.until(3*day - time.Minute)
			if n := len(e.mail()); n != 0 {
				t.Fatalf("%d mails before day 3", n)
			}
			e.until(3 * day)
			if got := e.mail(); len(got) != 1 {
				t.Fatalf("check-in on day 3: %v", subjects(got))
			}
		}},
		{"outreach off", func(s *merchant.Settings) { s.Outreach.Enabled = false }, func(t *testing.T, e *env) {
			e.until(30 * day)
			if got := e.mail(); len(got) != 0 {
				t.Errorf("outreach off sent %v", subjects(got))
			}
		}},
		{"review days", func(s *merchant.Settings) { s.Outreach.ReviewDays = 9 }, func(t *testing.T, e *env) {
			e.until(5 * day)
			e.until(8*day + time.Minute) // the check-in's answer window closes
			n := len(e.mail())
			e.until(9 * day)
			if got := e.mail(); len(got) != n+1 || !strings.Contains(got[len(got)-1].Text, "1 (poor) to 5 (great)") {
				t.Errorf("review request on day 9: %v", subjects(got))
			}
		}},
		{"suggestions off", func(s *merchant.Settings) { s.Outreach.Suggestions = false }, func(t *testing.T, e *env) {
			e.until(5 * day)
			e.answer("Love it, thank you!", "")
			if got := e.mail(); len(got) != 1 {
				t.Errorf("suggestions off sent %v", subjects(got))
			}
		}},
		{"amount off, 7 days, no friend code", func(s *merchant.Settings) {
			s.Outreach.DiscountPercent, s.Outreach.DiscountAmount, s.Outreach.DiscountDays, s.Outreach.FriendCodes = 0, 500, 7, false
		}, func(t *testing.T, e *env) {
			e.until(5 * day)
			e.answer("Love it, thank you!", "")
			got := e.mail()
			if len(e.shop.made) != 1 {
				t.Fatalf("codes made %+v, want one", e.shop.made)
			}
			r := e.shop.made[0]
			if r.Value.Amount != 500 || r.Value.Currency != "USD" || r.Value.Percent != 0 || r.EndsAt.Sub(r.StartsAt) != 7*day {
				t.Errorf("code %+v, want $5.00 off for 7 days", r)
			}
			if len(got) != 2 || !strings.Contains(got[1].Text, r.Code+" takes $5.00 off") || strings.Contains(got[1].Text, "friend") {
				t.Errorf("suggestion %v", got)
			}
		}},
		{"no discount", func(s *merchant.Settings) { s.Outreach.DiscountPercent = 0 }, func(t *testing.T, e *env) {
			e.until(5 * day)
			e.answer("Love it, thank you!", "")
			got := e.mail()
			if len(e.shop.made) != 0 || len(got) != 2 || strings.Contains(got[1].Text, "code") {
				t.Errorf("codes %+v, suggestion %v", e.shop.made, got)
			}
		}},
		{"attribution window", func(s *merchant.Settings) { s.Outreach.AttributionDays = 7 }, func(t *testing.T, e *env) {
			rec := &suggestions{}
			e.svc.Metrics = rec
			e.until(5 * day)
			e.answer("Love it, thank you!", "")
			// The code is valid 30 days: an order with it counts until a day
			// after it ends, past the 7-day window.
			if len(rec.got) != 2 || rec.got[0].Until.Sub(rec.got[0].SentAt) != 31*day {
				t.Errorf("suggestions recorded %+v, want attribution until the code's end", rec.got)
			}
		}},
		{"attribution window, no codes", func(s *merchant.Settings) { s.Outreach.AttributionDays, s.Outreach.DiscountPercent = 7, 0 }, func(t *testing.T, e *env) {
			rec := &suggestions{}
			e.svc.Metrics = rec
			e.until(5 * day)
			e.answer("Love it, thank you!", "")
			if len(rec.got) != 1 || rec.got[0].Until.Sub(rec.got[0].SentAt) != 7*day || rec.got[0].DiscountCode != "" {
				t.Errorf("suggestions recorded %+v, want attribution until 7 days after", rec.got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			svc := &merchant.Service{Store: e.st, Clock: e.clk}
			s := merchant.Default(policy.Default())
			s.Outreach.CheckInDays = 5 // the flow tests' default, unless the case changes it
			s.Outreach.DiscountPercent, s.Outreach.FriendCodes = 10, true
			tt.edit(&s)
			if _, err := svc.Put(context.Background(), shop, s, "test"); err != nil {
				t.Fatal(err)
			}
			e.svc.Merchant = svc
			e.deliver()
			tt.check(t, e)
		})
	}
}

var _ outreach.Merchant = (*merchant.Service)(nil)

// suggestions records what outreach reports to metrics.
type suggestions struct{ got []metrics.Suggestion }

func (r *suggestions) Suggest(_ context.Context, s metrics.Suggestion) error {
	r.got = append(r.got, s)
	return nil
}

func (r *suggestions) DeliveryRating(context.Context, string, string, time.Time, int) error {
	return nil
}
