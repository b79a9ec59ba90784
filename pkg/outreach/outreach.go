// Package outreach is post-delivery outreach: some days after a shipment
// is delivered, a satisfaction check-in (in the customer's open chat, else
// by email); a happy answer brings a reorder or add-on suggestion chosen
// from what they bought (with a new single-use discount code made in the
// shop, and one to give a friend, when the merchant offers them), an
// unhappy one the resolution the policy offers and a person (an
// escalation); about 13 days after delivery, a request to rate the
// delivery 1 to 5 (and to review the product, unless they were unhappy).
//
// Each delivered shipment starts one execution of the outreach state
// machine (infra/statemachines/outreach.asl.json), named from the shop, the
// order and the fulfilment, so a second start does nothing. Every message
// is claimed per order and step, so a customer never gets the same one
// twice, even across an order's several shipments. A refund, return or
// cancellation stops it, and so does the customer's "stop".
package outreach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/discount"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Step names, as outreach.asl.json sends them.
const (
	StepCheckIn       = "check_in"
	StepSuggest       = "suggest"
	StepResolve       = "resolve"
	StepRequestReview = "request_review"
)

// Sentiments: the check-in's answer.
const (
	Happy   = "happy"
	Unhappy = "unhappy"
	// NoAnswer is what the definition records when the wait times out.
	NoAnswer = "none"
	// Skipped: this shipment's order had its check-in already (from
	// another shipment), or there is no way to reach the customer.
	Skipped = "skipped"
)

// Collections this package writes.
const (
	// CheckIns holds one record per order's check-in, by
	// "<shop>|<email>|<order id>", so a customer's are found by prefix.
	CheckIns = "outreach"
	// answers holds the customer's answer to a check-in (first one wins).
	answers = "outreach_answers"
	// OptOuts holds customers who asked for no more outreach, by
	// "<shop>|<email>".
	OptOuts = "outreach_optouts"
	// Ratings holds delivery ratings (1 to 5), by "<shop>|<order id>".
	Ratings = "delivery_ratings"
)

// AddOn suggests a product to buyers of another.
type AddOn struct {
	// When matches a bought line item's title or SKU (case-insensitive
	// substring).
	When string `json:"when"`
	// Suggest is the product to suggest, and URL its page.
	Suggest string `json:"suggest"`
	URL     string `json:"url,omitempty"`
}

// Settings are the merchant's outreach settings.
type Settings struct {
	ShopName string
	// ShopURL is the storefront, for reorder links.
	ShopURL string
	// CheckInAfter is the time from delivery to the check-in (default 5
	// days); AnswerTimeout how long to wait for an answer (default 3
	// days); ReviewAfter the time from delivery to the review request
	// (default 13 days).
	CheckInAfter  time.Duration
	AnswerTimeout time.Duration
	ReviewAfter   time.Duration
	// LateStart is how long after its check-in time a delivery may still
	// start outreach (default 12 hours): a delivery doorstep hears of late
	// (a backfill, an outage) is left alone rather than sent a stale
	// check-in.
	LateStart time.Duration
	// ChatActiveWithin: a verified chat conversation, open and used this
	// recently, gets the check-in instead of email (default 24 hours).
	ChatActiveWithin time.Duration
	// DiscountPercent or DiscountAmount (minor units of the order's
	// currency), when set, is what a unique, single-use code issued with
	// each suggestion takes off, valid DiscountDays (default 30);
	// FriendCodes adds a second such code, for anyone, to give a friend.
	// Codes are made through Service.Discounts.
	DiscountPercent int
	DiscountAmount  order.Money
	DiscountDays    int
	FriendCodes     bool
	AddOns          []AddOn
	// ReviewURL is where product reviews are written; empty asks for the
	// delivery rating only.
	ReviewURL string
	// ReturnWindowDays, counted from delivery, is offered to unhappy
	// customers while it is open (0: not mentioned).
	ReturnWindowDays int
	// Off stops new outreach; NoSuggestions sends happy customers no
	// reorder or add-on suggestion.
	Off           bool
	NoSuggestions bool
	// AttributionWindow is how long after a suggestion an order counts as
	// revenue from it (0: metrics.DefaultAttributionWindow).
	AttributionWindow time.Duration
}

func (s Settings) checkInAfter() time.Duration { return orDefault(s.CheckInAfter, 5*24*time.Hour) }
func (s Settings) answerTimeout() time.Duration {
	return orDefault(s.AnswerTimeout, 3*24*time.Hour)
}
func (s Settings) reviewAfter() time.Duration { return orDefault(s.ReviewAfter, 13*24*time.Hour) }
func (s Settings) lateStart() time.Duration   { return orDefault(s.LateStart, 12*time.Hour) }
func (s Settings) chatActive() time.Duration  { return orDefault(s.ChatActiveWithin, 24*time.Hour) }

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Store is what outreach reads and writes.
type Store interface {
	escalation.ConversationStore
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	DeleteDoc(ctx context.Context, coll, id string) error
}

