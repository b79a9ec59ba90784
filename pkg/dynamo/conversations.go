package dynamo

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// maxTurnItems is how many items one turn may write: a TransactWriteItems
// holds at most 100.
const maxTurnItems = 100

func checkConversation(c conversation.Conversation) error {
	if c.Shop == "" || c.ID == "" {
		return fmt.Errorf("conversation %q of shop %q: missing shop or id", c.ID, c.Shop)
	}
	return nil
}

// CreateConversation stores a new conversation: a PutItem with
// attribute_not_exists(pk); store.ErrConflict when its id exists.
func (s *Store) CreateConversation(ctx context.Context, c conversation.Conversation) error {
	if err := checkConversation(c); err != nil {
		return fmt.Errorf("create conversation: %w", err)
	}
	w, err := newWrite("conversation "+c.ID, newConversationItem(c), notExists())
	if err != nil {
		return fmt.Errorf("create conversation: %w", err)
	}
	if c.Context != nil {
		// With its context: one transaction, both new.
		cw, err := newWrite("context of conversation "+c.ID, newContextItem(c.Shop, c.ID, *c.Context), notExists())
		if err != nil {
			return fmt.Errorf("create conversation: %w", err)
		}
		err = s.transact(ctx, []types.TransactWriteItem{s.txPut(w), s.txPut(cw)})
		var tce *types.TransactionCanceledException
		if errors.As(err, &tce) && conflicted(tce) {
			return fmt.Errorf("create conversation %s: %w", c.ID, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("create conversation %s: %w", c.ID, err)
		}
		return nil
	}
	ok, err := s.put(ctx, w)
	if err != nil {
		return fmt.Errorf("create conversation: %w", err)
	}
	if !ok {
		return fmt.Errorf("create conversation %s: %w", c.ID, store.ErrConflict)
	}
	return nil
}

// GetConversation returns a conversation and its messages in seq order: one
// strongly consistent Query on the conversation's partition (more pages only
// past 1 MB of messages).
func (s *Store) GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error) {
	in, err := keyQuery("", expression.Key("pk").Equal(expression.Value(conversationPK(shop, id))))
	if err != nil {
		return conversation.Conversation{}, nil, fmt.Errorf("get conversation %s: %w", id, err)
	}
	in.ConsistentRead = aws.Bool(true)
	var (
		c     conversation.Conversation
		found bool
		msgs  []conversation.Message
		cc    *conversation.Context
	)
	err = s.query(ctx, in, func(m map[string]types.AttributeValue) (bool, error) {
		sk := sortKey(m)
		switch {
		case sk == skConversation:
			var err error
			if c, err = decodeConversation(m); err != nil {
				return false, err
			}
			found = true
		case sk == skContext:
			var it contextItem
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				return false, fmt.Errorf("decode context: %w", err)
			}
			cc = &it.Doc.V
		case strings.HasPrefix(sk, prefixMessage):
			var it messageItem
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				return false, fmt.Errorf("decode message %s: %w", sk, err)
			}
			msgs = append(msgs, it.Doc.V)
		}
		return true, nil
	})
	if err != nil {
		return conversation.Conversation{}, nil, fmt.Errorf("get conversation %s: %w", id, err)
	}
	if !found {
		return conversation.Conversation{}, nil, fmt.Errorf("get conversation %s: %w", id, store.ErrNotFound)
	}
	c.Context = cc
	return c, msgs, nil
}

// SaveTurn writes c with Version version+1 and appends msgs: CommitTurn
// with no counters and no events.
func (s *Store) SaveTurn(ctx context.Context, c conversation.Conversation, version int64, msgs []conversation.Message) error {
	return s.CommitTurn(ctx, store.Turn{Conversation: c, Version: version, Messages: msgs})
}

