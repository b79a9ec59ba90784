package dynamo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/doorstep-ai/doorstep/pkg/event"
)

// The outbox: one item per event, pk OutboxPK, sk the event id (ids sort
// by time), the event as JSON in attribute ev, kept OutboxKeep (TTL). The
// table's stream relays each new outbox item to the events function
// (template.yaml filters the stream on pk = OutboxPK and INSERT).
const (
	// OutboxPK is the partition of every outbox item.
	OutboxPK = "OUTBOX"
	// OutboxAttr is the attribute that holds the event's JSON.
	OutboxAttr = "ev"
	// OutboxKeep is how long an outbox item is kept when nobody acks it.
	OutboxKeep = 14 * 24 * time.Hour
)

type outboxItem struct {
	PK        string `dynamodbav:"pk"`
	SK        string `dynamodbav:"sk"`
	Event     string `dynamodbav:"ev"`
	ExpiresAt int64  `dynamodbav:"expires_at"`
}

// outboxPuts are the transaction items that write events to the outbox.
func (s *Store) outboxPuts(events []event.Event) ([]types.TransactWriteItem, error) {
	out := make([]types.TransactWriteItem, 0, len(events))
	for _, e := range events {
		if e.ID == "" {
			return nil, errors.New("outbox: event has no id")
		}
		b, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("encode event %s: %w", e.ID, err)
		}
		w, err := newWrite("event "+e.ID, outboxItem{PK: OutboxPK, SK: e.ID, Event: string(b), ExpiresAt: e.At.Add(OutboxKeep).Unix()}, notExists())
		if err != nil {
			return nil, err
		}
		out = append(out, s.txPut(w))
	}
	return out, nil
}

// DecodeOutboxItem reads the event of an outbox item's attribute ev (as a
// stream record carries it).
func DecodeOutboxItem(ev string) (event.Event, error) {
	var e event.Event
	if err := json.Unmarshal([]byte(ev), &e); err != nil {
		return event.Event{}, fmt.Errorf("decode outbox event: %w", err)
	}
	return e, nil
}

// PendingEvents lists the outbox, oldest first: one Query (more pages past
// 1 MB).
func (s *Store) PendingEvents(ctx context.Context, limit int) ([]event.Event, error) {
	if limit <= 0 {
		return nil, nil
	}
	in, err := keyQuery("", expression.Key("pk").Equal(expression.Value(OutboxPK)))
	if err != nil {
		return nil, fmt.Errorf("pending events: %w", err)
	}
	in.ConsistentRead = aws.Bool(true)
	in.Limit = aws.Int32(int32(min(limit, 1000)))
	var out []event.Event
	err = s.query(ctx, in, func(m map[string]types.AttributeValue) (bool, error) {
		var it outboxItem
		if err := attributevalue.UnmarshalMap(m, &it); err != nil {
			return false, fmt.Errorf("decode outbox item: %w", err)
		}
		e, err := DecodeOutboxItem(it.Event)
		if err != nil {
			return false, err
		}
		out = append(out, e)
		return len(out) < limit, nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending events: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// AckEvent deletes an outbox item (its stream REMOVE record is filtered
// out); no error when absent.
func (s *Store) AckEvent(ctx context.Context, id string) error {
	_, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.table), Key: key(OutboxPK, id)})
	if err != nil {
		return fmt.Errorf("ack event %s: %w", id, err)
	}
	return nil
}

// transact writes items in one TransactWriteItems.
func (s *Store) transact(ctx context.Context, items []types.TransactWriteItem) error {
	_, err := s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	return err
}
