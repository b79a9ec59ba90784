package mailin_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/quotedprintable"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
	"github.com/doorstep-ai/doorstep/pkg/photo"
	"github.com/doorstep-ai/doorstep/pkg/photo/phototest"
)

// part is one MIME part of a built message.
type part struct {
	declared    string // the Content-Type the part declares
	disposition string // attachment, inline or ""
	name        string
	encoding    string // base64, quoted-printable
	data        []byte
}

// mailWith builds a multipart/mixed message with a text part and parts.
func mailWith(parts []part) []byte {
	var b bytes.Buffer
	b.WriteString("From: Tom Becker <tom.becker@example.com>\r\nTo: " + support + "\r\nSubject: broken mug\r\nMessage-ID: <photos@example.com>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n--b0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe mug in order #1004 arrived cracked.\r\n")
	for _, p := range parts {
		b.WriteString("--b0\r\nContent-Type: " + p.declared)
		if p.name != "" {
			b.WriteString("; name=\"" + p.name + "\"")
		}
		b.WriteString("\r\n")
		if p.disposition != "" {
			b.WriteString("Content-Disposition: " + p.disposition)
			if p.name != "" {
				b.WriteString("; filename=\"" + p.name + "\"")
			}
			b.WriteString("\r\n")
		}
		b.WriteString("Content-Transfer-Encoding: " + p.encoding + "\r\n\r\n")
		switch p.encoding {
		case "quoted-printable":
			w := quotedprintable.NewWriter(&b)
			w.Binary = true
			w.Write(p.data)
			w.Close()
		default:
			enc := base64.StdEncoding.EncodeToString(p.data)
			for len(enc) > 76 {
				b.WriteString(enc[:76] + "\r\n")
				enc = enc[76:]
			}
			b.WriteString(enc)
		}
		b.WriteString("\r\n")
	}
	b.WriteString("--b0--\r\n")
	return b.Bytes()
}

// TestExtractPhotos: the bytes decide, not the declared type; attached
// and inline, base64 and quoted-printable; too large and not-a-photo get
// a note, an inline non-image (a signature's text) none.
func TestExtractPhotos(t *testing.T) {
	jpg, png := phototest.JPEG(), phototest.PNG()
	tests := []struct {
		name      string
		parts     []part
		limit     int
		wantKept  []string // names
		wantNotes []string // a word each note has
	}{
		{"a jpeg attached", []part{{"image/jpeg", "attachment", "mug.jpg", "base64", jpg}}, 0, []string{"mug.jpg"}, nil},
		{"a jpeg declared as octet-stream", []part{{"application/octet-stream", "attachment", "IMG_0042.JPG", "base64", jpg}}, 0, []string{"IMG_0042.JPG"}, nil},
		{"an inline png, no name", []part{{"image/png", "inline", "", "base64", png}}, 0, []string{"attachment-1.png"}, nil},
		{"quoted-printable png", []part{{"image/png", "attachment", "qp.png", "quoted-printable", png}}, 0, []string{"qp.png"}, nil},
		{"heic", []part{{"image/heic", "attachment", "IMG_1.HEIC", "base64", phototest.HEIC()}}, 0, []string{"IMG_1.HEIC"}, nil},
		{"text declared as an image", []part{{"image/jpeg", "attachment", "evil.jpg", "base64", []byte("<script>alert(1)</script>")}}, 0, nil, []string{"photos only"}},
		{"a pdf", []part{{"application/pdf", "attachment", "invoice.pdf", "base64", []byte("%PDF-1.7\n%%EOF")}}, 0, nil, []string{"invoice.pdf"}},
		{"too large", []part{{"image/jpeg", "attachment", "big.jpg", "base64", jpg}}, len(jpg) - 1, nil, []string{"larger than"}},
		{"two, one too large", []part{{"image/png", "attachment", "small.png", "base64", png}, {"image/jpeg", "attachment", "big.jpg", "base64", jpg}}, len(png), []string{"small.png"}, []string{"big.jpg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := mailparse.Parse(mailWith(tt.parts))
			if err != nil {
				t.Fatal(err)
			}
			limit := tt.limit
			if limit == 0 {
				limit = photo.MaxBytes
			}
			kept, notes := mailin.ExtractPhotos(msg, limit)
			var names []string
			for _, k := range kept {
				names = append(names, k.Name)
				if photo.Sniff(k.Data) != k.ContentType {
					t.Errorf("%s: type %s, sniffed %s", k.Name, k.ContentType, photo.Sniff(k.Data))
				}
			}
			if fmt.Sprint(names) != fmt.Sprint(tt.wantKept) {
				t.Errorf("kept %v, want %v", names, tt.wantKept)
			}
			if len(notes) != len(tt.wantNotes) {
				t.Fatalf("notes %q, want %d", notes, len(tt.wantNotes))
			}
			for i, w := range tt.wantNotes {
				if !strings.Contains(notes[i], w) {
					t.Errorf("note %q lacks %q", notes[i], w)
				}
			}
		})
	}
}

