package dynamo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/doorstep-ai/doorstep/pkg/store"
)

// DeleteConversation deletes every item in the conversation's partition
// (the conversation and its messages; its index entries go with them): one
// Query, then BatchWriteItem deletes of 25 at a time.
func (s *Store) DeleteConversation(ctx context.Context, shop, id string) error {
	in, err := keyQuery("", expression.Key("pk").Equal(expression.Value(conversationPK(shop, id))))
	if err != nil {
		return fmt.Errorf("delete conversation %s: %w", id, err)
	}
	in.TableName = aws.String(s.table)
	in.ProjectionExpression = aws.String("pk, sk")
	var keys []map[string]types.AttributeValue
	p := dynamodb.NewQueryPaginator(s.client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("delete conversation %s: %w", id, err)
		}
		keys = append(keys, page.Items...)
	}
	if err := s.deleteKeys(ctx, keys); err != nil {
		return fmt.Errorf("delete conversation %s: %w", id, err)
	}
	return nil
}

// EraseShop scans the table a page at a time, reading keys only, and
// deletes the page's items whose keys name the shop before it reads the
// next page: memory stays one page, and what was deleted stays deleted if
// the request ends first. shop/redact comes once, 48 hours after a shop
// uninstalls the app; its erase runs in the events function (package
// privacy); when it cannot finish (the invocation's time runs out,
// DynamoDB keeps throttling), it fails, the stream delivers the event
// again, and that run finds only what is left.
func (s *Store) EraseShop(ctx context.Context, shop string) (int, error) {
	attrs := []string{"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"}
	erased := 0
	p := dynamodb.NewScanPaginator(s.client, &dynamodb.ScanInput{TableName: aws.String(s.table),
		ProjectionExpression: aws.String(strings.Join(attrs, ", "))})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return erased, fmt.Errorf("erase shop: scan: %w", err)
		}
		var keys []map[string]types.AttributeValue
		for _, it := range page.Items {
			for _, a := range attrs {
				if v, ok := it[a].(*types.AttributeValueMemberS); ok && store.NamesShop(v.Value, shop) {
					keys = append(keys, map[string]types.AttributeValue{"pk": it["pk"], "sk": it["sk"]})
					break
				}
			}
		}
		if err := s.deleteKeys(ctx, keys); err != nil {
			return erased, fmt.Errorf("erase shop: %w", err)
		}
		erased += len(keys)
	}
	return erased, nil
}

// maxBatchAttempts bounds the BatchWriteItem calls for one batch that
// DynamoDB keeps leaving unprocessed (throttling).
const maxBatchAttempts = 10

// deleteKeys deletes items by key, 25 to a BatchWriteItem, sending again
// what DynamoDB leaves unprocessed after a growing, jittered pause (as AWS
// advises for UnprocessedItems) that ends early when ctx is done.
func (s *Store) deleteKeys(ctx context.Context, keys []map[string]types.AttributeValue) error {
	for len(keys) > 0 {
		n := min(25, len(keys))
		var reqs []types.WriteRequest
		for _, k := range keys[:n] {
			reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}})
		}
		keys = keys[n:]
		for attempt := 0; len(reqs) > 0; attempt++ {
			if attempt == maxBatchAttempts {
				return fmt.Errorf("batch delete: %d items left unprocessed after %d attempts", len(reqs), attempt)
			}
			if attempt > 0 {
				if err := pause(ctx, attempt); err != nil {
					return fmt.Errorf("batch delete: %d items left unprocessed: %w", len(reqs), err)
				}
			}
			out, err := s.client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{s.table: reqs}})
			if err != nil {
				return fmt.Errorf("batch delete: %w", err)
			}
			reqs = out.UnprocessedItems[s.table]
		}
	}
	return nil
}

// pause waits before retry attempt (1, 2, ...): up to 50ms doubled each
// time, at most 5s, jittered; it returns ctx's error if ctx ends first.
func pause(ctx context.Context, attempt int) error {
	ceiling := min(50*time.Millisecond<<(attempt-1), 5*time.Second)
	t := time.NewTimer(ceiling/2 + rand.N(ceiling/2+1))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
