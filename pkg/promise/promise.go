// Package promise keeps the follow-up promises the agent makes about a
// parcel that has not arrived: "if it hasn't arrived by 10:00 AM EST on
// Monday, Dec 7, I'll send you a replacement". The terms (the parcel, the
// time, the action) are decided here, in code, from the merchant's delivery
// policy and the parcel's estimate (package edd); the agent states them as a
// proposal the customer says yes to, and the turn that saves the yes makes
// the promise (a reaction to the turn). A workflow (workflow.Promise: Step
// Functions in AWS, the local engine in make dev) waits until the promise is
// due, then checks the tracking: not delivered, the promised action runs once
// through the delivery check's resolution ports and the customer is told in
// the same conversation (and by email when they are away from the chat);
// delivered in time, the promise is cancelled and the customer is left in
// peace (the shipping notice already told them it arrived).
package promise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Collection holds the promises: the delivery check's collection of
// findings (watch.ProblemsCollection), id "<shop>|<order id>|promise:<promise
// id>", so the agent reads an order's findings and promises in one request
// (Findings), and an order's promises alone by their prefix.
const Collection = watch.ProblemsCollection

// idPrefix starts an order's promise ids.
func idPrefix(shop, orderID string) string { return shop + "|" + orderID + "|promise:" }

// States of a promise.
const (
	StatePending   = "pending"   // made; waiting for its time
	StateKept      = "kept"      // due and not delivered: the action ran
	StateCancelled = "cancelled" // delivered (or no longer needed) before it was due
)

// Actions a promise can promise.
const (
	ActionReplace = "replacement" // a replacement order at no cost
	ActionRefund  = "refund"      // the parcel's items refunded
	ActionTrace   = "trace"       // a carrier trace, with a person on it
)

// Promise is one follow-up promise: what was promised, to whom, where, and
// what became of it.
type Promise struct {
	// ID is the proposal's id (the customer's yes was to it).
	ID         string `json:"id"`
	Shop       string `json:"shop"`
	OrderID    string `json:"order_id"`
	OrderName  string `json:"order_name"`
	ShipmentID string `json:"shipment_id"`
	Carrier    string `json:"carrier,omitempty"`
	// DueAt is when the parcel is checked.
	DueAt time.Time `json:"due_at"`
	// Action is what happens if it has not arrived by then; Amount and
	// Currency are a refund's.
	Action   string                      `json:"action"`
	Amount   order.Money                 `json:"amount,omitempty"`
	Currency string                      `json:"currency,omitempty"`
	Lines    []conversation.ProposalLine `json:"lines,omitempty"`
	// Conversation and Channel are where the customer was promised it,
	// and where they are told.
	Conversation  string               `json:"conversation"`
	Channel       conversation.Channel `json:"channel"`
	CustomerEmail string               `json:"customer_email,omitempty"`
	// Statement is what the customer said yes to, word for word.
	Statement string    `json:"statement"`
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at"`
	// SettledAt is when it was kept or cancelled; Outcome says what was
	// done, in words fit for the customer; Told is set once they were.
	SettledAt *time.Time `json:"settled_at,omitempty"`
	Outcome   string     `json:"outcome,omitempty"`
	Told      bool       `json:"told,omitempty"`
	// Replacement and RefundID are what the action made.
	Replacement string `json:"replacement_order,omitempty"`
	RefundID    string `json:"refund_id,omitempty"`
	HandoffID   string `json:"handoff_id,omitempty"`
}

func docID(shop, orderID, id string) string { return idPrefix(shop, orderID) + id }

// Key is the promise's document id.
func (p Promise) Key() string { return docID(p.Shop, p.OrderID, p.ID) }

// Input is the workflow execution's input: no personal data, the record
// has the rest.
type Input struct {
	Shop string `json:"shop"`
	// Promise is the record's document id.
	Promise string `json:"promise"`
	// DueAt is workflow.Timestamp(DueAt), for the Wait state.
	DueAt string `json:"due_at"`
}

// ExecutionName is a promise's workflow execution name.
func ExecutionName(p Promise) string {
	return workflow.ExecutionName("promise", p.Shop, p.OrderID, p.ID)
}

// Store is what promises need kept.
type Store interface {
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
}

// Escalator opens a handoff to a person (escalation.Service).
type Escalator interface {
	Open(ctx context.Context, r escalation.Request) (escalation.Handoff, error)
}

