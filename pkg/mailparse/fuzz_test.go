package mailparse_test

import (
	"errors"
	"io"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/mailparse"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with every message in
// events/ses: it must not panic, and what it returns must be safe to use:
// a sender with an address, valid UTF-8 text, new text no longer than the
// whole text.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "ses", "*.eml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("From: a@b.example\nContent-Type: multipart/mixed; boundary=x\n\n--x\n\n--x--"))
	f.Add([]byte("From: a@b.example\n\n> quoted\nOn Mon wrote:\n-- \n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, err := mailparse.Parse(raw)
		if err != nil {
			if !errors.Is(err, mailparse.ErrUnreadable) {
				t.Fatalf("error not ErrUnreadable: %v", err)
			}
			return
		}
		if !strings.Contains(in.From.Address, "@") || strings.ContainsAny(in.From.Address+in.From.Name, "\r\n") {
			t.Errorf("from %q", in.From)
		}
		if !utf8.ValidString(in.Text) || !utf8.ValidString(in.NewText) || !utf8.ValidString(in.Subject) {
			t.Error("text is not UTF-8")
		}
		if len(in.NewText) > len(in.Text) {
			t.Errorf("new text %d bytes, text %d", len(in.NewText), len(in.Text))
		}
		if len(in.Attachments) > mailparse.MaxParts {
			t.Errorf("%d attachments", len(in.Attachments))
		}
		for _, a := range in.Attachments {
			if strings.ContainsAny(a.Filename, "/\\") {
				t.Errorf("file name %q", a.Filename)
			}
		}
	})
}

// FuzzNewText: quote stripping never panics and returns valid text.
func FuzzNewText(f *testing.F) {
	f.Add("Yes.\n\nOn Fri, Nov 20 at 10:02 AM A <a@b> wrote:\n> q")
	f.Add("a\n-----Original Message-----\nFrom: x\nSent: y\nTo: z")
	f.Fuzz(func(t *testing.T, s string) {
		got := mailparse.NewText(s)
		if !utf8.ValidString(got) {
			t.Error("not UTF-8")
		}
	})
}

// FuzzSender: the verified sender is always the structured address. For
// any From header value, a sender is found only when net/mail reads the
// value as exactly one mailbox, and it is that mailbox's addr-spec
// (lower-cased), which appears in the header as it is, never decoded from
// an encoded word; a value net/mail reads as several mailboxes has none.
func FuzzSender(f *testing.F) {
	for _, v := range []string{
		"Daniel Reyes <Daniel.Reyes@Example.com>", "=?utf-8?Q?maya.okafor=40example.com?= <mallory@evil.test>",
		"=?utf-8?B?bWF5YS5va2Fmb3JAZXhhbXBsZS5jb20=?= <mallory@evil.test>", "maya.okafor@example.com <mallory@evil.test>",
		"maya.okafor@example.com, mallory@evil.test", "=?utf-8?Q?Evil=0D=0ABcc:_victim@x.test?= <mallory@evil.test>",
		"g: a@b.example;", "mallory@evil.test (maya@example.com)", `"a\"b" <c@d.example>`, "=?utf-8?Q?maya.okafor=40example.com?=",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		from, ok := mailparse.Sender([]string{v})
		if list, err := mail.ParseAddressList(v); err == nil && len(list) > 1 && ok {
			t.Fatalf("%q names %d mailboxes, sender %q", v, len(list), from.Address)
		}
		if !ok {
			return
		}
		std, err := (&mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: passThrough}}).Parse(v)
		if err != nil || strings.ToLower(std.Address) != from.Address {
			t.Fatalf("%q: sender %q, net/mail %q %v", v, from.Address, std.Address, err)
		}
		if !strings.Contains(strings.ToLower(v), from.Address) {
			t.Fatalf("%q: sender %q is not in the header as it is", v, from.Address)
		}
		if strings.ContainsAny(from.Address+from.Name, "\r\n\x00") || strings.ContainsAny(from.Address, " <>,;:\"()[]\\") {
			t.Fatalf("%q: sender %q", v, from)
		}
	})
}

// FuzzSenderDisplayName: whatever the display name says, in any of the
// forms a sender may write it (RFC 2047 Q or B encoded, quoted, bare), the
// sender is the address in angle brackets, or nobody.
func FuzzSenderDisplayName(f *testing.F) {
	f.Add("maya.okafor@example.com", "mallory@evil.test")
	f.Add("Evil\r\nBcc: victim@x.test", "mallory@evil.test")
	f.Add("maya@example.com>, <maya@example.com", "mallory@evil.test")
	f.Add("Zoë \"Z\" Ä", "zoe@example.com")
	f.Fuzz(func(t *testing.T, name, addr string) {
		want, wantOK := mailparse.Sender([]string{"<" + addr + ">"})
		quoted := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
		for _, header := range []string{
			mime.QEncoding.Encode("utf-8", name) + " <" + addr + ">",
			mime.BEncoding.Encode("utf-8", name) + " <" + addr + ">",
			quoted + " <" + addr + ">",
			name + " <" + addr + ">",
		} {
			got, ok := mailparse.Sender([]string{header})
			if ok && (!wantOK || got.Address != want.Address) {
				t.Fatalf("%q: sender %q; the address alone gives %q (%v)", header, got.Address, want.Address, wantOK)
			}
			if ok && strings.ContainsAny(got.Name, "\r\n") {
				t.Fatalf("%q: display name %q", header, got.Name)
			}
		}
	})
}

func passThrough(_ string, r io.Reader) (io.Reader, error) { return r, nil }
