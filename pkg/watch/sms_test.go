package watch

import (
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// The text message names the same problem as the email: "running late"
// in both or in neither.
func TestDelayNoticeSMSFollowsTheEmail(t *testing.T) {
	now := time.Date(2026, 12, 11, 15, 0, 0, 0, time.UTC)
	c := &Checker{Notify: &notify.Notifier{Brands: notify.StaticBrand{ShopName: "Hearth & Harbor"}}, Rules: edd.DefaultRules(time.UTC), Clock: clock.NewFixed(now)}
	o := order.Order{Shop: "s", ID: "1", Name: "#1002", CreatedAt: now.AddDate(0, 0, -7)}
	label := now.AddDate(0, 0, -6)
	scanned := now.AddDate(0, 0, -8)
	est := edd.Estimate{From: edd.MustDate("2026-12-08"), To: edd.MustDate("2026-12-09"), Basis: edd.BasisShipped}
	for _, tt := range []struct {
		name string
		kind Kind
		sh   order.Shipment
		late bool
	}{
		{"never scanned, stalled", KindStalled, order.Shipment{ID: "a", Carrier: "USPS", Status: order.StatusLabelPrinted, CreatedAt: label, LastEventAt: label}, false},
		{"in transit, stalled", KindStalled, order.Shipment{ID: "b", Carrier: "UPS", Status: order.StatusInTransit, ShippedAt: &scanned, LastEventAt: scanned}, false},
		{"in transit, late", KindLate, order.Shipment{ID: "c", Carrier: "UPS", Status: order.StatusInTransit, ShippedAt: &scanned, LastEventAt: scanned}, true},
		{"never scanned, late", KindLate, order.Shipment{ID: "d", Carrier: "USPS", Status: order.StatusLabelPrinted, CreatedAt: label, LastEventAt: label}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			nt := c.notice(t.Context(), o, tt.sh, Record{Kind: tt.kind, Action: ActionWait}, est)
			mailLate := strings.Contains(nt.Subject, "running late")
			smsLate := strings.Contains(nt.SMS, "running late")
			if mailLate != tt.late || smsLate != tt.late {
				t.Errorf("late: email %v (%q), SMS %v (%q), want %v", mailLate, nt.Subject, smsLate, nt.SMS, tt.late)
			}
		})
	}
}

// A late notice names one due day: the "was due by" of its text is the one
// its estimate names (the window last shown, once the first was
// replaced), not the first estimate's (#1002 on make dev said "due by Mon,
// Dec 14" above "New estimate: ... (was due by Fri, Dec 18)").
func TestLateNoticeNamesOneDueDay(t *testing.T) {
	rules := edd.DefaultRules(time.UTC)
	ordered := time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)
	label := ordered.Add(20 * time.Hour)
	o := order.Order{Shop: "s", ID: "1", Name: "#1002", CreatedAt: ordered}
	sh := order.Shipment{ID: "a", Carrier: "USPS", Status: order.StatusLabelPrinted, CreatedAt: label, LastEventAt: label}
	rolled := 0
	for d := 8; d <= 24; d++ {
		now := ordered.AddDate(0, 0, d)
		c := &Checker{Notify: &notify.Notifier{Brands: notify.StaticBrand{ShopName: "Hearth & Harbor"}}, Rules: rules, Clock: clock.NewFixed(now)}
		est := rules.ForParcel(o, &sh)
		ol := rules.At(est, now)
		if !ol.Late() {
			continue
		}
		nt := c.notice(t.Context(), o, sh, Record{Kind: KindLate, Action: ActionWait}, est)
		text := strings.Join(nt.Paragraphs, "\n")
		want := ol.Estimate.To
		if ol.Rolled() {
			rolled++
			want = ol.Promise.To
			if !strings.Contains(nt.Estimate, "(was due by "+edd.Day(want)+")") {
				t.Errorf("day %d: estimate %q does not name %s", d, nt.Estimate, edd.Day(want))
			}
		}
		if ol.Rolled() && !strings.Contains(text, "was due by "+edd.Day(want)) {
			t.Errorf("day %d: text says\n%s\nbut the estimate says %q", d, text, nt.Estimate)
		}
	}
	if rolled == 0 {
		t.Fatal("no day had a replaced window: the test checked nothing")
	}
}

// A stalled parcel's delay notice never says "Estimated delivery: today"
// beside "hasn't updated the tracking since …": from the estimate's last
// day on, it was due by then.
func TestStalledNoticeEstimateIsNeverToday(t *testing.T) {
	now := time.Date(2026, 12, 11, 15, 0, 0, 0, time.UTC)
	c := &Checker{Notify: &notify.Notifier{Brands: notify.StaticBrand{ShopName: "Hearth & Harbor"}}, Rules: edd.DefaultRules(time.UTC), Clock: clock.NewFixed(now)}
	o := order.Order{Shop: "s", ID: "1", Name: "#1004", CreatedAt: now.AddDate(0, 0, -10)}
	scanned := now.AddDate(0, 0, -6)
	sh := order.Shipment{ID: "b", Carrier: "UPS", Status: order.StatusInTransit, ShippedAt: &scanned, LastEventAt: scanned}
	for _, tt := range []struct {
		name        string
		kind        Kind
		to          string
		label, text string
	}{
		{"stalled, due today", KindStalled, "2026-12-11", "Was due by", "Fri, Dec 11"},
		{"stalled, due later", KindStalled, "2026-12-14", "Estimated delivery", "by Mon, Dec 14"},
		{"late, passed", KindLate, "2026-12-10", "Was due by", "Thu, Dec 10"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			est := edd.Estimate{From: edd.MustDate("2026-12-08"), To: edd.MustDate(tt.to), Basis: edd.BasisShipped}
			nt := c.notice(t.Context(), o, sh, Record{Kind: tt.kind, Action: ActionWait}, est)
			if nt.EstimateLabel != tt.label || nt.Estimate != tt.text {
				t.Errorf("estimate %q %q, want %q %q", nt.EstimateLabel, nt.Estimate, tt.label, tt.text)
			}
		})
	}
}
