package dynamo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// counterField is the count attribute of a counter item.
const counterField = "n"

// batchGetMax is how many keys one BatchGetItem may ask for;
// batchGetRetries bounds the rounds of retrying unprocessed keys.
const (
	batchGetMax     = 100
	batchGetRetries = 20
)

// Hit adds one to counter k and returns its new value (see Add).
func (s *Store) Hit(ctx context.Context, k string, expires time.Time) (int64, error) {
	return s.Add(ctx, k, 1, expires)
}

// Add adds delta to counter k and returns its new value, in one UpdateItem
// (ADD n :delta, ReturnValues UPDATED_NEW); the first add creates the
// counter. expires, when set, becomes its TTL.
func (s *Store) Add(ctx context.Context, k string, delta int64, expires time.Time) (int64, error) {
	upd := expression.Add(expression.Name(counterField), expression.Value(delta))
	if !expires.IsZero() {
		upd = upd.Set(expression.Name("expires_at"), expression.Value(expires.Unix()))
	}
	expr, err := expression.NewBuilder().WithUpdate(upd).Build()
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", k, err)
	}
	out, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       key(counterPK(k), skCounter),
		UpdateExpression:          expr.Update(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
		ReturnValues:              types.ReturnValueUpdatedNew,
	})
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", k, err)
	}
	av, ok := out.Attributes[counterField]
	if !ok {
		return 0, fmt.Errorf("count %s: no %s in the updated item", k, counterField)
	}
	var n int64
	if err := attributevalue.Unmarshal(av, &n); err != nil {
		return 0, fmt.Errorf("count %s: decode count: %w", k, err)
	}
	return n, nil
}

// Counters reads counters with strongly consistent BatchGetItems of at most
// 100 keys each, retrying unprocessed keys; a counter never written is
// absent from the result.
func (s *Store) Counters(ctx context.Context, keys []string) (map[string]int64, error) {
	out := map[string]int64{}
	seen := map[string]bool{}
	var pending []map[string]types.AttributeValue
	for _, k := range keys {
		if !seen[k] { // a BatchGetItem must not name a key twice
			seen[k] = true
			pending = append(pending, key(counterPK(k), skCounter))
		}
	}
	proj, err := expression.NewBuilder().
		WithProjection(expression.NamesList(expression.Name("pk"), expression.Name(counterField))).
		Build()
	if err != nil {
		return nil, fmt.Errorf("read counters: %w", err)
	}
	for attempt := 0; len(pending) > 0; {
		batch := pending[:min(batchGetMax, len(pending))]
		pending = pending[len(batch):]
		res, err := s.client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
			RequestItems: map[string]types.KeysAndAttributes{s.table: {
				Keys:                     batch,
				ConsistentRead:           aws.Bool(true),
				ProjectionExpression:     proj.Projection(),
				ExpressionAttributeNames: proj.Names(),
			}},
		})
		if err != nil {
			return nil, fmt.Errorf("read counters: %w", err)
		}
		for _, m := range res.Responses[s.table] {
			var it struct {
				PK string `dynamodbav:"pk"`
				N  int64  `dynamodbav:"n"`
			}
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				return nil, fmt.Errorf("read counters: decode: %w", err)
			}
			out[strings.TrimPrefix(it.PK, counterPK(""))] = it.N
		}
		if left := res.UnprocessedKeys[s.table].Keys; len(left) > 0 {
			// Throttled: back off, then ask again.
			if attempt++; attempt > batchGetRetries {
				return nil, fmt.Errorf("read counters: %d keys still unprocessed after %d retries", len(left)+len(pending), batchGetRetries)
			}
			if err := sleep(ctx, time.Duration(min(attempt, 20))*25*time.Millisecond); err != nil {
				return nil, fmt.Errorf("read counters: %w", err)
			}
			pending = append(pending, left...)
		}
	}
	return out, nil
}

// AddAll adds each delta to its counter in one TransactWriteItems (up to
// 100 counters; more take one transaction per 100), so a chat turn's
// metrics cost one round trip. A transaction that loses a race with
// another on the same counters is retried a few times with jitter.
func (s *Store) AddAll(ctx context.Context, deltas map[string]int64, expires time.Time) error {
	keys := make([]string, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for len(keys) > 0 {
		n := min(100, len(keys))
		var items []types.TransactWriteItem
		for _, k := range keys[:n] {
			u, err := s.counterUpdate(k, deltas[k], expires)
			if err != nil {
				return fmt.Errorf("add counters: %w", err)
			}
			items = append(items, u)
		}
		keys = keys[n:]
		for attempt := 0; ; attempt++ {
			_, err := s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
			var tce *types.TransactionCanceledException
			if errors.As(err, &tce) && attempt < 4 {
				select {
				case <-ctx.Done():
					return fmt.Errorf("add counters: %w", ctx.Err())
				case <-time.After(time.Duration(10+rand.IntN(40)) * time.Millisecond):
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("add counters: %w", err)
			}
			break
		}
	}
	return nil
}

// counterUpdate is the transaction item that adds delta to counter k.
func (s *Store) counterUpdate(k string, delta int64, expires time.Time) (types.TransactWriteItem, error) {
	upd := expression.Add(expression.Name(counterField), expression.Value(delta))
	if !expires.IsZero() {
		upd = upd.Set(expression.Name("expires_at"), expression.Value(expires.Unix()))
	}
	expr, err := expression.NewBuilder().WithUpdate(upd).Build()
	if err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("counter %s: %w", k, err)
	}
	return types.TransactWriteItem{Update: &types.Update{
		TableName: aws.String(s.table), Key: key(counterPK(k), skCounter), UpdateExpression: expr.Update(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()}}, nil
}
