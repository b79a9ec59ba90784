// Package lockout bounds the guessing of an order number and its email.
// Every failed verification (the chat API's create, the verify_customer
// tool in chat and email, the tracking page's lookup) is counted in the
// store, per order and per client, so the count holds across
// conversations, channels and Lambda instances. Past the limit,
// verification is refused, even with the right email, until the failures
// age out of the window: for an order, an hour by default after the
// failure that locked it.
//
// The window slides: failures are counted in twelve buckets a window (five
// minutes for an hour), and a check reads the last thirteen of both
// counters in one store read. A failure costs one write (one AddAll where
// the store has it); the failure that locks an order writes one more, a
// lock document the merchant console lists.
package lockout

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Defaults.
const (
	// DefaultPerOrder is how many failed verifications an order takes in
	// a window before it is locked.
	DefaultPerOrder = 10
	// DefaultPerClient is how many failed verifications one client (an IP
	// address, a mail sender) may make in a window, whatever the orders.
	DefaultPerClient = 20
	// DefaultWindow is the window failures are counted in.
	DefaultWindow = time.Hour

	// buckets is how many counters a window is split into.
	buckets = 12
)

// Collection holds a document per locked order, id "<shop>|<order name>",
// expiring when the lock ends.
const Collection = "verify_locks"

