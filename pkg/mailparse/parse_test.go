package mailparse_test

import (
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
		automated                           string // "" for a person's mail
		auth                                mailparse.Auth
		attachments                         []string // file names
		damaged                             bool
	}
	pass := mailparse.Auth{SPF: "PASS", DKIM: "PASS", DMARC: "PASS"}
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
			automated: "null return path", auth: mailparse.Auth{SPF: "GRAY", DKIM: "PASS"}, attachments: []string{""}}},
		{"spoofed.eml", want{from: "daniel.reyes@example.com", subject: "Where is my order #1003?", messageID: "<spoofed-0010@spoof.example.net>",
			newText: "Hi, where is my order #1003? Please send me the tracking number and the delivery address.",
			auth:    mailparse.Auth{SPF: "FAIL", DKIM: "FAIL", DMARC: "FAIL"}}},
		{"bulk.eml", want{from: "hello@news.example.org", subject: "Where is your order? 5 tips for faster shipping", messageID: "<bulk-0011@news.example.org>",
			newText: "This week: where is your order? Five tips for faster shipping.", automated: "precedence", auth: mailparse.Auth{SPF: "PASS", DKIM: "PASS"}}},
		{"malformed.eml", want{from: "marcus.johnson@example.com", subject: "=?utf-8?B?broken base64 word?= order", messageID: "<malformed-0012@mail.example.com>",
			newText: "Where is my order #1010? =ZZ bad escape", auth: mailparse.Auth{SPF: "PASS", DKIM: "PASS"}, damaged: true}},
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
				newText: in.NewText, automated: in.Automated, auth: in.Auth, damaged: in.Damaged}
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

func TestAuthResults(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   mailparse.Auth
	}{
		{"none", nil, mailparse.Auth{}},
		{"ses pass", []string{"amazonses.com; spf=pass (spfCheck: ok) client-ip=1.2.3.4; dkim=pass header.i=@example.com; dmarc=pass header.from=example.com;"},
			mailparse.Auth{SPF: "PASS", DKIM: "PASS", DMARC: "PASS"}},
		{"fail", []string{"mx.example; spf=fail smtp.mailfrom=x; dkim=fail"}, mailparse.Auth{SPF: "FAIL", DKIM: "FAIL"}},
		{"softfail neutral", []string{"mx; spf=softfail; dkim=neutral; dmarc=none"}, mailparse.Auth{SPF: "FAIL", DKIM: "GRAY", DMARC: "GRAY"}},
		{"upper case", []string{"mx; SPF=Pass; DKIM=TempError"}, mailparse.Auth{SPF: "PASS", DKIM: "GRAY"}},
		{"two headers pass wins", []string{"a; dkim=fail", "b; dkim=pass"}, mailparse.Auth{DKIM: "PASS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, mailparse.AuthResults(tt.values)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
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

func TestParseFrom(t *testing.T) {
	tests := []struct{ header, want string }{
		{"Daniel Reyes <Daniel.Reyes@Example.com>", "daniel.reyes@example.com"},
		{"o'brien@example.com", "o'brien@example.com"},
		{`"Reyes, Daniel" <d+shop@example.com>`, "d+shop@example.com"},
		{"=?UTF-8?Q?=C3=89lena?= <elena@example.com>", "elena@example.com"},
		{"broken <<x@example.com", "x@example.com"},
	}
	for _, tt := range tests {
		in, err := mailparse.Parse([]byte("From: " + tt.header + "\n\nhi"))
		if err != nil || in.From.Address != tt.want {
			t.Errorf("%s: %q %v, want %q", tt.header, in.From.Address, err, tt.want)
		}
	}
}
