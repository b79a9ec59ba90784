package awsstack_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// The events function takes stream batches (answering with the batch item
// failures Lambda reads) and an operator's replay request, which
// dispatches again the outbox events older than asked whose reactions the
// stream gave up on, and reports what it did.
func TestEventsHandler(t *testing.T) {
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	bus := &event.Bus{Claims: st, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) }}
	down := true
	runs := map[string]int{}
	for _, kind := range []string{"conversation.turn", "order.applied"} {
		bus.On(kind, "test", func(_ context.Context, e event.Event) error {
			if down {
				return errors.New("down")
			}
			runs[e.ID]++
			return nil
		})
	}
	h := awsstack.EventsHandler{Stream: awsstack.StreamRelay{Bus: bus, Outbox: st},
		Replay: &event.Relay{Bus: bus, Outbox: st}, Now: func() time.Time { return now }}

	// A stream batch: the first failing record is reported, as JSON Lambda reads.
	batch, err := os.ReadFile(filepath.Join("..", "..", "events", "dynamodb", "outbox_stream.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := h.Handle(t.Context(), batch)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(out); string(b) != `{"batchItemFailures":[{"itemIdentifier":"100"}]}` {
		t.Errorf("stream batch answer: %s", b)
	}

	// Two events the stream gave up on (2 h old) and one just written.
	old := event.Must("order.applied", "s", "old", now.Add(-2*time.Hour), map[string]int{})
	older := event.Must("conversation.turn", "s", "older", now.Add(-3*time.Hour), map[string]int{})
	fresh := event.Must("order.applied", "s", "fresh", now.Add(-5*time.Minute), map[string]int{})
	c := conversation.Conversation{Shop: "s", ID: "c1", Channel: conversation.ChannelChat, Status: conversation.StatusOpen, CreatedAt: now, UpdatedAt: now}
	if err := st.CreateConversation(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	if err := st.CommitTurn(t.Context(), store.Turn{Conversation: c, Events: []event.Event{old, older, fresh}}); err != nil {
		t.Fatal(err)
	}
	down = false
	cases := []struct {
		name    string
		payload string
		want    event.Replayed
		wantErr bool
	}{
		{name: "default: older than an hour", payload: `{"replay":{}}`, want: event.Replayed{Found: 2, Done: 2}},
		{name: "again: nothing left that old", payload: `{"replay":{"limit":10}}`, want: event.Replayed{}},
		{name: "everything", payload: `{"replay":{"older_than_minutes":0}}`, want: event.Replayed{Found: 1, Done: 1}},
		{name: "negative age", payload: `{"replay":{"older_than_minutes":-5}}`, wantErr: true},
		{name: "neither", payload: `{"detail-type":"Scheduled Event"}`, wantErr: true},
		{name: "not json", payload: `replay`, wantErr: true},
	}
	for _, tc := range cases {
		out, err := h.Handle(t.Context(), json.RawMessage(tc.payload))
		if (err != nil) != tc.wantErr {
			t.Fatalf("%s: err %v", tc.name, err)
		}
		if tc.wantErr {
			continue
		}
		if d := cmp.Diff(tc.want, out); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
	}
	if d := cmp.Diff(map[string]int{old.ID: 1, older.ID: 1, fresh.ID: 1}, runs); d != "" {
		t.Errorf("reactions (-want +got):\n%s", d)
	}
	if p, err := st.PendingEvents(t.Context(), 10); err != nil || len(p) != 0 {
		t.Errorf("left in the outbox: %d, %v", len(p), err)
	}
}
