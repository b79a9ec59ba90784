// Package email is the email domain: messages doorstep sends (built as raw
// MIME with text and HTML parts), the Sender port (package ses in AWS,
// package outbox locally), and parsing what customers send.
package email

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"sort"
	"strings"
	"time"
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

// ErrRejected is a Sender's refusal of this message (a recipient address
// the mail service will not take, content it rejects): sending it again
// would fail again.
var ErrRejected = errors.New("mail rejected")

// Sender sends mail and returns the Message-ID the message was sent under,
// which a customer's reply will name in In-Reply-To.
type Sender interface {
	Send(ctx context.Context, m Outgoing) (messageID string, err error)
}

// MIME builds the raw message: multipart/alternative with a quoted-
// printable text/plain and text/html part (stdlib mime/multipart), headers
// encoded as RFC 2047 where they need it.
func (m Outgoing) MIME() ([]byte, error) {
	if m.To.Address == "" || m.From.Address == "" {
		return nil, fmt.Errorf("build mail: from and to are required")
	}
	from, err := headerAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("build mail: from: %w", err)
	}
	to, err := headerAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("build mail: to: %w", err)
	}
	html := m.HTML
	if html == "" {
		html = TextToHTML(m.Text)
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	header := func(k, v string) {
		v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
		fmt.Fprintf(&buf, "%s: %s\r\n", k, v)
	}
	header("From", from)
	header("To", to)
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", date.Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	if m.InReplyTo != "" {
		header("In-Reply-To", m.InReplyTo)
	}
	if len(m.References) > 0 {
		header("References", strings.Join(m.References, " "))
	}
	keys := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		header(textproto.CanonicalMIMEHeaderKey(k), mime.QEncoding.Encode("utf-8", m.Headers[k]))
	}
	header("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	buf.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", html}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("build mail: %w", err)
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(part.body)); err != nil {
			return nil, fmt.Errorf("build mail: %w", err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("build mail: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("build mail: %w", err)
	}
	return buf.Bytes(), nil
}

// headerAddress is a From or To header's value for a: exactly one
// mailbox, its display name (control characters, CR and LF among them,
// made spaces) quoted or RFC 2047 encoded by net/mail. An address that is
// not one plain addr-spec is refused.
func headerAddress(a mail.Address) (string, error) {
	if strings.ContainsAny(a.Address, "\r\n\t <>,;:\"()[]\\") {
		return "", fmt.Errorf("not a plain address")
	}
	if p, err := mail.ParseAddress("<" + a.Address + ">"); err != nil || !strings.EqualFold(p.Address, a.Address) {
		return "", fmt.Errorf("not a plain address")
	}
	name := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(a.Name, "\uFFFD"))), " ")
	return (&mail.Address{Name: name, Address: a.Address}).String(), nil
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
