package runner_test

import (
	"fmt"
	"strings"
	"testing"
)

// A check-in mailed after #1006 was delivered does not take over the
// customer's yes to a stated proposal (issue 16 trial): the yes runs
// exactly the return, on the chat and by email, and no discount code is
// made (no happy check-in answer was taken).
func TestCheckInDoesNotTakeTheYesToAProposal(t *testing.T) {
	const samuel = "samuel.whitfield@example.com"
	for _, channel := range []string{"chat", "email"} {
		t.Run(channel, func(t *testing.T) {
			srv := actionsServer(t)
			advance(t, srv, "72h")
			checkIns := 0
			for _, e := range outboxTo(t, srv, samuel) {
				if strings.Contains(e.Text, "getting on") {
					checkIns++
				}
			}
			if checkIns == 0 {
				t.Fatal("no check-in mailed: the test would prove nothing")
			}
			var reply string
			switch channel {
			case "chat":
				c, _ := startChat(t, srv, map[string]string{"email": samuel, "order_number": "#1006"})
				reply, _ = c.say("I'd like to return the coffee kit please")
				wantIn(t, reply, "Pour-Over Coffee Kit")
				reply, _ = c.say("yes thanks")
			case "email":
				mail := func(id, inReplyTo, text string) string {
					t.Helper()
					hdr := ""
					if inReplyTo != "" {
						hdr = "In-Reply-To: " + inReplyTo + "\nReferences: " + inReplyTo + "\n"
					}
					before := len(outboxTo(t, srv, samuel))
					dropMail(t, srv.URL, fmt.Sprintf("From: Samuel Whitfield <%s>\nTo: support@hearthandharbor.example\nSubject: Order #1006\nMessage-ID: %s\n%sDate: Mon, 23 Nov 2026 09:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n%s\n", samuel, id, hdr, text))
					box := outboxTo(t, srv, samuel)
					if len(box) == before {
						t.Fatalf("no reply to %q", text)
					}
					var texts []string
					for _, e := range box[before:] {
						texts = append(texts, e.Text)
					}
					reply = strings.Join(texts, "\n---\n")
					return box[len(box)-1].Headers["Message-ID"]
				}
				stated := mail("<r1@mail.example.com>", "", "I'd like to return the coffee kit from order #1006 please")
				wantIn(t, reply, "Pour-Over Coffee Kit")
				mail("<r2@mail.example.com>", stated, "yes thanks")
			}
			wantNotIn(t, reply, "wonderful")
			acts := shopActions(t, srv)
			if r := ofType(acts, "return"); len(r) != 1 || r[0].Order != "#1006" || len(r[0].Lines) != 1 || r[0].Lines[0].Title != "Pour-Over Coffee Kit" {
				t.Errorf("returns %+v, want the coffee kit's", r)
			}
			if codes := ofType(acts, "discount_code"); len(codes) != 0 {
				t.Errorf("discount codes made: %+v", codes)
			}
		})
	}
}

// A yes sent in reply to an older mail whose proposal was replaced (a
// refund, then store credit instead) confirms nothing: the reply sets the
// store credit out again, and the yes to that runs it.
func TestMailYesToASupersededProposal(t *testing.T) {
	const samuel = "samuel.whitfield@example.com"
	srv := actionsServer(t)
	n := 0
	mail := func(inReplyTo, text string) (string, string) {
		t.Helper()
		n++
		hdr := ""
		if inReplyTo != "" {
			hdr = "In-Reply-To: " + inReplyTo + "\nReferences: " + inReplyTo + "\n"
		}
		before := len(outboxTo(t, srv, samuel))
		dropMail(t, srv.URL, fmt.Sprintf("From: Samuel Whitfield <%s>\nTo: support@hearthandharbor.example\nSubject: Order #1006\nMessage-ID: <s%d@mail.example.com>\n%sDate: Mon, 23 Nov 2026 09:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n%s\n", samuel, n, hdr, text))
		box := outboxTo(t, srv, samuel)
		if len(box) == before {
			t.Fatalf("no reply to %q", text)
		}
		last := box[len(box)-1]
		t.Logf("%s\n  -> %s", text, last.Text)
		return last.Text, last.Headers["Message-ID"]
	}
	reply, a := mail("", "I'd like to return the coffee kit from order #1006 please")
	wantIn(t, reply, "Pour-Over Coffee Kit", "refund")
	reply, b := mail(a, "can I get store credit instead?")
	wantIn(t, reply, "store credit", "Pour-Over Coffee Kit")
	if b == "" {
		t.Fatal("no Message-ID on the reply")
	}
	reply, c := mail(a, "Yes")
	if got := ofType(shopActions(t, srv), "return"); len(got) != 0 {
		t.Fatalf("a yes to the replaced refund ran %+v", got)
	}
	wantIn(t, reply, "earlier offer", "store credit", "Shall I go ahead?")
	mail(c, "Yes")
	got := ofType(shopActions(t, srv), "return")
	if len(got) != 1 || got[0].Detail["resolution"] != "store_credit" || got[0].Lines[0].Title != "Pour-Over Coffee Kit" {
		t.Errorf("returns %+v, want the coffee kit's, as store credit", got)
	}
}

// A second request kept while the first waited for a person's approval is
// stated once the person decides, in the message that tells the outcome,
// for its own yes.
func TestNextRequestStatedAfterApproval(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		p := s["policy"].(map[string]any)
		p["auto_returns"] = false
	})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	_, acts := c.say("I want to return the coffee kit, and also return a mug")
	if !hasStatus(acts, "queued_next") {
		t.Fatalf("actions %v, want the second request queued next", statusesOf(acts))
	}
	if _, acts = c.say("yes"); !hasStatus(acts, "needs_approval") {
		t.Fatalf("actions %v, want needs_approval", statusesOf(acts))
	}
	aps := con.approvals()
	if len(aps) != 1 {
		t.Fatalf("%d approvals, want 1", len(aps))
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	tr := c.transcript()
	last := tr[len(tr)-1]
	t.Logf("after the approval: %s", last)
	wantIn(t, last, "approved", "Now your other request", "Harbor Stoneware Mug", "Shall I go ahead")
	reply, acts := c.say("yes")
	if !hasStatus(acts, "confirmed") {
		t.Errorf("the yes to the stated next request: %q %v", reply, statusesOf(acts))
	}
}