// CommitTurn writes t.Conversation with Version t.Version+1, appends its
// messages, adds its counters and writes its events to the outbox, in one
// TransactWriteItems: the conversation's Put is conditioned on
// version = :expected, each message's and event's on attribute_not_exists(pk),
// each counter an Update with ADD, each record as Apply writes it (an order
// or shipment only if newer, a refund or return only if new). A failed
// condition or a conflicting transaction is store.ErrConflict, and nothing
// is written; a conversation never created fails the version condition
// too, so it is also store.ErrConflict. Only a record's own condition
// failing is not a conflict: the store holds it already, as new or newer,
// so the transaction is sent again without it. With t.Guard, a
// ConditionCheck that the guarding document's "v" is the one read (or that
// it does not exist) rides in the same transaction; its failure is
// store.ErrSuperseded. A transaction holds at most 100 items.
func (s *Store) CommitTurn(ctx context.Context, t store.Turn) error {
	c, version, msgs := t.Conversation, t.Version, t.Messages
	if err := checkConversation(c); err != nil {
		return fmt.Errorf("save turn: %w", err)
	}
	counters := make([]string, 0, len(t.Counters))
	for k, d := range t.Counters {
		if d != 0 {
			counters = append(counters, k)
		}
	}
	sort.Strings(counters)
	var records []write
	for _, r := range t.Records {
		if r.EventKey != "" || len(r.Events) > 0 {
			return fmt.Errorf("save turn of conversation %s: a record of shop %s carries an event key or events", c.ID, r.Shop)
		}
		primary, secondary, err := plan(r)
		if err != nil {
			return fmt.Errorf("save turn of conversation %s: record: %w", c.ID, err)
		}
		if primary != nil {
			records = append(records, *primary)
		}
		records = append(records, secondary...)
	}
	if n := 3 + len(msgs) + len(counters) + len(t.Events) + len(records); n > maxTurnItems {
		return fmt.Errorf("save turn of conversation %s: %d items, at most %d fit one transaction", c.ID, n, maxTurnItems)
	}
	c.Version = version + 1
	cw, err := newWrite("conversation "+c.ID, newConversationItem(c),
		expression.Name("version").Equal(expression.Value(version)))
	if err != nil {
		return fmt.Errorf("save turn: %w", err)
	}
	items := []types.TransactWriteItem{s.txPut(cw)}
	guard := -1 // the index of the guard's ConditionCheck
	if t.Guard != nil {
		check, err := s.guardCheck(*t.Guard)
		if err != nil {
			return fmt.Errorf("save turn: %w", err)
		}
		guard = len(items)
		items = append(items, check)
	}
	if t.Context != nil {
		cond := notExists()
		if !t.ContextBase.IsZero() {
			cond = expression.Name("built_ns").Equal(expression.Value(t.ContextBase.UnixNano()))
		}
		xw, err := newWrite("context of conversation "+c.ID, newContextItem(c.Shop, c.ID, *t.Context), cond)
		if err != nil {
			return fmt.Errorf("save turn: %w", err)
		}
		items = append(items, s.txPut(xw))
	}
	seen := make(map[int]bool, len(msgs))
	for _, m := range msgs {
		if m.Seq < 0 || seen[m.Seq] {
			return fmt.Errorf("save turn of conversation %s: bad or repeated message seq %d", c.ID, m.Seq)
		}
		seen[m.Seq] = true
		mw, err := newWrite(fmt.Sprintf("message %d", m.Seq), newMessageItem(c.Shop, c.ID, m), notExists())
		if err != nil {
			return fmt.Errorf("save turn: %w", err)
		}
		items = append(items, s.txPut(mw))
	}
	for _, k := range counters {
		u, err := s.counterUpdate(k, t.Counters[k], t.CountersExpire)
		if err != nil {
			return fmt.Errorf("save turn: %w", err)
		}
		items = append(items, u)
	}
	outbox, err := s.outboxPuts(t.Events)
	if err != nil {
		return fmt.Errorf("save turn: %w", err)
	}
	items = append(items, outbox...)
	// The records go last, so that their indexes are the tail's.
	for _, w := range records {
		items = append(items, s.txPut(w))
	}
	for tail := len(records); ; {
		err = s.transact(ctx, items)
		var tce *types.TransactionCanceledException
		if errors.As(err, &tce) {
			if stored := storedRecords(tce, len(items)-tail, len(items)); len(stored) > 0 {
				items, tail = dropItems(items, stored), tail-len(stored)
				continue
			}
			if guard >= 0 && reason(tce, guard) == codeConditionFailed {
				return fmt.Errorf("save turn of conversation %s: %s/%s: %w", c.ID, t.Guard.Coll, t.Guard.ID, store.ErrSuperseded)
			}
			if conflicted(tce) {
				return fmt.Errorf("save turn of conversation %s at version %d: %w", c.ID, version, store.ErrConflict)
			}
		}
		if err != nil {
			return fmt.Errorf("save turn of conversation %s: %w", c.ID, err)
		}
		return nil
	}
}

// storedRecords lists the items in [from, to) (a turn's records) whose
// condition failed, when nothing else in the transaction failed or
// conflicted: those records are stored already, as new or newer.
func storedRecords(e *types.TransactionCanceledException, from, to int) []int {
	var out []int
	for i := range e.CancellationReasons {
		switch r := reason(e, i); {
		case r == codeNone:
		case r == codeConditionFailed && i >= from && i < to:
			out = append(out, i)
		default:
			return nil
		}
	}
	return out
}