// Policies gives a shop's merchant policy (settings.Service): its refund
// limit.
type Policies interface {
	Policy(ctx context.Context, shop string) (policy.Policy, error)
}

// Service makes and keeps promises.
type Service struct {
	Store     Store
	Scheduler workflow.Scheduler
	// Messenger tells the customer in their conversation (and mails an
	// email conversation); its Mail also reaches chat customers who are
	// away.
	Messenger *escalation.Messenger
	// Resolver makes replacements and refunds (the delivery check's);
	// nil: a person does what was promised.
	Resolver    watch.Resolver
	Escalations Escalator
	// Rules are the shop's delivery rules and time zone; Policy is its
	// delivery policy (grace days, what a lost parcel gets).
	Rules    edd.Rules
	Policy   watch.Policy
	Policies Policies
	ShopName string
	Clock    clock.Clock
	Log      *slog.Logger
	// Hour is the hour of day (shop time) promises fall due at (0: 10).
	Hour int
	// Away is how long a chat customer is silent before the outcome is
	// mailed to them too (0: 30 minutes).
	Away time.Duration
	// Metrics counts promises kept (metrics.Recorder); nil: not counted.
	Metrics KeptCounter
}

// KeptCounter counts a promise kept, once per key.
type KeptCounter interface {
	PromiseKept(ctx context.Context, shop, key string, at time.Time) error
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func (s *Service) loc() *time.Location {
	if s.Rules.Location != nil {
		return s.Rules.Location
	}
	return time.UTC
}

// minNotice is the least time between now (or when the parcel counts as
// late) and a promise's time: a parcel gets a fair chance to arrive.
const minNotice = 6 * time.Hour

// DueAt is when a promise about a parcel estimated est falls due, asked at
// now: the first Hour:00 (shop time) on a carrier delivery day at least
// minNotice after the parcel counts as late under the policy (its estimate's
// last day plus the grace days), or after now when it is late already.
func (s *Service) DueAt(est edd.Estimate, now time.Time) time.Time {
	base := now
	if !est.IsZero() {
		if late := s.Rules.Deadline(est).Add(time.Duration(s.Policy.GraceDays) * 24 * time.Hour); late.After(base) {
			base = late
		}
	}
	hour := s.Hour
	if hour <= 0 || hour > 23 {
		hour = 10
	}
	earliest := base.Add(minNotice)
	cal := s.Rules.CarrierDays()
	d := edd.DateOf(earliest, s.Rules.Location)
	for i := 0; i < 30; i++ {
		at := d.Start(s.loc()).Add(time.Duration(hour) * time.Hour)
		if cal.IsBusinessDay(d) && !at.Before(earliest) {
			return at.UTC()
		}
		d = d.AddDays(1)
	}
	return earliest.UTC()
}

// action is what the merchant's policy does for a parcel that never
// arrives (what it does about a lost one, else a late one): a replacement
// or a refund; anything else (wait, a person) is a trace with a person on
// it. A refund above the shop's automatic limit is a person's call too.
func (s *Service) action(ctx context.Context, shop string, value order.Money) (string, error) {
	a := s.Policy.ActionFor(watch.KindLost)
	if a != watch.ActionReplace && a != watch.ActionRefund {
		a = s.Policy.ActionFor(watch.KindLate)
	}
	switch a {
	case watch.ActionReplace:
		if s.Resolver == nil {
			return ActionTrace, nil
		}
		return ActionReplace, nil
	case watch.ActionRefund:
		limit := s.Policy.MaxAutoRefund
		if s.Policies != nil {
			pol, err := s.Policies.Policy(ctx, shop)
			if err != nil {
				return "", fmt.Errorf("merchant policy: %w", err)
			}
			limit = pol.RefundAutoLimit
		}
		if s.Resolver == nil || value <= 0 || value > limit {
			return ActionTrace, nil
		}
		return ActionRefund, nil
	}
	return ActionTrace, nil
}

// FollowUp is the promise the shop's policy allows about o's parcel that
// has not arrived, at now, as a proposal's terms (ShipmentID, DueAt,
// Resolution, Lines, Amount, Statement); or, when none fits, why (for the
// agent, not a customer's words). A parcel with a pending promise gets
// that promise again.
func (s *Service) FollowUp(ctx context.Context, o order.Order, now time.Time) (conversation.Proposal, string, error) {
	if o.CancelledAt != nil {
		return conversation.Proposal{}, "the order was cancelled", nil
	}
	sh := waiting(o)
	if sh == nil {
		for _, x := range o.Shipments {
			if !x.Cancelled() && order.ShipmentStage(x) == order.StageDelivered {
				return conversation.Proposal{}, "delivered: every parcel of this order has arrived", nil
			}
		}
		return conversation.Proposal{}, "not shipped yet: there is no parcel on its way to follow up", nil
	}
	pending, err := s.OrderPromises(ctx, o.Shop, o.ID)
	if err != nil {
		return conversation.Proposal{}, "", err
	}
	for _, p := range pending {
		if p.State == StatePending && p.ShipmentID == sh.ID {
			return conversation.Proposal{}, "already promised: " + p.Statement, nil
		}
	}
	recs, err := watch.OrderProblems(ctx, s.Store, o.Shop, o.ID)
	if err != nil {
		return conversation.Proposal{}, "", err
	}
	if r, ok := watch.ParcelMadeGood(recs, sh.ID); ok {
		return conversation.Proposal{}, "already made good: " + r.MadeGoodText() + "; no new promise", nil
	}
	for _, r := range recs {
		if r.ShipmentID == sh.ID && r.Done && r.Action == watch.ActionPerson {
			return conversation.Proposal{}, "already handled by the delivery check: " + r.Detail, nil
		}
	}
	items := parcelItems(o, *sh)
	var value order.Money
	var lines []conversation.ProposalLine
	done := watch.PartsMadeGood(recs, sh.ID) // made good in part before: only the rest is promised
	for _, li := range items {
		if li.Quantity -= done[li.ID]; li.Quantity <= 0 {
			continue
		}
		value += li.Price * order.Money(li.Quantity)
		lines = append(lines, conversation.ProposalLine{LineItemID: li.ID, VariantID: li.VariantID, Title: li.Title, Variant: li.Variant,
			Quantity: li.Quantity, Price: li.Price})
	}
	if left := o.TotalPrice - o.RefundedTotal(); value > left {
		value = left
	}
	act, err := s.action(ctx, o.Shop, value)
	if err != nil {
		return conversation.Proposal{}, "", err
	}
	due := s.DueAt(s.Rules.ForParcel(o, sh), now)
	p := conversation.Proposal{ShipmentID: sh.ID, DueAt: &due, Resolution: act, Lines: lines, Currency: o.Currency, Reason: "late parcel"}
	if act == ActionRefund {
		p.Amount = policy.ParcelRefund(o, value) // tax and shipping included
	}
	p.Statement = s.statement(o, *sh, act, p.Amount, due, now)
	return p, "", nil
}

// Stalled reports whether o's parcel sh has had no carrier news for the
// delivery policy's stalled days at now (watch.Stalled): the delivery
// check raises nothing about a parcel with a pending promise, so the agent
// asks here.
func (s *Service) Stalled(o order.Order, sh order.Shipment, now time.Time) bool {
	return watch.Stalled(s.Rules, s.Policy, sh, now)
}

// waiting is the order's parcel on its way that a promise is about: the
// newest shipment not delivered, cancelled or on its way back.
func waiting(o order.Order) *order.Shipment {
	var out *order.Shipment
	for i := range o.Shipments {
		sh := &o.Shipments[i]
		if sh.Cancelled() || sh.Status == order.StatusReturnedToSender {
			continue
		}
		if st := order.ShipmentStage(*sh); st == order.StageDelivered {
			continue
		}
		if out == nil || sh.CreatedAt.After(out.CreatedAt) {
			out = sh
		}
	}
	return out
}

// parcelItems are the order's line items in the shipment (all of them when
// it lists none).
func parcelItems(o order.Order, sh order.Shipment) []order.LineItem {
	in := map[string]bool{}
	for _, id := range sh.LineItemIDs {
		in[id] = true
	}
	var out []order.LineItem
	for _, li := range o.LineItems {
		if len(in) == 0 || in[li.ID] {
			out = append(out, li)
		}
	}
	return out
}

// When is a time as the customer is told it: "10:00 AM EST on Monday,
// Dec 7" (tomorrow's date is still named: "tomorrow" depends on when they
// read it).
func (s *Service) When(t time.Time) string {
	l := t.In(s.loc())
	return l.Format("3:04 PM MST") + " on " + l.Format("Monday, Jan 2")
}

func carrier(sh order.Shipment) string {
	if c := strings.TrimSpace(sh.Carrier); c != "" {
		return c
	}
	return "the carrier"
}

// statement is the promise, word for word, as the customer says yes to it.
func (s *Service) statement(o order.Order, sh order.Shipment, act string, amount order.Money, due, now time.Time) string {
	what := "your order " + o.Name
	if len(o.Shipments) > 1 {
		what = "the " + carrier(sh) + " parcel of your order " + o.Name
	}
	var do string
	switch act {
	case ActionReplace:
		do = "I'll send you a replacement at no cost"
	case ActionRefund:
		do = "I'll refund " + money.Format(int64(amount), o.Currency) + " to your original payment method"
	default:
		do = "I'll have our team open a trace with " + carrier(sh) + " and take it from there"
	}
	if sh.NeverScanned() {
		// Keep cancels a shipment the carrier still has not picked up by
		// then (act): Shopify reopens its items, so they are sent again.
		switch act {
		case ActionReplace:
			do = "I'll send you a replacement at no cost (if the carrier still hasn't picked up the parcel by then, I'll cancel its shipment and have its items sent again instead)"
		case ActionRefund:
			do += " and cancel its shipment if the carrier still hasn't picked it up, so it isn't sent"
		}
	}
	return fmt.Sprintf("If %s hasn't arrived by %s, %s and let you know here: no need to contact us again.", what, s.When(due), do)
}

// --- the record -------------------------------------------------------------

// keepFor is how long settled promises are kept.
const keepFor = 400 * 24 * time.Hour

// Get reads a promise by its document id.
func (s *Service) Get(ctx context.Context, key string) (Promise, error) {
	b, err := s.Store.GetDoc(ctx, Collection, key)
	if err != nil {
		return Promise{}, fmt.Errorf("read promise %s: %w", key, err)
	}
	var p Promise
	if err := json.Unmarshal(b, &p); err != nil {
		return Promise{}, fmt.Errorf("decode promise %s: %w", key, err)
	}
	return p, nil
}

func (s *Service) put(ctx context.Context, p Promise) error {
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode promise: %w", err)
	}
	if err := s.Store.PutDoc(ctx, Collection, p.Key(), b, p.DueAt.Add(keepFor)); err != nil {
		return fmt.Errorf("save promise %s: %w", p.ID, err)
	}
	return nil
}

