package console_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
)

// A customer answers by email the mail that carried a person's reply, in a
// conversation handed over from the chat or from email: the answer lands
// in that same conversation, which stays the person's (the agent says
// nothing), the queue shows the customer waiting again, and the person's
// next reply goes back by email, threaded under the customer's mail, which
// the customer can answer again. The console is the composition's
// (package app wires its mailed replies), on the local runner.
func TestCustomerAnswersStaffMail(t *testing.T) {
	for _, tt := range []struct {
		name     string
		customer string
		// open starts the conversation and hands it over; it returns its
		// id.
		open func(t *testing.T, e *env) string
		// away is how long the customer is silent before the person's
		// first reply.
		away string
		// wait is how long the customer takes to answer the person's
		// mail: past the email channel's 7-day window for threading by
		// sender, so only the Message-ID can thread it.
		wait string
	}{
		{
			name:     "handed over in the chat, reply mailed after the chat expired",
			customer: "daniel.reyes@example.com",
			open: func(t *testing.T, e *env) string {
				cust := e.customer(t, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
				cust.say("my skillet from order #1003 has a crack in it, I want to talk to a person")
				return cust.id
			},
			away: "25h",
			wait: "2h",
		},
		{
			name:     "handed over by email",
			customer: "daniel.reyes@example.com",
			open: func(t *testing.T, e *env) string {
				res := e.mail(t, "<first@example.com>", "", "My skillet", "My skillet from order #1003 has a crack in it, I want to talk to a person please.")
				if res.Outcome != "replied" {
					t.Fatalf("first mail: %+v", res)
				}
				return res.Conversation
			},
			away: "1h",
			wait: "192h",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if e.r.Console.Replies == nil {
				t.Fatal("the composition does not mail a person's replies in email conversations")
			}
			e.con.Handoffs, e.con.Replies = e.r.Console.Handoffs, e.r.Console.Replies
			e.chat = e.r.Chat.Handler()
			id := tt.open(t, e)
			e.advance(t, "1m")
			if d := e.detail(t, id); d.Status != string(conversation.StatusHandover) {
				t.Fatalf("status after asking for a person = %s", d.Status)
			}

			// The person answers; the customer gets it by mail, threaded
			// under their own mail when they wrote one.
			e.advance(t, tt.away)
			e.staffReply(t, id, "A new skillet is on its way to you.")
			first := e.lastMailTo(t, tt.customer, "A new skillet is on its way")
			if first.Headers["Message-ID"] == "" {
				t.Fatalf("the person's mail has no Message-ID: %+v", first.Headers)
			}
			for k := range first.Headers {
				if strings.HasPrefix(strings.ToLower(k), "x-doorstep-conversation") {
					t.Errorf("the mail shows the internal header %s", k)
				}
			}
			if tt.name == "handed over by email" && first.Headers["In-Reply-To"] != "<first@example.com>" {
				t.Errorf("In-Reply-To = %q, want the customer's mail", first.Headers["In-Reply-To"])
			}

			// The customer answers that mail, from their mail client.
			e.advance(t, tt.wait)
			mailed := len(e.outbox(t))
			res := e.mail(t, "<answer1@example.com>", first.Headers["Message-ID"], "Re: "+first.Subject,
				"Thanks! Will it come before Friday?\n\nOn Mon, Hearth & Harbor wrote:\n> A new skillet is on its way to you.")
			if res.Conversation != id || res.Outcome != "saved" {
				t.Fatalf("the answer went to %s (%s: %s); want the handed-over conversation %s, saved for the person", res.Conversation, res.Outcome, res.Reason, id)
			}
			// Staff may be told the customer answered (a new SLA round);
			// the customer gets nothing from the agent.
			for _, m := range e.outbox(t)[mailed:] {
				if m.To == tt.customer {
					t.Errorf("the agent answered a conversation a person owns: %q", m.Subject)
				}
			}
			d := e.detail(t, id)
			if last := d.Messages[len(d.Messages)-1]; d.Status != string(conversation.StatusHandover) ||
				last.Role != conversation.RoleCustomer || !strings.Contains(last.Text, "before Friday") {
				t.Errorf("conversation %s, last message %s %q; want still the person's, with the customer's answer", d.Status, last.Role, last.Text)
			}
			item := e.queueItem(t, id)
			if item["waiting_since"] == nil || item["last_role"] != "customer" {
				t.Errorf("queue item %v: want the customer waiting again", item)
			}

			// The person's next reply goes by mail at once (the customer is
			// on email now), under the customer's answer; its answer comes
			// back here too.
			e.staffReply(t, id, "Yes, it arrives on Thursday.")
			second := e.lastMailTo(t, tt.customer, "arrives on Thursday")
			if second.Headers["In-Reply-To"] != "<answer1@example.com>" {
				t.Errorf("In-Reply-To = %q, want the customer's answer", second.Headers["In-Reply-To"])
			}
			res = e.mail(t, "<answer2@example.com>", second.Headers["Message-ID"], "Re: "+second.Subject, "Great, thank you.")
			if res.Conversation != id || res.Outcome != "saved" {
				t.Errorf("the second answer: %+v; want conversation %s, saved", res, id)
			}
		})
	}
}

