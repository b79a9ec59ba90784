package escalation

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/mail"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// ConversationStore reads and writes conversations.
type ConversationStore interface {
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
	SaveTurn(ctx context.Context, c conversation.Conversation, version int64, msgs []conversation.Message) error
}

// Messenger reaches customers and staff: messages into a conversation
// (mailed too when the conversation is on the email channel), and plain
// email. Workflow steps use it; each caller claims its own idempotency key
// first, so a retried step does not say the same thing twice.
type Messenger struct {
	Store ConversationStore
	// Mail sends email; nil leaves the email channel off.
	Mail email.Sender
	// From is the shop's support address (SUPPORT_EMAIL).
	From  mail.Address
	Clock clock.Clock
}

// ErrNoEmail is returned when mail is needed and the email channel is off.
var ErrNoEmail = errors.New("email channel is off (no sender or support address)")

// CanEmail reports whether the email channel is on.
func (m *Messenger) CanEmail() bool { return m != nil && m.Mail != nil && m.From.Address != "" }

// HeaderConversation names the conversation a mail to a customer belongs
// to: the sender the composition gives the Messenger (package mailin's
// Filing, which reads this same header) files the mail's Message-ID under
// it, so the customer's reply continues that conversation.
const HeaderConversation = "X-Doorstep-Conversation"

// Email sends one message and returns its Message-ID.
func (m *Messenger) Email(ctx context.Context, to mail.Address, subject, text string, headers map[string]string) (string, error) {
	return m.Send(ctx, email.Outgoing{To: to, Subject: subject, Text: text, Headers: headers})
}

// Send sends out from the support address, now, and returns its
// Message-ID.
func (m *Messenger) Send(ctx context.Context, out email.Outgoing) (string, error) {
	if !m.CanEmail() {
		return "", ErrNoEmail
	}
	out.From, out.Date = m.From, m.Clock.Now()
	id, err := m.Mail.Send(ctx, out)
	if err != nil {
		return "", fmt.Errorf("send mail: %w", err)
	}
	return id, nil
}

// Change is what UpdateConversation does to a conversation: it may change
// c (its status, say) and returns the message texts to add, as role.
type Change func(c *conversation.Conversation) (role conversation.Role, texts []string)

// UpdateConversation applies change to a conversation and saves it with
// its new messages, retrying when another writer got there first. On the
// email channel the new messages are also mailed to the customer, threaded
// under the conversation's last message.
func (m *Messenger) UpdateConversation(ctx context.Context, shop, id string, change Change) (conversation.Conversation, error) {
	mailed := map[int]string{} // message index → Message-ID, so a retried save mails nothing twice
	for attempt := 0; ; attempt++ {
		c, msgs, err := m.Store.GetConversation(ctx, shop, id)
		if err != nil {
			return c, fmt.Errorf("load conversation %s: %w", id, err)
		}
		version := c.Version
		role, texts := change(&c)
		now := m.Clock.Now()
		var add []conversation.Message
		for i, t := range texts {
			msg := conversation.Message{Seq: c.Messages + i, Role: role, Text: t, At: now}
			if c.Channel == conversation.ChannelEmail && c.Contact != "" && m.CanEmail() {
				if _, done := mailed[i]; !done {
					if mailed[i], err = m.mailInThread(ctx, c, msgs, t); err != nil {
						return c, err
					}
				}
				msg.MessageID = mailed[i]
			}
			add = append(add, msg)
		}
		c.Messages += len(add)
		c.UpdatedAt = now
		err = m.Store.SaveTurn(ctx, c, version, add)
		if errors.Is(err, store.ErrConflict) && attempt < 20 {
			time.Sleep(time.Duration(rand.IntN(20)+attempt*5) * time.Millisecond)
			continue
		}
		if err != nil {
			return c, fmt.Errorf("save conversation %s: %w", id, err)
		}
		return c, nil
	}
}

// Tell adds agent messages to a conversation.
func (m *Messenger) Tell(ctx context.Context, shop, id string, texts ...string) error {
	_, err := m.UpdateConversation(ctx, shop, id, func(*conversation.Conversation) (conversation.Role, []string) {
		return conversation.RoleAgent, texts
	})
	return err
}

func (m *Messenger) mailInThread(ctx context.Context, c conversation.Conversation, msgs []conversation.Message, text string) (string, error) {
	subject := strings.TrimSpace(c.Subject)
	if subject == "" {
		subject = "Your conversation with us"
	}
	if !strings.HasPrefix(strings.ToLower(subject), "re:") {
		subject = "Re: " + subject
	}
	out := email.Outgoing{From: m.From, To: mail.Address{Address: c.Contact}, Subject: subject, Text: text, Date: m.Clock.Now(),
		Headers: map[string]string{HeaderConversation: c.ID}}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].MessageID != "" {
			out.InReplyTo = msgs[i].MessageID
			break
		}
	}
	for _, msg := range msgs {
		if msg.MessageID != "" {
			out.References = append(out.References, msg.MessageID)
		}
	}
	if len(out.References) > 10 {
		out.References = out.References[len(out.References)-10:]
	}
	id, err := m.Mail.Send(ctx, out)
	if err != nil {
		return "", fmt.Errorf("mail conversation %s: %w", c.ID, err)
	}
	return id, nil
}
