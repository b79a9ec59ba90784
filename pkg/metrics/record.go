package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Resolution is how a conversation ended up resolved. A conversation has
// one at a time; a stronger one replaces a weaker one (answered, then a
// return started: a return), and a person's involvement replaces any:
// deflection counts conversations resolved without a person.
type Resolution string

// Resolutions.
const (
	Answered      Resolution = "answered"
	Return        Resolution = "return"
	Refund        Resolution = "refund"
	Replacement   Resolution = "replacement"
	Exchange      Resolution = "exchange"
	StoreCredit   Resolution = "store_credit"
	Cancellation  Resolution = "cancellation"
	AddressChange Resolution = "address_change"
	// NotReceived: a parcel marked delivered that never came, handled by
	// the delivery policy's steps (look around, then act).
	NotReceived Resolution = "not_received"
	// Promise: a follow-up promise about a late parcel (kept later, or
	// not needed: PromisesKept counts the kept ones).
	Promise  Resolution = "promise"
	Handover Resolution = "handover"
)

// Resolutions lists them in the order charts show them.
var Resolutions = []Resolution{Answered, Return, Refund, Replacement, Exchange, StoreCredit, Cancellation, AddressChange, NotReceived, Promise, Handover}

func (k Resolution) counter() string { return "res_" + string(k) }

// writeCounter counts writes of kind k: each write once, however many a
// conversation had (the mix counts the conversation once).
func (k Resolution) writeCounter() string { return "w_" + string(k) }

// WriteKinds are the resolutions a write can reach, in the order charts
// show them.
var WriteKinds = []Resolution{Return, Refund, Replacement, Exchange, StoreCredit, Cancellation, AddressChange, NotReceived, Promise}

// rank orders resolutions: a stronger one replaces a weaker one. A promise
// gives way to what the customer then got; a person's involvement
// replaces any.
func (k Resolution) rank() int {
	switch k {
	case Answered:
		return 1
	case Promise:
		return 2
	case Handover:
		return 4
	case "":
		return 0
	}
	return 3
}

// OutcomeCollection holds each conversation's counted resolution, id
// "<shop>|<conversation id>": {"kind": "...", "day": "yyyy-mm-dd"}.
const OutcomeCollection = "metrics_outcomes"

type outcome struct {
	Kind Resolution `json:"kind"`
	Day  string     `json:"day"`
}

// Question topics, from the agent tools a turn used: every tool the agent
// declares is here (a test holds it); "" is a tool that raises no question
// of its own (verifying the customer, handing over).
var topicOf = map[string]string{
	toolname.TrackOrder:        QOrderStatus,
	toolname.ListOrders:        QOrderStatus,
	toolname.StartReturn:       QReturn,
	toolname.ChangeAddress:     QAddress,
	toolname.RefundStatus:      QRefund,
	toolname.SearchDocs:        QProduct,
	toolname.ExchangeItem:      QExchange,
	toolname.ItemOptions:       QExchange,
	toolname.CancelOrder:       QCancel,
	toolname.ReportDamage:      QDamage,
	toolname.ReportNotReceived: QNotReceived,
	toolname.ParcelArrived:     QNotReceived,
	toolname.FollowUp:          QFollowUp,
	toolname.VerifyCustomer:    "",
	toolname.Handover:          "",
}

func topics(tools []string) map[string]bool {
	out := map[string]bool{}
	for _, t := range tools {
		if q := topicOf[t]; q != "" {
			out[q] = true
		}
	}
	return out
}

// Turn is one saved chat or email turn, as the metrics see it.
type Turn struct {
	// Before is the conversation as read before the turn (take it with
	// Snapshot: the agent changes the conversation in place); After is
	// the conversation as saved.
	Before, After conversation.Conversation
	// Actions are what the agent did this turn.
	Actions []conversation.Action
	// Replied is false when a person owns the conversation and the agent
	// kept quiet.
	Replied bool
	// CustomerAt is when the customer's message arrived; RepliedAt when
	// the reply was ready.
	CustomerAt, RepliedAt time.Time
}

// Snapshot copies what Turn reads of a conversation, so that changes made
// to c afterwards (its topics are sorted in place) do not show through.
func Snapshot(c conversation.Conversation) conversation.Conversation {
	c.Topics = slices.Clone(c.Topics)
	c.Orders = slices.Clone(c.Orders)
	c.Proposals = slices.Clone(c.Proposals)
	return c
}

