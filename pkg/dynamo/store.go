// Package dynamo is the DynamoDB adapter of the store port (store.Store).
//
// # Table
//
// Everything lives in one table with string keys pk and sk, three global
// secondary indexes (gsi1, gsi2, gsi3, keys gsi1pk/gsi1sk and so on, all
// strings, projection ALL) and TTL on expires_at (a number, epoch seconds).
// CreateTable creates it; template.yaml declares the same. Items:
//
//	item          pk                          sk                 index keys
//	order         SHOP#<shop>#ORDER#<id>      ORDER              gsi1: SHOP#<shop>#NAME#<name> / ORDER
//	                                                             gsi2: SHOP#<shop>#EMAIL#<email> / <created ns>#<id>
//	shipment      SHOP#<shop>#ORDER#<order>   SHIP#<id>          gsi1: TRACK#<tracking number> / SHIP#<shop>#<order>#<id>
//	                                                             gsi3: DUE#<shard> / <next check ns>#<shop>#<order>#<id>
//	refund        SHOP#<shop>#ORDER#<order>   REFUND#<id>
//	return        SHOP#<shop>#ORDER#<order>   RETURN#<id>
//	conversation  SHOP#<shop>#CONV#<id>       CONV               gsi1: SHOP#<shop>#CONVS / <updated ns>#<id>
//	                                                             gsi2: SHOP#<shop>#CONVEMAIL#<email> / <created ns>#<id>
//	message       SHOP#<shop>#CONV#<conv>     MSG#<seq>
//	event         EVENT#<shop>#<event key>    CLAIM              expires_at
//	claim         CLAIM#<key>                 CLAIM              expires_at
//	counter       COUNTER#<key>               COUNTER            n, expires_at
//	document      DOC#<collection>            <id>               v, expires_at (docs.go)
//	outbox event  OUTBOX                      <event id>         ev (the event's JSON), expires_at (outbox.go)
//
// Names are normalised (order.NormaliseName) and emails lowercased
// (order.NormaliseEmail) in index keys; times in sort keys are Unix
// nanoseconds, zero-padded to 19 digits so they sort as strings. Index
// attributes are written only when they have a value, so the indexes are
// sparse: gsi3 holds exactly the shipments that have a NextCheckAt, spread
// over four shards (DUE#0..DUE#3, by a hash of the shipment's key) so no
// single partition takes every write.
//
// Orders and shipments carry updated_ns (UpdatedAt in Unix nanoseconds) for
// the newer-wins condition. The domain value itself is the map attribute doc,
// named by the domain types' json tags; an order's doc has no shipments,
// refunds or returns, which are items of their own. An order's Shipments,
// Refunds and Returns fields are not written by Apply: pass them in
// Change.Shipments, Change.Refunds and Change.Returns.
//
// A conversation and its messages share a partition: the conversation item
// (sk CONV) sorts before its messages (sk MSG#<seq>, seq zero-padded to 10
// digits), which sort by seq. The conversation item carries version (a
// number, Conversation.Version) for SaveTurn's condition; its doc has no
// messages. Every conversation is in its shop's gsi1 partition, by last
// update; only a verified one (CustomerEmail set) has the gsi2 attributes, so
// unverified ones stay out of that index. Conversation and order email
// partitions differ (CONVEMAIL, EMAIL).
//
// # Reads
//
//   - GetOrder: one strongly consistent Query on the order's partition,
//     which returns the order, its shipments, refunds and returns together.
//   - GetOrderByName: a Query on gsi1, then GetOrder (2 requests).
//   - OrdersByEmail: a Query on gsi2, newest first, Limit limit, then
//     GetOrder for each order found (1 + n requests).
//   - ShipmentsByTracking: a Query on gsi1.
//   - DueShipments: one Query per gsi3 shard with gsi3sk below the first key
//     after now, ascending, Limit limit; the results are merged, sorted and
//     cut to limit. It reads only due shipments.
//   - GetConversation: one strongly consistent Query on the conversation's
//     partition, which returns the conversation, then its messages in seq
//     order (further pages only past 1 MB).
//   - ConversationsByEmail: one Query on gsi2, newest first, Limit limit;
//     the index projects everything, so the conversations are decoded from
//     the index items with no further reads.
//   - ListConversations: likewise, one Query on gsi1, newest update first,
//     gsi1sk below the before time when one is given.
//   - Counters: strongly consistent BatchGetItems of up to 100 keys each,
//     unprocessed keys retried with backoff.
//
// Index reads are eventually consistent: a shipment rescheduled a moment ago
// may still be listed as due once, and a just-written order or conversation
// may not yet be found by name or email. A Query is not a snapshot: racing a
// SaveTurn, GetConversation may see its messages but the conversation as it
// was, or the reverse; a SaveTurn against a version read so gets
// store.ErrConflict, as it should.
//
// # Writes
//
// Apply(c) writes in this order:
//
//  1. If c.EventKey is set, a GetItem on the event item: when it exists the
//     change is a duplicate and nothing is written.
//  2. Each secondary item (every shipment, refund and return that is not the
//     primary) with a conditional PutItem: shipments when newer,
//     attribute_not_exists(pk) OR updated_ns < :u, refunds and returns only
//     when new, attribute_not_exists(pk). A failed condition counts as Stale.
//  3. The primary item (the order, else the first shipment, else the first
//     refund, else the first return) and the event item in one
//     TransactWriteItems, the event item with attribute_not_exists(pk). If
//     the event item's condition failed, a concurrent delivery won: the
//     result is Duplicate. If only the primary's failed, the event item is
//     written alone (a duplicate if that fails) and the primary counts as
//     Stale. Without an event key the primary is a conditional PutItem.
//
// An expired event or claim item counts as claimed until DynamoDB's TTL
// deletes it. SetNextCheck is one UpdateItem (condition attribute_exists(pk))
// that sets or removes doc.next_check_at and the gsi3 attributes together.
// Claim is a PutItem with attribute_not_exists(pk); Release is a DeleteItem of
// the claim item (no condition, so releasing an unclaimed key is no error).
// Add is one UpdateItem, ADD n :delta SET expires_at = :exp, returning the
// new n (UPDATED_NEW); the first add creates the counter. Hit is Add of 1.
//
// CreateConversation is a PutItem with attribute_not_exists(pk), failing with
// store.ErrConflict. SaveTurn (CommitTurn) is one TransactWriteItems: a Put
// of the conversation, stored at version+1, with the condition
// version = :expected, a Put of each new message with
// attribute_not_exists(pk), an Update (ADD) of each counter and a Put of
// each outbox event. Apply puts a change's events in the transaction of its
// primary item and event claim. A cancelled
// transaction (a failed condition, or a concurrent transaction on the same
// items) is store.ErrConflict and writes nothing; so is a conversation never
// created, whose version attribute is absent. A transaction holds at most 100
// items: a turn's messages, counters and events together; more is an error.
package dynamo

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Store keeps doorstep's data in one DynamoDB table.
type Store struct {
	client *dynamodb.Client
	table  string
}