// Store is what the guard reads and writes.
type Store interface {
	Hit(ctx context.Context, key string, expires time.Time) (int64, error)
	Add(ctx context.Context, key string, delta int64, expires time.Time) (int64, error)
	Counters(ctx context.Context, keys []string) (map[string]int64, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}

// batchAdder is a store that adds to several counters in one round trip.
type batchAdder interface {
	AddAll(ctx context.Context, deltas map[string]int64, expires time.Time) error
}

// Scope is what a lock is on.
type Scope string

// Scopes.
const (
	ScopeOrder  Scope = "order"
	ScopeClient Scope = "client"
)

// LockedError is the refusal of a verification attempt: too many failures
// for the order, or from the client, in the window.
type LockedError struct {
	Scope Scope
	Order string
	// Until is when verification is allowed again (if no one fails more
	// in the meantime, for a client).
	Until time.Time
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("verification locked (%s) until %s", e.Scope, e.Until.UTC().Format(time.RFC3339))
}

// Message is the refusal in words a customer can read.
func (e *LockedError) Message() string {
	at := e.Until.UTC().Format("15:04") + " UTC"
	if e.Scope == ScopeClient {
		return "There have been too many unsuccessful attempts to verify an order from here, so for security we have paused verification until " + at + ". Please try again after that, or contact us for help."
	}
	return "There have been too many unsuccessful attempts to verify order " + e.Order + ", so for your security we have paused verification for this order until " + at + ". Please try again after that, or contact us for help."
}

// RetryAfter is how long from now the caller should wait, rounded up to a
// whole second (at least one).
func (e *LockedError) RetryAfter(now time.Time) time.Duration {
	d := e.Until.Sub(now)
	if d < time.Second {
		return time.Second
	}
	if r := d % time.Second; r != 0 {
		d += time.Second - r
	}
	return d
}

// Guard counts failed verifications. Its zero limits are the defaults; a
// nil *Guard allows everything and counts nothing.
type Guard struct {
	Store Store
	Clock clock.Clock
	Log   *slog.Logger
	// PerOrder, PerClient and Window: see the defaults.
	PerOrder, PerClient int
	Window              time.Duration
}

func (g *Guard) perOrder() int64 {
	if g.PerOrder > 0 {
		return int64(g.PerOrder)
	}
	return DefaultPerOrder
}

func (g *Guard) perClient() int64 {
	if g.PerClient > 0 {
		return int64(g.PerClient)
	}
	return DefaultPerClient
}

func (g *Guard) bucket() time.Duration {
	w := g.Window
	if w <= 0 {
		w = DefaultWindow
	}
	return w / buckets
}

func (g *Guard) log() *slog.Logger {
	if g.Log != nil {
		return g.Log
	}
	return slog.Default()
}

type clientKey struct{}

// WithClient says who is verifying: "ip:<address>" for an HTTP caller,
// "mail:<address>" for an email sender.
func WithClient(ctx context.Context, client string) context.Context {
	return context.WithValue(ctx, clientKey{}, client)
}

// Client is the client WithClient put in ctx; "" for none.
func Client(ctx context.Context) string {
	c, _ := ctx.Value(clientKey{}).(string)
	return c
}

// Attempt is a verification that was allowed to go ahead; Fail counts it
// when it failed. A nil *Attempt counts nothing.
type Attempt struct {
	g                   *Guard
	shop, order         string
	clientID            string // hashed; "" when there is no client
	now                 time.Time
	starts              []time.Time
	orderN, clientN     []int64
	orderSum, clientSum int64
	// reserved are the current bucket's counters this attempt added to
	// in Check (a reservation, so concurrent guesses cannot all pass
	// the check before any failure is counted); Release takes them back
	// unless Fail kept them.
	reserved []string
	failed   bool
}

// Check is called before a verification of order (its normalised name,
// "#1001") in shop, by the client in ctx (see WithClient). It reads the
// failure counts in one store read and returns a *LockedError when the
// order or the client is locked, else the Attempt to report a failure on.
func (g *Guard) Check(ctx context.Context, shop, order string) (*Attempt, error) {
	if g == nil || g.Store == nil {
		return nil, nil
	}
	now := g.Clock.Now()
	b := g.bucket()
	a := &Attempt{g: g, shop: shop, order: order, now: now}
	if c := Client(ctx); c != "" {
		sum := sha256.Sum256([]byte(c))
		a.clientID = hex.EncodeToString(sum[:12])
	}
	cur := now.Truncate(b)
	var keys []string
	for i := buckets; i >= 0; i-- {
		start := cur.Add(-time.Duration(i) * b)
		a.starts = append(a.starts, start)
		keys = append(keys, a.orderKey(start))
		if a.clientID != "" {
			keys = append(keys, a.clientKey(start))
		}
	}
	n, err := g.Store.Counters(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("read verification failures: %w", err)
	}
	for _, start := range a.starts {
		o, c := n[a.orderKey(start)], n[a.clientKey(start)]
		a.orderN, a.clientN = append(a.orderN, o), append(a.clientN, c)
		a.orderSum += o
		if a.clientID != "" {
			a.clientSum += c
		}
	}
	if a.orderSum >= g.perOrder() {
		return nil, &LockedError{Scope: ScopeOrder, Order: order, Until: until(a.starts, a.orderN, g.perOrder(), b)}
	}
	if a.clientID != "" && a.clientSum >= g.perClient() {
		return nil, &LockedError{Scope: ScopeClient, Order: order, Until: until(a.starts, a.clientN, g.perClient(), b)}
	}
	// Reserve this attempt in the current bucket, atomically: the counter's
	// new value counts every attempt in flight, so at most the limit of
	// concurrent guesses get past here; the rest are refused and take
	// their reservation back.
	if err := a.reserve(ctx, a.orderKey(cur), &a.orderN, &a.orderSum, g.perOrder()); err != nil {
		if le, ok := err.(*LockedError); ok {
			le.Scope, le.Order, le.Until = ScopeOrder, order, until(a.starts, a.orderN, g.perOrder(), b)
		}
		return nil, err
	}
	if a.clientID != "" {
		if err := a.reserve(ctx, a.clientKey(cur), &a.clientN, &a.clientSum, g.perClient()); err != nil {
			a.Release(ctx)
			if le, ok := err.(*LockedError); ok {
				le.Scope, le.Order, le.Until = ScopeClient, order, until(a.starts, a.clientN, g.perClient(), b)
			}
			return nil, err
		}
	}
	return a, nil
}

// reserve adds one to key (the current bucket of counts n, summing to
// *sum) and keeps it when the new total is within limit; else it takes it
// back and returns a *LockedError for the caller to fill in.
func (a *Attempt) reserve(ctx context.Context, key string, n *[]int64, sum *int64, limit int64) error {
	exp := a.starts[len(a.starts)-1].Add((buckets + 2) * a.g.bucket())
	v, err := a.g.Store.Hit(ctx, key, exp)
	if err != nil {
		return fmt.Errorf("count verification attempt: %w", err)
	}
	last := len(*n) - 1
	total := *sum - (*n)[last] + v
	if total > limit {
		if _, err := a.g.Store.Add(ctx, key, -1, exp); err != nil {
			return fmt.Errorf("count verification attempt: %w", err)
		}
		(*n)[last] = v - 1
		return &LockedError{}
	}
	// What the others already counted, plus this attempt, minus this
	// attempt (until Fail keeps it): the totals before this attempt.
	*sum, (*n)[last] = total-1, v-1
	a.reserved = append(a.reserved, key)
	return nil
}

// Release takes back this attempt's reservation: the check it guarded
// succeeded, or ended without a verdict. After Fail it does nothing.
// Callers defer it right after a successful Check.
func (a *Attempt) Release(ctx context.Context) {
	if a == nil || a.failed {
		return
	}
	exp := a.starts[len(a.starts)-1].Add((buckets + 2) * a.g.bucket())
	for _, k := range a.reserved {
		if _, err := a.g.Store.Add(ctx, k, -1, exp); err != nil {
			a.g.log().WarnContext(ctx, "release verification attempt", "err", err)
		}
	}
	a.reserved = nil
}

func (a *Attempt) orderKey(start time.Time) string {
	return "verify-fail|order|" + a.shop + "|" + a.order + "|" + strconv.FormatInt(start.Unix(), 10)
}

func (a *Attempt) clientKey(start time.Time) string {
	return "verify-fail|client|" + a.clientID + "|" + strconv.FormatInt(start.Unix(), 10)
}

// until is when the failures in the buckets starting at starts (oldest
// first) fall below limit as the oldest age out of the window.
func until(starts []time.Time, counts []int64, limit int64, b time.Duration) time.Time {
	var sum int64
	for _, n := range counts {
		sum += n
	}
	for i, n := range counts {
		sum -= n
		if sum < limit {
			return starts[i].Add((buckets + 1) * b)
		}
	}
	return starts[len(starts)-1].Add((buckets + 1) * b)
}

// Fail counts a failed verification: one write, and one more (the lock
// document) when it locks the order.
func (a *Attempt) Fail(ctx context.Context) error {
	if a == nil {
		return nil
	}
	if a.failed {
		return nil
	}
	// The failure is the attempt Check reserved: it stays counted.
	g := a.g
	a.failed = true
	a.orderN[len(a.orderN)-1]++
	a.clientN[len(a.clientN)-1]++
	if a.orderSum+1 >= g.perOrder() {
		l := Lock{Shop: a.shop, Order: a.order, Failures: a.orderSum + 1, LockedAt: a.now,
			Until: until(a.starts, a.orderN, g.perOrder(), g.bucket())}
		doc, err := json.Marshal(l)
		if err != nil {
			return fmt.Errorf("lock %s: %w", a.order, err)
		}
		if err := g.Store.PutDoc(ctx, Collection, a.shop+"|"+a.order, doc, l.Until); err != nil {
			return fmt.Errorf("lock %s: %w", a.order, err)
		}
		g.log().WarnContext(ctx, "order verification locked", "shop", a.shop, "order", a.order, "failures", l.Failures, "until", l.Until)
	}
	if a.clientID != "" && a.clientSum+1 == g.perClient() {
		g.log().WarnContext(ctx, "client verification locked", "client_hash", a.clientID, "failures", a.clientSum+1)
	}
	return nil
}

// Lock is a locked order, as the console lists it.
type Lock struct {
	Shop     string    `json:"shop"`
	Order    string    `json:"order"`
	Failures int64     `json:"failures"`
	LockedAt time.Time `json:"locked_at"`
	Until    time.Time `json:"until"`
}

// Lister reads the lock documents.
type Lister interface {
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}

// Locks lists shop's orders locked at now, by order name.
func Locks(ctx context.Context, st Lister, shop string, now time.Time) ([]Lock, error) {
	var out []Lock
	after := ""
	for {
		docs, err := st.ListDocs(ctx, Collection, shop+"|", after, 200)
		if err != nil {
			return nil, fmt.Errorf("list locked orders: %w", err)
		}
		for _, d := range docs {
			var l Lock
			if err := json.Unmarshal(d.Value, &l); err != nil {
				return nil, fmt.Errorf("lock %s: %w", d.ID, err)
			}
			if l.Until.After(now) {
				out = append(out, l)
			}
		}
		if len(docs) < 200 {
			return out, nil
		}
		after = docs[len(docs)-1].ID
	}
}
