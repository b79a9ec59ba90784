package notify_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// Each shipping-notification switch in the console stops exactly its kind;
// the SMS switch stops the texts and not the mail.
func TestConsoleNotificationSwitches(t *testing.T) {
	kinds := []notify.Kind{notify.KindConfirmed, notify.KindShipped, notify.KindOutForDelivery, notify.KindDelivered, notify.KindDelayed}
	tests := []struct {
		name    string
		edit    func(n *settings.Notifications)
		off     notify.Kind // the kind not sent; "" none
		texting bool
	}{
		{"all on, sms on", func(n *settings.Notifications) { n.SMS = true }, "", true},
		{"sms off", func(n *settings.Notifications) { n.SMS = false }, "", false},
		{"confirmed off", func(n *settings.Notifications) { n.EmailConfirmed, n.SMS = false, true }, notify.KindConfirmed, true},
		{"shipped off", func(n *settings.Notifications) { n.EmailShipped, n.SMS = false, true }, notify.KindShipped, true},
		{"out for delivery off", func(n *settings.Notifications) { n.EmailOutForDelivery, n.SMS = false, true }, notify.KindOutForDelivery, true},
		{"delivered off", func(n *settings.Notifications) { n.EmailDelivered, n.SMS = false, true }, notify.KindDelivered, true},
		{"delayed off", func(n *settings.Notifications) { n.EmailDelayed, n.SMS = false, true }, notify.KindDelayed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			svc := &settings.Service{Store: e.st, Clock: e.clk}
			s := settings.Default(policy.Default())
			tt.edit(&s.Notifications)
			if _, err := svc.Put(t.Context(), shop, s, "test"); err != nil {
				t.Fatal(err)
			}
			e.n.Merchant = svc
			for _, k := range kinds {
				sent, err := e.n.Deliver(t.Context(), notify.Notice{Kind: k, Order: e.o, Subject: string(k), Paragraphs: []string{"x"}, SMS: "text " + string(k)})
				if err != nil {
					t.Fatal(err)
				}
				if want := k != tt.off; sent != want {
					t.Errorf("%s sent = %v, want %v", k, sent, want)
				}
			}
			want := 0
			if tt.texting {
				want = len(kinds)
				if tt.off != "" {
					want--
				}
			}
			if len(e.sms.sent) != want {
				t.Errorf("%d texts, want %d", len(e.sms.sent), want)
			}
		})
	}
}