var _ store.Store = (*Store)(nil)

// New returns a store on table, which must have the layout CreateTable makes.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{client: client, table: table}
}

// Close does nothing: the client needs no closing.
func (s *Store) Close() error { return nil }

// CreateTable creates table name with its indexes (on-demand billing) and
// TTL on expires_at, and waits until it is active. It is for tests and the
// local runner; deployed tables come from template.yaml.
func CreateTable(ctx context.Context, client *dynamodb.Client, name string) error {
	str := func(n string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(n), AttributeType: types.ScalarAttributeTypeS}
	}
	keys := func(pk, sk string) []types.KeySchemaElement {
		return []types.KeySchemaElement{
			{AttributeName: aws.String(pk), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(sk), KeyType: types.KeyTypeRange},
		}
	}
	gsi := func(n string) types.GlobalSecondaryIndex {
		return types.GlobalSecondaryIndex{
			IndexName:  aws.String(n),
			KeySchema:  keys(n+"pk", n+"sk"),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}
	}
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{
			str("pk"), str("sk"),
			str("gsi1pk"), str("gsi1sk"),
			str("gsi2pk"), str("gsi2sk"),
			str("gsi3pk"), str("gsi3sk"),
		},
		KeySchema:              keys("pk", "sk"),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{gsi(gsi1), gsi(gsi2), gsi(gsi3)},
		BillingMode:            types.BillingModePayPerRequest,
	})
	if err != nil {
		return fmt.Errorf("create table %s: %w", name, err)
	}
	w := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay = 100 * time.Millisecond
		o.MaxDelay = 2 * time.Second
	})
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 5*time.Minute); err != nil {
		return fmt.Errorf("wait for table %s: %w", name, err)
	}
	_, err = client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String("expires_at"),
			Enabled:       aws.Bool(true),
		},
	})
	if err != nil {
		return fmt.Errorf("enable ttl on table %s: %w", name, err)
	}
	return nil
}

