package turn_test

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/turn"
)

func TestAnswersProposal(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	stated := &conversation.Proposal{ID: "p1", StatedAt: 3, At: now.Add(-time.Hour)}
	old := &conversation.Proposal{ID: "p2", StatedAt: 3, At: now.Add(-conversation.ProposalLife - time.Minute)}
	for _, tc := range []struct {
		name    string
		pending *conversation.Proposal
		seq     int
		want    bool
	}{
		{"nothing pending", nil, 4, false},
		{"the message right after the statement", stated, 4, true},
		{"a later message", stated, 6, false},
		{"expired", old, 4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := conversation.Conversation{Pending: tc.pending}
			if got := turn.AnswersProposal(c, tc.seq, now); got != tc.want {
				t.Errorf("AnswersProposal = %v, want %v", got, tc.want)
			}
		})
	}
}
