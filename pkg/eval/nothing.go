package eval

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// Nothing is the do-nothing model: it answers every message "Sorry, I
// can't help" and calls no tool. Its score is the suite's floor: what
// passes without doing anything.
type Nothing struct{}

var _ agent.Model = Nothing{}

// NothingReply is all the do-nothing model ever says.
const NothingReply = "Sorry, I can't help with that."

// Converse answers with NothingReply.
func (Nothing) Converse(context.Context, agent.Request) (agent.Response, error) {
	return agent.Response{Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: NothingReply}}},
		StopReason: agent.StopEndTurn}, nil
}
