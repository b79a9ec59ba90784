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
	ws, err := outboxWrites(events)
	if err != nil {
		return nil, err
	}
	out := make([]types.TransactWriteItem, 0, len(ws))
	for _, w := range ws {
		out = append(out, s.txPut(w))
	}
	return out, nil
}

// outboxWrites are the writes of events' outbox items.
func outboxWrites(events []event.Event) ([]write, error) {
	out := make([]write, 0, len(events))
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
		out = append(out, w)
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

// AddEvents writes events to the outbox alone: one PutItem for one event,
// else one TransactWriteItems.
func (s *Store) AddEvents(ctx context.Context, events []event.Event) error {
	ws, err := outboxWrites(events)
	if err != nil {
		return fmt.Errorf("add events: %w", err)
	}
	switch len(ws) {
	case 0:
		return nil
	case 1:
		_, err = s.put(ctx, ws[0]) // an id written before stays as it was
	default:
		items := make([]types.TransactWriteItem, 0, len(ws))
		for _, w := range ws {
			items = append(items, s.txPut(w))
		}
		err = s.transact(ctx, items)
	}
	if err != nil {
		return fmt.Errorf("add events: %w", err)
	}
	return nil
}

// eraseEventsPage is how many outbox items EraseEvents reads a page.
const eraseEventsPage = 100

// EraseEvents queries the outbox partition a page at a time and deletes
// the page's events that match (BatchWriteItem) before it reads the next.
// An item that does not decode is left to its TTL.
func (s *Store) EraseEvents(ctx context.Context, match func(event.Event) bool) (int, error) {
	in, err := keyQuery("", expression.Key("pk").Equal(expression.Value(OutboxPK)))
	if err != nil {
		return 0, fmt.Errorf("erase events: %w", err)
	}
	in.TableName = aws.String(s.table)
	in.ConsistentRead = aws.Bool(true)
	in.Limit = aws.Int32(eraseEventsPage)
	erased := 0
	p := dynamodb.NewQueryPaginator(s.client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return erased, fmt.Errorf("erase events: %w", err)
		}
		var keys []map[string]types.AttributeValue
		for _, m := range page.Items {
			var it outboxItem
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				continue
			}
			if e, err := DecodeOutboxItem(it.Event); err == nil && match(e) {
				keys = append(keys, key(OutboxPK, it.SK))
			}
		}
		if err := s.deleteKeys(ctx, keys); err != nil {
			return erased, fmt.Errorf("erase events: %w", err)
		}
		erased += len(keys)
	}
	return erased, nil
}

// transact writes items in one TransactWriteItems.
func (s *Store) transact(ctx context.Context, items []types.TransactWriteItem) error {
	_, err := s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	return err
}
