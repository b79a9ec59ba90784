package mailparse_test

import (
	"errors"
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
		if !strings.Contains(in.From.Address, "@") {
			t.Errorf("from %q", in.From.Address)
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
