package awsstack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/doorstep-ai/doorstep/pkg/event"
)

// ReplayRequest is an operator's invocation of the events function that
// replays the outbox (README, "Replaying events"):
//
//	{"replay": {"older_than_minutes": 60, "limit": 100}}
type ReplayRequest struct {
	// OlderThanMinutes: only events written at least this long ago (default
	// 60), so none the stream is still retrying is taken from it.
	OlderThanMinutes *int `json:"older_than_minutes,omitempty"`
	// Limit is the most events looked at (default 100).
	Limit int `json:"limit,omitempty"`
}

// EventsHandler is the events function: a DynamoDB Stream batch goes to
// the StreamRelay; {"replay": …} replays the outbox items the relay gave
// up on (event.Relay.Replay) and returns what it did.
type EventsHandler struct {
	Stream StreamRelay
	Replay *event.Relay
	Now    func() time.Time
}

// Handle dispatches on the payload's shape.
func (h EventsHandler) Handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var probe struct {
		Records json.RawMessage `json:"Records"`
		Replay  *ReplayRequest  `json:"replay"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, fmt.Errorf("events function: payload: %w", err)
	}
	switch {
	case probe.Records != nil:
		var ev events.DynamoDBEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			return nil, fmt.Errorf("events function: stream batch: %w", err)
		}
		return h.Stream.Handle(ctx, ev)
	case probe.Replay != nil:
		age := 60
		if probe.Replay.OlderThanMinutes != nil {
			age = *probe.Replay.OlderThanMinutes
		}
		if age < 0 {
			return nil, errors.New("events function: replay: older_than_minutes is negative")
		}
		now := time.Now
		if h.Now != nil {
			now = h.Now
		}
		if dl, ok := ctx.Deadline(); ok {
			// Stop a little before Lambda would, to say what was done.
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, dl.Add(-5*time.Second))
			defer cancel()
		}
		rep, err := h.Replay.Replay(ctx, now().Add(-time.Duration(age)*time.Minute), probe.Replay.Limit)
		if err != nil {
			return nil, fmt.Errorf("events function: replay: %w", err)
		}
		log := h.Stream.Bus.Log
		if log != nil {
			log.InfoContext(ctx, "outbox replayed", "found", rep.Found, "done", rep.Done, "failed", len(rep.Failed), "more", rep.More)
		}
		return rep, nil
	}
	return nil, errors.New(`events function: neither a stream batch ("Records") nor a replay request ("replay")`)
}