// OrderPromises lists an order's promises, newest first.
func (s *Service) OrderPromises(ctx context.Context, shop, orderID string) ([]Promise, error) {
	docs, err := s.Store.ListDocs(ctx, Collection, idPrefix(shop, orderID), "", 50)
	if err != nil {
		return nil, fmt.Errorf("order promises: %w", err)
	}
	return decode(docs, func(Promise) bool { return true })
}

// Pending lists a shop's pending promises, soonest due first.
func (s *Service) Pending(ctx context.Context, shop string) ([]Promise, error) {
	var out []Promise
	after := ""
	for {
		docs, err := s.Store.ListDocs(ctx, Collection, shop+"|", after, 500)
		if err != nil {
			return nil, fmt.Errorf("pending promises: %w", err)
		}
		ps, err := decode(docs, func(p Promise) bool { return p.State == StatePending })
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
		if len(docs) < 500 {
			break
		}
		after = docs[len(docs)-1].ID
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DueAt.Before(out[j].DueAt) })
	return out, nil
}

// isPromise reports whether a document of the collection is a promise.
func isPromise(id string) bool { return strings.Contains(id, "|promise:") }

func decode(docs []store.Doc, keep func(Promise) bool) ([]Promise, error) {
	var out []Promise
	for _, d := range docs {
		if !isPromise(d.ID) {
			continue
		}
		var p Promise
		if err := json.Unmarshal(d.Value, &p); err != nil {
			return nil, fmt.Errorf("decode promise %s: %w", d.ID, err)
		}
		if keep(p) {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

// --- making one ---------------------------------------------------------------

// Make records the promise the customer said yes to (p, a done follow_up
// proposal in conversation c) and starts its workflow. Made again (a
// redelivered event), it changes nothing.
func (s *Service) Make(ctx context.Context, c conversation.Conversation, p conversation.Proposal) (Promise, error) {
	if p.Tool != toolname.FollowUp || p.DueAt == nil || p.ShipmentID == "" {
		return Promise{}, fmt.Errorf("make promise from proposal %s: not a follow-up with terms", p.ID)
	}
	o, err := s.Store.GetOrder(ctx, c.Shop, p.OrderID)
	if err != nil {
		return Promise{}, fmt.Errorf("make promise %s: %w", p.ID, err)
	}
	pr := Promise{ID: p.ID, Shop: c.Shop, OrderID: p.OrderID, OrderName: p.Order, ShipmentID: p.ShipmentID, DueAt: p.DueAt.UTC(),
		Action: p.Resolution, Amount: p.Amount, Currency: p.Currency, Lines: p.Lines, Conversation: c.ID, Channel: c.Channel,
		CustomerEmail: c.CustomerEmail, Statement: p.Statement, State: StatePending, CreatedAt: s.Clock.Now()}
	for _, sh := range o.Shipments {
		if sh.ID == p.ShipmentID {
			pr.Carrier = sh.Carrier
		}
	}
	b, err := json.Marshal(pr)
	if err != nil {
		return Promise{}, fmt.Errorf("encode promise: %w", err)
	}
	switch err := s.Store.CreateDoc(ctx, Collection, pr.Key(), b, pr.DueAt.Add(keepFor)); {
	case errors.Is(err, store.ErrConflict):
		if pr, err = s.Get(ctx, pr.Key()); err != nil {
			return Promise{}, err
		}
		if pr.State != StatePending {
			return pr, nil
		}
	case err != nil:
		return Promise{}, fmt.Errorf("record promise %s: %w", p.ID, err)
	}
	in := Input{Shop: pr.Shop, Promise: pr.Key(), DueAt: workflow.Timestamp(pr.DueAt)}
	if err := s.Scheduler.Start(ctx, workflow.Promise, ExecutionName(pr), in); err != nil {
		return Promise{}, fmt.Errorf("start promise %s: %w", p.ID, err)
	}
	s.log().InfoContext(ctx, "promise made", "shop", pr.Shop, "order_id", pr.OrderID, "promise", pr.ID, "due_at", pr.DueAt, "action", pr.Action)
	return pr, nil
}

// TurnSaved makes the promises a saved turn's customer said yes to: the
// follow_up proposals that ran in it.
func (s *Service) TurnSaved(ctx context.Context, t conversation.TurnSaved) error {
	var errs []error
	for _, a := range t.Actions {
		if a.Tool != toolname.FollowUp || a.Status != "done" || a.Proposal == "" {
			continue
		}
		p, ok := t.After.FindProposal(a.Proposal)
		if !ok {
			s.log().WarnContext(ctx, "promise proposal not in the conversation", "conversation", t.After.ID, "proposal", a.Proposal)
			continue
		}
		if p.DueAt == nil {
			continue // a replacement or refund made now, not a promise
		}
		if _, err := s.Make(ctx, t.After, p); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// --- cancelling -----------------------------------------------------------------

// Delivered cancels the pending promises about shipments that are now
// delivered, and stops their workflows. The customer is not written to:
// the delivered notice already told them, and a second message about a
// parcel they hold would only be noise.
func (s *Service) Delivered(ctx context.Context, ships []order.Shipment) error {
	var errs []error
	for _, sh := range ships {
		if sh.Cancelled() || order.ShipmentStage(sh) != order.StageDelivered {
			continue
		}
		ps, err := s.OrderPromises(ctx, sh.Shop, sh.OrderID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, p := range ps {
			if p.State != StatePending || p.ShipmentID != sh.ID {
				continue
			}
			if err := s.cancel(ctx, p, "delivered before the promised time", true); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// cancel settles p as cancelled and, with stop, stops its workflow (not
// from its own step).
func (s *Service) cancel(ctx context.Context, p Promise, why string, stop bool) error {
	now := s.Clock.Now()
	p.State, p.SettledAt, p.Outcome = StateCancelled, &now, why
	if err := s.put(ctx, p); err != nil {
		return err
	}
	if stop {
		if err := s.Scheduler.Stop(ctx, workflow.Promise, ExecutionName(p), "promise cancelled"); err != nil {
			return fmt.Errorf("stop promise %s: %w", p.ID, err)
		}
	}
	s.log().InfoContext(ctx, "promise cancelled", "shop", p.Shop, "order_id", p.OrderID, "promise", p.ID, "why", why)
	return nil
}
