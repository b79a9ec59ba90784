package escalation_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
)

// customerSays saves a customer's message in conversation id, as a
// channel's turn does.
func (e *env) customerSays(id, text string) conversation.Conversation {
	e.t.Helper()
	c, _ := e.conv(id)
	version := c.Version
	msg := conversation.Message{Seq: c.Messages, Role: conversation.RoleCustomer, Text: text, At: e.clk.Now()}
	c.Messages++
	c.UpdatedAt = e.clk.Now()
	if err := e.st.SaveTurn(context.Background(), c, version, []conversation.Message{msg}); err != nil {
		e.t.Fatal(err)
	}
	c, _ = e.conv(id)
	return c
}

// joined opens conversation id in channel ch, where the customer wrote
// about the case, and links it to handoff h (escalation.OwnedCase).
func (e *env) joined(h, id string, ch conversation.Channel, text string) {
	e.t.Helper()
	c := conversation.Conversation{Shop: shop, ID: id, Channel: ch, Status: conversation.StatusHandover, CustomerEmail: "sam@example.com",
		CreatedAt: e.clk.Now(), UpdatedAt: e.clk.Now()}
	if ch == conversation.ChannelEmail {
		c.Contact, c.Subject = "sam@example.com", "My mugs again"
	}
	if err := e.st.CreateConversation(context.Background(), c); err != nil {
		e.t.Fatal(err)
	}
	c = e.customerSays(id, text)
	if _, err := e.svc.Link(context.Background(), h, c); err != nil {
		e.t.Fatal(err)
	}
}

func customerUpdates(msgs []conversation.Message) int {
	n := 0
	for _, m := range msgs {
		if m.Role == conversation.RoleAgent && strings.Contains(m.Text, "longer than it should") {
			n++
		}
	}
	return n
}

// The customer writes again after a person's answer, in a conversation
// that joined the case: the staff mail of the new SLA wait quotes what
// they wrote now, not the request that opened the handoff; when the wait
// runs out, the customer hears it is taking longer where they wrote (the
// joined email conversation, by mail), once, and the chat where nobody is
// waiting hears nothing.
func TestANewRoundQuotesTheNewRequestAndTellsWhereTheCustomerWaits(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "asked for a person", Key: "0", Order: "#1006"})
	if err != nil {
		t.Fatal(err)
	}
	e.advance(10 * time.Minute)
	e.joined(h.ID, "m2", conversation.ChannelEmail, "Hello, writing by mail about my mugs too.")
	e.advance(20 * time.Minute)
	if err := e.svc.Reply(ctx, h.ID, "alex", "Hi Sam, Alex here: a new set ships today."); err != nil {
		t.Fatal(err)
	}
	e.advance(2 * time.Hour)
	staffBefore := len(e.mailTo("staff@hearth.example"))
	c := e.customerSays("m2", "Thanks. Could the new set go to my office at 12 Pier Road instead?")
	if err := e.svc.CustomerAnswered(ctx, c); err != nil {
		t.Fatal(err)
	}
	e.advance(time.Minute)
	staff := e.mailTo("staff@hearth.example")[staffBefore:]
	if len(staff) != 1 {
		t.Fatalf("%d staff mails for the new wait, want 1", len(staff))
	}
	if !strings.Contains(staff[0].Text, "They asked: Thanks. Could the new set go to my office at 12 Pier Road instead?") || strings.Contains(staff[0].Text, "I want to speak to a person") {
		t.Errorf("the new wait's staff mail does not quote the new request:\n%s", staff[0].Text)
	}

	customerMails := len(e.mailTo("sam@example.com"))
	e.advance(4 * time.Hour)
	_, m2 := e.conv("m2")
	if n := customerUpdates(m2); n != 1 {
		t.Errorf("the joined conversation where the customer waits got %d updates, want 1", n)
	}
	if got := e.mailTo("sam@example.com")[customerMails:]; len(got) != 1 || !strings.Contains(got[0].Text, "longer than it should") {
		t.Errorf("mails to the customer after the SLA ran out: %d, want the update by mail", len(got))
	}
	if _, c1 := e.conv("c1"); customerUpdates(c1) != 0 {
		t.Errorf("the chat where nobody waits was told it is taking longer")
	}
	owner := e.mailTo("owner@hearth.example")
	if len(owner) != 1 || !strings.Contains(owner[0].Text, "The customer has been told") {
		t.Errorf("second contact mails %d, want one saying the customer was told", len(owner))
	}
	e.advance(24 * time.Hour)
	if _, m2 := e.conv("m2"); customerUpdates(m2) != 1 {
		t.Errorf("the update was given %d times, want once", customerUpdates(m2))
	}
}