// Index names.
const (
	gsi1 = "gsi1" // orders by name, shipments by tracking number, conversations by update
	gsi2 = "gsi2" // orders and conversations by customer email, by creation time
	gsi3 = "gsi3" // shipments by next check (sparse)
)

// CountRequests returns a client option that adds 1 to n for every HTTP
// request the client sends, retries included:
//
//	client := dynamodb.NewFromConfig(cfg, dynamo.CountRequests(&n))
func CountRequests(n *atomic.Int64) func(*dynamodb.Options) {
	mw := middleware.FinalizeMiddlewareFunc("doorstepCountRequests",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			n.Add(1)
			return next.HandleFinalize(ctx, in)
		})
	return func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Finalize.Add(mw, middleware.After)
		})
	}
}

// --- Apply -----------------------------------------------------------------

// write is one conditional put.
type write struct {
	what string // for errors: "order 1001"
	item map[string]types.AttributeValue
	cond expression.Expression
}

func (s *Store) putInput(w write) *dynamodb.PutItemInput {
	return &dynamodb.PutItemInput{
		TableName:                 aws.String(s.table),
		Item:                      w.item,
		ConditionExpression:       w.cond.Condition(),
		ExpressionAttributeNames:  w.cond.Names(),
		ExpressionAttributeValues: w.cond.Values(),
	}
}

func (s *Store) txPut(w write) types.TransactWriteItem {
	return types.TransactWriteItem{Put: &types.Put{
		TableName:                 aws.String(s.table),
		Item:                      w.item,
		ConditionExpression:       w.cond.Condition(),
		ExpressionAttributeNames:  w.cond.Names(),
		ExpressionAttributeValues: w.cond.Values(),
	}}
}

// put writes w; false when its condition failed.
func (s *Store) put(ctx context.Context, w write) (bool, error) {
	_, err := s.client.PutItem(ctx, s.putInput(w))
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("put %s: %w", w.what, err)
	}
	return true, nil
}

func newWrite(what string, item any, cond expression.ConditionBuilder) (write, error) {
	m, err := attributevalue.MarshalMap(item)
	if err != nil {
		return write{}, fmt.Errorf("marshal %s: %w", what, err)
	}
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return write{}, fmt.Errorf("build condition for %s: %w", what, err)
	}
	return write{what: what, item: m, cond: expr}, nil
}

func notExists() expression.ConditionBuilder {
	return expression.AttributeNotExists(expression.Name("pk"))
}

// newer is the newer-wins condition for an item updated at updatedNS.
func newer(updatedNS int64) expression.ConditionBuilder {
	return notExists().Or(expression.Name("updated_ns").LessThan(expression.Value(updatedNS)))
}