// mailResult is what POST /dev/mail answers.
type mailResult struct {
	Outcome      string `json:"outcome"`
	Reason       string `json:"reason"`
	Conversation string `json:"conversation_id"`
}

// mail posts a customer's mail to POST /dev/mail, as SES would hand it
// over (no Authentication-Results: it passes for its From domain).
func (e *env) mail(t *testing.T, id, inReplyTo, subject, text string) mailResult {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Daniel Reyes <daniel.reyes@example.com>\r\nTo: support@hearthandharbor.example\r\nSubject: %s\r\nMessage-ID: %s\r\n", subject, id)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: %s\r\nReferences: %s\r\n", inReplyTo, inReplyTo)
	}
	fmt.Fprintf(&b, "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n", text)
	resp, err := http.Post(e.srv.URL+"/dev/mail", "message/rfc822", &b)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out mailResult
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /dev/mail: %d %v", resp.StatusCode, err)
	}
	return out
}

func (e *env) advance(t *testing.T, d string) {
	t.Helper()
	if code := e.call(t, http.DefaultClient, http.MethodPost, "/dev/clock", map[string]string{"advance": d}, nil); code != http.StatusOK {
		t.Fatalf("advance %s: %d", d, code)
	}
}

// staffReply answers in the console, signed in afresh (the clock moves
// past sessions).
func (e *env) staffReply(t *testing.T, id, text string) {
	t.Helper()
	e.staff = e.signIn(t)
	var out map[string]any
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/conversations/"+id+"/reply", map[string]string{"text": text}, &out); code != http.StatusOK {
		t.Fatalf("reply: %d %v", code, out)
	}
}

type detail struct {
	Status   string                 `json:"status"`
	Messages []conversation.Message `json:"messages"`
}

func (e *env) detail(t *testing.T, id string) detail {
	t.Helper()
	e.staff = e.signIn(t)
	var d detail
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/conversations/"+id, nil, &d); code != http.StatusOK || len(d.Messages) == 0 {
		t.Fatalf("conversation %s: %d, %d messages", id, code, len(d.Messages))
	}
	return d
}

func (e *env) queueItem(t *testing.T, id string) map[string]any {
	t.Helper()
	var q struct {
		Conversations []map[string]any `json:"conversations"`
	}
	e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q)
	for _, c := range q.Conversations {
		if c["id"] == id {
			return c
		}
	}
	t.Fatalf("conversation %s not in the queue", id)
	return nil
}

// lastMailTo is the last mail to addr whose text has want.
func (e *env) lastMailTo(t *testing.T, addr, want string) outbox.Entry {
	t.Helper()
	all := e.outbox(t)
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].To == addr && strings.Contains(all[i].Text, want) {
			return all[i]
		}
	}
	t.Fatalf("no mail to %s with %q", addr, want)
	return outbox.Entry{}
}
