package runner_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// dropMail posts a raw message to /dev/mail, as if SES had received it.
func dropMail(t *testing.T, url, raw string) {
	t.Helper()
	resp, err := http.Post(url+"/dev/mail", "message/rfc822", strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("/dev/mail: %d", resp.StatusCode)
	}
}

// #1002's label was never scanned, so its delay went to a person (a
// delivery handoff with no conversation). Its customer answers the notice
// before anyone from the team has written: the answer goes to the person
// (the handoff gets the conversation, the customer an acknowledgement
// saying what happens next, in the notice's thread), not to the agent.
// The person's reply goes to that conversation; the customer's answer to
// it starts the handoff's SLA again, and when that runs out the customer
// hears it is taking longer, in the same thread.
func TestAnswerToANoticeGoesToThePersonOnTheCase(t *testing.T) {
	r, srv := truthRunner(t)
	const priya = "priya.natarajan@example.com"
	for range 6 {
		advance(t, srv, "72h")
	}
	mails := about(outboxTo(t, srv, priya), "#1002")
	if len(mails) != 1 {
		t.Fatalf("mails about #1002 = %q, want one", subjects(mails, ""))
	}
	notice := mails[0]
	before := len(outboxTo(t, srv, priya))
	dropMail(t, srv.URL, "From: Priya Natarajan <"+priya+">\nTo: support@demo-shop.example\nSubject: Re: "+notice.Subject+
		"\nMessage-ID: <priya-1@example.com>\nIn-Reply-To: "+notice.Headers["Message-ID"]+"\nReferences: "+notice.Headers["Message-ID"]+
		"\n\nWhen will it actually ship? I need it by Friday.\n")
	got := outboxTo(t, srv, priya)[before:]
	if len(got) != 1 {
		t.Fatalf("replies to the answer = %q, want one acknowledgement", subjects(got, ""))
	}
	ack := got[0]
	wantIn(t, ack.Text, "member of our team is already looking after your order #1002", "reply to you here by")
	if ack.Headers["In-Reply-To"] != "<priya-1@example.com>" || !strings.Contains(ack.Headers["References"], notice.Headers["Message-ID"]) {
		t.Errorf("acknowledgement not in the notice's thread: In-Reply-To %q, References %q", ack.Headers["In-Reply-To"], ack.Headers["References"])
	}
	hs, err := r.Escalation.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, h := range hs {
		if h.Order == "#1002" && h.IsOpen() {
			open = append(open, h.ID)
		}
	}
	if len(open) != 1 {
		t.Fatalf("open handoffs about #1002: %v, want the one delivery handoff", open)
	}
	h, err := r.Escalation.Get(t.Context(), open[0])
	if err != nil {
		t.Fatal(err)
	}
	if h.ConversationID == "" {
		t.Fatal("the handoff did not get the customer's conversation")
	}
	c, msgs, err := r.Store.GetConversation(t.Context(), demoShop, h.ConversationID)
	if err != nil || c.Status != "handover" || len(msgs) != 2 || !strings.Contains(msgs[0].Text, "need it by Friday") {
		t.Fatalf("conversation %s: status %s, %d messages (%v)", h.ConversationID, c.Status, len(msgs), err)
	}

	// The person replies; the customer answers; the SLA starts again.
	con := signIn(t, srv)
	if code := con.do("POST", "/console/api/handoffs/"+h.ID+"/reply", map[string]any{"text": "It goes out with UPS tomorrow morning."}, nil); code != 200 {
		t.Fatalf("reply: %d", code)
	}
	fromPerson := outboxTo(t, srv, priya)
	personMail := fromPerson[len(fromPerson)-1]
	wantIn(t, personMail.Text, "UPS tomorrow morning")
	dropMail(t, srv.URL, "From: Priya Natarajan <"+priya+">\nTo: support@demo-shop.example\nSubject: Re: "+notice.Subject+
		"\nMessage-ID: <priya-2@example.com>\nIn-Reply-To: "+personMail.Headers["Message-ID"]+"\nReferences: "+notice.Headers["Message-ID"]+" "+personMail.Headers["Message-ID"]+
		"\n\nCan you make it arrive by Friday?\n")
	answered := r.Clock.Now()
	h, err = r.Escalation.Get(t.Context(), h.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Round 1 began with the answer to the notice (the first SLA had run
	// out with nobody waiting), round 2 with the answer to the person.
	if h.Status != "open" || h.Round != 2 || !h.SLADue.After(answered) {
		t.Fatalf("after the customer's answer: status %s, round %d, SLA due %s (answered %s); want open, 2, a new SLA", h.Status, h.Round, h.SLADue, answered)
	}
	n := len(outboxTo(t, srv, priya))
	advance(t, srv, h.SLADue.Sub(answered).Round(time.Minute).String())
	late := outboxTo(t, srv, priya)[n:]
	if len(late) != 1 {
		t.Fatalf("mails after the new SLA ran out: %q, want the honest update", subjects(late, ""))
	}
	wantIn(t, late[0].Text, "longer than it should")
	if !strings.Contains(late[0].Headers["References"], notice.Headers["Message-ID"]) {
		t.Errorf("the update's References %q do not name the notice", late[0].Headers["References"])
	}
}
