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

// TestMIMEDisplayNames: a display name, whatever it holds, stays one
// encoded or quoted display name in the To header; it never adds a header
// or a recipient. An address that is not plain is refused.
func TestMIMEDisplayNames(t *testing.T) {
	names := []string{"Evil\r\nBcc: victim@x.test", "Evil\nCc: victim@x.test", "maya.okafor@example.com", `a"b\c, <victim@x.test>`,
		"Zoë\r\n\r\n<html>", "\u2028Bcc: victim@x.test", "=?utf-8?Q?Evil=0D=0ABcc:_victim@x.test?="}
	for _, name := range names {
		m := email.Outgoing{From: mail.Address{Name: "Shop", Address: "support@example.com"}, To: mail.Address{Name: name, Address: "mallory@evil.test"},
			Subject: "Re: hi\r\nBcc: victim@x.test", Text: "hi"}
		raw, err := m.MIME()
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
		var toLines int
		for _, line := range strings.Split(head, "\r\n") {
			k, _, _ := strings.Cut(line, ":")
			switch strings.ToLower(k) {
			case "bcc", "cc":
				t.Errorf("%q: header line %q", name, line)
			case "to":
				toLines++
			}
		}
		if toLines != 1 {
			t.Errorf("%q: %d To lines\n%s", name, toLines, head)
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		list, err := msg.Header.AddressList("To")
		if err != nil || len(list) != 1 || list[0].Address != "mallory@evil.test" {
			t.Errorf("%q: To %q reads as %v (%v)", name, msg.Header.Get("To"), list, err)
		}
		if len(msg.Header["Bcc"])+len(msg.Header["Cc"]) > 0 {
			t.Errorf("%q: %v", name, msg.Header)
		}
	}
	for _, addr := range []string{"a@b.example\r\nBcc: victim@x.test", "a@b.example, victim@x.test", "Maya <a@b.example>", "a b@c.example"} {
		if _, err := (email.Outgoing{From: mail.Address{Address: "support@example.com"}, To: mail.Address{Address: addr}, Text: "hi"}).MIME(); err == nil {
			t.Errorf("to %q accepted", addr)
		}
	}
}
