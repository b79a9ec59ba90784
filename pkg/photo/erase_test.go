package photo_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/fileblob"
	"github.com/doorstep-ai/doorstep/pkg/photo"
	"github.com/doorstep-ai/doorstep/pkg/photo/phototest"
)

// TestErase: redacting a customer deletes the photo files of their
// conversations, and only theirs; a file or a conversation already gone
// is no error.
func TestErase(t *testing.T) {
	ctx := context.Background()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	blobs := fileblob.New(t.TempDir())
	at := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	keep := func(id string, data ...[]byte) conversation.Conversation {
		c := conversation.Conversation{Shop: "s", ID: id, Channel: conversation.ChannelChat, Status: conversation.StatusOpen, CreatedAt: at}
		for _, d := range data {
			p, err := photo.New(c, conversation.ChannelChat, "", d, 0, at)
			if err != nil {
				t.Fatal(err)
			}
			if err := photo.Keep(ctx, blobs, p, d); err != nil {
				t.Fatal(err)
			}
			c.AddPhotos(p)
		}
		if err := st.CreateConversation(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	theirs := keep("c1", phototest.JPEG(), phototest.PNG())
	other := keep("c2", phototest.GIF())
	if err := blobs.Delete(ctx, theirs.Photos[1].Key); err != nil { // one gone already
		t.Fatal(err)
	}
	if err := photo.Erase(ctx, st, blobs, "s", []string{"c1", "no-such-conversation"}); err != nil {
		t.Fatalf("erase: %v", err)
	}
	for _, p := range theirs.Photos {
		if _, err := blobs.Get(ctx, p.Key); err == nil {
			t.Errorf("photo %s is still there", p.Key)
		}
	}
	if _, err := blobs.Get(ctx, other.Photos[0].Key); err != nil {
		t.Errorf("another customer's photo went: %v", err)
	}
}

// TestEraseShop: shop/redact deletes every photo file of the shop, in
// every channel, and none of another shop's (not even one whose domain
// starts with the shop's); a shop with none is no error.
func TestEraseShop(t *testing.T) {
	ctx := context.Background()
	blobs := fileblob.New(t.TempDir())
	key := func(ch conversation.Channel, shop string) string {
		return photo.Key(ch, shop, "c1", "p1", "image/png")
	}
	gone := []string{key(conversation.ChannelChat, "a.myshopify.com"), key(conversation.ChannelEmail, "a.myshopify.com")}
	kept := []string{key(conversation.ChannelChat, "b.myshopify.com"), key(conversation.ChannelEmail, "a.myshopify.com.b")}
	for _, k := range append(append([]string{}, gone...), kept...) {
		if _, err := blobs.Put(ctx, k, []byte("png"), "image/png"); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 { // the second run (a retry) finds nothing
		if err := photo.EraseShop(ctx, blobs, "a.myshopify.com"); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range gone {
		if _, err := blobs.Get(ctx, k); !errors.Is(err, fileblob.ErrNotFound) {
			t.Errorf("%s after the erase: %v, want not found", k, err)
		}
	}
	for _, k := range kept {
		if _, err := blobs.Get(ctx, k); err != nil {
			t.Errorf("%s (another shop's) after the erase: %v", k, err)
		}
	}
}