// Escalations opens handoffs (package escalation).
type Escalations interface {
	Open(ctx context.Context, r escalation.Request) (escalation.Handoff, error)
}

// Service runs outreach.
type Service struct {
	Store       Store
	Scheduler   workflow.Scheduler
	Messenger   *escalation.Messenger
	Escalations Escalations
	Clock       clock.Clock
	Log         *slog.Logger
	Settings    Settings
	// Merchant, when set, lays the console's settings over Settings, per
	// shop, at each step.
	Merchant Merchant
	// Metrics counts suggestions and delivery ratings (metrics.Recorder);
	// nil counts nothing.
	Metrics Metrics
	// Discounts makes the codes issued with suggestions in the shop (the
	// Shopify Admin API, the demo shop); nil issues none.
	Discounts discount.Creator
	// Unsubscribe is the shop's email opt-out (package notify's Notifier):
	// its link goes in every outreach email's List-Unsubscribe header, and
	// a customer on its list gets no outreach. nil: STOP replies only.
	Unsubscribe Unsubscriber
	// Cases, when set, holds the check-in while the order has an open
	// not-received or damage case (watch.Cases); nil: none is asked.
	Cases Cases
}

// Cases tells whether an order has an open delivery case: a parcel the
// customer said never came or came damaged. kind names it for the log.
type Cases interface {
	OpenCase(ctx context.Context, shop, orderID string) (kind string, open bool, err error)
}

// Unsubscriber is the shop's email opt-out list and its signed links.
type Unsubscriber interface {
	UnsubscribeURL(shop, email string) string
	OptedOut(ctx context.Context, shop, email string) (bool, error)
}

// Metrics is what outreach reports to package metrics.
type Metrics interface {
	Suggest(ctx context.Context, s metrics.Suggestion) error
	DeliveryRating(ctx context.Context, shop, key string, at time.Time, score int) error
}

// keep is how long outreach records and claims are kept.
const keep = 180 * 24 * time.Hour

// Input is the outreach execution's input; each step reads it with what
// earlier steps added. It carries ids and times only, no personal data.
type Input struct {
	Shop          string `json:"shop"`
	OrderID       string `json:"order_id"`
	FulfillmentID string `json:"fulfillment_id"`
	// DeliveredAt, CheckInAt and ReviewAt are RFC 3339 timestamps in UTC
	// (the Wait states' TimestampPath).
	DeliveredAt          string `json:"delivered_at"`
	CheckInAt            string `json:"checkin_at"`
	ReviewAt             string `json:"review_at"`
	AnswerTimeoutSeconds int64  `json:"answer_timeout_seconds"`
	// Answer is the check-in's outcome, once there is one.
	Answer *Answer `json:"answer,omitempty"`
}

// Answer is the check-in task's output: how the customer feels and where
// they answered (a conversation, or "" for email with no conversation).
type Answer struct {
	Sentiment      string `json:"sentiment"`
	ConversationID string `json:"conversation_id,omitempty"`
}

// ExecutionName is the outreach execution of one shipment.
func ExecutionName(shop, orderID, fulfillmentID string) string {
	return workflow.ExecutionName("outreach", strings.TrimSuffix(shop, ".myshopify.com"), orderID, fulfillmentID)
}

// Delivered starts outreach for a delivered shipment. It does nothing for
// a shipment not delivered, cancelled, or delivered too long ago, and
// nothing new when outreach for it started before.
func (s *Service) Delivered(ctx context.Context, sh order.Shipment) error {
	if sh.Cancelled() || order.ShipmentStage(sh) != order.StageDelivered {
		return nil
	}
	delivered := sh.UpdatedAt
	if sh.DeliveredAt != nil {
		delivered = *sh.DeliveredAt
	}
	set, err := s.settingsFor(ctx, sh.Shop)
	if err != nil {
		return err
	}
	if set.Off {
		return nil
	}
	now := s.Clock.Now()
	checkIn := delivered.Add(set.checkInAfter())
	if now.After(checkIn.Add(set.lateStart())) {
		s.log().InfoContext(ctx, "outreach: delivered too long ago", "shop", sh.Shop, "order", sh.OrderID, "fulfillment", sh.ID)
		return nil
	}
	in := Input{Shop: sh.Shop, OrderID: sh.OrderID, FulfillmentID: sh.ID,
		DeliveredAt: workflow.Timestamp(delivered), CheckInAt: workflow.Timestamp(checkIn),
		ReviewAt:             workflow.Timestamp(delivered.Add(set.reviewAfter())),
		AnswerTimeoutSeconds: int64(set.answerTimeout() / time.Second)}
	name := ExecutionName(sh.Shop, sh.OrderID, sh.ID)
	if err := s.Scheduler.Start(ctx, workflow.Outreach, name, in); err != nil {
		return fmt.Errorf("start outreach %s: %w", name, err)
	}
	return nil
}