// dropItems is items without the ones at the sorted indexes drop.
func dropItems(items []types.TransactWriteItem, drop []int) []types.TransactWriteItem {
	out := make([]types.TransactWriteItem, 0, len(items)-len(drop))
	for i, it := range items {
		if len(drop) > 0 && drop[0] == i {
			drop = drop[1:]
			continue
		}
		out = append(out, it)
	}
	return out
}

// PutContext replaces a conversation's customer context: a
// TransactWriteItems of a ConditionCheck that the conversation exists and
// a Put conditioned on attribute_not_exists(pk) or built_ns <= the new
// one's. A failed condition writes nothing and is no error.
func (s *Store) PutContext(ctx context.Context, shop, id string, cc conversation.Context) error {
	xw, err := newWrite("context of conversation "+id, newContextItem(shop, id, cc),
		notExists().Or(expression.Name("built_ns").LessThanEqual(expression.Value(cc.BuiltAt.UnixNano()))))
	if err != nil {
		return fmt.Errorf("put context: %w", err)
	}
	exists, err := expression.NewBuilder().WithCondition(expression.AttributeExists(expression.Name("pk"))).Build()
	if err != nil {
		return fmt.Errorf("put context: %w", err)
	}
	check := types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName: aws.String(s.table),
		Key: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: conversationPK(shop, id)},
			"sk": &types.AttributeValueMemberS{Value: skConversation},
		},
		ConditionExpression:       exists.Condition(),
		ExpressionAttributeNames:  exists.Names(),
		ExpressionAttributeValues: exists.Values(),
	}}
	err = s.transact(ctx, []types.TransactWriteItem{check, s.txPut(xw)})
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) && (reason(tce, 0) == codeConditionFailed || reason(tce, 1) == codeConditionFailed) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("put context of conversation %s: %w", id, err)
	}
	return nil
}

// conflicted reports whether a transaction was cancelled by a failed
// condition or a concurrent transaction, rather than by a bad request.
func conflicted(e *types.TransactionCanceledException) bool {
	for i := range e.CancellationReasons {
		switch reason(e, i) {
		case codeConditionFailed, codeConflict:
			return true
		}
	}
	return false
}

// ListConversations lists a shop's conversations by last update, newest
// first, updated strictly before before (zero: no bound), at most limit: one
// Query on gsi1 (projection ALL, so no further reads), descending.
func (s *Store) ListConversations(ctx context.Context, shop string, before time.Time, limit int) ([]conversation.Conversation, error) {
	if limit <= 0 {
		return nil, nil
	}
	cond := expression.Key("gsi1pk").Equal(expression.Value(conversationsKey(shop)))
	if !before.IsZero() {
		// Keys of conversations updated at before are padNanos(before)+"#id",
		// above this bound; earlier ones are below it.
		cond = cond.And(expression.Key("gsi1sk").LessThan(expression.Value(padNanos(before))))
	}
	in, err := keyQuery(gsi1, cond)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	out, err := s.newestConversations(ctx, in, limit)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	return out, nil
}

// ConversationsByEmail lists a verified customer's conversations, newest
// first, at most limit: one Query on gsi2 (projection ALL, so the
// conversations come from the index items themselves), descending.
func (s *Store) ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error) {
	e := order.NormaliseEmail(email)
	if e == "" || limit <= 0 {
		return nil, nil
	}
	in, err := keyQuery(gsi2, expression.Key("gsi2pk").Equal(expression.Value(conversationEmailKey(shop, e))))
	if err != nil {
		return nil, fmt.Errorf("conversations by email: %w", err)
	}
	out, err := s.newestConversations(ctx, in, limit)
	if err != nil {
		return nil, fmt.Errorf("conversations by email: %w", err)
	}
	return out, nil
}

// newestConversations runs an index query, newest first, decoding at most
// limit conversations from the index items (projection ALL).
func (s *Store) newestConversations(ctx context.Context, in *dynamodb.QueryInput, limit int) ([]conversation.Conversation, error) {
	in.ScanIndexForward = aws.Bool(false)
	in.Limit = aws.Int32(int32(min(limit, 1000)))
	var out []conversation.Conversation
	err := s.query(ctx, in, func(m map[string]types.AttributeValue) (bool, error) {
		c, err := decodeConversation(m)
		if err != nil {
			return false, err
		}
		out = append(out, c)
		return len(out) < limit, nil
	})
	return out, err
}
