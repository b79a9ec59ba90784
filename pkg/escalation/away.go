package escalation

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/email"
)

// DefaultChatAway is how long a chat customer can be silent before a
// person's reply goes to them by email too: the life of a chat token, after
// which the widget can no longer show them the conversation.
const DefaultChatAway = 24 * time.Hour

func (s Settings) chatAway() time.Duration {
	if s.ChatAway > 0 {
		return s.ChatAway
	}
	return DefaultChatAway
}

// ReachAwayCustomer mails a person's latest replies in a chat conversation
// to the verified customer when the chat cannot show them: the customer has
// been gone longer than ChatAway (their chat token has expired), or their
// last message came by email (they answered a reply mailed before). A
// customer who waited for a person hears the answer either way. Each reply
// is mailed once; a conversation on the email channel is mailed already
// (DeliverStaffReply). The mail names the conversation (HeaderConversation),
// so the customer's answer to it continues this conversation, still the
// person's.
func (s *Service) ReachAwayCustomer(ctx context.Context, shop, conversationID string) error {
	if s.Messenger == nil || !s.Messenger.CanEmail() {
		return nil
	}
	c, msgs, err := s.Messenger.Store.GetConversation(ctx, shop, conversationID)
	if err != nil {
		return fmt.Errorf("reach customer: %w", err)
	}
	if c.Channel != conversation.ChannelChat || c.CustomerEmail == "" || len(msgs) == 0 {
		return nil
	}
	last := msgs[len(msgs)-1]
	if last.Role != conversation.RoleStaff {
		return nil
	}
	var seen *conversation.Message
	var replies []string
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == conversation.RoleCustomer {
			seen = &msgs[i]
			break
		}
		if msgs[i].Role == conversation.RoleStaff {
			replies = append([]string{msgs[i].Text}, replies...)
		}
	}
	byMail := seen != nil && seen.MessageID != ""
	if seen != nil && !byMail && last.At.Sub(seen.At) < s.Settings.chatAway() {
		return nil // still in the chat's reach: the widget shows it
	}
	subject := "A reply to your question"
	if o := c.CurrentOrder; o != "" {
		subject = "A reply about your order " + o
	} else if len(c.Orders) > 0 {
		subject = "A reply about your order " + c.Orders[len(c.Orders)-1]
	}
	text := strings.Join(replies, "\n\n") + "\n\nJust reply to this email if there's anything else."
	if s.Settings.ShopName != "" {
		text += "\n\n" + s.Settings.ShopName
	}
	out := email.Outgoing{To: mail.Address{Address: c.CustomerEmail}, Subject: subject, Text: text,
		Headers: map[string]string{HeaderConversation: c.ID}}
	if byMail {
		out.Subject = "Re: " + subject
		out.InReplyTo, out.References = seen.MessageID, []string{seen.MessageID}
	}
	key := "reply-mail|" + shop + "|" + conversationID + "|" + strconv.Itoa(last.Seq)
	return s.once(ctx, key, func() error {
		_, err := s.Messenger.Send(ctx, out)
		return err
	})
}

// DeliverStaffReply mails a person's message m of an email conversation c
// to the customer, threaded under the conversation's mail and named for it
// (HeaderConversation), so the customer's answer comes back to c. Each
// message is mailed once. On other channels it does nothing (the chat shows
// it; ReachAwayCustomer mails it when the chat cannot).
func (s *Service) DeliverStaffReply(ctx context.Context, c conversation.Conversation, m conversation.Message) error {
	if c.Channel != conversation.ChannelEmail || c.Contact == "" {
		return nil
	}
	if s.Messenger == nil || !s.Messenger.CanEmail() {
		return ErrNoEmail
	}
	_, msgs, err := s.Messenger.Store.GetConversation(ctx, c.Shop, c.ID)
	if err != nil {
		return fmt.Errorf("deliver staff reply: %w", err)
	}
	var before []conversation.Message
	for _, x := range msgs {
		if x.Seq < m.Seq {
			before = append(before, x)
		}
	}
	key := "staff-mail|" + c.Shop + "|" + c.ID + "|" + strconv.Itoa(m.Seq)
	return s.once(ctx, key, func() error {
		_, err := s.Messenger.mailInThread(ctx, c, before, m.Text, nil)
		return err
	})
}
