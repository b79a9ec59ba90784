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
		{"discount code", func(s *merchant.Settings) { s.Outreach.DiscountCode = "COFFEE15" }, func(t *testing.T, e *env) {
			e.until(5 * day)
			e.answer("Love it, thank you!", "")
			got := e.mail()
			if len(got) != 2 || !strings.Contains(got[1].Text, "COFFEE15") || strings.Contains(got[1].Text, "THANKYOU10") || strings.Contains(got[1].Text, "10%") {
				t.Errorf("suggestion %v", got)
			}
		}},
		{"attribution window", func(s *merchant.Settings) { s.Outreach.AttributionDays = 7 }, func(t *testing.T, e *env) {
			rec := &suggestions{}
			e.svc.Metrics = rec
			e.until(5 * day)
			e.answer("Love it, thank you!", "")
			if len(rec.got) != 1 || rec.got[0].Until.Sub(rec.got[0].SentAt) != 7*day {
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
			s.Outreach.DiscountCode = "THANKYOU10"
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
