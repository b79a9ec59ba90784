package escalation

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
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

// ReachAwayCustomer mails a person's latest reply in a chat conversation to
// the verified customer when they have been gone longer than ChatAway
// (their chat token has expired, so the widget cannot show it): a customer
// who waited for a person hears the answer either way. Each reply is mailed
// once; a conversation on the email channel is mailed already.
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
	var seen time.Time
	var replies []string
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == conversation.RoleCustomer {
			seen = msgs[i].At
			break
		}
		if msgs[i].Role == conversation.RoleStaff {
			replies = append([]string{msgs[i].Text}, replies...)
		}
	}
	if !seen.IsZero() && last.At.Sub(seen) < s.Settings.chatAway() {
		return nil // still in the chat's reach: the widget shows it
	}
	subject := "A reply to your question"
	if len(c.Orders) > 0 {
		subject = "A reply about your order " + c.Orders[len(c.Orders)-1]
	}
	text := strings.Join(replies, "\n\n") + "\n\nJust reply to this email if there's anything else."
	if s.Settings.ShopName != "" {
		text += "\n\n" + s.Settings.ShopName
	}
	key := "reply-mail|" + shop + "|" + conversationID + "|" + strconv.Itoa(last.Seq)
	return s.once(ctx, key, func() error {
		_, err := s.Messenger.Email(ctx, mail.Address{Address: c.CustomerEmail}, subject, text, nil)
		return err
	})
}
