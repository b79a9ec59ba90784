package runner_test

import (
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

// #1005's delivery check finds a problem a person owns (its case's
// handoff). Whatever the customer writes about #1005 after that, in a new
// email (not an answer to a notice) or a new chat, goes to that person's
// handoff: the agent answers nothing itself, says a person has it, no
// second handoff opens, and the queue shows each conversation with the
// case's handoff, the customer waiting.
func TestMessagesAboutAnOwnedCaseJoinItsHandoff(t *testing.T) {
	r, srv := truthRunner(t)
	const grace = "grace.liu@example.com"
	// As make dev starts: the demo's chat about #1005 asked for a
	// person, and the delivery check's case joins that handoff.
	if _, err := r.SeedConversations(t.Context()); err != nil {
		t.Fatal(err)
	}
	advance(t, srv, "72h")
	openAbout := func() []string {
		t.Helper()
		hs, err := r.Escalation.List(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var open []string
		for _, h := range hs {
			if h.Order == "#1005" && h.IsOpen() {
				open = append(open, h.ID)
			}
		}
		return open
	}
	open := openAbout()
	if len(open) != 1 {
		t.Fatalf("open handoffs about #1005: %v, want the case's one", open)
	}
	caseID := open[0]
	mail := func(id, text string) string {
		t.Helper()
		before := len(outboxTo(t, srv, grace))
		dropMail(t, srv.URL, "From: Grace Liu <"+grace+">\nTo: support@demo-shop.example\nSubject: My order\nMessage-ID: <"+id+"@example.com>\n\n"+text+"\n")
		got := outboxTo(t, srv, grace)[before:]
		if len(got) > 1 {
			t.Fatalf("%d replies to one mail", len(got))
		}
		if len(got) == 0 {
			return ""
		}
		return got[0].Text
	}
	steps := []struct {
		name, channel, text string
		wantReply           string // "" : the agent stays quiet
	}{
		{"a new email naming the order", "email", "Where is my order #1005? It still hasn't come.", "member of our team is already looking after your order #1005"},
		{"the same email thread asks for a person", "email", "It is lost. I want to talk to a person please.", ""},
		{"a new chat about the order", "chat", "where is my parcel?", "member of our team is already looking after your order #1005"},
		{"the chat asks for a person", "chat", "can I talk to a human please", ""},
	}
	var chat *client
	for i, s := range steps {
		var reply string
		switch s.channel {
		case "email":
			reply = mail("grace-"+string(rune('a'+i)), s.text)
		default:
			if chat == nil {
				chat, _ = startChat(t, srv, map[string]string{"email": grace, "order_number": "#1005"})
			}
			reply, _ = chat.say(s.text)
		}
		if s.wantReply != "" {
			wantIn(t, reply, s.wantReply)
		} else if reply != "" && !strings.Contains(reply, "looking after") {
			t.Errorf("%s: the agent answered %q", s.name, reply)
		}
		if got := openAbout(); len(got) != 1 || got[0] != caseID {
			t.Fatalf("%s: open handoffs about #1005 %v, want only %s", s.name, got, caseID)
		}
	}
	con := signIn(t, srv)
	var q struct {
		Conversations []struct {
			ID      string               `json:"id"`
			Channel string               `json:"channel"`
			Orders  []string             `json:"orders"`
			Handoff *struct{ ID string } `json:"handoff"`
			Waiting *string              `json:"waiting_since"`
		} `json:"conversations"`
	}
	if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 {
		t.Fatalf("queue: %d", code)
	}
	seen := map[string]bool{}
	for _, c := range q.Conversations {
		if c.Handoff == nil || c.Handoff.ID != caseID {
			t.Errorf("queue: conversation %s (%s) has handoff %+v, want %s", c.ID, c.Channel, c.Handoff, caseID)
			continue
		}
		if c.Waiting == nil {
			t.Errorf("queue: conversation %s (%s) is not shown waiting", c.ID, c.Channel)
		}
		seen[c.Channel] = true
	}
	if !seen["email"] || !seen["chat"] {
		t.Errorf("queue channels %v, want the email and the chat", seen)
	}
}

// The queue's badge says what really happened to #1005's customer: the
// acknowledgement that a person has the case and the SLA's honest update
// leave them waiting for a person; a person's reply answers them; their
// answer to it is a reply again.
func TestQueueStateOfAnOwnedCase(t *testing.T) {
	r, srv := truthRunner(t)
	const grace = "grace.liu@example.com"
	if _, err := r.SeedConversations(t.Context()); err != nil {
		t.Fatal(err)
	}
	advance(t, srv, "72h")
	con := signIn(t, srv)
	states := func() map[string]string {
		t.Helper()
		var q struct {
			Conversations []struct {
				ID       string `json:"id"`
				Channel  string `json:"channel"`
				State    string `json:"state"`
				Answered bool   `json:"person_answered"`
			} `json:"conversations"`
		}
		if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 {
			t.Fatalf("queue: %d", code)
		}
		out := map[string]string{}
		for _, c := range q.Conversations {
			out[c.Channel] = c.State
			if c.Answered != (c.State == "answered" || c.State == "replied_again") {
				t.Errorf("%s: person_answered %v with state %s", c.ID, c.Answered, c.State)
			}
		}
		return out
	}
	if got := states()["chat"]; got != "waiting" {
		t.Errorf("the demo chat after its SLA's update: %q, want waiting", got)
	}
	dropMail(t, srv.URL, "From: Grace Liu <"+grace+">\nTo: support@demo-shop.example\nSubject: My order\nMessage-ID: <grace-q1@example.com>\n\nWhere is my order #1005?\n")
	if got := states()["email"]; got != "waiting" {
		t.Fatalf("after the acknowledgement: %q, want waiting", got)
	}
	advance(t, srv, "6h")
	if got := states()["email"]; got != "waiting" {
		t.Errorf("after the SLA ran out: %q, want waiting", got)
	}
	var emailID string
	hs, err := r.Escalation.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.Order == "#1005" && h.IsOpen() {
			for _, id := range append([]string{h.ConversationID}, h.Linked...) {
				if strings.HasPrefix(id, "em") {
					emailID = id
				}
			}
		}
	}
	if emailID == "" {
		t.Fatal("the email conversation did not join #1005's handoff")
	}
	if code := con.do("POST", "/console/api/conversations/"+emailID+"/reply", map[string]any{"text": "Grace, Sam here: FedEx redelivers tomorrow."}, nil); code != 200 {
		t.Fatalf("reply: %d", code)
	}
	if got := states()["email"]; got != "answered" {
		t.Errorf("after a person's reply: %q, want answered", got)
	}
	advance(t, srv, "6h")
	// Twelve hours since signing in: the console session (12 h) has
	// run out on a clock that runs on, so the person signs in again.
	con = signIn(t, srv)
	if got := states()["email"]; got != "answered" {
		t.Errorf("hours after a person's reply: %q, want answered", got)
	}
	dropMail(t, srv.URL, "From: Grace Liu <"+grace+">\nTo: support@demo-shop.example\nSubject: Re: My order\nMessage-ID: <grace-q2@example.com>\nIn-Reply-To: <grace-q1@example.com>\n\nThanks, what time?\n")
	if got := states()["email"]; got != "replied_again" {
		t.Errorf("after the customer's answer: %q, want replied_again", got)
	}
}

// #1005 is delivered after all while a person owns its case and the
// customer waits in the chat: the case's handoff closes by itself, and the
// chat says what happened, once; the agent answers there again.
func TestOwnedCaseEndedByItselfTellsTheChat(t *testing.T) {
	r, srv := truthRunner(t)
	const grace = "grace.liu@example.com"
	if _, err := r.SeedConversations(t.Context()); err != nil {
		t.Fatal(err)
	}
	advance(t, srv, "72h")
	c, _ := startChat(t, srv, map[string]string{"email": grace, "order_number": "#1005"})
	reply, _ := c.say("where is my parcel?")
	wantIn(t, reply, "already looking after your order #1005")
	var caseID string
	hs, err := r.Escalation.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if h.Order == "#1005" && h.IsOpen() {
			caseID = h.ID
		}
	}
	if caseID == "" {
		t.Fatal("no open handoff about #1005")
	}
	now := r.Clock.Now()
	if out, err := r.Delivery.Tracking.Apply(t.Context(), tracking.Update{Provider: tracking.AfterShip, EventID: "grace-delivered",
		TrackingNumber: "794612345678", Status: order.StatusDelivered, At: now,
		Events: []tracking.Event{{Time: now.Add(-time.Minute), Status: order.StatusDelivered, Description: "Delivered"}}}); err != nil || out != tracking.OutcomeApplied {
		t.Fatalf("Apply = %q, %v", out, err)
	}
	advance(t, srv, "1h")
	h, err := r.Escalation.Get(t.Context(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	if h.IsOpen() {
		t.Errorf("the case's handoff is still %s after the delivery", h.Status)
	}
	told := 0
	for _, line := range c.transcript() {
		if strings.Contains(line, "delivered your order #1005") {
			told++
		}
	}
	if told != 1 {
		t.Errorf("the chat was told %d times, want once: %q", told, c.transcript())
	}
	reply, _ = c.say("thanks! where is it?")
	if strings.Contains(reply, "already looking after") {
		t.Errorf("after the case closed, the chat still goes to a person: %q", reply)
	}
}
