package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Documents live in one partition per collection: pk DOC#<collection>,
// sk <id>, the document in a binary attribute "v", and expires_at (TTL) when
// it has an expiry. ListDocs is one Query (begins_with, ExclusiveStartKey
// for "after"); the others are single-item calls.

type docItem struct {
	PK        string `dynamodbav:"pk"`
	SK        string `dynamodbav:"sk"`
	V         []byte `dynamodbav:"v"`
	ExpiresAt int64  `dynamodbav:"expires_at,omitempty"`
}

func docPK(coll string) string { return "DOC#" + coll }

func (s *Store) docPut(ctx context.Context, coll, id string, v []byte, expires time.Time, create bool) error {
	if id == "" {
		return errors.New("document id is empty")
	}
	it := docItem{PK: docPK(coll), SK: id, V: v}
	if !expires.IsZero() {
		it.ExpiresAt = expires.Unix()
	}
	item, err := attributevalue.MarshalMap(it)
	if err != nil {
		return err
	}
	in := &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: item}
	if create {
		expr, err := expression.NewBuilder().WithCondition(expression.AttributeNotExists(expression.Name("pk"))).Build()
		if err != nil {
			return err
		}
		in.ConditionExpression, in.ExpressionAttributeNames = expr.Condition(), expr.Names()
	}
	_, err = s.client.PutItem(ctx, in)
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return store.ErrConflict
	}
	return err
}

// PutDoc writes a document.
func (s *Store) PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error {
	if err := s.docPut(ctx, coll, id, doc, expires, false); err != nil {
		return fmt.Errorf("put %s/%s: %w", coll, id, err)
	}
	return nil
}

// CreateDoc writes a document if its id is new.
func (s *Store) CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error {
	if err := s.docPut(ctx, coll, id, doc, expires, true); err != nil {
		return fmt.Errorf("create %s/%s: %w", coll, id, err)
	}
	return nil
}

// GetDoc reads a document.
func (s *Store) GetDoc(ctx context.Context, coll, id string) ([]byte, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.table), Key: key(docPK(coll), id), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, fmt.Errorf("get %s/%s: %w", coll, id, err)
	}
	if len(out.Item) == 0 {
		return nil, fmt.Errorf("get %s/%s: %w", coll, id, store.ErrNotFound)
	}
	var it docItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return nil, fmt.Errorf("decode %s/%s: %w", coll, id, err)
	}
	return it.V, nil
}

// ListDocs lists a collection in id order.
func (s *Store) ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error) {
	cond := expression.Key("pk").Equal(expression.Value(docPK(coll)))
	if prefix != "" {
		cond = cond.And(expression.Key("sk").BeginsWith(prefix))
	}
	in, err := keyQuery("", cond)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", coll, err)
	}
	in.TableName = aws.String(s.table)
	in.ConsistentRead = aws.Bool(true)
	if after != "" {
		in.ExclusiveStartKey = key(docPK(coll), after)
	}
	var out []store.Doc
	for len(out) < limit {
		in.Limit = aws.Int32(int32(limit - len(out)))
		page, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", coll, err)
		}
		for _, m := range page.Items {
			var it docItem
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				return nil, fmt.Errorf("decode %s: %w", coll, err)
			}
			out = append(out, store.Doc{ID: it.SK, Value: it.V})
		}
		if len(page.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
	return out, nil
}

// DeleteDoc removes a document.
func (s *Store) DeleteDoc(ctx context.Context, coll, id string) error {
	_, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.table), Key: key(docPK(coll), id)})
	if err != nil {
		return fmt.Errorf("delete %s/%s: %w", coll, id, err)
	}
	return nil
}

// guardCheck is the ConditionCheck of g: the document's "v" is g.Doc, or
// the document does not exist when g.Doc is empty.
func (s *Store) guardCheck(g store.DocGuard) (types.TransactWriteItem, error) {
	cond := notExists()
	if len(g.Doc) > 0 {
		cond = expression.Name("v").Equal(expression.Value(g.Doc))
	}
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return types.TransactWriteItem{}, fmt.Errorf("guard %s/%s: %w", g.Coll, g.ID, err)
	}
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName:                 aws.String(s.table),
		Key:                       key(docPK(g.Coll), g.ID),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}}, nil
}

// ClaimIf is Claim with a check of g in the same request: one
// TransactWriteItems of the claim's Put (attribute_not_exists(pk)) and a
// ConditionCheck of g's document.
func (s *Store) ClaimIf(ctx context.Context, k string, expires time.Time, g store.DocGuard) error {
	w, err := claimWrite("claim "+k, claimPK(k), expires)
	if err != nil {
		return err
	}
	check, err := s.guardCheck(g)
	if err != nil {
		return fmt.Errorf("claim %s: %w", k, err)
	}
	err = s.transact(ctx, []types.TransactWriteItem{s.txPut(w), check})
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) {
		switch {
		case reason(tce, 1) == codeConditionFailed:
			return fmt.Errorf("claim %s: %s/%s: %w", k, g.Coll, g.ID, store.ErrSuperseded)
		case reason(tce, 0) == codeConditionFailed:
			return fmt.Errorf("claim %s: %w", k, store.ErrDuplicate)
		}
	}
	if err != nil {
		return fmt.Errorf("claim %s: %w", k, err)
	}
	return nil
}
