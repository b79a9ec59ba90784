package photo_test

import (
	"context"
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
