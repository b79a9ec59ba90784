package escalation

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/turn"
)

// ConversationStore reads and writes conversations (through the turn
// loop) and claims each mail so it is sent once.
type ConversationStore interface {
	turn.Store
	Claimer
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

	// The turn loop's code on a loop of its own: the channels' loop holds
	// a conversation's lock while its turn's events run in process (the
	// local runner), and a reaction may tell that conversation something.
	once sync.Once
	loop *turn.Loop
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
// its new messages through the turn loop (a conditional write, run again
// on fresh data when another writer got there first, backing off within
// ctx). On the email channel the saved messages are then mailed to the
// customer, threaded under the conversation's messages, each once: the
// save comes first and a claim on each message guards its mail, so a
// redelivered step that failed to save mails nothing, and one that saved
// mails nothing twice. A failed send releases its claim and returns the
// error (the message stays in the conversation).
func (m *Messenger) UpdateConversation(ctx context.Context, shop, id string, change Change) (conversation.Conversation, error) {
	return m.updateConversation(ctx, shop, id, change, nil)
}

// updateConversation is UpdateConversation; parent are the Message-IDs a
// mail replies to when the conversation has none of its own yet (the
// problem notice a person's first message answers).
func (m *Messenger) updateConversation(ctx context.Context, shop, id string, change Change, parent []string) (conversation.Conversation, error) {
	var prior []conversation.Message
	saved, err := m.turns().Run(ctx, shop, id, func(_ context.Context, c *conversation.Conversation, msgs []conversation.Message) (turn.Draft, error) {
		prior = msgs
		role, texts := change(c)
		now := m.Clock.Now()
		d := turn.Draft{Notice: true}
		for i, t := range texts {
			d.Messages = append(d.Messages, conversation.Message{Seq: c.Messages + i, Role: role, Text: t, At: now})
		}
		return d, nil
	})
	c := saved.After
	if err != nil {
		return c, fmt.Errorf("update conversation %s: %w", id, err)
	}
	if c.Channel != conversation.ChannelEmail || c.Contact == "" || !m.CanEmail() {
		return c, nil
	}
	for _, msg := range saved.Messages {
		if err := m.mailOnce(ctx, c, prior, msg, parent); err != nil {
			return c, err
		}
	}
	return c, nil
}

func (m *Messenger) turns() *turn.Loop {
	m.once.Do(func() { m.loop = &turn.Loop{Store: m.Store, Clock: m.Clock} })
	return m.loop
}

// mailOnce mails a saved message unless it was mailed before.
func (m *Messenger) mailOnce(ctx context.Context, c conversation.Conversation, prior []conversation.Message, msg conversation.Message, parent []string) error {
	key := "conversation-mail|" + c.Shop + "|" + c.ID + "|" + strconv.Itoa(msg.Seq)
	err := m.Store.Claim(ctx, key, m.Clock.Now().Add(keep))
	if errors.Is(err, store.ErrDuplicate) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("claim mail %s: %w", key, err)
	}
	if _, err := m.mailInThread(ctx, c, prior, msg.Text, parent); err != nil {
		if rerr := m.Store.Release(context.WithoutCancel(ctx), key); rerr != nil {
			err = errors.Join(err, fmt.Errorf("release %s: %w", key, rerr))
		}
		return err
	}
	return nil
}

// Tell adds agent messages to a conversation.
func (m *Messenger) Tell(ctx context.Context, shop, id string, texts ...string) error {
	_, err := m.UpdateConversation(ctx, shop, id, func(*conversation.Conversation) (conversation.Role, []string) {
		return conversation.RoleAgent, texts
	})
	return err
}

func (m *Messenger) mailInThread(ctx context.Context, c conversation.Conversation, msgs []conversation.Message, text string, parent []string) (string, error) {
	subject := strings.TrimSpace(c.Subject)
	if subject == "" {
		subject = "Your conversation with us"
	}
	if !strings.HasPrefix(strings.ToLower(subject), "re:") {
		subject = "Re: " + subject
	}
	out := email.Outgoing{From: m.From, To: mail.Address{Address: c.Contact}, Subject: subject, Text: text, Date: m.Clock.Now(),
		Headers: map[string]string{HeaderConversation: c.ID}}
	// References start with the problem's notice (parent), when the
	// conversation answers one, then the conversation's own mails.
	out.References = append(out.References, parent...)
	for _, msg := range msgs {
		if msg.MessageID != "" && !slices.Contains(out.References, msg.MessageID) {
			out.References = append(out.References, msg.MessageID)
		}
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].MessageID != "" {
			out.InReplyTo = msgs[i].MessageID
			break
		}
	}
	if out.InReplyTo == "" && len(parent) > 0 {
		out.InReplyTo = parent[len(parent)-1]
	}
	if n := len(out.References); n > 10 {
		// The root and the newest nine, as mail clients keep them.
		out.References = append(out.References[:1:1], out.References[n-9:]...)
	}
	id, err := m.Mail.Send(ctx, out)
	if err != nil {
		return "", fmt.Errorf("mail conversation %s: %w", c.ID, err)
	}
	return id, nil
}
