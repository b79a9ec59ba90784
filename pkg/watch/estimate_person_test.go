package watch_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// A person owns #1003's case (UPS's failed delivery went to them, and the
// customer was told). The parcel then runs late: the delay is folded into
// the person's thread, so its notice, which names the new estimate, is not
// sent; but the tracking page and the chat show that estimate, so the
// customer is mailed it, once, in the same thread, and the person reads it
// on the handoff (a trial found it shown on the page and in the chat and
// mailed to nobody).
func TestANewEstimateWhileAPersonOwnsTheCaseIsMailedOnce(t *testing.T) {
	e := newEnv(t, policyWith(watch.ActionPerson), "")
	u := tracking.Update{Provider: tracking.AfterShip, EventID: "evt-fail", TrackingNumber: "1Z9HH4870345612786", Status: order.StatusFailure,
		Events: []tracking.Event{{Time: ts(t, "2026-11-20T16:00:00Z"), Status: order.StatusFailure, Description: "Delivery attempted", Source: tracking.AfterShip}}}
	e.clk.Set(ts(t, "2026-11-20T17:00:00Z"))
	if _, err := e.trk.Apply(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	e.makeDue(t)
	e.run(t, "2026-11-20T18:00:00Z")
	if got := e.box.subjects(customer); len(got) != 1 || !strings.Contains(got[0], "delivery problem") {
		t.Fatalf("customer mail after the failure = %q, want the problem's notice", got)
	}
	for _, at := range []string{"2026-11-28T15:00:00Z", "2026-11-29T15:00:00Z"} {
		e.makeDue(t)
		e.run(t, at)
	}
	got := e.box.subjects(customer)
	if len(got) != 2 {
		e.box.dump(t)
		t.Fatalf("customer mail = %q, want the failure's notice and one with the delay's estimate", got)
	}
	m := e.box.sent[len(e.box.sent)-1]
	if m.InReplyTo == "" {
		t.Errorf("the delay's estimate is not in the problem's thread: %+v", m)
	}
	for _, want := range []string{"was due by Wed, Nov 25 and UPS hasn't delivered it yet", "already looking after your order", "Was due by: Wed, Nov 25"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the delay's mail lacks %q:\n%s", want, m.Text)
		}
	}
	rs := e.problems(t)
	var late watch.Record
	for _, r := range rs {
		if r.Kind == watch.KindLate || r.Kind == watch.KindStalled {
			late = r
		}
	}
	if late.Given == nil || late.Action != watch.ActionPerson {
		t.Fatalf("the delay's record = %+v, want the person's, with the estimate given", late)
	}
	var h escalation.Handoff
	for _, d := range e.handoffs(t) {
		if d.ID == late.HandoffID {
			if err := json.Unmarshal(d.Value, &h); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !strings.Contains(h.Note, "the delivery estimate is now") || !strings.Contains(h.Note, "the customer was mailed it") {
		t.Errorf("handoff note %q, want the new estimate for the person on the case", h.Note)
	}
}

func (m *mailbox) dump(t *testing.T) {
	for _, s := range m.sent {
		t.Logf("%s | %s | irt=%s\n%s", s.To, s.Subject, s.InReplyTo, s.Text)
	}
}
