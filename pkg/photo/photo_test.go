package photo_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/photo"
	"github.com/doorstep-ai/doorstep/pkg/photo/phototest"
)

func TestSniff(t *testing.T) {
	jpg := phototest.JPEG()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"jpeg", jpg, "image/jpeg"},
		{"png", phototest.PNG(), "image/png"},
		{"gif", phototest.GIF(), "image/gif"},
		{"webp", phototest.WebP(), "image/webp"},
		{"heic", phototest.HEIC(), "image/heic"},
		{"avif", append([]byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), make([]byte, 16)...), "image/avif"},
		{"heif by compatible brand", append([]byte("\x00\x00\x00\x14ftypmsf1\x00\x00\x00\x00mif1"), make([]byte, 16)...), "image/heif"},
		{"mp4 is not an image", append([]byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"), make([]byte, 16)...), ""},
		{"jpeg magic with a broken header", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 'x'}, ""},
		{"png signature alone", []byte("\x89PNG\r\n\x1a\n"), ""},
		{"riff that is not webp", append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), make([]byte, 24)...), ""},
		{"html", []byte("<html><script>alert(1)</script>"), ""},
		{"svg is not kept", []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), ""},
		{"pdf", []byte("%PDF-1.7\n"), ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := photo.Sniff(tt.data); got != tt.want {
				t.Errorf("Sniff = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	jpg := phototest.JPEG()
	tests := []struct {
		name string
		data []byte
		max  int
		want error
	}{
		{"a photo", jpg, 0, nil},
		{"at the limit", jpg, len(jpg), nil},
		{"over the limit", jpg, len(jpg) - 1, photo.ErrTooLarge},
		{"empty", nil, 0, photo.ErrEmpty},
		{"text", []byte("hello"), 0, photo.ErrNotImage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := photo.Check(tt.data, tt.max)
			if !errors.Is(err, tt.want) {
				t.Errorf("Check = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	c := conversation.Conversation{Shop: "demo-shop.myshopify.com", ID: "c1"}
	at := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	p, err := photo.New(c, conversation.ChannelChat, `C:\Users\me\IMG 0001.HEIC`, phototest.PNG(), 0, at)
	if err != nil {
		t.Fatal(err)
	}
	if p.ContentType != "image/png" || p.Name != "IMG_0001.HEIC" || p.Channel != conversation.ChannelChat || !p.At.Equal(at) {
		t.Errorf("photo %+v", p)
	}
	if want := "photos/chat/demo-shop.myshopify.com/c1/" + p.ID + ".png"; p.Key != want {
		t.Errorf("key %q, want %q", p.Key, want)
	}
	again, _ := photo.New(c, conversation.ChannelChat, "other.png", phototest.PNG(), 0, at)
	if again.ID != p.ID {
		t.Errorf("the same bytes got ids %s and %s", p.ID, again.ID)
	}
	noName, _ := photo.New(c, conversation.ChannelEmail, "", phototest.JPEG(), 0, at)
	if noName.Name != "photo.jpg" || !strings.HasPrefix(noName.Key, "photos/email/") {
		t.Errorf("unnamed photo %+v", noName)
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"IMG_1234.JPG":          "IMG_1234.JPG",
		"../../etc/passwd":      "passwd",
		".hidden.png":           "hidden.png",
		"my photo (1).jpg":      "my_photo__1_.jpg",
		"фото.jpg":              "____.jpg",
		strings.Repeat("a", 90): strings.Repeat("a", 80),
	} {
		if got := photo.SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSniff: whatever the bytes, Sniff does not panic, and what it calls
// an image has an extension and passes Check.
func FuzzSniff(f *testing.F) {
	for _, b := range [][]byte{phototest.JPEG(), phototest.PNG(), phototest.GIF(), phototest.WebP(), phototest.HEIC(), []byte("hello")} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ct := photo.Sniff(data)
		if ct == "" {
			return
		}
		if photo.Extension(ct) == "" {
			t.Errorf("sniffed %q has no extension", ct)
		}
		if got, err := photo.Check(data, len(data)); err != nil || got != ct {
			t.Errorf("Check = %q, %v; Sniff said %q", got, err, ct)
		}
	})
}
