package runner_test

import (
	"strings"
	"testing"
)

// A second chat that joins a customer's plain handoff (they asked for a
// person about #1003 in one chat, then in another opened before it) is
// told what the first joining chat is told: a person already has the
// order and replies by the handoff's deadline, in the shop's time.
func TestHandoffASecondChatJoinsIsToldTheReplyByTime(t *testing.T) {
	r, srv := truthRunner(t)
	const daniel = "daniel.reyes@example.com"
	first, _ := startChat(t, srv, map[string]string{"email": daniel, "order_number": "#1003"})
	second, _ := startChat(t, srv, map[string]string{"email": daniel, "order_number": "#1003"})
	second.say("hi, where is my order?")
	first.say("can I talk to a human please")
	advance(t, srv, "1m")
	reply, _ := second.say("can I talk to a human please")
	advance(t, srv, "1m")
	hs, err := r.Escalation.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, h := range hs {
		if h.Order == "#1003" && h.IsOpen() {
			open = append(open, h.ID)
		}
	}
	if len(open) != 1 {
		t.Fatalf("open handoffs about #1003: %v, want one", open)
	}
	h, err := r.Escalation.Get(t.Context(), open[0])
	if err != nil {
		t.Fatal(err)
	}
	said := reply + "\n" + strings.Join(second.transcript(), "\n")
	wantIn(t, said, "already looking after your order #1003", "reply to you here by "+h.SLADue.In(shopRules(t).Location).Format("Mon, Jan 2 2006, 3:04 PM MST"))
}
