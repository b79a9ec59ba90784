// Package store is the storage port: what doorstep keeps and the access
// patterns it needs, with two adapters (package dynamo for AWS, package bolt
// for the local runner) and one conformance suite (package storetest) that
// both must pass.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Errors every adapter returns, so callers can tell what happened.
var (
	// ErrNotFound: no such item.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: the key was claimed before.
	ErrDuplicate = errors.New("already claimed")
	// ErrConflict: the item exists already, or changed since it was read.
	ErrConflict = errors.New("conflict")
	// ErrSuperseded: a document a write was guarded by (DocGuard) is no
	// longer the one the writer read; nothing was written.
	ErrSuperseded = errors.New("guarding document changed")
)

// DocGuard makes a write conditional on a document being exactly as it was
// read: Doc is its stored bytes, empty when none was stored. The turn loop
// guards a turn with the settings document its customer context copied
// the agent's policy from (conversation.PolicyCopy), so a turn never
// commits, and a write to the shop never starts, under superseded policy.
type DocGuard struct {
	Coll, ID string
	Doc      []byte
}

// GuardOf is the guard of a customer context's policy copy; nil when the
// context holds none.
func GuardOf(cc *conversation.Context) *DocGuard {
	if cc == nil || cc.Policy == nil {
		return nil
	}
	return &DocGuard{Coll: cc.Policy.Coll, ID: cc.Policy.ID, Doc: cc.Policy.Doc}
}

// Change is what one event (a webhook delivery, say) does to the store.
//
// Apply writes it so that:
//   - an event key already claimed makes the whole change a duplicate: nothing
//     is written and Result.Duplicate is set;
//   - an order or shipment is written only when it is newer (UpdatedAt) than
//     the stored one, so a late, older update never overwrites newer data;
//   - a refund or return is written only once;
//   - the event key is claimed together with the change's primary item (the
//     order, else the first shipment, else the first refund) in one atomic
//     write, so a claimed event always has its effect stored;
//   - Events go to the outbox in that same atomic write, and only when the
//     change wrote something (not for a duplicate, not when all was stale),
//     so a stored change and the events it causes never come apart.
type Change struct {
	Shop string
	// EventKey dedupes deliveries of the same event; empty means no dedupe.
	EventKey string
	// EventExpires is when the dedupe record may be forgotten.
	EventExpires time.Time

	Order     *order.Order
	Shipments []order.Shipment
	Refunds   []order.Refund
	// Returns are written once each, like refunds.
	Returns []order.Return

	// Events are what other capabilities react to (package event).
	Events []event.Event
}

// Turn is one conversation turn to save: the conversation at Version+1,
// its new messages, the metrics counters it moves, and the events it
// causes, all in one atomic write, only if the stored conversation is
// still at Version.
type Turn struct {
	Conversation conversation.Conversation
	// Version is the version the turn read.
	Version  int64
	Messages []conversation.Message
	// Counters are added to (Add) in the same write; CountersExpire is
	// when they may be forgotten.
	Counters       map[string]int64
	CountersExpire time.Time
	Events         []event.Event
	// Context, when set, replaces the conversation's customer context in
	// the same write, only if the stored one is still the one the turn
	// read: built at ContextBase (zero: there was none). Else ErrConflict.
	Context     *conversation.Context
	ContextBase time.Time
	// Records are what the turn's writes to the shop recorded (the return
	// the shop created, say), written in the same atomic write as Apply
	// would write them, without an EventKey and without Events (the turn's
	// Events carry those). A record the store already holds as new or
	// newer is left as stored, not a conflict.
	Records []Change
	// Guard, when set, is checked in the same write: when the document it
	// names changed, nothing is written and the error is ErrSuperseded.
	Guard *DocGuard
}

// Result says what Apply did.
type Result struct {
	// Duplicate is set when the event key had been claimed already.
	Duplicate bool
	// Written counts the items written.
	Written int
	// Stale counts the items skipped because the stored ones were as new or
	// newer.
	Stale int
}

// Doc is one document of a collection.
type Doc struct {
	ID    string
	Value []byte
}

