package dynamo

import (
	"context"
	"fmt"

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

// EraseShop scans the table and deletes every item whose keys name the
// shop. A Scan is fine for shop/redact, which comes once, 48 hours after a
// shop uninstalls the app.
func (s *Store) EraseShop(ctx context.Context, shop string) (int, error) {
	attrs := []string{"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"}
	var keys []map[string]types.AttributeValue
	p := dynamodb.NewScanPaginator(s.client, &dynamodb.ScanInput{TableName: aws.String(s.table)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, fmt.Errorf("erase shop: scan: %w", err)
		}
		for _, it := range page.Items {
			for _, a := range attrs {
				if v, ok := it[a].(*types.AttributeValueMemberS); ok && store.NamesShop(v.Value, shop) {
					keys = append(keys, map[string]types.AttributeValue{"pk": it["pk"], "sk": it["sk"]})
					break
				}
			}
		}
	}
	if err := s.deleteKeys(ctx, keys); err != nil {
		return 0, fmt.Errorf("erase shop: %w", err)
	}
	return len(keys), nil
}

// deleteKeys deletes items by key, 25 to a BatchWriteItem, retrying what
// DynamoDB leaves unprocessed.
func (s *Store) deleteKeys(ctx context.Context, keys []map[string]types.AttributeValue) error {
	for len(keys) > 0 {
		n := min(25, len(keys))
		var reqs []types.WriteRequest
		for _, k := range keys[:n] {
			reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}})
		}
		keys = keys[n:]
		for attempt := 0; len(reqs) > 0; attempt++ {
			if attempt == 8 {
				return fmt.Errorf("batch delete: %d items left unprocessed", len(reqs))
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
