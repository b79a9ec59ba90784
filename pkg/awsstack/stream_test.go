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

// FuzzStreamRelay: whatever an outbox item's ev attribute holds, the relay
// neither fails nor panics, and dispatches at most the one event it holds,
// exactly when it decodes.
func FuzzStreamRelay(f *testing.F) {
	f.Add(`{"id":"20261201T090000.000000000Z-k-1","kind":"k","shop":"s","at":"2026-12-01T09:00:00Z","data":{}}`)
	f.Add(`{"id":"","kind":"k"}`)
	f.Add(`not json`)
	f.Add(`{"data":"\u0000"}`)
	st, err := bolt.Open(filepath.Join(f.TempDir(), "db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	f.Fuzz(func(t *testing.T, ev string) {
		bus := &event.Bus{Claims: st, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) }}
		n := 0
		bus.On("k", "count", func(context.Context, event.Event) error { n++; return nil })
		rec := events.DynamoDBEventRecord{EventName: "INSERT", Change: events.DynamoDBStreamRecord{SequenceNumber: "1",
			NewImage: map[string]events.DynamoDBAttributeValue{"pk": events.NewStringAttribute("OUTBOX"), "ev": events.NewStringAttribute(ev)}}}
		resp, err := awsstack.StreamRelay{Bus: bus, Outbox: st}.Handle(t.Context(), events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{rec}})
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("Handle: %+v, %v", resp, err)
		}
		var e event.Event
		decodes := json.Unmarshal([]byte(ev), &e) == nil
		if n > 1 || (n == 1 && (!decodes || e.Kind != "k")) {
			t.Errorf("dispatched %d times; decodes %v, kind %q", n, decodes, e.Kind)
		}
	})
}
