package awsstack

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/event"
)

// StreamRelay dispatches the events a DynamoDB Stream batch carries: each
// new outbox item (template.yaml's filter lets only those through) goes to
// the bus's reactions, then is deleted from the outbox. The first event a
// reaction fails on is reported as the batch item failure, so Lambda
// retries from it (the ones before it are done; the bus's claims skip
// reactions that already ran), then bisects, then sends it to the
// dead-letter queue.
type StreamRelay struct {
	Bus    *event.Bus
	Outbox event.Outbox
}

// Handle is the events function's handler.
func (r StreamRelay) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	log := r.Bus.Log
	if log == nil {
		log = slog.Default()
	}
	var resp events.DynamoDBEventResponse
	for _, rec := range ev.Records {
		img := rec.Change.NewImage
		if rec.EventName != string(events.DynamoDBOperationTypeInsert) || img["pk"].DataType() != events.DataTypeString ||
			img["pk"].String() != dynamo.OutboxPK || img[dynamo.OutboxAttr].DataType() != events.DataTypeString {
			continue
		}
		e, err := dynamo.DecodeOutboxItem(img[dynamo.OutboxAttr].String())
		if err != nil {
			// It will never decode: retrying would only block the shard.
			log.ErrorContext(ctx, "outbox item", "sk", img["sk"].String(), "err", err)
			continue
		}
		if err := r.Bus.Dispatch(ctx, e); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: rec.Change.SequenceNumber})
			return resp, nil
		}
		if err := r.Outbox.AckEvent(ctx, e.ID); err != nil {
			log.WarnContext(ctx, "ack event", "event", e.ID, "err", err)
		}
	}
	return resp, nil
}
