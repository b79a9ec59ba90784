package mailparse_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/mailparse"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "events", "ses", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseFixtures reads every message in events/ses and checks what a
// person would: who sent it, what they wrote this time, whether it is
// automated, its verdicts and attachments.
func TestParseFixtures(t *testing.T) {
	type want struct {
		from, subject, messageID, inReplyTo string
		newText                             string
		automated                           string   // "" for a person's mail
		auth                                string   // authSummary of in.Auth
		attachments                         []string // file names
		damaged                             bool
	}
	pass := "amazonses.com spf=PASS@example.com dkim=PASS@example.com dmarc=PASS@example.com"
	tests := []struct {
		file string
		want want
	}{
		{"plain.eml", want{from: "daniel.reyes@example.com", subject: "Where is my order?", messageID: "<CAJx8Q1w-plain-0001@mail.example.com>",
			newText: "Hi there,\n\nI ordered a few things last week (order #1003) and haven't seen them yet.\nWhere is my order?\n\nThanks,\nDaniel", auth: pass}},
		{"html-only.eml", want{from: "priya.natarajan@example.com", subject: "Order status", messageID: "<html-only-0002@mail.example.com>",
			newText: "Hello,\n\nCould you tell me when my order *#1002* will arrive? I need it before the weekend.\n\nBest,\nPriya", auth: pass}},
		{"image.eml", want{from: "tom.becker@example.com", subject: "Damaged item in order #1004", messageID: "<image-0003@mail.example.com>",
			newText: "Hello,\n\nMy order #1004 arrived today but the mug was broken in the box.\nI attached a photo of the damage. Can I get a replacement?\n\nTom",
			auth:    pass, attachments: []string{"damage.png"}}},
		{"reply-gmail.eml", want{from: "maya.okafor@example.com", subject: "Re: Where is my order?", messageID: "<CAGmail-reply-0004@mail.gmail.com>",
			inReplyTo: "<0100019350aa1b2c-5f1e7d0a-9d3c-4b8e-a1f2-000000000001-000000@email.amazonses.com>",
			newText:   "Thanks! Has order #1001 shipped yet?\n\nMaya", auth: pass}},
		{"reply-outlook.eml", want{from: "samuel.whitfield@example.com", subject: "RE: Your order #1006",
			messageID: "<SN6PR04MB4015-outlook-0005@SN6PR04MB4015.namprd04.prod.outlook.com>",
			inReplyTo: "<0100019350aa1b2c-aaaa-0005-000000@email.amazonses.com>",
			newText:   "Thanks for that. Can you tell me where order #1006 is now?\n\nSamuel Whitfield\nWhitfield & Sons", auth: pass}},
		{"reply-apple.eml", want{from: "grace.liu@example.com", subject: "Re: Your order #1005",
			messageID: "<A1B2C3D4-0006-4E5F-8A9B-APPLEMAIL0006@example.com>", inReplyTo: "<0100019350aa1b2c-bbbb-0006-000000@email.amazonses.com>",
			newText: "Great, thank you! When did it get delivered?", auth: pass}},
		{"latin1.eml", want{from: "elena.petrova@example.com", subject: "Où est ma commande ?", messageID: "<latin1-0007@mail.example.com>",
			newText: "Bonjour,\n\nOù est ma commande #1011 ? Je l'attends depuis une semaine, merci de vérifier le suivi.\n\nMerci beaucoup,\nÉlena", auth: pass}},
		{"autoreply.eml", want{from: "olivia.brandt@example.com", subject: "Automatic reply: Your order #1009 is confirmed", messageID: "<autoreply-0008@mail.example.com>",
			inReplyTo: "<0100019350aa1b2c-cccc-0008-000000@email.amazonses.com>",
			newText:   "I am out of the office until Monday, November 30 with limited access to email.\nWhere is my colleague? Please contact my order desk for anything urgent.",
			automated: "auto-submitted", auth: pass}},
		{"bounce.eml", want{from: "mailer-daemon@amazonses.com", subject: "Delivery Status Notification (Failure)", messageID: "<bounce-0009@email.amazonses.com>",
			newText:   "An error occurred while trying to deliver the mail to the following recipients:\nnobody@example.net\nWhere is this order? (quoted from the original)",
			automated: "null return path", auth: "amazonses.com spf=GRAY@ dkim=PASS@amazonses.com", attachments: []string{""}}},
		{"spoofed.eml", want{from: "daniel.reyes@example.com", subject: "Where is my order #1003?", messageID: "<spoofed-0010@spoof.example.net>",
			newText: "Hi, where is my order #1003? Please send me the tracking number and the delivery address.",
			auth:    "amazonses.com spf=FAIL@example.com dkim=FAIL@example.com dmarc=FAIL@example.com"}},
		// A stranger's own domain passes everything; the display name
		// is Maya's address, Q-encoded. The sender is the stranger.
		{"display-name.eml", want{from: "mallory@evil.test", subject: "Where is my order #1001?", messageID: "<display-name-0013@evil.test>",
			newText: "Hi, where is my order #1001? Please send me the tracking number and the delivery address.",
			auth:    "amazonses.com spf=PASS@evil.test dkim=PASS@evil.test dmarc=PASS@evil.test"}},
		{"bulk.eml", want{from: "hello@news.example.org", subject: "Where is your order? 5 tips for faster shipping", messageID: "<bulk-0011@news.example.org>",
			newText: "This week: where is your order? Five tips for faster shipping.", automated: "precedence", auth: "amazonses.com spf=PASS@news.example.org dkim=PASS@news.example.org"}},
		{"malformed.eml", want{from: "marcus.johnson@example.com", subject: "=?utf-8?B?broken base64 word?= order", messageID: "<malformed-0012@mail.example.com>",
			newText: "Where is my order #1010? =ZZ bad escape", auth: "amazonses.com spf=PASS@ dkim=PASS@example.com", damaged: true}},
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "ses", "*.eml"))
	if len(files) != len(tests) {
		t.Errorf("%d fixtures in events/ses, %d in this table: add the new ones here", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in, err := mailparse.Parse(fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got := want{from: in.From.Address, subject: in.Subject, messageID: in.MessageID, inReplyTo: in.InReplyTo,
				newText: in.NewText, automated: in.Automated, auth: authSummary(in.Auth), damaged: in.Damaged}
			for _, a := range in.Attachments {
				got.attachments = append(got.attachments, a.Filename)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestParseImageAttachment(t *testing.T) {
	in, err := mailparse.Parse(fixture(t, "image.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Attachments) != 1 {
		t.Fatalf("attachments: %d", len(in.Attachments))
	}
	a := in.Attachments[0]
	if !a.IsImage() || a.ContentType != "image/png" || !strings.HasPrefix(string(a.Data), "\x89PNG") {
		t.Errorf("attachment %q %s %q", a.Filename, a.ContentType, a.Data[:4])
	}
}

// TestNewText strips quoted history and signatures in the styles of the
// common mail clients, and keeps what the sender wrote.
func TestNewText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Where is my order #1001?\n\nThanks", "Where is my order #1001?\n\nThanks"},
		{"gmail one line", "Yes please.\n\nOn Fri, Nov 20, 2026 at 10:02 AM Shop <s@x.example> wrote:\n> Shall I start a return?", "Yes please."},
		{"gmail wrapped", "Yes please.\n\nOn Fri, Nov 20, 2026 at 10:02 AM Hearth & Harbor <\nsupport@x.example> wrote:\n\n> Shall I?", "Yes please."},
		{"gmail wrapped after address", "Yes.\nOn Fri, Nov 20, 2026 at 10:02 AM Hearth & Harbor <support@x.example>\nwrote:\n> q", "Yes."},
		{"apple mail", "Yes\n\nSent from my iPhone\n\n> On Nov 20, 2026, at 10:02 AM, Shop <s@x.example> wrote:\n>\n> Shall I?", "Yes"},
		{"apple mail unquoted attribution", "Thanks!\n\nOn Nov 20, 2026, at 10:02, Shop <s@x.example> wrote:\n\n> Shall I?", "Thanks!"},
		{"outlook original message", "No thanks.\n\n-----Original Message-----\nFrom: Shop\nSent: Friday\nTo: me\nSubject: hi\n\nold", "No thanks."},
		{"outlook header block", "Fine.\n\n________________________________\nFrom: Shop <s@x.example>\nSent: Friday, November 20, 2026 10:02 AM\nTo: me\nSubject: hi\n\nold", "Fine."},
		{"outlook header block no rule", "Fine.\n\nFrom: Shop <s@x.example>\nSent: Friday, November 20, 2026 10:02 AM\nTo: me\nSubject: hi\n\nold", "Fine."},
		{"outlook html bold headers", "Fine.\n\n*From:* Shop <s@x.example>\n*Sent:* Friday\n*To:* me\n*Subject:* hi\n\nold", "Fine."},
		{"from line in text is kept", "From: my sister's account, sorry.\nWhere is #1003?", "From: my sister's account, sorry.\nWhere is #1003?"},
		{"signature", "Where is it?\n\n-- \nDaniel Reyes\nCEO", "Where is it?"},
		{"interleaved quotes", "> Which order?\n#1003\n> And the email?\nd@example.com", "#1003\nd@example.com"},
		{"german", "Danke.\n\nAm 20.11.2026 um 10:02 schrieb Shop <s@x.example>:\n> alt", "Danke."},
		{"french", "Merci.\n\nLe ven. 20 nov. 2026 à 10:02, Shop <s@x.example> a écrit :\n> ancien", "Merci."},
		{"crlf", "Hello\r\n\r\nOn Mon, Jan 1, 2026 at 1:00 PM A <a@b.example> wrote:\r\n> x", "Hello"},
		{"forwarded", "See below.\n\nBegin forwarded message:\n\nFrom: x", "See below."},
		{"only quotes", "> everything quoted\n> here", ""},
		{"on that is not a quote", "On Monday I got the wrong item.\nPlease help.", "On Monday I got the wrong item.\nPlease help."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mailparse.NewText(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAutomated: auto-replies, bounces and bulk mail are recognised; a
// person's mail is not.
func TestAutomated(t *testing.T) {
	tests := []struct{ name, from, subject, headers, want string }{
		{"person", "a@example.com", "Where is my order", "", ""},
		{"auto-submitted no", "a@example.com", "Hi", "Auto-Submitted: no\n", ""},
		{"auto-submitted", "a@example.com", "Hi", "Auto-Submitted: auto-generated\n", "auto-submitted"},
		{"auto-replied", "a@example.com", "Hi", "Auto-Submitted: auto-replied\n", "auto-submitted"},
		{"precedence bulk", "a@example.com", "Hi", "Precedence: bulk\n", "precedence"},
		{"precedence junk", "a@example.com", "Hi", "Precedence: junk\n", "precedence"},
		{"precedence list", "a@example.com", "Hi", "Precedence: list\n", "precedence"},
		{"x-autoreply", "a@example.com", "Hi", "X-Autoreply: yes\n", "x-autoreply"},
		{"x-autorespond", "a@example.com", "Hi", "X-Autorespond: yes\n", "x-autorespond"},
		{"list-id", "a@example.com", "Hi", "List-Id: <news.example.com>\n", "mailing list"},
		{"null return path", "a@example.com", "Hi", "Return-Path: <>\n", "null return path"},
		{"mailer-daemon", "MAILER-DAEMON@mx.example.com", "Hi", "", "robot sender"},
		{"postmaster", "postmaster@example.com", "Hi", "", "robot sender"},
		{"no-reply", "no-reply@example.com", "Hi", "", "robot sender"},
		{"out of office subject", "a@example.com", "Out of Office: back Monday", "", "automatic subject"},
		{"automatic reply subject", "a@example.com", "Automatic reply: Your order", "", "automatic subject"},
		{"undeliverable", "a@example.com", "Undeliverable: Re: Your order", "", "automatic subject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := "From: " + tt.from + "\nTo: support@shop.example\nSubject: " + tt.subject + "\nMessage-ID: <a@b>\n" + tt.headers + "\nhello\n"
			in, err := mailparse.Parse([]byte(msg))
			if err != nil {
				t.Fatal(err)
			}
			if in.Automated != tt.want {
				t.Errorf("automated %q, want %q", in.Automated, tt.want)
			}
		})
	}
}

// authSummary is "servid method=VERDICT@domain ...".
func authSummary(a mailparse.AuthResults) string {
	if !a.Present {
		return ""
	}
	parts := []string{a.ServID}
	for _, r := range a.Results {
		parts = append(parts, r.Method+"="+r.Verdict+"@"+r.Domain)
	}
	return strings.Join(parts, " ")
}

func TestParseAuthResults(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"ses pass", "amazonses.com;\r\n spf=pass (spfCheck: domain of example.com designates 1.2.3.4 as permitted sender) client-ip=1.2.3.4; envelope-from=maya@Example.COM; helo=mx.example.com;\r\n dkim=pass header.i=@example.com;\r\n dkim=pass header.i=@amazonses.com;\r\n dmarc=pass header.from=example.com;",
			"amazonses.com spf=PASS@example.com dkim=PASS@example.com dkim=PASS@amazonses.com dmarc=PASS@example.com"},
		{"rfc 8601 properties", "mx.example.org 1; spf=pass smtp.mailfrom=bounce.example.com; dkim=pass (2048-bit key) header.d=mail.example.com header.i=@other.example header.s=s1; dmarc=pass (p=none) header.from=example.com",
			"mx.example.org spf=PASS@bounce.example.com dkim=PASS@mail.example.com dmarc=PASS@example.com"},
		{"verdicts", "mx; spf=softfail; dkim=neutral; dmarc=none; arc=pass; spf=permerror; dkim=temperror", "mx spf=FAIL@ dkim=GRAY@ dmarc=GRAY@ arc=PASS@ spf=FAIL@ dkim=GRAY@"},
		{"upper case and spaces", "MX; SPF = Pass smtp.mailfrom = A@B.Example; DKIM=TempError", "mx spf=PASS@b.example dkim=GRAY@"},
		{"none", "mx.example.com; none", "mx.example.com"},
		// What a sender controls (a comment, a quoted local part in the
		// envelope, a HELO name) never becomes a result.
		{"result in a comment", "mx; spf=fail (dkim=pass header.d=example.com;) smtp.mailfrom=evil.test", "mx spf=FAIL@evil.test"},
		{"result in a quoted local part", `amazonses.com; spf=pass envelope-from="x; dkim=pass header.i=@example.com"@evil.test; dkim=pass header.i=@evil.test`,
			"amazonses.com spf=PASS@evil.test dkim=PASS@evil.test"},
		{"nested comment", "mx; dkim=pass (a (b; dkim=pass header.d=example.com) c) header.d=evil.test", "mx dkim=PASS@evil.test"},
		{"not a host name", "mx; spf=pass smtp.mailfrom=<>; dkim=pass header.d=exa_mple.com; dmarc=pass header.from=[1.2.3.4]", "mx spf=PASS@ dkim=PASS@ dmarc=PASS@"},
		{"property before any result", "mx; header.d=example.com; dkim=pass", "mx dkim=PASS@"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := authSummary(mailparse.ParseAuthResults(tt.value)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	// Only the topmost header counts: the receiving server's.
	top := mailparse.TopAuthResults([]string{"amazonses.com; dkim=fail header.i=@example.com", "amazonses.com; dkim=pass header.i=@example.com"})
	if top.Verdict("dkim") != "FAIL" || top.Verdict("spf") != "" {
		t.Errorf("top: %+v", top)
	}
	if mailparse.TopAuthResults(nil).Present {
		t.Error("no header is present")
	}
}

func TestSignatureDomains(t *testing.T) {
	got := mailparse.SignatureDomains([]string{"v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n d=Example.com; s=s1; h=from; bh=x; b=y", "v=1; d = evil.test ; s=x", "v=1; d=; s=x"})
	if diff := cmp.Diff([]string{"example.com", "evil.test"}, got); diff != "" {
		t.Error(diff)
	}
}

// TestParseBadInput: nothing panics; a message with no sender is
// ErrUnreadable; a message with a broken structure keeps its text.
func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		wantErr bool
	}{
		{"empty", "", true},
		{"no from", "To: a@b.example\nSubject: x\n\nhello", true},
		{"from without address", "From: Somebody\n\nhello", true},
		{"binary", "\x00\x01\x02\xff\xfe", true},
		{"header only", "From: a@b.example", false},
		{"bad charset", "From: a@b.example\nContent-Type: text/plain; charset=klingon\n\nqapla'", false},
		{"multipart without boundary", "From: a@b.example\nContent-Type: multipart/mixed\n\nhello", false},
		{"nested unclosed", "From: a@b.example\nContent-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi", false},
		{"huge header", "From: a@b.example\nSubject: " + strings.Repeat("x", 100000) + "\n\nhi", false},
		{"invalid utf8", "From: a@b.example\nSubject: \xff\xfe\n\n\xff hello", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := mailparse.Parse([]byte(tt.raw))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v, want error %v", err, tt.wantErr)
			}
			if err == nil && !strings.Contains(in.From.Address, "@") {
				t.Errorf("from %q", in.From.Address)
			}
			if len(in.Subject) > 250 {
				t.Errorf("subject of %d bytes", len(in.Subject))
			}
		})
	}
}

func TestMessageIDs(t *testing.T) {
	got := mailparse.MessageIDs("<a@b> <c@d>\r\n\t<e@f> junk")
	if diff := cmp.Diff([]string{"<a@b>", "<c@d>", "<e@f>"}, got); diff != "" {
		t.Error(diff)
	}
}

// TestParseFrom: the sender is the From header's one structured address.
// Display names, encoded or not, never change who it is; a From with no
// address, two addresses or that does not parse has no sender at all.
func TestParseFrom(t *testing.T) {
	tests := []struct {
		name, header   string
		want, wantName string // want "": no sender (ErrNoSender)
	}{
		{"name and address", "Daniel Reyes <Daniel.Reyes@Example.com>", "daniel.reyes@example.com", "Daniel Reyes"},
		{"bare", "o'brien@example.com", "o'brien@example.com", ""},
		{"quoted name with comma", `"Reyes, Daniel" <d+shop@example.com>`, "d+shop@example.com", "Reyes, Daniel"},
		{"encoded name", "=?UTF-8?Q?=C3=89lena?= <elena@example.com>", "elena@example.com", "Élena"},
		{"latin-1 name", "=?ISO-8859-1?Q?=C9lena_Petrova?= <elena.petrova@example.com>", "elena.petrova@example.com", "Élena Petrova"},
		{"unknown charset name", "=?x-klingon?Q?qapla?= <k@example.com>", "k@example.com", "qapla"},
		{"folded", "Very Long Name\r\n <folded@example.com>", "folded@example.com", "Very Long Name"},
		{"comment", "mallory@evil.test (maya.okafor@example.com)", "mallory@evil.test", "maya.okafor@example.com"},
		{"quoted address as name", `"maya.okafor@example.com" <mallory@evil.test>`, "mallory@evil.test", "maya.okafor@example.com"},
		// The attacks of issue 13.
		{"Q-encoded address as name", "=?utf-8?Q?maya.okafor=40example.com?= <mallory@evil.test>", "mallory@evil.test", "maya.okafor@example.com"},
		{"B-encoded address as name", "=?utf-8?B?bWF5YS5va2Fmb3JAZXhhbXBsZS5jb20=?= <mallory@evil.test>", "mallory@evil.test", "maya.okafor@example.com"},
		// Q encoding in a phrase may not hold ":" or "@" as they are (RFC
		// 2047 5(3)): net/mail refuses the From the issue names.
		{"encoded CRLF header in name, as reported", "=?utf-8?Q?Evil=0D=0ABcc:_victim@x.test?= <mallory@evil.test>", "", ""},
		{"encoded CRLF header in name", "=?utf-8?Q?Evil=0D=0ABcc=3A_victim=40x.test?= <mallory@evil.test>", "mallory@evil.test", "Evil Bcc: victim@x.test"},
		{"B-encoded CRLF header in name", "=?utf-8?B?RXZpbA0KQmNjOiB2aWN0aW1AeC50ZXN0?= <mallory@evil.test>", "mallory@evil.test", "Evil Bcc: victim@x.test"},
		{"unquoted address as name", "maya.okafor@example.com <mallory@evil.test>", "", ""},
		{"two mailboxes", "maya.okafor@example.com, mallory@evil.test", "", ""},
		{"two mailboxes with names", "Maya <maya.okafor@example.com>, Mallory <mallory@evil.test>", "", ""},
		{"group", "undisclosed-recipients:;", "", ""},
		{"no address", "Somebody", "", ""},
		{"broken brackets", "broken <<x@example.com", "", ""},
		{"empty", "", "", ""},
		{"quoted local part", `"maya okafor"@example.com`, "", ""},
		{"domain literal", "maya@[192.0.2.1]", "", ""},
		{"no dot in domain", "maya@localhost", "", ""},
		{"encoded address", "=?utf-8?Q?maya.okafor=40example.com?=", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "From: " + tt.header + "\r\nTo: support@shop.example\r\nSubject: hi\r\n\r\nhi\r\n"
			if tt.header == "" {
				raw = "To: support@shop.example\r\nSubject: hi\r\n\r\nhi\r\n"
			}
			in, err := mailparse.Parse([]byte(raw))
			if tt.want == "" {
				if !errors.Is(err, mailparse.ErrNoSender) || !errors.Is(err, mailparse.ErrUnreadable) {
					t.Fatalf("sender %q, error %v; want ErrNoSender", in.From.Address, err)
				}
				return
			}
			if err != nil || in.From.Address != tt.want || in.From.Name != tt.wantName {
				t.Fatalf("sender %q name %q, error %v; want %q %q", in.From.Address, in.From.Name, err, tt.want, tt.wantName)
			}
		})
	}
	// Two From headers: no sender either.
	if _, err := mailparse.Parse([]byte("From: maya.okafor@example.com\r\nFrom: mallory@evil.test\r\n\r\nhi")); !errors.Is(err, mailparse.ErrNoSender) {
		t.Errorf("two From headers: %v", err)
	}
}

// TestLongHeaders: long header values are read in linear time and a From
// too long for one mailbox has no sender.
func TestLongHeaders(t *testing.T) {
	ar := "Authentication-Results: mx; dkim" + strings.Repeat(" =", 200000) + "\r\n"
	from := "From: " + strings.Repeat("a", 5000) + " <a@example.com>\r\n"
	if _, err := mailparse.Parse([]byte(ar + from + "\r\nhi")); !errors.Is(err, mailparse.ErrNoSender) {
		t.Errorf("long From: %v", err)
	}
	in, err := mailparse.Parse([]byte(ar + "From: a@example.com\r\n\r\nhi"))
	if err != nil || !in.Auth.Present {
		t.Errorf("long Authentication-Results: %+v %v", in.Auth, err)
	}
}