func claimWrite(what, pk string, expires time.Time) (write, error) {
	it := claimItem{PK: pk, SK: skClaim}
	if !expires.IsZero() {
		it.ExpiresAt = expires.Unix()
	}
	return newWrite(what, it, notExists())
}

// plan turns a change into its primary write and secondary writes, checking
// that every item belongs to the change's shop and has its ids.
func plan(c store.Change) (primary *write, secondary []write, err error) {
	if c.Shop == "" {
		return nil, nil, errors.New("change has no shop")
	}
	shopOf := func(kind, id, shop string) (string, error) {
		switch shop {
		case "", c.Shop:
			return c.Shop, nil
		}
		return "", fmt.Errorf("%s %s is from shop %q, the change is for %q", kind, id, shop, c.Shop)
	}
	var all []write
	if c.Order != nil {
		o := *c.Order
		if o.Shop, err = shopOf("order", o.ID, o.Shop); err != nil {
			return nil, nil, err
		}
		if o.ID == "" {
			return nil, nil, errors.New("order has no id")
		}
		it := newOrderItem(o)
		w, err := newWrite("order "+o.ID, it, newer(it.UpdatedNS))
		if err != nil {
			return nil, nil, err
		}
		all = append(all, w)
	}
	for _, sh := range c.Shipments {
		if sh.Shop, err = shopOf("shipment", sh.ID, sh.Shop); err != nil {
			return nil, nil, err
		}
		if sh.OrderID == "" || sh.ID == "" {
			return nil, nil, fmt.Errorf("shipment %q of order %q: missing id", sh.ID, sh.OrderID)
		}
		it := newShipmentItem(sh)
		w, err := newWrite("shipment "+sh.ID, it, newer(it.UpdatedNS))
		if err != nil {
			return nil, nil, err
		}
		all = append(all, w)
	}
	for _, r := range c.Refunds {
		if r.Shop, err = shopOf("refund", r.ID, r.Shop); err != nil {
			return nil, nil, err
		}
		if r.OrderID == "" || r.ID == "" {
			return nil, nil, fmt.Errorf("refund %q of order %q: missing id", r.ID, r.OrderID)
		}
		w, err := newWrite("refund "+r.ID, newRefundItem(r), notExists())
		if err != nil {
			return nil, nil, err
		}
		all = append(all, w)
	}
	for _, r := range c.Returns {
		if r.Shop, err = shopOf("return", r.ID, r.Shop); err != nil {
			return nil, nil, err
		}
		if r.OrderID == "" || r.ID == "" {
			return nil, nil, fmt.Errorf("return %q of order %q: missing id", r.ID, r.OrderID)
		}
		w, err := newWrite("return "+r.ID, newReturnItem(r), notExists())
		if err != nil {
			return nil, nil, err
		}
		all = append(all, w)
	}
	if len(all) == 0 {
		return nil, nil, nil
	}
	return &all[0], all[1:], nil
}

// txAttempts bounds retries of a transaction that conflicted with another.
const txAttempts = 5

