package mailin_test

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
)

// A customer's reply to a delivery notice (sent through Filing, naming its
// order) opens a conversation about that order, verified as any mail is:
// by the sender's address and its authentication. The next notice of the
// same problem, threaded under the first, continues that conversation when
// answered, however much later. A reply that is not authenticated, comes
// from another address, or names another customer's order learns nothing
// about it.
func TestReplyToNotice(t *testing.T) {
	const daniel = "daniel.reyes@example.com" // #1003 is his; #1001 is Maya's
	for _, tt := range []struct {
		name string
		// notice is the order the notice names; to whom it went.
		notice, to string
		// from and auth are the reply's sender and Authentication-Results
		// ("" for none: it passes for its From domain).
		from, auth string
		// verified and current are what the conversation knows after it.
		verified bool
		current  string
		// continues: the answer to the next notice continues it.
		continues bool
	}{
		{name: "the customer, authenticated", notice: "#1003", to: daniel, from: daniel, verified: true, current: "#1003", continues: true},
		{name: "spoofed", notice: "#1003", to: daniel, from: daniel,
			auth: "amazonses.com; spf=fail smtp.mailfrom=evil.example; dkim=fail header.d=evil.example; dmarc=fail header.from=example.com"},
		{name: "forwarded to someone else", notice: "#1003", to: daniel, from: "partner@elsewhere.example"},
		{name: "someone else's order in the notice", notice: "#1001", to: daniel, from: daniel, verified: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			filing := mailin.Filing{Next: e.sender, Store: e.store, Shop: shop, Clock: e.clock, Log: quiet()}
			notice := func(subject string, parent ...string) string {
				t.Helper()
				m := email.Outgoing{From: mail.Address{Address: support}, To: mail.Address{Address: tt.to}, Subject: subject, Text: "Your parcel is running late.",
					Headers: map[string]string{"X-Doorstep-Notice": "delayed", mailin.HeaderOrder: tt.notice}}
				if len(parent) > 0 {
					m.InReplyTo, m.References = parent[0], parent
				}
				id, err := filing.Send(context.Background(), m)
				if err != nil {
					t.Fatal(err)
				}
				sent := e.sent(t)
				if h := sent[len(sent)-1].Headers; h[mailin.HeaderOrder] != "" || h["X-Doorstep-Notice"] == "" {
					t.Errorf("headers sent: %v; want the order's taken off, the rest kept", h)
				}
				return id
			}
			reply := func(key, inReplyTo string, refs ...string) mailin.Result {
				t.Helper()
				raw := fmt.Sprintf("From: %s\nTo: %s\nSubject: Re: Your order is running late\nMessage-ID: <%s@client.example>\nIn-Reply-To: %s\nReferences:", tt.from, support, key, inReplyTo)
				for _, r := range append(refs, inReplyTo) {
					raw += " " + r
				}
				if tt.auth != "" {
					raw = "Authentication-Results: " + tt.auth + "\n" + raw
				}
				return e.receive(t, key, []byte(raw+"\n\nWhen will it arrive?\n"))
			}

			first := notice("Your order " + tt.notice + " is running late")
			r1 := reply("r1", first)
			c, _ := e.conversation(t, r1.Conversation)
			if c.Verified() != tt.verified || c.CurrentOrder != tt.current || (tt.current != "" && !slices.Contains(c.Orders, tt.current)) {
				t.Errorf("conversation verified %v, current order %q, orders %v; want %v, %q", c.Verified(), c.CurrentOrder, c.Orders, tt.verified, tt.current)
			}

			// A week and more later, the next notice of the problem, and
			// the customer's answer to it.
			e.clock.Advance(8 * 24 * time.Hour)
			second := notice("Your order "+tt.notice+" is running late", first)
			r2 := reply("r2", second, first)
			continues := r2.Conversation == r1.Conversation
			if continues != tt.continues {
				t.Errorf("the answer to the next notice continued the conversation: %v; want %v", continues, tt.continues)
			}
		})
	}
}

// A reply to a person's mail from a chat conversation continues that chat
// only when it comes, authenticated, from the address the chat was
// verified for, and the chat is not closed; any other mail naming the same
// Message-ID starts its own conversation.
func TestReplyIntoChat(t *testing.T) {
	const daniel = "daniel.reyes@example.com"
	spoofed := "Authentication-Results: amazonses.com; spf=fail smtp.mailfrom=evil.example; dkim=fail header.d=evil.example; dmarc=fail header.from=example.com\n"
	for _, tt := range []struct {
		name, from, auth string
		status           conversation.Status
		lands            bool
	}{
		{name: "the customer", from: daniel, status: conversation.StatusHandover, lands: true},
		{name: "the customer, chat handed back", from: daniel, status: conversation.StatusOpen, lands: true},
		{name: "the customer, chat closed", from: daniel, status: conversation.StatusClosed},
		{name: "spoofed", from: daniel, auth: spoofed, status: conversation.StatusHandover},
		{name: "someone else", from: "maya.okafor@example.com", status: conversation.StatusHandover},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			chat := conversation.Conversation{Shop: shop, ID: "chat1", Channel: conversation.ChannelChat, Status: tt.status,
				CustomerEmail: daniel, VerifiedBy: conversation.VerifiedByOrder, CurrentOrder: "#1003", CreatedAt: now, UpdatedAt: now}
			if err := e.store.CreateConversation(context.Background(), chat); err != nil {
				t.Fatal(err)
			}
			filing := mailin.Filing{Next: e.sender, Store: e.store, Shop: shop, Clock: e.clock}
			id, err := filing.Send(context.Background(), email.Outgoing{From: mail.Address{Address: support}, To: mail.Address{Address: daniel},
				Subject: "A reply about your order #1003", Text: "A new skillet is on its way.", Headers: map[string]string{mailin.HeaderConversation: chat.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if h := e.sent(t)[0].Headers; h[mailin.HeaderConversation] != "" {
				t.Errorf("the conversation header went out: %v", h)
			}
			sent := len(e.sent(t))
			raw := tt.auth + "From: " + tt.from + "\nTo: " + support + "\nSubject: Re: A reply about your order #1003\nMessage-ID: <a1@client.example>\nIn-Reply-To: " + id + "\n\nThanks! Before Friday?\n"
			r := e.receive(t, "a1", []byte(raw))
			if lands := r.Conversation == chat.ID; lands != tt.lands {
				t.Fatalf("landed in the chat: %v (%+v); want %v", lands, r, tt.lands)
			}
			mailed := len(e.sent(t)) - sent
			switch {
			case tt.lands && tt.status == conversation.StatusHandover && (r.Outcome != mailin.OutcomeSaved || mailed != 0):
				t.Errorf("%+v, %d mailed; want saved for the person, nothing sent", r, mailed)
			case tt.lands && tt.status == conversation.StatusOpen && (r.Outcome != mailin.OutcomeReplied || mailed != 1 || e.sent(t)[sent].To != daniel || strings.HasPrefix(e.sent(t)[sent].Text, mailin.GenericReply)):
				t.Errorf("%+v, %d mailed; want the agent's answer to the customer", r, mailed)
			}
		})
	}
}

// The capabilities that cannot import mailin name the same headers.
func TestFilingHeadersAgree(t *testing.T) {
	if escalation.HeaderConversation != mailin.HeaderConversation {
		t.Errorf("escalation names the conversation in %q, Filing reads %q", escalation.HeaderConversation, mailin.HeaderConversation)
	}
}
