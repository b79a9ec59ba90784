package console_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
)

// A handoff a person can act on: the staff email names the customer, the
// order and what they asked; its link opens the handoff in the console
// (signed in; the sign-in comes back to it); the queue does not call it
// "answered" until a person answers, even after the agent's apology for
// the wait.
func TestHandoffEmailAndLink(t *testing.T) {
	e := newEnv(t, func(c *console.Console) {})
	e.con.Handoffs = console.Escalations{S: e.r.Escalation}
	// The runner's own chat: its handovers open escalations (the turn's
	// event, through the composition's reactions).
	e.chat = e.r.Chat.Handler()
	cust := e.customer(t, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	t.Logf("agent: %s", cust.say("my skillet from order #1003 has a crack in it, I want to talk to a person"))

	// The escalation workflow runs on the runner's ticks.
	if code := e.call(t, e.staff, http.MethodPost, "/dev/clock", map[string]string{"advance": "1m"}, nil); code != http.StatusOK {
		t.Fatalf("advance: %d", code)
	}
	var mail *outbox.Entry
	for _, m := range e.outbox(t) {
		if m.To == "team@hearthandharbor.example" {
			mail = &m
		}
	}
	if mail == nil {
		t.Fatalf("no handoff email to staff: %+v", e.outbox(t))
	}
	for _, want := range []string{"daniel.reyes@example.com", "#1003", "crack in it"} {
		if !strings.Contains(mail.Text, want) {
			t.Errorf("staff email lacks %q:\n%s", want, mail.Text)
		}
	}
	m := regexp.MustCompile(`/console/handoffs/(\S+)`).FindStringSubmatch(mail.Text)
	if m == nil {
		t.Fatalf("no console link in:\n%s", mail.Text)
	}
	path, id := m[0], m[1]

	// Signed in: the page loads, and the handoff it shows is this one.
	resp, err := e.staff.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<script") {
		t.Errorf("GET %s = %d", path, resp.StatusCode)
	}
	var h console.Handoff
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/handoffs/"+id, nil, &h); code != http.StatusOK || h.ConversationID != cust.id {
		t.Errorf("handoff %s = %d %+v; want the conversation %s", id, code, h, cust.id)
	}
	// Signed out: sign-in first, then back to the handoff.
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = anon.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "next=") || !strings.Contains(loc, "handoffs") {
		t.Errorf("signed out: %d to %q; want sign-in that comes back", resp.StatusCode, loc)
	}

	queueItem := func() map[string]any {
		var q struct {
			Conversations []map[string]any `json:"conversations"`
		}
		e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q)
		for _, c := range q.Conversations {
			if c["id"] == cust.id {
				return c
			}
		}
		t.Fatalf("conversation %s not in the queue", cust.id)
		return nil
	}
	// Past the SLA the agent apologised for the wait: still nobody answered.
	if code := e.call(t, e.staff, http.MethodPost, "/dev/clock", map[string]string{"advance": "5h"}, nil); code != http.StatusOK {
		t.Fatalf("advance: %d", code)
	}
	if c := queueItem(); c["waiting_since"] == nil || c["person_answered"] != false {
		t.Errorf("after the SLA with no person: %v", c)
	}

	// A person answers while the chat is still the customer's: the widget
	// shows it, no email. A day later the chat token has expired: the next
	// reply goes by email too.
	reply := func(text string) {
		t.Helper()
		e.staff = e.signIn(t) // the clock jumps past the session
		if code := e.call(t, e.staff, http.MethodPost, "/console/api/conversations/"+cust.id+"/reply", map[string]string{"text": text}, nil); code != http.StatusOK {
			t.Fatalf("reply: %d", code)
		}
	}
	mailedToCustomer := func(text string) bool {
		for _, m := range e.outbox(t) {
			if m.To == "daniel.reyes@example.com" && strings.Contains(m.Text, text) {
				return true
			}
		}
		return false
	}
	reply("Sorry about the crack: we're looking at it now.")
	if mailedToCustomer("looking at it now") {
		t.Error("a reply the chat can show was mailed too")
	}
	if c := queueItem(); c["person_answered"] != true {
		t.Errorf("after a person replied: %v", c)
	}
	if code := e.call(t, e.staff, http.MethodPost, "/dev/clock", map[string]string{"advance": "25h"}, nil); code != http.StatusOK {
		t.Fatalf("advance: %d", code)
	}
	reply("A new skillet is on its way to you.")
	if !mailedToCustomer("A new skillet is on its way") {
		t.Error("the customer, gone past the chat token's life, did not get the reply by email")
	}
}

// outbox is the mail the runner has sent.
func (e *env) outbox(t *testing.T) []outbox.Entry {
	t.Helper()
	var all []outbox.Entry
	if code := e.call(t, http.DefaultClient, http.MethodGet, "/dev/outbox", nil, &all); code != http.StatusOK {
		t.Fatalf("outbox: %d", code)
	}
	return all
}