// Cancel stops the outreach of every shipment of an order (it was
// refunded, returned or cancelled). Steps check the same conditions, so
// this only saves the waiting.
func (s *Service) Cancel(ctx context.Context, shop, orderID, reason string) error {
	o, err := s.Store.GetOrder(ctx, shop, orderID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cancel outreach: %w", err)
	}
	var errs []error
	for _, sh := range o.Shipments {
		if err := s.Scheduler.Stop(ctx, workflow.Outreach, ExecutionName(shop, orderID, sh.ID), reason); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Applied reacts to a stored webhook change (intake.Service.Applied):
// delivered shipments start outreach; refunds, returns and cancellations
// stop it. It does all it can and returns the failures joined, for the
// event to be retried: starts and stops are by execution name, so doing
// them again is a no-op.
func (s *Service) Applied(ctx context.Context, topic string, c store.Change) error {
	var errs []error
	for _, sh := range c.Shipments {
		if sh.Shop == "" {
			sh.Shop = c.Shop
		}
		if err := s.Delivered(ctx, sh); err != nil {
			errs = append(errs, fmt.Errorf("outreach start (%s, order %s): %w", topic, sh.OrderID, err))
		}
	}
	stop := map[string]string{}
	for _, r := range c.Refunds {
		stop[r.OrderID] = "order refunded"
	}
	for _, r := range c.Returns {
		stop[r.OrderID] = "order returned"
	}
	if c.Order != nil && (c.Order.CancelledAt != nil || c.Order.FinancialStatus == "refunded") {
		stop[c.Order.ID] = "order cancelled or refunded"
	}
	for id, reason := range stop {
		if err := s.Cancel(ctx, c.Shop, id, reason); err != nil {
			errs = append(errs, fmt.Errorf("outreach cancel (%s, order %s): %w", topic, id, err))
		}
	}
	return errors.Join(errs...)
}

// OptOut records that a customer wants no more outreach. Steps check it.
func (s *Service) OptOut(ctx context.Context, shop, email string) error {
	email = order.NormaliseEmail(email)
	if email == "" {
		return errors.New("opt out: no email")
	}
	b, _ := json.Marshal(map[string]any{"at": s.Clock.Now()})
	if err := s.Store.PutDoc(ctx, OptOuts, shop+"|"+email, b, time.Time{}); err != nil {
		return fmt.Errorf("opt out: %w", err)
	}
	return nil
}

// OptedOut reports whether a customer opted out.
func (s *Service) OptedOut(ctx context.Context, shop, email string) (bool, error) {
	_, err := s.Store.GetDoc(ctx, OptOuts, shop+"|"+order.NormaliseEmail(email))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("opt-out: %w", err)
	}
	return true, nil
}

// StopReason says why outreach for an order must stop, or "".
func StopReason(o order.Order) string {
	switch {
	case o.CancelledAt != nil:
		return "order cancelled"
	case len(o.Refunds) > 0 || o.FinancialStatus == "refunded" || o.FinancialStatus == "partially_refunded":
		return "order refunded"
	}
	for _, r := range o.Returns {
		if r.Status != "declined" && r.Status != "cancelled" {
			return "order returned"
		}
	}
	return ""
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// Erase forgets a customer's outreach records and answers
// (customers/redact). The opt-out is kept, without the address's records,
// so a redacted customer is still never contacted; delivery ratings carry
// no personal data and stay for the metrics.
func (s *Service) Erase(ctx context.Context, shop, email string) error {
	email = order.NormaliseEmail(email)
	if email == "" {
		return nil
	}
	docs, err := s.Store.ListDocs(ctx, CheckIns, shop+"|"+email+"|", "", 1000)
	if err != nil {
		return fmt.Errorf("erase outreach: %w", err)
	}
	for _, d := range docs {
		if err := s.Store.DeleteDoc(ctx, answers, d.ID); err != nil {
			return fmt.Errorf("erase outreach: %w", err)
		}
		if err := s.Store.DeleteDoc(ctx, CheckIns, d.ID); err != nil {
			return fmt.Errorf("erase outreach: %w", err)
		}
	}
	return nil
}