// FuzzExtractPhotos builds a message from fuzzed parts (bytes, declared
// type, disposition, transfer encoding) and checks the extraction against
// what was put in: every photo kept is, byte for byte, the decoding of a
// different part of the source; it is an image by its bytes; none is over
// the limit; every part whose bytes are an image within the limit is kept
// (up to MaxPhotosPerMessage). Arbitrary raw mail, read as it comes, keeps
// the same promises bar the first.
func FuzzExtractPhotos(f *testing.F) {
	f.Add(phototest.JPEG(), phototest.PNG(), "image/png", uint8(0), 2000, []byte(nil))
	f.Add(phototest.HEIC(), []byte("hello"), "image/jpeg", uint8(7), 0, mailWith([]part{{"image/jpeg", "inline", "a.jpg", "base64", phototest.JPEG()}}))
	f.Add(phototest.GIF(), phototest.WebP(), "application/octet-stream", uint8(5), 100, []byte("From: a@b.c\r\n\r\nhi"))
	f.Fuzz(func(t *testing.T, a, b []byte, declared string, flags uint8, limit int, raw []byte) {
		if limit <= 0 || limit > photo.MaxBytes {
			limit = photo.MaxBytes
		}
		if strings.ContainsAny(declared, "\r\n\";") || declared == "" || strings.HasPrefix(strings.ToLower(declared), "multipart") || strings.HasPrefix(strings.ToLower(declared), "message") {
			declared = "application/octet-stream"
		}
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(declared)), "text/") {
			declared = "image/unknown" // named text parts are text, not files
		}
		enc := func(i uint) string {
			if flags>>i&1 == 1 {
				return "quoted-printable"
			}
			return "base64"
		}
		disp := func(i uint) string {
			if flags>>i&1 == 1 {
				return "inline"
			}
			return "attachment"
		}
		parts := []part{{declared, disp(0), "a.bin", enc(1), a}, {"image/jpeg", disp(2), "b.jpg", enc(3), b}}
		msg, err := mailparse.Parse(mailWith(parts))
		if err != nil {
			t.Fatalf("parse a built message: %v", err)
		}
		kept, _ := mailin.ExtractPhotos(msg, limit)
		var want [][]byte
		for _, p := range parts {
			if len(p.data) > 0 && len(p.data) <= limit && photo.Sniff(p.data) != "" {
				want = append(want, p.data)
			}
		}
		if len(kept) != len(want) {
			t.Fatalf("kept %d photos, want %d", len(kept), len(want))
		}
		// Attached parts come before inline ones (mailparse's order), so
		// compare as sets: each kept photo is a different part's bytes.
		used := make([]bool, len(want))
		for i, k := range kept {
			found := false
			for j, w := range want {
				if !used[j] && bytes.Equal(k.Data, w) {
					used[j], found = true, true
					break
				}
			}
			if !found {
				t.Errorf("photo %d (%d bytes) is not the decoding of a part put in", i, len(k.Data))
			}
		}
		check(t, kept, limit)

		if m, err := mailparse.Parse(raw); err == nil {
			k, _ := mailin.ExtractPhotos(m, limit)
			check(t, k, limit)
		}
	})
}

func check(t *testing.T, kept []mailin.Extracted, limit int) {
	t.Helper()
	if len(kept) > mailin.MaxPhotosPerMessage {
		t.Errorf("%d photos from one message", len(kept))
	}
	for _, k := range kept {
		if len(k.Data) == 0 || len(k.Data) > limit {
			t.Errorf("%s: %d bytes, limit %d", k.Name, len(k.Data), limit)
		}
		if ct := photo.Sniff(k.Data); ct == "" || ct != k.ContentType {
			t.Errorf("%s: type %q, sniffed %q", k.Name, k.ContentType, ct)
		}
		if k.Name == "" || strings.ContainsAny(k.Name, "/\\\r\n") {
			t.Errorf("name %q", k.Name)
		}
	}
}
