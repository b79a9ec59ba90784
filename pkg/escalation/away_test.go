package escalation_test

import (
	"context"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
)

// A person's reply reaches the customer by mail when the conversation's
// own channel cannot show it: a chat the customer left a day ago, or a
// chat the customer last answered by mail (at once, under that mail); an
// email conversation always, under the customer's last mail. Each mail
// names its conversation for the reply, and goes once however often it is
// asked for.
func TestStaffReplyByMail(t *testing.T) {
	const customer = "daniel.reyes@example.com"
	for _, tt := range []struct {
		name    string
		channel conversation.Channel
		// customerAgo is how long before the person's reply the customer
		// wrote; byMail says their message came by mail.
		customerAgo time.Duration
		byMail      bool
		mailed      bool
		inReplyTo   string
	}{
		{name: "chat, customer still there", channel: conversation.ChannelChat, customerAgo: time.Hour},
		{name: "chat, customer gone a day", channel: conversation.ChannelChat, customerAgo: 25 * time.Hour, mailed: true},
		{name: "chat, customer answered by mail", channel: conversation.ChannelChat, customerAgo: time.Minute, byMail: true, mailed: true, inReplyTo: "<c1@client.example>"},
		{name: "email conversation", channel: conversation.ChannelEmail, customerAgo: time.Minute, byMail: true, mailed: true, inReplyTo: "<c1@client.example>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			c := conversation.Conversation{Shop: shop, ID: "conv1", Channel: tt.channel, Status: conversation.StatusHandover, CustomerEmail: customer,
				VerifiedBy: conversation.VerifiedByOrder, CurrentOrder: "#1003", CreatedAt: t0, UpdatedAt: t0}
			if tt.channel == conversation.ChannelEmail {
				c.Contact = customer
			}
			if err := e.st.CreateConversation(ctx, c); err != nil {
				t.Fatal(err)
			}
			cm := conversation.Message{Seq: 0, Role: conversation.RoleCustomer, Text: "I want a person", At: t0}
			if tt.byMail {
				cm.MessageID = "<c1@client.example>"
			}
			staff := conversation.Message{Seq: 1, Role: conversation.RoleStaff, Text: "A new skillet is on its way.", At: t0.Add(tt.customerAgo)}
			c.Messages = 2
			if err := e.st.SaveTurn(ctx, c, 0, []conversation.Message{cm, staff}); err != nil {
				t.Fatal(err)
			}
			e.clk.Set(staff.At)
			for range 2 { // asked twice: mailed once
				var err error
				if tt.channel == conversation.ChannelEmail {
					err = e.svc.DeliverStaffReply(ctx, c, staff)
				} else {
					err = e.svc.ReachAwayCustomer(ctx, shop, c.ID)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			list, err := e.box.List()
			if err != nil {
				t.Fatal(err)
			}
			if !tt.mailed {
				if len(list) != 0 {
					t.Fatalf("mailed %+v; the chat shows it", list)
				}
				return
			}
			if len(list) != 1 {
				t.Fatalf("%d mails, want 1", len(list))
			}
			m := list[0]
			if m.To != customer || m.Headers[escalation.HeaderConversation] != c.ID || m.Headers["In-Reply-To"] != tt.inReplyTo {
				t.Errorf("mail to %s, headers %v; want the conversation named and In-Reply-To %q", m.To, m.Headers, tt.inReplyTo)
			}
		})
	}
}