// Apply writes one event's change; see the package doc for the requests.
func (s *Store) Apply(ctx context.Context, c store.Change) (store.Result, error) {
	primary, secondary, err := plan(c)
	if err != nil {
		return store.Result{}, fmt.Errorf("apply event %q: %w", c.EventKey, err)
	}
	var event write
	if c.EventKey != "" {
		pk := eventPK(c.Shop, c.EventKey)
		seen, err := s.exists(ctx, pk, skClaim)
		if err != nil {
			return store.Result{}, fmt.Errorf("apply event %s: %w", c.EventKey, err)
		}
		if seen {
			return store.Result{Duplicate: true}, nil
		}
		if event, err = claimWrite("event "+c.EventKey, pk, c.EventExpires); err != nil {
			return store.Result{}, err
		}
	}

	var res store.Result
	for _, w := range secondary {
		ok, err := s.put(ctx, w)
		if err != nil {
			return res, fmt.Errorf("apply event %q: %w", c.EventKey, err)
		}
		count(&res, ok)
	}

	outbox, err := s.outboxPuts(c.Events)
	if err != nil {
		return res, fmt.Errorf("apply event %q: %w", c.EventKey, err)
	}
	switch {
	case c.EventKey == "" && primary == nil:
		return res, nil
	case c.EventKey == "" && len(outbox) == 0:
		ok, err := s.put(ctx, *primary)
		if err != nil {
			return res, fmt.Errorf("apply: %w", err)
		}
		count(&res, ok)
		return res, nil
	case primary == nil:
		return s.claimEvent(ctx, event, res, nil)
	}

	// The primary item, the event claim (when there is an event key) and
	// the outbox items in one transaction.
	items := []types.TransactWriteItem{s.txPut(*primary)}
	if c.EventKey != "" {
		items = append(items, s.txPut(event))
	}
	items = append(items, outbox...)
	for attempt := 1; ; attempt++ {
		err := s.transact(ctx, items)
		if err == nil {
			count(&res, true)
			return res, nil
		}
		var tce *types.TransactionCanceledException
		if !errors.As(err, &tce) {
			return res, fmt.Errorf("apply event %s: write %s: %w", c.EventKey, primary.what, err)
		}
		primaryCode, eventCode := reason(tce, 0), codeNone
		if c.EventKey != "" {
			eventCode = reason(tce, 1)
		}
		switch {
		case eventCode == codeConditionFailed:
			return store.Result{Duplicate: true}, nil
		case primaryCode == codeConditionFailed && eventCode == codeNone:
			// The primary was stale: the claim goes alone, with the
			// events when a secondary item was written.
			count(&res, false)
			if res.Written == 0 {
				outbox = nil
			}
			if c.EventKey == "" {
				if len(outbox) > 0 {
					if err := s.transact(ctx, outbox); err != nil {
						return res, fmt.Errorf("apply: write events: %w", err)
					}
				}
				return res, nil
			}
			return s.claimEvent(ctx, event, res, outbox)
		case (primaryCode == codeConflict || eventCode == codeConflict) && attempt < txAttempts:
			if err := sleep(ctx, time.Duration(attempt)*25*time.Millisecond); err != nil {
				return res, fmt.Errorf("apply event %s: %w", c.EventKey, err)
			}
		default:
			return res, fmt.Errorf("apply event %s: write %s (reasons %s, %s): %w", c.EventKey, primary.what, primaryCode, eventCode, err)
		}
	}
}

// claimEvent writes the event item alone, or with the outbox items in one
// transaction.
func (s *Store) claimEvent(ctx context.Context, event write, res store.Result, outbox []types.TransactWriteItem) (store.Result, error) {
	if len(outbox) > 0 {
		err := s.transact(ctx, append([]types.TransactWriteItem{s.txPut(event)}, outbox...))
		var tce *types.TransactionCanceledException
		if errors.As(err, &tce) && reason(tce, 0) == codeConditionFailed {
			return store.Result{Duplicate: true}, nil
		}
		if err != nil {
			return res, fmt.Errorf("apply: claim event with its events: %w", err)
		}
		return res, nil
	}
	ok, err := s.put(ctx, event)
	if err != nil {
		return res, fmt.Errorf("apply: %w", err)
	}
	if !ok {
		return store.Result{Duplicate: true}, nil
	}
	return res, nil
}

func count(r *store.Result, written bool) {
	if written {
		r.Written++
	} else {
		r.Stale++
	}
}

// Cancellation reason codes of TransactWriteItems.
const (
	codeNone            = "None"
	codeConditionFailed = "ConditionalCheckFailed"
	codeConflict        = "TransactionConflict"
)

