package runner_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
)

// As make dev starts, the demo's chat about #1005 waits for a person (a
// plain handoff: no delivery problem yet). Whatever grace.liu writes about
// #1005 after that, in a new chat or a new email, joins that handoff: the
// agent answers nothing itself, no second handoff opens, and staff get no
// second mail. The same for a customer who asks for a person about #1003
// in two chats.
func TestMessagesAboutAWaitingOrderJoinItsHandoff(t *testing.T) {
	r, srv := truthRunner(t)
	const grace, staff = "grace.liu@example.com", "team@hearthandharbor.example"
	if _, err := r.SeedConversations(t.Context()); err != nil {
		t.Fatal(err)
	}
	advance(t, srv, "1m")
	open := func(name string) []escalation.Handoff {
		t.Helper()
		hs, err := r.Escalation.List(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var out []escalation.Handoff
		for _, h := range hs {
			if h.Order == name && h.IsOpen() {
				out = append(out, h)
			}
		}
		return out
	}
	if hs := open("#1005"); len(hs) != 1 || hs[0].Problem != "" {
		t.Fatalf("open handoffs about #1005 at start: %+v, want the demo chat's plain one", hs)
	}
	mails := len(outboxTo(t, srv, staff))

	c, _ := startChat(t, srv, map[string]string{"email": grace, "order_number": "#1005"})
	reply, _ := c.say("where is my parcel?")
	wantIn(t, reply, "already looking after your order #1005")
	dropMail(t, srv.URL, "From: Grace Liu <"+grace+">\nTo: support@demo-shop.example\nSubject: My order\nMessage-ID: <grace-w1@example.com>\n\nWhere is my order #1005? Nobody answered.\n")
	advance(t, srv, "1m")
	hs := open("#1005")
	if len(hs) != 1 || len(hs[0].Linked) != 2 {
		t.Errorf("open handoffs about #1005: %+v, want one, with the new chat and the email linked", hs)
	}
	if got := len(outboxTo(t, srv, staff)); got != mails {
		t.Errorf("%d staff mails after the customer wrote again, want none (had %d)", got-mails, mails)
	}

	const daniel = "daniel.reyes@example.com"
	for i, want := range []string{"", "already looking after your order #1003"} {
		c, _ := startChat(t, srv, map[string]string{"email": daniel, "order_number": "#1003"})
		reply, _ := c.say("can I talk to a human please")
		if want != "" {
			wantIn(t, reply, want)
		}
		advance(t, srv, "1m")
		if hs := open("#1003"); len(hs) != 1 {
			t.Errorf("after chat %d asked for a person about #1003: %d open handoffs, want 1", i+1, len(hs))
		}
	}
	if got := len(outboxTo(t, srv, staff)); got != mails+1 {
		t.Errorf("%d staff mails about #1003, want 1", got-mails)
	}
}

// The queue shows a handoff's conversations with its state and order: a
// chat that joined the demo's #1005 handoff is waiting with it, a person's
// reply answers both, and the customer's message in the joined chat after
// it makes both a reply again.
func TestQueueSharesAHandoffsState(t *testing.T) {
	r, srv := truthRunner(t)
	if _, err := r.SeedConversations(t.Context()); err != nil {
		t.Fatal(err)
	}
	advance(t, srv, "1m")
	c, _ := startChat(t, srv, map[string]string{"email": "grace.liu@example.com", "order_number": "#1005"})
	reply, _ := c.say("where is my parcel?")
	wantIn(t, reply, "already looking after your order #1005")
	con := signIn(t, srv)
	type row struct {
		ID      string   `json:"id"`
		State   string   `json:"state"`
		Orders  []string `json:"orders"`
		Handoff *struct {
			ID string `json:"id"`
		} `json:"handoff"`
	}
	rows := func() []row {
		t.Helper()
		var q struct {
			Conversations []row `json:"conversations"`
		}
		if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 {
			t.Fatalf("queue: %d", code)
		}
		var out []row
		for _, c := range q.Conversations {
			if len(c.Orders) == 1 && c.Orders[0] == "#1005" {
				out = append(out, c)
			}
		}
		return out
	}
	check := func(when, want string) string {
		t.Helper()
		rs := rows()
		if len(rs) != 2 {
			t.Fatalf("%s: queue rows about #1005 %+v, want the demo chat and the joined one", when, rs)
		}
		for _, x := range rs {
			if x.State != want || x.Handoff == nil || x.Handoff.ID != rs[0].Handoff.ID {
				t.Errorf("%s: %+v, want %s with the one handoff", when, x, want)
			}
		}
		return rs[0].Handoff.ID
	}
	id := check("after the new chat joined", "waiting")
	if code := con.do("POST", "/console/api/handoffs/"+id+"/reply", map[string]any{"text": "Grace, Sam here: FedEx redelivers tomorrow."}, nil); code != 200 {
		t.Fatalf("reply: %d", code)
	}
	check("after a person's reply", "answered")
	// The reply reaches the chat that joined, where the customer was told
	// a person would answer.
	if msgs := c.transcript(); !strings.Contains(strings.Join(msgs, "\n"), "FedEx redelivers tomorrow") {
		t.Errorf("the joined chat lacks the person's reply: %q", msgs)
	}
	if reply, _ := c.say("thanks, what time?"); reply != "" {
		t.Errorf("the agent answered in a chat a person owns: %q", reply)
	}
	check("after the customer wrote again in the joined chat", "replied_again")
	// A new email about #1005 after the person's reply joins too: the
	// customer wrote again, in a third conversation of the handoff.
	dropMail(t, srv.URL, "From: Grace Liu <grace.liu@example.com>\nTo: support@demo-shop.example\nSubject: My order\nMessage-ID: <grace-s1@example.com>\n\nAny news about #1005?\n")
	if rs := rows(); len(rs) != 3 {
		t.Fatalf("queue rows about #1005 after an email: %+v, want 3", rs)
	}
	for _, x := range rows() {
		if x.State != "replied_again" || x.Handoff == nil || x.Handoff.ID != id {
			t.Errorf("after an email about #1005: %+v, want replied_again with handoff %s", x, id)
		}
	}
	// Resolved, every conversation of the case goes back to the agent:
	// the joined chat is answered again, none is left waiting.
	if code := con.do("POST", "/console/api/handoffs/"+id+"/resolve", map[string]any{"note": "redelivered"}, nil); code != 200 {
		t.Fatalf("resolve: %d", code)
	}
	h, err := r.Escalation.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, cid := range append([]string{h.ConversationID}, h.Linked...) {
		c, _, err := r.Store.GetConversation(t.Context(), demoShop, cid)
		if err != nil || c.Status != "open" {
			t.Errorf("conversation %s after the resolve: %s (%v), want open", cid, c.Status, err)
		}
	}
	if reply, _ := c.say("where is my order?"); reply == "" {
		t.Error("the joined chat gets no answer after the case was resolved")
	}
}