// Turn counts one turn: a new conversation, its first response time, the
// topics it raised, its model cost and tokens, and its resolution when the
// turn changed it. Most turns write one or two counters.
func (r *Recorder) Turn(ctx context.Context, t Turn) error {
	c := t.After
	shop, day := c.Shop, r.Day(c.CreatedAt)
	d := deltas{}
	first := t.Before.Messages == 0
	if first {
		d.add(shop, day, Conversations, 1)
		if t.Replied && !t.RepliedAt.Before(t.CustomerAt) {
			d.add(shop, day, FirstResponseMS, t.RepliedAt.Sub(t.CustomerAt).Milliseconds())
			d.add(shop, day, FirstResponses, 1)
		}
	}
	before, after := topics(t.Before.Topics), topics(c.Topics)
	for q := range after {
		if !before[q] {
			d.add(shop, day, q, 1)
		}
	}
	switch {
	case first && len(after) == 0:
		d.add(shop, day, QOther, 1)
	case !first && len(before) == 0 && len(after) > 0:
		d.add(shop, day, QOther, -1) // the conversation found its topic after all
	}
	d.add(shop, day, CostMicros, micros(c.Usage.CostUSD)-micros(t.Before.Usage.CostUSD))
	d.add(shop, day, InputTokens, int64(c.Usage.InputTokens-t.Before.Usage.InputTokens))
	d.add(shop, day, OutputTokens, int64(c.Usage.OutputTokens-t.Before.Usage.OutputTokens))

	// Each proposal the turn ran counts as a write (store credit, damage,
	// its resolution), once whichever path reports it (Executed).
	at := t.RepliedAt
	if at.IsZero() {
		at = c.CreatedAt
	}
	for _, a := range t.Actions {
		if a.Status == "done" && a.Proposal == "" {
			// A write the policy ran without a proposal (not received).
			if k := actionResolution(a.Tool, conversation.Proposal{}); k != "" {
				d.add(shop, r.Day(at), k.writeCounter(), 1)
			}
		}
		if a.Status != "done" || a.Proposal == "" {
			continue
		}
		if p, ok := c.FindProposal(a.Proposal); ok {
			if err := r.executed(ctx, Run{Shop: shop, Conversation: &c, Proposal: p, At: at}, d); err != nil {
				return err
			}
		}
	}
	if k, ok := turnResolution(t, len(before) > 0, len(after) > 0); ok {
		if err := r.resolve(ctx, shop, c.ID, day, k, d); err != nil {
			return err
		}
	}
	return r.write(ctx, d)
}

// turnResolution is the resolution a turn reached, if it reached a new
// one besides the proposals it ran (counted by executed): a handover; else
// the strongest write without a proposal that ran this turn; else an
// answer.
func turnResolution(t Turn, answeredBefore, answeredNow bool) (Resolution, bool) {
	if t.After.Status == conversation.StatusHandover && t.Before.Status != conversation.StatusHandover {
		return Handover, true
	}
	var best Resolution
	ran := false
	for _, a := range t.Actions {
		if a.Status != "done" {
			continue
		}
		ran = true
		if a.Proposal != "" {
			continue
		}
		if k := actionResolution(a.Tool, conversation.Proposal{}); k.rank() > best.rank() {
			best = k
		}
	}
	if best != "" {
		return best, true
	}
	if !ran && t.Replied && t.After.Status == conversation.StatusOpen && answeredNow && !answeredBefore {
		return Answered, true
	}
	return "", false
}

// actionResolution is the resolution a done action of tool reached; p is
// the proposal it ran (zero for a tool that runs none).
func actionResolution(tool string, p conversation.Proposal) Resolution {
	switch tool {
	case toolname.StartReturn:
		if p.Resolution == "store_credit" {
			return StoreCredit
		}
		return Return
	case toolname.ReportDamage:
		switch p.Resolution {
		case "replacement":
			return Replacement
		case "store_credit":
			return StoreCredit
		}
		return Refund
	case toolname.FollowUp:
		if p.DueAt != nil {
			return Promise
		}
		if p.Resolution == "refund" {
			return Refund
		}
		return Replacement
	case toolname.ExchangeItem:
		return Exchange
	case toolname.CancelOrder:
		return Cancellation
	case toolname.ChangeAddress:
		return AddressChange
	case toolname.ReportNotReceived:
		return NotReceived
	}
	return ""
}

