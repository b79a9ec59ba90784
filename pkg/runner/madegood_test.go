package runner_test

import (
	"strings"
	"testing"
)

// A parcel replaced by a kept promise is made good once: the customer
// asking again hears it was replaced (no new promise), the delivery check
// finding it lost weeks later does not replace it again, and no "running
// late, we've opened a trace" notice follows the replacement.
func TestPromiseKeptParcelMadeGoodOnce(t *testing.T) {
	r := promiseRunner(t)
	srv := startServer(t, r)
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	p := promised(t, r, c)
	past(t, r, srv.URL, p.DueAt)
	reps := ofType(shopActions(t, srv), "replacement")
	if len(reps) != 1 {
		t.Fatalf("replacements %+v: want one", reps)
	}

	c, _ = startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"}) // the old session expired
	reply, acts := c.say("my order #1003 still hasn't arrived, it's late")
	if hasStatus(acts, "proposed") {
		t.Errorf("a new proposal for a parcel already replaced: %v\n%s", statusesOf(acts), reply)
	}
	wantIn(t, reply, "replace")
	c.say("yes")
	reply, acts = c.say("can you just send me a new one now?")
	if hasStatus(acts, "proposed") {
		t.Errorf("a replacement proposed for a parcel already replaced: %v\n%s", statusesOf(acts), reply)
	}
	c.say("yes")
	if ps, err := r.App.Promises.Pending(t.Context(), demoShop); err != nil || len(ps) != 0 {
		t.Errorf("pending promises after the replacement: %+v, %v", ps, err)
	}

	past(t, r, srv.URL, r.Clock.Now().Add(31*24*60*60*1e9))
	n := 0
	for _, a := range shopActions(t, srv) {
		if a.Order == "#1003" && (a.Type == "refund" || a.Type == "replacement") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d refunds and replacements of #1003 in the end, want 1", n)
	}
	for _, e := range outboxTo(t, srv, "daniel.reyes@example.com") {
		if strings.Contains(strings.ToLower(e.Text), "trace") || strings.Contains(strings.ToLower(e.Subject), "late") {
			t.Errorf("a late/trace notice after the parcel was replaced: %s\n%s", e.Subject, e.Text)
		}
	}
}
