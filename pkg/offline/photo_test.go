package offline

import (
	"context"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// TestPhotoAcknowledged: a message that is a photo gets an answer that
// says the photo came (and no tool call on the file's name); a photo with
// words is answered as the words are, and the photo acknowledged too.
func TestPhotoAcknowledged(t *testing.T) {
	note := conversation.PhotoNote([]conversation.Photo{{Name: "order_1003_status.jpg"}})
	two := conversation.PhotoNote([]conversation.Photo{{Name: "a.jpg"}, {Name: "b.jpg"}})
	tests := []struct {
		name     string
		text     string
		wantTool bool
		want     []string
	}{
		{"a photo alone", note, false, []string{"photo", "saved"}},
		{"two photos", two, false, []string{"photos", "them"}},
		{"a photo with thanks", "thanks! " + note, false, []string{"photo", "welcome"}},
		{"a photo with a question for a tool", "where is my order #1003? daniel.reyes@example.com " + note, true, nil},
		{"a photo with a question answered in words", "where is my order #1003? " + note, false, []string{"photo", "email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := agent.Request{System: "You are Demo's support assistant.",
				Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tt.text}}}}}
			resp, err := Model{}.Converse(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if got := hasToolUse(resp.Message); got != tt.wantTool {
				t.Fatalf("tool use %v, want %v: %+v", got, tt.wantTool, resp.Message)
			}
			reply := strings.ToLower(resp.Message.Text())
			for _, w := range tt.want {
				if !strings.Contains(reply, w) {
					t.Errorf("reply %q lacks %q", reply, w)
				}
			}
		})
	}
}
