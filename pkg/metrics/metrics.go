// Package metrics keeps the numbers a support lead looks at, incrementally:
// each event (a chat turn, a handover, a rating, an attributed order) adds
// to a few per-day counters when it happens, so reading a month of metrics
// reads a few counter items, never every conversation.
//
// Counters are store counters keyed "m|<shop>|<yyyy-mm-dd>|<name>", kept
// for about 400 days. Conversation counters (conversations, questions,
// first response, resolutions, cost) count on the day the conversation
// started, so a later correction (an answered conversation that is handed
// over after all) lands on the same day; ratings, revenue and suggestions
// count on the day they happen.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Keep is how long counters and the records behind them are kept.
const Keep = 400 * 24 * time.Hour

// Counter names.
const (
	// Conversations counts conversations with at least one customer
	// message.
	Conversations = "conversations"

	// Questions by topic, once per topic per conversation; QOther is a
	// conversation whose first turn touched no topic (taken back when a
	// topic follows).
	QOrderStatus = "q_order_status"
	QReturn      = "q_return"
	QAddress     = "q_address"
	QRefund      = "q_refund"
	QProduct     = "q_product"
	QExchange    = "q_exchange"
	QCancel      = "q_cancel"
	QDamage      = "q_damage"
	QNotReceived = "q_not_received"
	QFollowUp    = "q_follow_up"
	QOther       = "q_other"

	// First response: the first reply's delay after the customer's first
	// message (sum in ms, and count).
	FirstResponseMS = "frt_ms"
	FirstResponses  = "frt_n"
	// Staff response: how long a waiting customer waited for a person.
	StaffResponseMS = "staff_ms"
	StaffResponses  = "staff_n"

	// Resolutions, one outcome per conversation (see Resolution).
	ResAnswered    = "res_answered"
	ResReturn      = "res_return"
	ResRefund      = "res_refund"
	ResReplacement = "res_replacement"
	ResHandover    = "res_handover"
	// The other resolutions' counters are Resolution.counter():
	// "res_<kind>".
	// WriteCases counts writes that ran outside a chat turn (the tracking
	// page, an approval, the delivery check): each a case of its own in the
	// mix besides the conversations; ApprovedWrites those a person
	// approved (never deflected).
	WriteCases     = "write_cases"
	ApprovedWrites = "approved_writes"

	// Damaged, defective or wrong items resolved (report_damage), and how
	// many of them the customer kept (no return: below the keep-it value).
	DamageReports = "damage_n"
	DamageKept    = "damage_kept_n"
	// PromisesKept counts follow-up promises kept at their time (the
	// parcel had not come, the promised action ran).
	PromisesKept = "promises_kept"

	// Ratings: sums of 1 to 5 scores and their counts.
	CSATSum           = "csat_sum"
	CSATCount         = "csat_n"
	DeliverySum       = "dsat_sum"
	DeliveryCount     = "dsat_n"
	SuggestionsSent   = "suggestions"
	AttributedOrders  = "attributed_orders"
	AttributedRevenue = "revenue_cents" // minor units of the shop's currency
	// Store credit taken instead of refunds (credit.go), minor units:
	// CreditKept is the refund value kept in the shop, CreditIssued the
	// credit given (bonus included).
	CreditKept   = "credit_kept_cents"
	CreditIssued = "credit_issued_cents"
	CreditCount  = "credit_n"
	// Codes given to happy customers for a friend, and the orders and
	// revenue that used them.
	ReferralsSent   = "referrals"
	ReferralOrders  = "referral_orders"
	ReferralRevenue = "referral_revenue_cents"

	// Model use: cost in micro-dollars, and tokens.
	CostMicros   = "cost_micros"
	InputTokens  = "input_tokens"
	OutputTokens = "output_tokens"
)

// Names is every counter, in a fixed order.
var Names = []string{
	Conversations,
	QOrderStatus, QReturn, QAddress, QRefund, QProduct, QExchange, QCancel, QDamage, QNotReceived, QFollowUp, QOther,
	FirstResponseMS, FirstResponses, StaffResponseMS, StaffResponses,
	ResAnswered, ResReturn, ResRefund, ResReplacement, ResHandover, WriteCases, ApprovedWrites,
	Exchange.counter(), StoreCredit.counter(), Cancellation.counter(), AddressChange.counter(), NotReceived.counter(), Promise.counter(),
	DamageReports, DamageKept, PromisesKept,
	CSATSum, CSATCount, DeliverySum, DeliveryCount,
	SuggestionsSent, AttributedOrders, AttributedRevenue,
	CreditKept, CreditIssued, CreditCount,
	ReferralsSent, ReferralOrders, ReferralRevenue,
	CostMicros, InputTokens, OutputTokens,
}

// Key is a counter's store key.
func Key(shop, day, name string) string { return "m|" + shop + "|" + day + "|" + name }

// Store is what metrics need: counters, and small documents for the
// records that make counting exact (a conversation's outcome, suggestions).
type Store interface {
	Add(ctx context.Context, key string, delta int64, expires time.Time) (int64, error)
	Counters(ctx context.Context, keys []string) (map[string]int64, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}

// BatchAdder is a store that can add to several counters in one round
// trip (a DynamoDB transaction, say). When the Store is one, a turn's
// counters cost one write; otherwise they are written in parallel.
type BatchAdder interface {
	AddAll(ctx context.Context, deltas map[string]int64, expires time.Time) error
}

// Recorder writes metrics as events happen. Its methods return an error
// for the caller to log; a failed metric must never fail a customer's
// request.
type Recorder struct {
	Store Store
	Clock clock.Clock
	// Location is where days start and end; nil means UTC.
	Location *time.Location
}

func (r *Recorder) loc() *time.Location {
	if r.Location != nil {
		return r.Location
	}
	return time.UTC
}

// Day is the counter day of t.
func (r *Recorder) Day(t time.Time) string { return t.In(r.loc()).Format(time.DateOnly) }

// deltas collects counter changes for one write.
type deltas map[string]int64

func (d deltas) add(shop, day, name string, n int64) {
	if n != 0 {
		d[Key(shop, day, name)] += n
	}
}

// write applies deltas: one AddAll when the store has it, else one Add
// per counter, in parallel.
func (r *Recorder) write(ctx context.Context, d deltas) error {
	for k, v := range d {
		if v == 0 {
			delete(d, k)
		}
	}
	if len(d) == 0 {
		return nil
	}
	exp := r.Clock.Now().Add(Keep)
	if b, ok := r.Store.(BatchAdder); ok {
		if err := b.AddAll(ctx, d, exp); err != nil {
			return fmt.Errorf("metrics: add counters: %w", err)
		}
		return nil
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for k, v := range d {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := r.Store.Add(ctx, k, v, exp); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("metrics: add counters: %w", err)
	}
	return nil
}

// micros turns dollars into whole micro-dollars.
func micros(usd float64) int64 {
	if usd <= 0 {
		return 0
	}
	return int64(usd*1e6 + 0.5)
}