func reason(e *types.TransactionCanceledException, i int) string {
	if i >= len(e.CancellationReasons) || e.CancellationReasons[i].Code == nil {
		return codeNone
	}
	return *e.CancellationReasons[i].Code
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// exists reports whether the item pk, sk exists (a consistent read).
func (s *Store) exists(ctx context.Context, pk, sk string) (bool, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:            aws.String(s.table),
		Key:                  key(pk, sk),
		ConsistentRead:       aws.Bool(true),
		ProjectionExpression: aws.String("pk"),
	})
	if err != nil {
		return false, fmt.Errorf("get %s: %w", pk, err)
	}
	return len(out.Item) > 0, nil
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberS{Value: sk},
	}
}

// Claim records an idempotency key; store.ErrDuplicate when it was claimed.
func (s *Store) Claim(ctx context.Context, k string, expires time.Time) error {
	w, err := claimWrite("claim "+k, claimPK(k), expires)
	if err != nil {
		return err
	}
	ok, err := s.put(ctx, w)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("claim %s: %w", k, store.ErrDuplicate)
	}
	return nil
}

// Release forgets a claim, so a failed side effect can be retried; a key
// never claimed is no error. It is one DeleteItem.
func (s *Store) Release(ctx context.Context, k string) error {
	_, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: aws.String(s.table),
		Key:       key(claimPK(k), skClaim),
	})
	if err != nil {
		return fmt.Errorf("release %s: %w", k, err)
	}
	return nil
}

// --- Reads -------------------------------------------------------------------

// query runs in and every further page, calling fn for each item, until fn
// says stop.
func (s *Store) query(ctx context.Context, in *dynamodb.QueryInput, fn func(map[string]types.AttributeValue) (more bool, err error)) error {
	in.TableName = aws.String(s.table)
	p := dynamodb.NewQueryPaginator(s.client, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, m := range out.Items {
			more, err := fn(m)
			if err != nil || !more {
				return err
			}
		}
	}
	return nil
}

func keyQuery(index string, cond expression.KeyConditionBuilder) (*dynamodb.QueryInput, error) {
	expr, err := expression.NewBuilder().WithKeyCondition(cond).Build()
	if err != nil {
		return nil, err
	}
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    expr.KeyCondition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}
	if index != "" {
		in.IndexName = aws.String(index)
	}
	return in, nil
}

func sortKey(m map[string]types.AttributeValue) string {
	if v, ok := m["sk"].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// GetOrder returns an order with its shipments, refunds and returns, in one
// Query.
func (s *Store) GetOrder(ctx context.Context, shop, id string) (order.Order, error) {
	in, err := keyQuery("", expression.Key("pk").Equal(expression.Value(orderPK(shop, id))))
	if err != nil {
		return order.Order{}, fmt.Errorf("get order %s: %w", id, err)
	}
	in.ConsistentRead = aws.Bool(true)
	var (
		o         order.Order
		found     bool
		shipments []order.Shipment
		refunds   []order.Refund
		returns   []order.Return
	)
	err = s.query(ctx, in, func(m map[string]types.AttributeValue) (bool, error) {
		sk := sortKey(m)
		switch {
		case sk == skOrder:
			var it orderItem
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				return false, fmt.Errorf("decode order: %w", err)
			}
			o, found = it.Doc.V, true
		case strings.HasPrefix(sk, prefixShipment):
			sh, err := decodeShipment(m)
			if err != nil {
				return false, err
			}
			shipments = append(shipments, sh)
		case strings.HasPrefix(sk, prefixRefund):
			var it refundItem
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				return false, fmt.Errorf("decode refund %s: %w", sk, err)
			}
			refunds = append(refunds, it.Doc.V)
		case strings.HasPrefix(sk, prefixReturn):
			var it returnItem
			if err := attributevalue.UnmarshalMap(m, &it); err != nil {
				return false, fmt.Errorf("decode return %s: %w", sk, err)
			}
			returns = append(returns, it.Doc.V)
		}
		return true, nil
	})
	if err != nil {
		return order.Order{}, fmt.Errorf("get order %s: %w", id, err)
	}
	if !found {
		return order.Order{}, fmt.Errorf("get order %s: %w", id, store.ErrNotFound)
	}
	sort.SliceStable(shipments, func(i, j int) bool { return shipments[i].CreatedAt.Before(shipments[j].CreatedAt) })
	sort.SliceStable(refunds, func(i, j int) bool { return refunds[i].CreatedAt.Before(refunds[j].CreatedAt) })
	sort.SliceStable(returns, func(i, j int) bool { return returns[i].CreatedAt.Before(returns[j].CreatedAt) })
	o.Shipments, o.Refunds, o.Returns = shipments, refunds, returns
	return o, nil
}