// Store is everything doorstep keeps.
type Store interface {
	// Apply writes one event's change (see Change).
	Apply(ctx context.Context, c Change) (Result, error)

	// GetOrder returns an order with its shipments and refunds.
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	// GetOrderByName finds an order by its name ("#1001").
	GetOrderByName(ctx context.Context, shop, name string) (order.Order, error)
	// OrdersByEmail lists a customer's orders, newest first, at most limit.
	// The email is compared case-insensitively.
	OrdersByEmail(ctx context.Context, shop, email string, limit int) ([]order.Order, error)

	// ShipmentsByTracking finds shipments by tracking number, in any shop.
	ShipmentsByTracking(ctx context.Context, trackingNumber string) ([]order.Shipment, error)
	// DueShipments lists shipments whose next check is at or before now,
	// earliest first, at most limit. It reads only due shipments.
	DueShipments(ctx context.Context, now time.Time, limit int) ([]order.Shipment, error)
	// SetNextCheck reschedules a shipment's check; nil means no more checks.
	SetNextCheck(ctx context.Context, shop, orderID, shipmentID string, next *time.Time) error

	// Claim records an idempotency key; ErrDuplicate when it was claimed
	// before. expires is when the record may be forgotten (DynamoDB TTL).
	Claim(ctx context.Context, key string, expires time.Time) error
	// ClaimIf is Claim in one atomic write with a check of g: when g's
	// document changed, nothing is claimed and the error is ErrSuperseded.
	ClaimIf(ctx context.Context, key string, expires time.Time, g DocGuard) error
	// Release forgets a claim, so a side effect that failed can be retried.
	Release(ctx context.Context, key string) error
	// Hit adds one to a counter and returns its new value; rate limits use
	// a key per window. expires is when the counter may be forgotten.
	Hit(ctx context.Context, key string, expires time.Time) (int64, error)
	// Add adds delta to a counter and returns its new value; metrics keep
	// per-day counters this way, written with the events they count.
	Add(ctx context.Context, key string, delta int64, expires time.Time) (int64, error)
	// AddAll adds each delta to its counter in one atomic write.
	AddAll(ctx context.Context, deltas map[string]int64, expires time.Time) error
	// Counters reads counters; a counter never written is absent.
	Counters(ctx context.Context, keys []string) (map[string]int64, error)

	// The outbox: events written with a change or a turn (Change.Events,
	// Turn.Events) wait here until dispatched. In AWS a DynamoDB Stream
	// relays them as they are written; locally, and for anything a stream
	// retry gave up on, PendingEvents lists them, oldest first, at most
	// limit, and AckEvent removes one once every reaction handled it.
	PendingEvents(ctx context.Context, limit int) ([]event.Event, error)
	AckEvent(ctx context.Context, id string) error
	// AddEvents writes events to the outbox alone, in one atomic write: a
	// request a capability carries out later, off the request that asked
	// (shop/redact's erase, package privacy).
	AddEvents(ctx context.Context, events []event.Event) error
	// EraseEvents removes the outbox events match accepts (the privacy
	// erasures: those that carry an erased customer's or shop's data),
	// reading the outbox a page at a time; it returns how many it removed.
	EraseEvents(ctx context.Context, match func(event.Event) bool) (int, error)

	// CreateConversation stores a new conversation, with its customer
	// context when c.Context is set; ErrConflict when its id exists.
	CreateConversation(ctx context.Context, c conversation.Conversation) error
	// GetConversation returns a conversation (with its customer context in
	// Context, nil when none is kept) and its messages, in order, in one
	// read.
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
	// SaveTurn writes the conversation and appends msgs to it, atomically,
	// only if the stored conversation is still at version (the one read);
	// else ErrConflict and nothing is written. It stores c with Version
	// version+1. Each message's Seq must be new.
	SaveTurn(ctx context.Context, c conversation.Conversation, version int64, msgs []conversation.Message) error
	// CommitTurn is SaveTurn with the turn's counters, events, customer
	// context and records in the same atomic write; ErrConflict, and
	// nothing written, when the stored conversation is no longer at
	// t.Version.
	CommitTurn(ctx context.Context, t Turn) error
	// PutContext replaces a conversation's customer context when the
	// stored one was built no later than cc.BuiltAt; it writes nothing
	// (and no error) when the conversation does not exist or a newer
	// context is stored.
	PutContext(ctx context.Context, shop, id string, cc conversation.Context) error
	// ListConversations lists a shop's conversations by last update, newest
	// first, updated strictly before before (zero: no bound), at most limit,
	// without their messages.
	ListConversations(ctx context.Context, shop string, before time.Time, limit int) ([]conversation.Conversation, error)
	// ConversationsByEmail lists a verified customer's conversations, newest
	// first, at most limit, without their messages.
	ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error)

	// Documents: small JSON documents in named collections, for features
	// whose access pattern is "by id" or "a collection in id order" (email
	// threading, claims records, workflow timers, settings, ...). Ids sort
	// as bytes; a time-prefixed id makes a collection a schedule.

	// PutDoc writes a document, replacing any. expires, when not zero, is
	// when it may be forgotten (DynamoDB TTL).
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	// CreateDoc writes a document only if its id is new; else ErrConflict.
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	// GetDoc reads a document; ErrNotFound when absent.
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	// ListDocs lists a collection's documents whose ids start with prefix,
	// in id order, at most limit, from the id after "after" ("" = start).
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]Doc, error)
	// DeleteDoc removes a document; no error when absent.
	DeleteDoc(ctx context.Context, coll, id string) error

	// DeleteConversation removes a conversation, its messages and its index
	// entries; no error when absent.
	DeleteConversation(ctx context.Context, shop, id string) error
	// EraseShop removes everything kept for a shop: orders with their
	// shipments, refunds and returns, conversations with their messages,
	// and every document whose collection or id names the shop. It returns
	// how many items it removed. It is for Shopify's shop/redact, so it may
	// scan.
	EraseShop(ctx context.Context, shop string) (int, error)

	// Close releases the store's resources.
	Close() error
}
