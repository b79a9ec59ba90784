package agent

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

type handoverInput struct {
	Reason string `json:"reason"`
}

var _ = register(newTool(toolname.Handover, "Hand the conversation to a person.", (*session).handoverTool).offeredIn(PhaseAny))

func (s *session) handoverTool(_ context.Context, _ handoverInput) (any, bool, error) {
	s.handover = true
	s.act(toolname.Handover, "done", "", "")
	return map[string]any{"status": "handed_over", "message": "a person on the team will take over this conversation"}, false, nil
}
