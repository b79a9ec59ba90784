package mailin

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

func TestStaleYes(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	c := conversation.Conversation{Pending: &conversation.Proposal{ID: "b", Tool: toolname.StartReturn, StatedAt: 5, At: now.Add(-time.Hour)}}
	for _, tc := range []struct {
		name, cited, text string
		seq               int
		want              bool
	}{
		{"yes to the mail that stated the pending one", "b", "Yes", 6, false},
		{"yes to a mail that stated a replaced one", "a", "Yes", 6, true},
		{"yes to a mail that stated nothing known", "", "Yes", 6, false},
		{"no to a mail that stated a replaced one", "a", "no thanks", 6, false},
		{"yes, not right after the statement", "a", "Yes", 8, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := staleYes(c, tc.cited, tc.text, tc.seq, now); got != tc.want {
				t.Errorf("staleYes = %v, want %v", got, tc.want)
			}
		})
	}
}
