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
			nt := c.notice(o, tt.sh, Record{Kind: tt.kind, Action: ActionWait}, est)
			mailLate := strings.Contains(nt.Subject, "running late")
			smsLate := strings.Contains(nt.SMS, "running late")
			if mailLate != tt.late || smsLate != tt.late {
				t.Errorf("late: email %v (%q), SMS %v (%q), want %v", mailLate, nt.Subject, smsLate, nt.SMS, tt.late)
			}
		})
	}
}
