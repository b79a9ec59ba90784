// Package email is the email domain: messages doorstep sends (built as raw
// MIME with text and HTML parts), the Sender port (package ses in AWS,
// package outbox locally), and parsing what customers send.
package email

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/jhillyerd/enmime"
)

// Outgoing is one message doorstep sends.
type Outgoing struct {
	From    mail.Address
	To      mail.Address
	Subject string
	Text    string
	HTML    string // empty: built from Text
	// InReplyTo and References thread a reply (Message-IDs with <>).
	InReplyTo  string
	References []string
	// Headers are extra headers, e.g. List-Unsubscribe.
	Headers map[string]string
	Date    time.Time
}

// Sender sends mail and returns the Message-ID the message was sent under,
// which a customer's reply will name in In-Reply-To.
type Sender interface {
	Send(ctx context.Context, m Outgoing) (messageID string, err error)
}

// MIME builds the raw message.
func (m Outgoing) MIME() ([]byte, error) {
	if m.To.Address == "" || m.From.Address == "" {
		return nil, fmt.Errorf("build mail: from and to are required")
	}
	html := m.HTML
	if html == "" {
		html = TextToHTML(m.Text)
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	b := enmime.Builder().
		From(m.From.Name, m.From.Address).
		To(m.To.Name, m.To.Address).
		Subject(m.Subject).
		Date(date).
		Text([]byte(m.Text)).
		HTML([]byte(html))
	if m.InReplyTo != "" {
		b = b.Header("In-Reply-To", m.InReplyTo)
	}
	if len(m.References) > 0 {
		b = b.Header("References", strings.Join(m.References, " "))
	}
	for k, v := range m.Headers {
		b = b.Header(k, v)
	}
	part, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("build mail: %w", err)
	}
	var buf bytes.Buffer
	if err := part.Encode(&buf); err != nil {
		return nil, fmt.Errorf("encode mail: %w", err)
	}
	return buf.Bytes(), nil
}

// TextToHTML wraps plain text in a minimal, escaped HTML body.
func TextToHTML(text string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#222">`)
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(escape(para), "\n", "<br>"))
		b.WriteString("</p>")
	}
	b.WriteString("</body></html>")
	return b.String()
}

func escape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
	return r.Replace(s)
}
