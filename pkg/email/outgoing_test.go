package email_test

import (
	"net/mail"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
)

// What MIME builds parses back (with the inbound parser) to the same
// message: headers, threading, and both parts.
func TestMIMERoundTrip(t *testing.T) {
	m := email.Outgoing{
		From: mail.Address{Name: "Hearth & Harbor", Address: "support@example.com"}, To: mail.Address{Name: "Zoë Ä", Address: "zoe@example.com"},
		Subject: "Re: Où est ma commande ? #1003", Text: "Bonjour,\n\nvotre colis arrive — lundi.\nhttps://t.example/x?a=1&b=2",
		InReplyTo: "<q1@example.com>", References: []string{"<q0@example.com>", "<q1@example.com>"},
		Headers: map[string]string{"Auto-Submitted": "auto-replied", "X-Evil": "a\r\nBcc: x@example.com"},
	}
	raw, err := m.MIME()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "\r\nBcc:") {
		t.Fatal("a header value injected a header")
	}
	in, err := mailparse.Parse(raw)
	if err != nil {
		t.Fatalf("parse what MIME built: %v\n%s", err, raw)
	}
	if in.Subject != m.Subject || in.From.Address != "support@example.com" || in.InReplyTo != "<q1@example.com>" || len(in.References) != 2 {
		t.Errorf("parsed %+v", in)
	}
	if !strings.Contains(in.Text, "votre colis arrive — lundi.") || !strings.Contains(in.Text, "a=1&b=2") {
		t.Errorf("text %q", in.Text)
	}
	if _, err := (email.Outgoing{From: m.From}).MIME(); err == nil {
		t.Error("no recipient accepted")
	}
}
