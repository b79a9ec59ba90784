package stack

import (
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/event"
)

// flowReplay is the operator's replay (README, "Replaying events"): the events
// function, invoked with {"replay": …} under its own role, dispatches the
// outbox items the stream left and says what it did.
func (h *harness) flowReplay(f *flowT) error {
	var rep event.Replayed
	req := map[string]any{"replay": map[string]any{"older_than_minutes": 0, "limit": 100}}
	if err := h.s.Fn("EventsFunction").InvokeJSON(h.ctx, req, &rep); err != nil {
		return fmt.Errorf("invoke EventsFunction with a replay: %w", err)
	}
	if len(rep.Failed) > 0 {
		return fmt.Errorf("replay: %d event(s) still fail, first %s (%s): %s", len(rep.Failed), rep.Failed[0].ID, rep.Failed[0].Kind, rep.Failed[0].Error)
	}
	f.note("replay invoked: %d pending event(s) found, %d done, more=%v", rep.Found, rep.Done, rep.More)
	return nil
}