// GetOrderByName finds an order by its name, however the name was typed
// ("1001", "#1001").
func (s *Store) GetOrderByName(ctx context.Context, shop, name string) (order.Order, error) {
	n := order.NormaliseName(name)
	if n == "" {
		return order.Order{}, fmt.Errorf("get order by name %q: %w", name, store.ErrNotFound)
	}
	in, err := keyQuery(gsi1, expression.Key("gsi1pk").Equal(expression.Value(nameKey(shop, n))))
	if err != nil {
		return order.Order{}, fmt.Errorf("get order by name %s: %w", n, err)
	}
	in.Limit = aws.Int32(1)
	var id string
	err = s.query(ctx, in, func(m map[string]types.AttributeValue) (bool, error) {
		var it orderItem
		if err := attributevalue.UnmarshalMap(m, &it); err != nil {
			return false, fmt.Errorf("decode order: %w", err)
		}
		id = it.Doc.V.ID
		return false, nil
	})
	if err != nil {
		return order.Order{}, fmt.Errorf("get order by name %s: %w", n, err)
	}
	if id == "" {
		return order.Order{}, fmt.Errorf("get order by name %s: %w", n, store.ErrNotFound)
	}
	return s.GetOrder(ctx, shop, id)
}

// OrdersByEmail lists a customer's orders, newest first, at most limit.
func (s *Store) OrdersByEmail(ctx context.Context, shop, email string, limit int) ([]order.Order, error) {
	e := order.NormaliseEmail(email)
	if e == "" || limit <= 0 {
		return nil, nil
	}
	in, err := keyQuery(gsi2, expression.Key("gsi2pk").Equal(expression.Value(emailKey(shop, e))))
	if err != nil {
		return nil, fmt.Errorf("orders by email: %w", err)
	}
	in.ScanIndexForward = aws.Bool(false)
	in.Limit = aws.Int32(int32(min(limit, 1000)))
	var ids []string
	err = s.query(ctx, in, func(m map[string]types.AttributeValue) (bool, error) {
		var it orderItem
		if err := attributevalue.UnmarshalMap(m, &it); err != nil {
			return false, fmt.Errorf("decode order: %w", err)
		}
		ids = append(ids, it.Doc.V.ID)
		return len(ids) < limit, nil
	})
	if err != nil {
		return nil, fmt.Errorf("orders by email: %w", err)
	}
	orders := make([]order.Order, 0, len(ids))
	for _, id := range ids {
		o, err := s.GetOrder(ctx, shop, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("orders by email: %w", err)
		}
		orders = append(orders, o)
	}
	return orders, nil
}

