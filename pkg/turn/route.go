package turn

import (
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// AnswersProposal reports whether a customer's message, saved at seq,
// answers the proposal conversation c states (c.Pending): the message
// right after the one that stated it, while it can still be confirmed
// (conversation.ProposalLife). Every channel routes such a message to the
// agent's consent handling before anything else reads it: "yes thanks" to
// a stated return is the return's yes, not a happy answer to a check-in
// mailed meanwhile. Outreach matches a message only when this is false.
func AnswersProposal(c conversation.Conversation, seq int, now time.Time) bool {
	p := c.Pending
	return p != nil && p.StatedAt+1 == seq && !p.Expired(now)
}
