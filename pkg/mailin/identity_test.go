package mailin_test

import (
	"context"
	"encoding/base64"
	"net/mail"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
)

const (
	maya     = "maya.okafor@example.com" // #1001's customer; #1001 is not fulfilled yet
	mallory  = "mallory@evil.test"       // a stranger with a mail domain of her own
	passEvil = "mx.hearthandharbor.example; spf=pass smtp.mailfrom=bounce.evil.test; dkim=pass header.d=evil.test; dmarc=pass header.from=evil.test"
)

// TestIdentityAttacks tries, through the mailin service with the offline
// model and the demo shop, each way issue 13 found to pass as a customer
// by mail: "change the address of my order #1001", then "yes". The
// address of #1001 changes only for mail authenticated for Maya's own
// domain; every reply goes to the structured sender only (or there is
// none), and no display name reaches a header of it but as a display
// name.
func TestIdentityAttacks(t *testing.T) {
	crlfB := "=?utf-8?B?" + base64.StdEncoding.EncodeToString([]byte("Evil\r\nBcc: victim@x.test")) + "?="
	tests := []struct {
		name string
		from string // the From header's value; "" for none
		auth string // an Authentication-Results header's value; "" for none (dev: PASS for the From domain)
		// replyTo is the one address replies may go to, "" for none;
		// changed is whether #1001's address must change.
		replyTo string
		changed bool
	}{
		// Controls: the same conversation from Maya herself changes the
		// address, so the attacks below fail for the reason they should.
		{name: "control: maya", from: "Maya Okafor <" + maya + ">", replyTo: maya, changed: true},
		{name: "control: maya, dkim aligned", from: "Maya Okafor <" + maya + ">",
			auth: "mx.hearthandharbor.example; spf=fail smtp.mailfrom=evil.test; dkim=pass header.d=example.com; dmarc=none header.from=example.com", replyTo: maya, changed: true},
		{name: "control: maya, spf aligned (organisational domain)", from: "Maya Okafor <" + maya + ">",
			auth: "mx.hearthandharbor.example; spf=pass smtp.mailfrom=bounces.mail.example.com; dkim=none; dmarc=none header.from=example.com", replyTo: maya, changed: true},

		{name: "Q-encoded address as display name", from: "=?utf-8?Q?maya.okafor=40example.com?= <" + mallory + ">", auth: passEvil, replyTo: mallory},
		{name: "B-encoded address as display name", from: "=?utf-8?B?" + base64.StdEncoding.EncodeToString([]byte(maya)) + "?= <" + mallory + ">", auth: passEvil, replyTo: mallory},
		{name: "quoted address as display name", from: `"` + maya + `" <` + mallory + ">", auth: passEvil, replyTo: mallory},
		{name: "address in a comment", from: mallory + " (" + maya + ")", auth: passEvil, replyTo: mallory},
		{name: "unquoted address as display name", from: maya + " <" + mallory + ">", auth: passEvil},
		{name: "two mailboxes", from: maya + ", " + mallory, auth: passEvil},
		{name: "two mailboxes, evil first", from: "Mallory <" + mallory + ">, Maya <" + maya + ">", auth: passEvil},
		{name: "no From", from: "", auth: passEvil},
		{name: "CRLF in Q-encoded display name, as reported", from: "=?utf-8?Q?Evil=0D=0ABcc:_victim@x.test?= <" + mallory + ">", auth: passEvil},
		{name: "CRLF in Q-encoded display name", from: "=?utf-8?Q?Evil=0D=0ABcc=3A_victim=40x.test?= <" + mallory + ">", auth: passEvil, replyTo: mallory},
		{name: "CRLF in B-encoded display name", from: crlfB + " <" + mallory + ">", auth: passEvil, replyTo: mallory},
		// Maya's address with a pass for somebody else's domain.
		{name: "dkim pass with unaligned d=", from: "Maya Okafor <" + maya + ">",
			auth: "mx.hearthandharbor.example; spf=fail smtp.mailfrom=evil.test; dkim=pass header.d=evil.test; dmarc=none header.from=example.com", replyTo: maya},
		{name: "dkim pass with a look-alike d=", from: "Maya Okafor <" + maya + ">",
			auth: "mx.hearthandharbor.example; dkim=pass header.d=example.com.evil.test; dmarc=none header.from=example.com", replyTo: maya},
		{name: "spf pass for an unaligned mailfrom", from: "Maya Okafor <" + maya + ">",
			auth: "mx.hearthandharbor.example; spf=pass smtp.mailfrom=bounce@evil.test; dkim=none; dmarc=none header.from=example.com", replyTo: maya},
		{name: "spf pass for no known mailfrom", from: "Maya Okafor <" + maya + ">",
			auth: "mx.hearthandharbor.example; spf=pass; dkim=pass", replyTo: maya},
		{name: "dmarc pass for another domain", from: "Maya Okafor <" + maya + ">",
			auth: "mx.hearthandharbor.example; spf=pass smtp.mailfrom=evil.test; dmarc=pass header.from=evil.test", replyTo: maya},
		{name: "aligned dkim pass, dmarc fail", from: "Maya Okafor <" + maya + ">",
			auth: "mx.hearthandharbor.example; dkim=pass header.d=example.com; dmarc=fail header.from=example.com", replyTo: maya},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			headers := func(id, inReplyTo string) string {
				h := ""
				if tt.auth != "" {
					h += "Authentication-Results: " + tt.auth + "\r\n"
				}
				if tt.from != "" {
					h += "From: " + tt.from + "\r\n"
				}
				h += "To: " + support + "\r\nSubject: My order\r\nMessage-ID: <" + id + "@client.example>\r\n"
				if inReplyTo != "" {
					h += "In-Reply-To: " + inReplyTo + "\r\n"
				}
				return h + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
			}
			first := e.receive(t, "a1", []byte(headers("a1", "")+"Please change the shipping address of my order #1001 to 42 Elm Street, Portland, OR 97201.\r\n"))
			ourID := ""
			if sent := e.sent(t); len(sent) > 0 {
				ourID = sent[0].Headers["Message-ID"]
			}
			second := e.receive(t, "a2", []byte(headers("a2", ourID)+"Yes, please go ahead.\r\n"))

			o, err := e.store.GetOrderByName(context.Background(), shop, "#1001")
			if err != nil {
				t.Fatal(err)
			}
			changed := o.ShippingAddress == nil || o.ShippingAddress.Address1 != "48 Linden Street"
			if changed != tt.changed {
				t.Errorf("#1001's address changed: %v, want %v (now %+v)", changed, tt.changed, o.ShippingAddress)
			}
			sent := e.sent(t)
			if tt.replyTo == "" {
				for _, r := range []mailin.Result{first, second} {
					if r.Outcome != mailin.OutcomeIgnored || r.Reason != "no single sender address" || r.Verified {
						t.Errorf("result %+v, want ignored: no single sender address", r)
					}
				}
				if len(sent) != 0 {
					t.Fatalf("%d replies to mail without a sender: %+v", len(sent), sent)
				}
				return
			}
			if len(sent) != 2 {
				t.Fatalf("%d replies, want 2", len(sent))
			}
			for _, m := range sent {
				to, err := mail.ParseAddress(m.Headers["To"])
				if m.To != tt.replyTo || err != nil || to.Address != tt.replyTo {
					t.Errorf("reply to %q (header %q), want only %s", m.To, m.Headers["To"], tt.replyTo)
				}
				if list, err := mail.ParseAddressList(m.Headers["To"]); err != nil || len(list) != 1 {
					t.Errorf("To header %q: %d addresses (%v)", m.Headers["To"], len(list), err)
				}
				for k, v := range m.Headers {
					if strings.ContainsAny(k+v, "\r\n") || strings.EqualFold(k, "Bcc") || strings.EqualFold(k, "Cc") {
						t.Errorf("header %s: %q", k, v)
					}
				}
				if tt.replyTo != maya && (strings.Contains(m.Text, "Linden") || strings.Contains(m.Text, "Somerville")) {
					t.Errorf("maya's address sent to %s: %s", m.To, m.Text)
				}
			}
			c, _ := e.conversation(t, second.Conversation)
			if want := tt.changed; c.Verified() != want || (want && c.CustomerEmail != maya) {
				t.Errorf("conversation verified %v for %q, want %v", c.Verified(), c.CustomerEmail, want)
			}
			if c.Contact != tt.replyTo {
				t.Errorf("conversation contact %q, want %q", c.Contact, tt.replyTo)
			}
		})
	}
}

