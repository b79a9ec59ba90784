package console_test

import (
	"net/http"
	"testing"
	"time"
)

// The queue's SLA badge follows the customer's current wait: a person's
// reply meets the SLA; the customer's message after it starts a new wait
// of the same length, missed only once that runs out.
func TestQueueSLAFollowsTheCurrentWait(t *testing.T) {
	e := newEnv(t)
	cust := e.customer(t, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	cust.say("can I talk to a person please?")
	type item struct {
		ID  string `json:"id"`
		SLA string `json:"sla"`
	}
	state := func() string {
		t.Helper()
		var q struct {
			Conversations []item `json:"conversations"`
		}
		if code := e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q); code != http.StatusOK || len(q.Conversations) != 1 {
			t.Fatalf("queue: %d %+v", code, q)
		}
		return q.Conversations[0].SLA
	}
	steps := []struct {
		name string
		do   func()
		want string
	}{
		{"waiting, within the SLA", func() { e.r.Clock.Advance(time.Hour) }, "due"},
		{"a person replied", func() {
			var out map[string]any
			if code := e.call(t, e.staff, http.MethodPost, "/console/api/conversations/"+cust.id+"/reply", map[string]string{"text": "Hi, Sam here: looking now."}, &out); code != http.StatusOK {
				t.Fatalf("reply: %d", code)
			}
		}, "met"},
		// Past the 4h SLA, but the steps advance 11h in all: the staff
		// session lasts 12h from sign-in, which the runner's clock (the wall
		// clock, moved on) would pass within a second of real time at 12h.
		{"long after the reply, nobody waiting", func() { e.r.Clock.Advance(5 * time.Hour) }, "met"},
		{"the customer answered: a new wait", func() { cust.say("thanks, any news?") }, "due"},
		{"the new wait runs out", func() { e.r.Clock.Advance(5 * time.Hour) }, "missed"},
	}
	for _, s := range steps {
		s.do()
		if got := state(); got != s.want {
			t.Errorf("%s: SLA %q, want %q", s.name, got, s.want)
		}
	}
}
