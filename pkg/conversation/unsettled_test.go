package conversation_test

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

func TestUnsettled(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	for _, tc := range []struct {
		name    string
		c       conversation.Conversation
		settled bool
	}{
		{"nothing open", conversation.Conversation{Status: conversation.StatusOpen}, true},
		{"a proposal stated", conversation.Conversation{Pending: &conversation.Proposal{ID: "p"}}, false},
		{"a request still to state", conversation.Conversation{Next: []conversation.Proposal{{ID: "n"}}}, false},
		{"awaiting approval", conversation.Conversation{Proposals: []conversation.Proposal{{ID: "q", Status: conversation.ProposalQueued}}}, false},
		{"a person has it", conversation.Conversation{Status: conversation.StatusHandover}, false},
		{"a promise not yet due", conversation.Conversation{Proposals: []conversation.Proposal{{ID: "f", Status: conversation.ProposalDone, DueAt: &later}}}, false},
		{"a promise past due (kept or cancelled)", conversation.Conversation{Proposals: []conversation.Proposal{{ID: "f", Status: conversation.ProposalDone, DueAt: &earlier}}}, true},
		{"a write done", conversation.Conversation{Proposals: []conversation.Proposal{{ID: "w", Status: conversation.ProposalDone}}}, true},
		{"declined", conversation.Conversation{Proposals: []conversation.Proposal{{ID: "d", Status: conversation.ProposalDeclined}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			why := tc.c.Unsettled(now)
			if (why == "") != tc.settled {
				t.Errorf("Unsettled = %q, want settled %v", why, tc.settled)
			}
		})
	}
}