// TestDevVerdictsDomains: /dev/mail's verdicts carry the domains the
// Authentication-Results header names, and count for the From domain only
// when the message has no such header.
func TestDevVerdictsDomains(t *testing.T) {
	tests := []struct {
		name, header string // header "" for none
		auth         bool
	}{
		{"no header: pass for the From domain", "", true},
		{"dmarc pass for the From domain", "mx; dmarc=pass header.from=example.com", true},
		{"dmarc pass naming no domain", "mx; dmarc=pass", false},
		{"dmarc pass for another domain", "mx; dmarc=pass header.from=evil.test", false},
		{"dkim d= aligned", "mx; dkim=pass header.d=example.com", true},
		{"dkim i= aligned", "mx; dkim=pass header.i=@mail.example.com", true},
		{"dkim d= unaligned", "mx; dkim=pass header.d=evil.test", false},
		{"dkim d= public suffix", "mx; dkim=pass header.d=com", false},
		{"spf mailfrom aligned", "mx; spf=pass smtp.mailfrom=bounce@example.com", true},
		{"spf mailfrom subdomain", "mx; spf=pass smtp.mailfrom=em.example.com", true},
		{"spf mailfrom unaligned", "mx; spf=pass smtp.mailfrom=example.com.evil.test", false},
		{"spf envelope-from (SES's form)", "amazonses.com; spf=pass (spfCheck: ok) client-ip=192.0.2.1; envelope-from=maya@example.com; helo=mx.example.com;", true},
		{"dmarc fail vetoes", "mx; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com; dmarc=fail header.from=example.com", false},
		{"all fail", "mx; spf=fail smtp.mailfrom=example.com; dkim=fail header.d=example.com; dmarc=fail header.from=example.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "From: Maya <" + maya + ">\r\n\r\nhi\r\n"
			if tt.header != "" {
				raw = "Authentication-Results: " + tt.header + "\r\n" + raw
			}
			msg, err := mailparse.Parse([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			v := mailin.DevVerdicts(msg)
			if got := mailin.Authenticated(v, msg.From.Address); got != tt.auth {
				t.Errorf("authenticated %v, want %v (%+v)", got, tt.auth, v)
			}
		})
	}
	// Only the topmost header, the receiving server's, counts: one the
	// sender wrote below it is not read.
	forged := "Authentication-Results: mx; spf=fail smtp.mailfrom=evil.test; dkim=fail header.d=example.com\r\n" +
		"Authentication-Results: mx; dkim=pass header.d=example.com; dmarc=pass header.from=example.com\r\nFrom: " + maya + "\r\n\r\nhi"
	msg, err := mailparse.Parse([]byte(forged))
	if err != nil {
		t.Fatal(err)
	}
	if mailin.Authenticated(mailin.DevVerdicts(msg), msg.From.Address) {
		t.Error("a forged header below the receiver's counted")
	}
}

// TestFromReceiver: SES's receipt verdicts count only for the domains
// SES's own (topmost, authserv-id amazonses.com) header and the message's
// signatures show them to be for.
func TestFromReceiver(t *testing.T) {
	const sig = "DKIM-Signature: v=1; a=rsa-sha256; d=%s; s=s1; h=from; bh=x; b=y\r\n"
	receipt := mailin.Verdicts{SPF: "PASS", DKIM: "PASS", DMARC: "GRAY", MailFrom: "bounce@evil.test", Receiver: mailin.SESAuthServID}
	tests := []struct {
		name, headers string
		v             mailin.Verdicts
		auth          bool
	}{
		{"dkim aligned", "Authentication-Results: amazonses.com; spf=pass envelope-from=bounce@evil.test; dkim=pass header.i=@example.com;\r\n" +
			strings.ReplaceAll(sig, "%s", "example.com"), receipt, true},
		{"dkim i= in a subdomain of d=", "Authentication-Results: amazonses.com; dkim=pass header.i=@mail.example.com;\r\n" +
			strings.ReplaceAll(sig, "%s", "example.com"), receipt, true},
		{"dkim unaligned", "Authentication-Results: amazonses.com; spf=pass envelope-from=bounce@evil.test; dkim=pass header.i=@evil.test;\r\n" +
			strings.ReplaceAll(sig, "%s", "evil.test"), receipt, false},
		{"dkim pass without a signature by that domain", "Authentication-Results: amazonses.com; dkim=pass header.i=@example.com; dkim=pass header.i=@evil.test;\r\n" +
			strings.ReplaceAll(sig, "%s", "evil.test"), receipt, false},
		{"dkim pass and fail for the same domain", "Authentication-Results: amazonses.com; dkim=pass header.i=@example.com; dkim=fail header.i=@example.com;\r\n" +
			strings.ReplaceAll(sig, "%s", "example.com"), receipt, false},
		{"another server's header on top", "Authentication-Results: mx.evil.test; dkim=pass header.d=example.com;\r\n" +
			"Authentication-Results: amazonses.com; dkim=pass header.i=@evil.test;\r\n" + strings.ReplaceAll(sig, "%s", "example.com"), receipt, false},
		{"no header", strings.ReplaceAll(sig, "%s", "example.com"), receipt, false},
		{"receipt dkim fail", "Authentication-Results: amazonses.com; dkim=pass header.i=@example.com;\r\n" + strings.ReplaceAll(sig, "%s", "example.com"),
			mailin.Verdicts{SPF: "FAIL", DKIM: "FAIL", DMARC: "GRAY", Receiver: mailin.SESAuthServID}, false},
		{"spf by the receipt's envelope sender", "", mailin.Verdicts{SPF: "PASS", DKIM: "GRAY", DMARC: "GRAY", MailFrom: "bounce@em.example.com", Receiver: mailin.SESAuthServID}, true},
		{"dmarc pass, no header", "", mailin.Verdicts{DMARC: "PASS", Receiver: mailin.SESAuthServID}, true},
		{"dmarc pass for the From domain", "Authentication-Results: amazonses.com; dmarc=pass header.from=example.com;\r\n",
			mailin.Verdicts{DMARC: "PASS", Receiver: mailin.SESAuthServID}, true},
		{"dmarc pass for another domain", "Authentication-Results: amazonses.com; dmarc=pass header.from=evil.test;\r\n",
			mailin.Verdicts{DMARC: "PASS", Receiver: mailin.SESAuthServID}, false},
		{"dmarc results for two domains", "Authentication-Results: amazonses.com; dmarc=pass header.from=example.com; dmarc=pass header.from=evil.test;\r\n",
			mailin.Verdicts{DMARC: "PASS", Receiver: mailin.SESAuthServID}, false},
		{"dmarc fail", "Authentication-Results: amazonses.com; dkim=pass header.i=@example.com; dmarc=fail header.from=example.com;\r\n" +
			strings.ReplaceAll(sig, "%s", "example.com"), mailin.Verdicts{DKIM: "PASS", DMARC: "FAIL", Receiver: mailin.SESAuthServID}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := mailparse.Parse([]byte(tt.headers + "From: Maya <" + maya + ">\r\n\r\nhi\r\n"))
			if err != nil {
				t.Fatal(err)
			}
			v := mailin.FromReceiver(tt.v, msg)
			if got := mailin.Authenticated(v, msg.From.Address); got != tt.auth {
				t.Errorf("authenticated %v, want %v (%+v)", got, tt.auth, v)
			}
		})
	}
}

func TestAligned(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"example.com", "example.com", true},
		{"mail.example.com", "example.com", true},
		{"a.example.com", "b.example.com", true},
		{"example.com", "example.co.uk", false},
		{"example.com.evil.test", "example.com", false},
		{"evil-example.com", "example.com", false},
		{"shop.co.uk", "mail.shop.co.uk", true},
		{"co.uk", "shop.co.uk", false},
		{"alice.github.io", "bob.github.io", false},
		{"com", "com", true},
		{"", "example.com", false},
	}
	for _, tt := range tests {
		if got := mailin.Aligned(tt.a, tt.b); got != tt.want {
			t.Errorf("Aligned(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
