package escalation_test

import (
	"context"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// The console's team email hears of a new handoff, its second contact of
// a missed SLA, and its SLA hours set the deadline.
func TestConsoleEscalationSettings(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	svc := &settings.Service{Store: e.st, Clock: e.clk}
	s := settings.Default(policy.Default())
	s.Notifications.StaffEmail, s.Notifications.SecondContact, s.Notifications.SLAHours = "team@shop.example", "boss@shop.example", 2
	if _, err := svc.Put(ctx, shop, s, "test"); err != nil {
		t.Fatal(err)
	}
	e.svc.Merchant = svc
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "asked for a person", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	if got := h.SLADue.Sub(h.OpenedAt); got != 2*time.Hour {
		t.Errorf("SLA %s, want the console's 2h", got)
	}
	if n := len(e.mailTo("team@shop.example")); n != 1 || len(e.mailTo("staff@hearth.example")) != 0 {
		t.Errorf("team email got %d mails; the static staff address got %d", n, len(e.mailTo("staff@hearth.example")))
	}
	e.advance(2 * time.Hour)
	if n := len(e.mailTo("boss@shop.example")); n != 1 || len(e.mailTo("owner@hearth.example")) != 0 {
		t.Errorf("second contact got %d mails after the SLA", n)
	}
}
