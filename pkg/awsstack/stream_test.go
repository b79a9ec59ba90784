package awsstack_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/awsstack"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// The stream sample (events/dynamodb, also for sam local invoke) has two
// new outbox items among other records: both are dispatched, in order; a
// reaction that fails reports its record, so Lambda retries from it.
func TestStreamRelay(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "events", "dynamodb", "outbox_stream.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bus := &event.Bus{Claims: st, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) }}
	var got []string
	fail := map[string]bool{}
	for _, kind := range []string{"conversation.turn", "order.applied"} {
		bus.On(kind, "test", func(_ context.Context, e event.Event) error {
			if fail[e.Kind] {
				return errors.New("down")
			}
			got = append(got, e.Kind)
			return nil
		})
	}
	relay := awsstack.StreamRelay{Bus: bus, Outbox: st}

	fail["order.applied"] = true
	resp, err := relay.Handle(t.Context(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]events.DynamoDBBatchItemFailure{{ItemIdentifier: "103"}}, resp.BatchItemFailures); d != "" {
		t.Errorf("failures (-want +got):\n%s", d)
	}
	// The retry: the first event's reaction ran already and is not run again.
	fail["order.applied"] = false
	if resp, err = relay.Handle(t.Context(), ev); err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("retry: %+v, %v", resp, err)
	}
	if d := cmp.Diff([]string{"conversation.turn", "order.applied"}, got); d != "" {
		t.Errorf("dispatched (-want +got):\n%s", d)
	}
}