// ShipmentsByTracking finds shipments by tracking number, in any shop.
func (s *Store) ShipmentsByTracking(ctx context.Context, trackingNumber string) ([]order.Shipment, error) {
	if trackingNumber == "" {
		return nil, nil
	}
	in, err := keyQuery(gsi1, expression.Key("gsi1pk").Equal(expression.Value(trackingKey(trackingNumber))))
	if err != nil {
		return nil, fmt.Errorf("shipments by tracking %s: %w", trackingNumber, err)
	}
	var out []order.Shipment
	err = s.query(ctx, in, func(m map[string]types.AttributeValue) (bool, error) {
		sh, err := decodeShipment(m)
		out = append(out, sh)
		return true, err
	})
	if err != nil {
		return nil, fmt.Errorf("shipments by tracking %s: %w", trackingNumber, err)
	}
	return out, nil
}

// dueShipment is a due shipment with its gsi3 sort key, for merging shards.
type dueShipment struct {
	key string
	sh  order.Shipment
}

// DueShipments lists shipments whose next check is at or before now,
// earliest first, at most limit: one Query per gsi3 shard, in parallel.
func (s *Store) DueShipments(ctx context.Context, now time.Time, limit int) ([]order.Shipment, error) {
	if limit <= 0 {
		return nil, nil
	}
	var (
		wg     sync.WaitGroup
		shards [dueShards][]dueShipment
		errs   [dueShards]error
	)
	for i := range dueShards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			shards[i], errs[i] = s.dueInShard(ctx, fmt.Sprintf("DUE#%d", i), now, limit)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, fmt.Errorf("due shipments: %w", err)
	}
	var all []dueShipment
	for _, sh := range shards {
		all = append(all, sh...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key < all[j].key })
	out := make([]order.Shipment, 0, min(limit, len(all)))
	for _, d := range all[:min(limit, len(all))] {
		out = append(out, d.sh)
	}
	return out, nil
}

func (s *Store) dueInShard(ctx context.Context, shard string, now time.Time, limit int) ([]dueShipment, error) {
	in, err := keyQuery(gsi3, expression.Key("gsi3pk").Equal(expression.Value(shard)).
		And(expression.Key("gsi3sk").LessThan(expression.Value(dueBefore(now)))))
	if err != nil {
		return nil, err
	}
	in.ScanIndexForward = aws.Bool(true)
	in.Limit = aws.Int32(int32(min(limit, 1000)))
	var out []dueShipment
	err = s.query(ctx, in, func(m map[string]types.AttributeValue) (bool, error) {
		var it shipmentItem
		if err := attributevalue.UnmarshalMap(m, &it); err != nil {
			return false, fmt.Errorf("decode shipment: %w", err)
		}
		out = append(out, dueShipment{key: it.GSI3SK, sh: it.Doc.V})
		return len(out) < limit, nil
	})
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", shard, err)
	}
	return out, nil
}

// SetNextCheck reschedules a shipment's check; nil means no more checks.
// It changes doc.next_check_at and the gsi3 attributes in one UpdateItem.
func (s *Store) SetNextCheck(ctx context.Context, shop, orderID, shipmentID string, next *time.Time) error {
	field := expression.Name(docPath("next_check_at"))
	var upd expression.UpdateBuilder
	if next != nil {
		upd = expression.Set(field, expression.Value(*next)).
			Set(expression.Name("gsi3pk"), expression.Value(dueShard(shop, orderID, shipmentID))).
			Set(expression.Name("gsi3sk"), expression.Value(dueSK(*next, shop, orderID, shipmentID)))
	} else {
		upd = expression.Remove(field).
			Remove(expression.Name("gsi3pk")).
			Remove(expression.Name("gsi3sk"))
	}
	expr, err := expression.NewBuilder().
		WithUpdate(upd).
		WithCondition(expression.AttributeExists(expression.Name("pk"))).
		Build()
	if err != nil {
		return fmt.Errorf("set next check of shipment %s: %w", shipmentID, err)
	}
	_, err = s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       key(orderPK(shop, orderID), shipmentSK(shipmentID)),
		UpdateExpression:          expr.Update(),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	})
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return fmt.Errorf("set next check of shipment %s: %w", shipmentID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("set next check of shipment %s: %w", shipmentID, err)
	}
	return nil
}