// resolve sets case id's resolution (a conversation's id) to k unless it
// has one as strong, adding the counter changes to d: the outcome record
// makes each case count once, under one resolution. day is the day it
// counts on (the conversation's first); "" keeps the day already recorded
// (today's when there is none).
func (r *Recorder) resolve(ctx context.Context, shop, id string, day string, k Resolution, d deltas) error {
	key := shop + "|" + id
	exp := r.Clock.Now().Add(Keep)
	for attempt := 0; attempt < 3; attempt++ {
		now := outcome{Kind: k, Day: day}
		if now.Day == "" {
			now.Day = r.Day(r.Clock.Now())
		}
		b, _ := json.Marshal(now)
		err := r.Store.CreateDoc(ctx, OutcomeCollection, key, b, exp)
		if err == nil {
			d.add(shop, now.Day, k.counter(), 1)
			return nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("metrics: record outcome: %w", err)
		}
		raw, err := r.Store.GetDoc(ctx, OutcomeCollection, key)
		if errors.Is(err, store.ErrNotFound) {
			continue // expired between the two calls: create again
		}
		if err != nil {
			return fmt.Errorf("metrics: read outcome: %w", err)
		}
		var was outcome
		if err := json.Unmarshal(raw, &was); err != nil {
			return fmt.Errorf("metrics: read outcome: %w", err)
		}
		if was.Kind.rank() >= k.rank() {
			return nil
		}
		if day == "" {
			now.Day = was.Day
			b, _ = json.Marshal(now)
		}
		if err := r.Store.PutDoc(ctx, OutcomeCollection, key, b, exp); err != nil {
			return fmt.Errorf("metrics: record outcome: %w", err)
		}
		d.add(shop, was.Day, was.Kind.counter(), -1)
		d.add(shop, now.Day, k.counter(), 1)
		return nil
	}
	return errors.New("metrics: record outcome: gave up")
}

// Resolve records a resolution reached outside a chat turn: a handover a
// person started by taking the conversation over. (A write that ran is
// counted by Executed.)
func (r *Recorder) Resolve(ctx context.Context, c conversation.Conversation, k Resolution) error {
	d := deltas{}
	if err := r.resolve(ctx, c.Shop, c.ID, r.Day(c.CreatedAt), k, d); err != nil {
		return err
	}
	return r.write(ctx, d)
}

// StaffResponse records how long a waiting customer waited for a person's
// reply.
func (r *Recorder) StaffResponse(ctx context.Context, shop string, at time.Time, waited time.Duration) error {
	if waited < 0 {
		return nil
	}
	d := deltas{}
	day := r.Day(at)
	d.add(shop, day, StaffResponseMS, waited.Milliseconds())
	d.add(shop, day, StaffResponses, 1)
	return r.write(ctx, d)
}

// CSAT records a conversation rating (1 to 5) given at at. previous is
// the rating it replaces, if the customer rated before: it is taken back.
func (r *Recorder) CSAT(ctx context.Context, shop string, at time.Time, score int, previous *conversation.CSAT) error {
	if score < 1 || score > 5 {
		return fmt.Errorf("metrics: csat score %d out of range", score)
	}
	d := deltas{}
	day := r.Day(at)
	d.add(shop, day, CSATSum, int64(score))
	d.add(shop, day, CSATCount, 1)
	if previous != nil && previous.Score >= 1 && previous.Score <= 5 {
		pd := r.Day(previous.At)
		d.add(shop, pd, CSATSum, -int64(previous.Score))
		d.add(shop, pd, CSATCount, -1)
	}
	return r.write(ctx, d)
}

// DeliveryRating records a delivery-satisfaction rating (1 to 5) from the
// outreach, once per key (the outreach's execution or shipment): a retried
// step does not count twice.
func (r *Recorder) DeliveryRating(ctx context.Context, shop, key string, at time.Time, score int) error {
	if score < 1 || score > 5 {
		return fmt.Errorf("metrics: delivery score %d out of range", score)
	}
	if err := r.Store.Claim(ctx, "mdsat|"+shop+"|"+key, r.Clock.Now().Add(Keep)); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return nil
		}
		return fmt.Errorf("metrics: delivery rating: %w", err)
	}
	d := deltas{}
	day := r.Day(at)
	d.add(shop, day, DeliverySum, int64(score))
	d.add(shop, day, DeliveryCount, 1)
	return r.write(ctx, d)
}

// PromiseKept counts a follow-up promise kept at its time, once per
// promise (key: its record's id) and once per parcel (two promises about
// one parcel kept are one parcel made good), on the day it was kept; the
// refund or replacement it made becomes its conversation's resolution.
func (r *Recorder) PromiseKept(ctx context.Context, shop, key string, at time.Time) error {
	p, found, err := r.readPromise(ctx, key)
	if err != nil {
		return err
	}
	claims := []string{"mpromise|" + shop + "|" + key}
	if found && p.ShipmentID != "" {
		claims = append(claims, "mparcel|"+shop+"|"+p.OrderID+"|"+p.ShipmentID)
	}
	for _, c := range claims {
		if err := r.Store.Claim(ctx, c, r.Clock.Now().Add(Keep)); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return nil
			}
			return fmt.Errorf("metrics: promise kept: %w", err)
		}
	}
	d := deltas{}
	d.add(shop, r.Day(at), PromisesKept, 1)
	if k := promiseResolution(p.Action); k != "" {
		d.add(shop, r.Day(at), k.writeCounter(), 1)
	}
	if k := promiseResolution(p.Action); found && k != "" && p.Conversation != "" {
		if err := r.resolve(ctx, shop, p.Conversation, "", k, d); err != nil {
			return err
		}
	}
	return r.write(ctx, d)
}
