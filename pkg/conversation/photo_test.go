package conversation_test

import (
	"fmt"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

func TestAddPhotos(t *testing.T) {
	var c conversation.Conversation
	if n := c.AddPhotos(conversation.Photo{ID: "a"}, conversation.Photo{ID: "a"}, conversation.Photo{ID: "b"}); n != 2 {
		t.Errorf("added %d, want 2 (a once, b)", n)
	}
	for i := 0; i < conversation.MaxPhotos; i++ {
		c.AddPhotos(conversation.Photo{ID: fmt.Sprint(i)})
	}
	if len(c.Photos) != conversation.MaxPhotos {
		t.Errorf("%d photos kept, want at most %d", len(c.Photos), conversation.MaxPhotos)
	}
	if _, ok := c.FindPhoto("b"); !ok {
		t.Error("photo b lost")
	}
	if got := c.PhotoIDs(); len(got) != conversation.MaxPhotos || got[0] != "a" {
		t.Errorf("ids %v", got)
	}
}

func TestPhotoNote(t *testing.T) {
	tests := []struct {
		photos []conversation.Photo
		want   string
	}{
		{nil, ""},
		{[]conversation.Photo{{Name: "mug.jpg"}}, "[Photo attached: mug.jpg]"},
		{[]conversation.Photo{{Name: "a.png"}, {}}, "[Photos attached: a.png, photo]"},
	}
	for _, tt := range tests {
		got := conversation.PhotoNote(tt.photos)
		if got != tt.want {
			t.Errorf("PhotoNote = %q, want %q", got, tt.want)
		}
		if conversation.HasPhotoNote("my mug "+got) != (tt.want != "") {
			t.Errorf("HasPhotoNote(%q) wrong", got)
		}
	}
}
