package fileblob_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/fileblob"
)

func TestPutGet(t *testing.T) {
	ctx := context.Background()
	d := fileblob.New(t.TempDir())
	ref, err := d.Put(ctx, "attachments/shop/c1/m1/1-photo.png", []byte("png"), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(strings.TrimPrefix(ref, "file://"))
	if err != nil || string(b) != "png" {
		t.Fatalf("%s: %q %v", ref, b, err)
	}
	if got, err := d.Get(ctx, "attachments/shop/c1/m1/1-photo.png"); err != nil || string(got) != "png" {
		t.Fatalf("get: %q %v", got, err)
	}
	if _, err := d.Get(ctx, "nope"); !errors.Is(err, fileblob.ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	for _, bad := range []string{"", "../escape", "/etc/passwd", "a/../../b"} {
		if _, err := d.Put(ctx, bad, nil, ""); err == nil {
			t.Errorf("put %q: no error", bad)
		}
	}
}
