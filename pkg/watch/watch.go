// Package watch is the delivery check. It reads only the shipments due for
// a check (the store's next-check index, a page at a time), finds the ones
// in trouble (late, stalled, failed, returned to sender, lost) and handles
// each problem once, whatever the retries: the customer hears from us first,
// then the merchant's policy decides (trace and wait, a replacement order, a
// refund, or a person). Customers' own reports (not received, damaged) go
// the same way through ReportProblem. Late guaranteed-service and lost
// parcels become carrier claims (package parcelaudit).
package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

// ClaimFor is how long a problem's idempotency claim is kept.
const ClaimFor = 400 * 24 * time.Hour

// retryIn is when a shipment whose check failed is tried again.
const retryIn = time.Hour

// Store is what the check needs.
type Store interface {
	DueShipments(ctx context.Context, now time.Time, limit int) ([]order.Shipment, error)
	SetNextCheck(ctx context.Context, shop, orderID, shipmentID string, next *time.Time) error
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}

// Checker runs the delivery check.
type Checker struct {
	Store    Store
	Notify   *notify.Notifier
	Resolver Resolver
	Claims   *parcelaudit.Book
	// Escalations, when set, opens handoffs through the escalation
	// workflow; else the watch writes the handoff records itself.
	Escalations Escalator
	// Executor runs the check's own writes that are proposals (a
	// replacement no longer needed, cancelled through the agent's
	// cancel_order tool: escalation.CommerceExecutor); nil: a person is
	// asked to do them.
	Executor escalation.Executor
	Policy   Policy
	// Conversations, when set, lets the check see a person owning the
	// customer's case: a conversation about the order in handover.
	Conversations Conversations
	// Policies, when set, gives the shop's merchant policy: its refund
	// limit (policy.Policy.Refund, the one limit chat and approvals use
	// too) replaces Policy.MaxAutoRefund.
	Policies Policies
	Rules    edd.Rules
	Clock    clock.Clock
	Log      *slog.Logger
	// PageSize is how many due shipments one read asks for (0: 500).
	PageSize int
	// Workers bounds the shipments checked at once (0: 8).
	Workers int
	// Resolved hears of each problem's action carried out (the metrics count refunds and replacements); nil: none.
	Resolved func(ctx context.Context, r Record)
}

// Conversations lists a customer's conversations (the store).
type Conversations interface {
	ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error)
}

// Policies gives a shop's merchant policy (settings.Service).
type Policies interface {
	Policy(ctx context.Context, shop string) (policy.Policy, error)
}

// Report says what one run did.
type Report struct {
	// Received counts the shipments the due-check reads returned.
	Received int `json:"received"`
	// Checked counts distinct shipments checked.
	Checked int `json:"checked"`
	// OrdersRead counts orders read (only when a shipment needed its order).
	OrdersRead int `json:"orders_read"`
	// Problems counts problems handled, by kind.
	Problems    map[Kind]int `json:"problems"`
	Notices     int          `json:"notices"`
	Rescheduled int          `json:"rescheduled"`
	Cleared     int          `json:"cleared"`
	Errors      int          `json:"errors"`
}

func (c *Checker) log() *slog.Logger {
	if c.Log == nil {
		return slog.Default()
	}
	return c.Log
}

// Run checks every shipment due at now, a page at a time, and returns what
// it did. A shipment whose check fails is logged, counted and tried again
// in an hour; Run itself fails only when the due shipments cannot be read.
func (c *Checker) Run(ctx context.Context, now time.Time) (Report, error) {
	page := c.PageSize
	if page <= 0 {
		page = 500
	}
	workers := c.Workers
	if workers <= 0 {
		workers = 8
	}
	rep := Report{Problems: map[Kind]int{}}
	var mu sync.Mutex
	seen := map[string]bool{}
	for {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		due, err := c.Store.DueShipments(ctx, now, page)
		if err != nil {
			return rep, fmt.Errorf("delivery check: %w", err)
		}
		rep.Received += len(due)
		var todo []order.Shipment
		for _, sh := range due {
			k := sh.Shop + "|" + sh.OrderID + "|" + sh.ID
			if !seen[k] {
				seen[k] = true
				todo = append(todo, sh)
			}
		}
		sem := make(chan struct{}, workers)
		var wg sync.WaitGroup
		for _, sh := range todo {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				var r Report
				r.Problems = map[Kind]int{}
				if err := c.checkOne(ctx, sh, now, &r); err != nil {
					r.Errors++
					c.log().ErrorContext(ctx, "delivery check", "shop", sh.Shop, "order_id", sh.OrderID, "shipment_id", sh.ID, "err", err)
					retry := now.Add(retryIn)
					if err := c.Store.SetNextCheck(ctx, sh.Shop, sh.OrderID, sh.ID, &retry); err != nil {
						c.log().ErrorContext(ctx, "delivery check reschedule", "shipment_id", sh.ID, "err", err)
					}
				}
				mu.Lock()
				rep.add(r)
				mu.Unlock()
			}()
		}
		wg.Wait()
		rep.Checked += len(todo)
		// A short page is the last; a page of only shipments seen already
		// means the index has not caught up with the reschedules.
		if len(due) < page || len(todo) == 0 {
			break
		}
	}
	if err := c.checkUnshipped(ctx, now, &rep); err != nil {
		rep.Errors++
		c.log().ErrorContext(ctx, "unshipped items check", "err", err)
	}
	c.log().InfoContext(ctx, "delivery check", "received", rep.Received, "checked", rep.Checked, "orders_read", rep.OrdersRead,
		"notices", rep.Notices, "errors", rep.Errors)
	return rep, nil
}

func (r *Report) add(o Report) {
	r.OrdersRead += o.OrdersRead
	r.Notices += o.Notices
	r.Rescheduled += o.Rescheduled
	r.Cleared += o.Cleared
	r.Errors += o.Errors
	for k, n := range o.Problems {
		r.Problems[k] += n
	}
}

// Tick runs the check at now (the local runner's OnTick signature).
func (c *Checker) Tick(ctx context.Context, now time.Time) error {
	_, err := c.Run(ctx, now)
	return err
}

// checkOne checks one due shipment and schedules its next check.
func (c *Checker) checkOne(ctx context.Context, sh order.Shipment, now time.Time, rep *Report) error {
	stage := order.ShipmentStage(sh)
	if sh.Cancelled() || stage == order.StageDelivered {
		rep.Cleared++
		return c.Store.SetNextCheck(ctx, sh.Shop, sh.OrderID, sh.ID, nil)
	}
	// The order is read only when it is needed: for an estimate without
	// the carrier's, or to handle a problem.
	var o *order.Order
	loadOrder := func() error {
		if o != nil {
			return nil
		}
		v, err := c.Store.GetOrder(ctx, sh.Shop, sh.OrderID)
		if err != nil {
			return fmt.Errorf("read order: %w", err)
		}
		rep.OrdersRead++
		for _, s := range v.Shipments {
			if s.ID == sh.ID {
				sh = s // the freshest copy
			}
		}
		o = &v
		return nil
	}
	if sh.EstimatedDelivery == nil {
		if err := loadOrder(); err != nil {
			return err
		}
	}
	est := c.estimate(sh, o)
	kinds := c.candidates(sh, est, now)
	var recs map[Kind]Record
	promised := false
	if len(kinds) > 0 {
		if err := loadOrder(); err != nil {
			return err
		}
		est = c.estimate(sh, o)
		kinds = c.candidates(sh, est, now)
		var err error
		if recs, promised, err = c.findings(ctx, sh); err != nil {
			return err
		}
		if promised {
			// The customer holds a follow-up promise for this parcel
			// (package promise): its time decides what happens about the
			// delay, so no late or trace notice crosses it.
			kinds = slices.DeleteFunc(kinds, func(k Kind) bool { return k == KindLate || k == KindStalled })
		}
	}
	if kind, ok := pick(kinds, recs); ok {
		rec, err := c.handle(ctx, *o, sh, kind, est, now, recs)
		if err != nil {
			return fmt.Errorf("handle %s: %w", kind, err)
		}
		if rec != nil {
			recs[kind] = *rec
			rep.Problems[kind]++
			if rec.NoticeSent && !rec.NoticeSkipped && rec.NoticeAt != nil && rec.NoticeAt.Equal(now) {
				rep.Notices++
			}
		}
	}
	next := c.nextCheck(sh, est, now, recs, promised)
	if next == nil {
		rep.Cleared++
	} else {
		rep.Rescheduled++
	}
	return c.Store.SetNextCheck(ctx, sh.Shop, sh.OrderID, sh.ID, next)
}

// estimate is the shipment's delivery estimate; without its order, from
// the carrier's estimate or the ship date alone.
func (c *Checker) estimate(sh order.Shipment, o *order.Order) edd.Estimate {
	if o != nil {
		return c.Rules.ForParcel(*o, &sh)
	}
	return c.Rules.Estimate(edd.Input{ShippedAt: sh.ShippedAt, Carrier: sh.Carrier, Service: sh.Service, CarrierEstimate: sh.EstimatedDelivery})
}

// lastScan is the time of the shipment's latest news.
func lastScan(sh order.Shipment) time.Time {
	for _, t := range []time.Time{sh.LastEventAt, deref(sh.ShippedAt), sh.CreatedAt, sh.UpdatedAt} {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// lateAt is when a parcel not yet delivered counts as late.
func (c *Checker) lateAt(est edd.Estimate) time.Time {
	if est.IsZero() {
		return time.Time{}
	}
	return c.Rules.Deadline(est).Add(c.Policy.days(c.Policy.GraceDays))
}

// candidates are the problems a shipment has at now, most severe first.
func (c *Checker) candidates(sh order.Shipment, est edd.Estimate, now time.Time) []Kind {
	var out []Kind
	switch sh.Status {
	case order.StatusReturnedToSender:
		return []Kind{KindReturned}
	case order.StatusFailure:
		out = append(out, KindFailure)
	}
	last := lastScan(sh)
	moving := order.ShipmentStage(sh) != order.StageLabelCreated
	if moving && !now.Before(c.quietUntil(last, c.Policy.LostDays)) {
		out = append(out, KindLost)
	}
	if at := c.lateAt(est); !at.IsZero() && now.After(at) {
		out = append(out, KindLate)
	}
	if !now.Before(c.quietUntil(last, c.Policy.StalledDays)) {
		out = append(out, KindStalled)
	}
	return out
}

// Stalled reports whether sh, not delivered, has had no carrier news for
// the policy's StalledDays carrier business days at now: the delivery
// check's own test, for those (the agent, a promise) that must judge a
// parcel the check stopped raising (a promise about it is pending).
func Stalled(rules edd.Rules, pol Policy, sh order.Shipment, now time.Time) bool {
	if sh.Cancelled() || pol.StalledDays < 1 || order.ShipmentStage(sh) == order.StageDelivered {
		return false
	}
	c := Checker{Rules: rules, Policy: pol}
	return !now.Before(c.quietUntil(lastScan(sh), pol.StalledDays))
}

// quietUntil is when a parcel last scanned at last has gone days carrier
// business days without news: the start of that day in the shop's zone.
func (c *Checker) quietUntil(last time.Time, days int) time.Time {
	return c.Rules.CarrierDays().AddBusinessDays(edd.DateOf(last, c.Rules.Location), days).Start(c.Rules.Location).UTC()
}

// pick is the first candidate not handled yet. Late and stalled are one
// delay: once either was handled, neither is raised again.
func pick(kinds []Kind, recs map[Kind]Record) (Kind, bool) {
	for _, k := range kinds {
		if r, ok := recs[k]; ok && r.NoticeSent {
			continue
		}
		if k == KindLate || k == KindStalled {
			if r, ok := recs[KindLate]; ok && r.NoticeSent {
				continue
			}
			if r, ok := recs[KindStalled]; ok && r.NoticeSent {
				continue
			}
		}
		return k, true
	}
	return "", false
}

// nextCheck is when the shipment is next due: the nearest threshold still
// ahead (late, stalled, lost), at least an hour and at most RecheckHours
// away; nil when nothing is left to watch for (delivered, cancelled,
// returned or lost handled, every threshold passed and handled). New
// carrier news schedules a check again.
func (c *Checker) nextCheck(sh order.Shipment, est edd.Estimate, now time.Time, recs map[Kind]Record, promised bool) *time.Time {
	handled := func(k Kind) bool { r, ok := recs[k]; return ok && r.NoticeSent }
	stage := order.ShipmentStage(sh)
	if sh.Cancelled() || stage == order.StageDelivered || handled(KindReturned) || handled(KindLost) {
		return nil
	}
	last := lastScan(sh)
	var ahead []time.Time
	pending := false
	watchFor := func(at time.Time) {
		if at.After(now) {
			ahead = append(ahead, at)
		} else {
			pending = true
		}
	}
	if !handled(KindLate) && !handled(KindStalled) && !promised {
		if at := c.lateAt(est); !at.IsZero() {
			watchFor(at.Add(time.Second))
		}
		watchFor(c.quietUntil(last, c.Policy.StalledDays))
	}
	if stage != order.StageLabelCreated {
		watchFor(c.quietUntil(last, c.Policy.LostDays))
	}
	if sh.Status == order.StatusFailure && !handled(KindFailure) {
		pending = true
	}
	if len(ahead) == 0 && !pending {
		return nil
	}
	next := now.Add(c.Policy.recheck())
	for _, t := range ahead {
		if t.Before(next) {
			next = t
		}
	}
	if earliest := now.Add(time.Hour); next.Before(earliest) {
		next = earliest
	}
	return &next
}

// records reads what was found about a shipment before.
func (c *Checker) records(ctx context.Context, sh order.Shipment) (map[Kind]Record, error) {
	recs, _, err := c.findings(ctx, sh)
	return recs, err
}

// promiseDoc is what the check reads of a follow-up promise (package
// promise's Promise, kept in this collection under
// "<shop>|<order>|promise:<id>").
type promiseDoc struct {
	ShipmentID string `json:"shipment_id"`
	State      string `json:"state"`
}

// findings reads, in one request, what was found about a shipment before
// and whether a follow-up promise about it is pending: the order's
// documents of the collection (its parcels' problems and its promises).
func (c *Checker) findings(ctx context.Context, sh order.Shipment) (map[Kind]Record, bool, error) {
	docs, err := c.Store.ListDocs(ctx, ProblemsCollection, sh.Shop+"|"+sh.OrderID+"|", "", 100)
	if err != nil {
		return nil, false, fmt.Errorf("read problems: %w", err)
	}
	out := map[Kind]Record{}
	promised := false
	mine := sh.Shop + "|" + sh.OrderID + "|" + sh.ID + "|"
	for _, d := range docs {
		if strings.Contains(d.ID, "|promise:") {
			var p promiseDoc
			if err := json.Unmarshal(d.Value, &p); err != nil {
				return nil, false, fmt.Errorf("decode promise %s: %w", d.ID, err)
			}
			promised = promised || (p.ShipmentID == sh.ID && p.State == "pending")
			continue
		}
		if !strings.HasPrefix(d.ID, mine) {
			continue
		}
		var r Record
		if err := json.Unmarshal(d.Value, &r); err != nil {
			return nil, false, fmt.Errorf("decode problem %s: %w", d.ID, err)
		}
		out[r.Kind] = r
	}
	return out, promised, nil
}

func (c *Checker) save(ctx context.Context, r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode problem: %w", err)
	}
	if err := c.Store.PutDoc(ctx, ProblemsCollection, recordID(r.Shop, r.OrderID, r.ShipmentID, r.Kind), b, time.Time{}); err != nil {
		return fmt.Errorf("save problem: %w", err)
	}
	return nil
}

// ProblemKey is the idempotency key of one problem of one parcel.
func ProblemKey(shop, orderID, shipmentID string, k Kind) string {
	return "problem:" + shop + ":" + orderID + ":" + shipmentID + ":" + string(k)
}

// handle resolves one problem once: claim it, carry out the policy's
// action (once: the record and the resolver's own claims remember), open a
// carrier claim where one is due, then tell the customer (once: the
// notice's claim). A failure releases the problem's claim so the next run
// carries on where this one stopped. It returns nil, nil when another run
// holds the problem.
func (c *Checker) handle(ctx context.Context, o order.Order, sh order.Shipment, kind Kind, est edd.Estimate, now time.Time, recs map[Kind]Record) (rec *Record, err error) {
	r, ok := recs[kind]
	if ok && r.NoticeSent {
		return &r, nil
	}
	key := ProblemKey(o.Shop, o.ID, sh.ID, kind)
	if err := c.Store.Claim(ctx, key, now.Add(ClaimFor)); errors.Is(err, store.ErrDuplicate) {
		if !ok {
			c.log().WarnContext(ctx, "problem claimed but not recorded: held by another run, or one that stopped", "key", key)
		}
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("claim problem: %w", err)
	}
	defer func() {
		if err != nil {
			if rerr := c.Store.Release(ctx, key); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
	}()
	if !ok {
		r = Record{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, ShipmentID: sh.ID, Kind: kind, DetectedAt: now,
			Estimate: notify.Range(est), Currency: o.Currency, Unscanned: beforeDelivery(kind) && neverScanned(sh)}
	}
	if err := c.openClaims(ctx, o, sh, kind, est); err != nil {
		return nil, err
	}
	if !r.Done {
		if err := c.resolve(ctx, o, sh, &r, recs); err != nil {
			return nil, err
		}
		r.Done = true
		if err := c.save(ctx, r); err != nil {
			return nil, err
		}
		if c.Resolved != nil {
			c.Resolved(ctx, r)
		}
	}
	if prev, ok := sameThread(r, recs); r.Action == ActionNone || ok {
		// An earlier problem of this parcel was already made good, or is
		// already being handled the same way (a trace opened, a person on
		// it): the customer heard about it then, and nothing has changed.
		r.NoticeSent, r.NoticeSkipped = true, true
		if ok && r.Detail == "" {
			r.Detail = prev.Detail
		}
		if ok && r.Action == ActionPerson {
			// A person owns the case, so the problem itself is not news;
			// a changed estimate is (the page and the chat show it).
			if err := c.estimateMoved(ctx, o, sh, &r, recs, est, now); err != nil {
				return nil, err
			}
		}
	} else {
		nt := c.notice(ctx, o, sh, r, est)
		if _, err := c.Notify.Deliver(ctx, nt); err != nil {
			return nil, err
		}
		r.NoticeSent = true
		t := now
		r.NoticeAt = &t
		if nt.Estimate != "" {
			given := c.Rules.At(est, now).Estimate
			r.Given = &given
		}
	}
	if err := c.save(ctx, r); err != nil {
		return nil, err
	}
	c.log().InfoContext(ctx, "delivery problem handled", "shop", o.Shop, "order_id", o.ID, "shipment_id", sh.ID, "kind", kind, "action", r.Action)
	return &r, nil
}

// estimateMoved tells the customer, in the parcel's problem thread, the
// delivery estimate of a delay found while a person owns the case (r, a
// late or stalled parcel, was folded into the thread the person's notice
// began, so the delay notice that carries the estimate was not sent): the
// page and the chat show that window, so the customer's mail says it too,
// once per window, with the one they were given before if it moved. The
// person on the case reads it in the handoff's note, so they do not
// contradict it. Nothing is said when the window is the one mailed last.
func (c *Checker) estimateMoved(ctx context.Context, o order.Order, sh order.Shipment, r *Record, recs map[Kind]Record, est edd.Estimate, now time.Time) error {
	if r.Kind != KindLate && r.Kind != KindStalled {
		return nil // only a delay's notice names an estimate
	}
	var given *edd.Estimate
	var givenAt time.Time
	for _, x := range recs {
		if x.ShipmentID == sh.ID && x.Given != nil && x.NoticeAt != nil && !x.NoticeAt.Before(givenAt) {
			given, givenAt = x.Given, *x.NoticeAt
		}
	}
	ol := c.Rules.At(est, now).Stalled(r.Kind == KindStalled)
	if ol.Estimate.IsZero() || (given != nil && ol.Estimate.From == given.From && ol.Estimate.To == given.To) {
		return nil
	}
	// The delay's own notice, as when nobody owns the case (its
	// situation, the estimate, and r.Detail: a person has it and nothing
	// was done automatically), keyed by the window so each is told once.
	nt := c.notice(ctx, o, sh, *r, est)
	nt.Key = notify.NoticeKey(o.Shop, o.ID, sh.ID, "estimate-"+ol.Estimate.From.String()+"-"+ol.Estimate.To.String())
	wasSMS := ""
	if given != nil {
		how := " instead of"
		switch {
		case ol.Estimate.To.After(given.To):
			how = ", later than"
		case ol.Estimate.To.Before(given.To):
			how = ", sooner than"
		}
		moved := fmt.Sprintf("The delivery estimate has changed: %s%s the %s we gave you before.", ol.Value(), how, notify.Range(*given))
		nt.Paragraphs = slices.Insert(nt.Paragraphs, min(2, len(nt.Paragraphs)), moved)
		wasSMS = " (was " + notify.Range(*given) + ")"
		nt.SMS = fmt.Sprintf("%s: a new delivery estimate for your order %s: %s%s.", c.Notify.Brands.Brand(ctx, o.Shop).Name(), o.Name, ol.Value(), wasSMS)
	}
	nt.SetEstimate(ol)
	if _, err := c.Notify.Deliver(ctx, nt); err != nil {
		return err
	}
	newest := ol.Estimate
	r.Given, r.NoticeAt = &newest, &now
	if r.HandoffID != "" {
		note := fmt.Sprintf("%s: the delivery estimate is now %s%s; the customer was mailed it.", now.In(c.loc()).Format("Mon, Jan 2"), ol.Value(), wasSMS)
		if err := c.noteHandoff(ctx, r.HandoffID, note); err != nil {
			return err
		}
	}
	return nil
}

// sameThread is the earlier problem of r's parcel whose notice already
// told the customer what r's action would tell them again: a trace opened
// (wait) or a person on it. One problem is one thread: the first notice,
// then a message only when something changes (a replacement, a refund, a
// person taking over).
func sameThread(r Record, recs map[Kind]Record) (Record, bool) {
	if r.Action != ActionWait && r.Action != ActionPerson {
		return Record{}, false
	}
	for _, prev := range recs {
		if prev.Kind != r.Kind && prev.NoticeSent && !prev.NoticeSkipped && prev.Action == r.Action {
			return prev, true
		}
	}
	return Record{}, false
}

// merchantPolicy is the shop's merchant policy: the one a customer's yes
// was checked under when the report carries it (policy.FromContext: the
// step they agreed to, even where this instance's settings cache is older),
// else the settings'; ok is false when there is neither.
func (c *Checker) merchantPolicy(ctx context.Context, shop string) (p policy.Policy, ok bool, err error) {
	if p, ok := policy.FromContext(ctx); ok {
		return p, true, nil
	}
	if c.Policies == nil {
		return policy.Policy{}, false, nil
	}
	if p, err = c.Policies.Policy(ctx, shop); err != nil {
		return policy.Policy{}, false, fmt.Errorf("merchant policy: %w", err)
	}
	return p, true, nil
}

// resolve carries out the policy's action for r, falling back to a person
// when the shop refuses, the outcome is unknown or a refund is too large.
func (c *Checker) resolve(ctx context.Context, o order.Order, sh order.Shipment, r *Record, recs map[Kind]Record) error {
	action := c.Policy.ActionFor(r.Kind)
	personWhy := "the policy asks for a person"
	if r.Kind == KindNotReceived {
		// The shop's settings choose the not-received step (console).
		pol, ok, err := c.merchantPolicy(ctx, o.Shop)
		if err != nil {
			return err
		}
		if ok {
			step, why := pol.NotReceivedAct(parcelValue(o, sh), o.Currency)
			action = map[string]Action{policy.NotReceivedTrace: ActionWait, policy.NotReceivedReplace: ActionReplace,
				policy.NotReceivedRefund: ActionRefund}[step]
			if action == "" {
				action, personWhy = ActionPerson, why
			}
		}
	}
	for _, prev := range recs {
		if prev.Kind != r.Kind && prev.Done && (prev.Action == ActionRefund || prev.Action == ActionReplace) {
			action = ActionNone
		}
	}
	rest := withoutParts(o, sh, recs) // part.go: units made good in parts stay settled
	if len(parcelItems(rest, sh)) == 0 && len(parcelItems(o, sh)) > 0 {
		action = ActionNone
	}
	if r.Kind == KindNotReceived && (action == ActionReplace || action == ActionRefund) {
		// Units of the parcel already made good elsewhere (a damage report
		// in some chat, a return, a refund): replacing or refunding the
		// whole parcel again could make them good twice; a person decides.
		if why := unitsMadeGood(o, sh); why != "" {
			action, personWhy = ActionPerson, why+", so nothing was done automatically"
		}
	}
	r.Action = action
	carrier := carrierName(sh)
	if action != ActionNone && beforeDelivery(r.Kind) {
		// Nothing automatic while a person owns the case: they decide.
		// (A customer's own report comes from a conversation the agent
		// answers, so none is owned by a person.)
		who, owned, err := c.personOwns(ctx, o, r.Kind)
		if err != nil {
			return err
		}
		if owned {
			reply, err := c.openHandoff(ctx, o, sh, r, who+", so nothing was done automatically")
			if err != nil {
				return err
			}
			r.Detail = "A member of our team is already looking after your order, so we've passed this to them rather than doing anything automatically. " + reply
			return nil
		}
	}
	if action != ActionNone && neverScanned(sh) {
		// A label the carrier never scanned: the carrier does not have the
		// parcel, so there is nothing to trace, claim or replace. The shop
		// has to hand it over (or say why it has not).
		if err := c.handOff(ctx, o, sh, r, fmt.Sprintf("the label was created on %s but %s has never scanned the parcel: hand it to the carrier, or tell the customer when it will ship",
			lastScan(sh).In(c.loc()).Format("Mon, Jan 2"), carrier)); err != nil {
			return err
		}
		r.Detail = fmt.Sprintf("There's nothing for %s to trace while the parcel is still with us, so we've asked our team to get it on its way. You'll get its tracking as soon as %s scans it.", carrier, carrier)
		return nil
	}
	switch action {
	case ActionNone:
		r.Detail = "nothing more: this parcel was already made good"
		return nil
	case ActionWait:
		r.Detail = fmt.Sprintf("We've opened a trace with %s and we're keeping a close eye on your parcel. We'll write again as soon as there's news.", carrier)
		if r.Kind == KindReturned || r.Kind == KindNotReceived || r.Kind == KindDamaged {
			return c.handOff(ctx, o, sh, r, "the policy says wait, but this problem needs a person")
		}
		return nil
	case ActionRefund:
		amount := policy.ParcelRefund(o, parcelValue(rest, sh)) // tax and shipping included
		limit := c.Policy.MaxAutoRefund
		if pol, ok, err := c.merchantPolicy(ctx, o.Shop); err != nil {
			return err
		} else if ok {
			limit = pol.RefundAutoLimit
		}
		switch {
		case amount <= 0:
			return c.handOff(ctx, o, sh, r, "nothing left to refund automatically")
		case amount > limit:
			return c.handOff(ctx, o, sh, r, fmt.Sprintf("a refund of %s is above the automatic limit of %s", money(amount, o.Currency), money(limit, o.Currency)))
		}
		res, err := c.Resolver.Refund(ctx, RefundRequest{Shop: o.Shop, OrderID: o.ID, Amount: amount, Currency: o.Currency,
			Lines: parcelLines(rest, sh), Note: fmt.Sprintf("doorstep: %s parcel %s", r.Kind, sh.TrackingNumber),
			IdempotencyKey: "refund:" + ProblemKey(o.Shop, o.ID, sh.ID, r.Kind)})
		switch {
		case err == nil, errors.Is(err, ErrAlreadyDone):
			r.RefundID, r.RefundAmount = res.ID, amount
			r.Detail = fmt.Sprintf("We've refunded %s to your original payment method; it can take 5 to 10 business days to show.", money(amount, o.Currency))
			return nil
		case errors.Is(err, ErrRejected), errors.Is(err, ErrUncertain):
			return c.handOff(ctx, o, sh, r, "the refund could not be made automatically: "+err.Error())
		}
		return fmt.Errorf("refund: %w", err)
	case ActionReplace:
		lines := replaceLines(rest, sh)
		if len(lines) == 0 {
			return c.handOff(ctx, o, sh, r, "no items to send again")
		}
		res, err := c.Resolver.Replace(ctx, ReplaceRequest{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, Email: o.Email,
			Customer: o.Customer, ShippingAddress: o.ShippingAddress, Currency: o.Currency, Lines: lines,
			Note:           fmt.Sprintf("Replacement for %s (%s parcel %s), sent by doorstep", o.Name, r.Kind, sh.TrackingNumber),
			IdempotencyKey: "replace:" + ProblemKey(o.Shop, o.ID, sh.ID, r.Kind)})
		switch {
		case err == nil, errors.Is(err, ErrAlreadyDone):
			r.ReplacementOrderID, r.ReplacementName = res.OrderID, res.Name
			r.Detail = "We're sending you a replacement at no cost"
			if res.Name != "" {
				r.Detail += " (order " + res.Name + ")"
			}
			r.Detail += "; you'll get its tracking as soon as it ships."
			return nil
		case errors.Is(err, ErrRejected), errors.Is(err, ErrUncertain):
			return c.handOff(ctx, o, sh, r, "the replacement could not be made automatically: "+err.Error())
		}
		return fmt.Errorf("replace: %w", err)
	}
	return c.handOff(ctx, o, sh, r, personWhy)
}

// neverScanned reports whether the shipment has a label the carrier has
// never scanned: the carrier has not received it.
func neverScanned(sh order.Shipment) bool {
	return order.ShipmentStage(sh) == order.StageLabelCreated
}

// personOwns reports whether a person owns the order's case: an open
// delivery handoff for one of its parcels, or a conversation about it in
// handover. who says which, for staff.
func (c *Checker) personOwns(ctx context.Context, o order.Order, kind Kind) (who string, owned bool, err error) {
	recs, err := OrderProblems(ctx, c.Store, o.Shop, o.ID)
	if err != nil {
		return "", false, err
	}
	for _, r := range recs {
		if r.HandoffID == "" || !r.Open() || r.Kind == kind {
			continue
		}
		b, err := c.Store.GetDoc(ctx, HandoffsCollection, r.HandoffID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return "", false, fmt.Errorf("read handoff: %w", err)
		}
		var h escalation.Handoff
		if err := json.Unmarshal(b, &h); err != nil {
			return "", false, fmt.Errorf("decode handoff %s: %w", r.HandoffID, err)
		}
		if h.Status == escalation.StatusOpen || h.Status == escalation.StatusResponded {
			return "a person is already on this order's delivery problem", true, nil
		}
	}
	email := order.NormaliseEmail(o.Email)
	if c.Conversations == nil || email == "" {
		return "", false, nil
	}
	cvs, err := c.Conversations.ConversationsByEmail(ctx, o.Shop, email, 20)
	if err != nil {
		return "", false, fmt.Errorf("customer conversations: %w", err)
	}
	for _, cv := range cvs {
		if cv.Status == conversation.StatusHandover && (cv.CurrentOrder == o.Name || slices.Contains(cv.Orders, o.Name)) {
			return "the customer is talking with a person about this order", true, nil
		}
	}
	return "", false, nil
}

// handOff opens a handoff to a person (once) and says so in r. A delivery
// problem has no conversation: the customer is reached by email.
func (c *Checker) handOff(ctx context.Context, o order.Order, sh order.Shipment, r *Record, reason string) error {
	reply, err := c.openHandoff(ctx, o, sh, r, reason)
	if err != nil {
		return err
	}
	r.Detail = "A member of our team is looking into it. " + reply
	return nil
}

// replyWithin says when the customer hears from the person on handoff h:
// within the time left to its deadline (the shop's SLA, ESCALATION_SLA),
// or, once that has passed, an apology and no time it might miss again.
func replyWithin(h escalation.Handoff, now time.Time) string {
	left := h.SLADue.Sub(now)
	switch {
	case h.SLADue.IsZero():
		return "They'll get back to you as soon as they can."
	case left <= 0:
		return "We're sorry it's taking longer than it should: they'll get back to you as soon as they can."
	}
	hours := int((left + time.Hour - 1) / time.Hour)
	switch {
	case hours <= 1:
		return "They'll get back to you within the hour."
	case hours < 48:
		return fmt.Sprintf("They'll get back to you within %d hours.", hours)
	}
	return fmt.Sprintf("They'll get back to you within %d days.", (hours+23)/24)
}

// openHandoff opens a handoff to a person (once), or joins the order's
// open one, records it in r, and says when the customer will hear back.
func (c *Checker) openHandoff(ctx context.Context, o order.Order, sh order.Shipment, r *Record, reason string) (reply string, err error) {
	// One handoff per order's delivery case: a later problem of the order
	// is added to an open one (package escalation, Request.Case).
	carrier := carrierName(sh)
	req := escalation.Request{Shop: o.Shop, Kind: escalation.KindHandoff, CustomerEmail: order.NormaliseEmail(o.Email), Order: o.Name,
		OrderID: o.ID, Reason: reason, Key: HandoffID(o.Shop, o.ID, sh.ID, r.Kind), Case: DeliveryCase(o.ID),
		Problem: problemWords(r.Kind), ToDo: toDo(r.Kind, carrier, neverScanned(sh)), Thread: notify.ThreadKey(o.Shop, o.ID, sh.ID),
		Parcel: &escalation.Parcel{Carrier: carrier, Tracking: sh.TrackingNumber, TrackingURL: sh.TrackingURL}}
	var id string
	var opened escalation.Handoff
	if c.Escalations != nil {
		h, err := c.Escalations.Open(ctx, req)
		if err != nil {
			return "", fmt.Errorf("open handoff: %w", err)
		}
		id, opened = h.ID, h
	} else {
		now := c.Clock.Now()
		h := escalation.Handoff{ID: escalation.HandoffID(req), Shop: req.Shop, Kind: req.Kind, Status: escalation.StatusOpen,
			CustomerEmail: req.CustomerEmail, Order: req.Order, Reason: req.Reason, OpenedAt: now, SLADue: now.Add(HandoffSLA),
			OrderID: req.OrderID, Problem: req.Problem, Parcel: req.Parcel, ToDo: req.ToDo, Thread: req.Thread}
		b, err := json.Marshal(h)
		if err != nil {
			return "", fmt.Errorf("encode handoff: %w", err)
		}
		err = c.Store.CreateDoc(ctx, HandoffsCollection, h.ID, b, time.Time{})
		switch {
		case errors.Is(err, store.ErrConflict):
			// Opened before (a retry): its deadline is the one that stands.
			if b, err := c.Store.GetDoc(ctx, HandoffsCollection, h.ID); err == nil {
				_ = json.Unmarshal(b, &h)
			}
		case err != nil:
			return "", fmt.Errorf("record handoff: %w", err)
		}
		id, opened = h.ID, h
	}
	r.Action, r.HandoffID = ActionPerson, id
	return replyWithin(opened, c.Clock.Now()), nil
}

// DeliveryCase is the escalation case (escalation.Request.Case) of an
// order's delivery problems: one handoff for all of them.
func DeliveryCase(orderID string) string { return escalation.DeliveryCase(orderID) }

// problemWords names a problem for staff.
func problemWords(k Kind) string {
	switch k {
	case KindLate:
		return "late parcel"
	case KindStalled:
		return "parcel not moving"
	case KindFailure:
		return "failed delivery"
	case KindReturned:
		return "parcel returned to sender"
	case KindLost:
		return "lost parcel"
	case KindNotReceived:
		return "delivered but not received"
	case KindDamaged:
		return "damaged parcel"
	}
	return strings.ReplaceAll(string(k), "_", " ")
}

// toDo is what the person on a delivery handoff should do, in plain words.
func toDo(k Kind, carrier string, unscanned bool) string {
	if unscanned {
		return fmt.Sprintf("hand the parcel to %s, or write to the customer with the day it will ship.", carrier)
	}
	switch k {
	case KindLate, KindStalled:
		return fmt.Sprintf("check the parcel with %s; if it is stuck, ask them to trace it. Write to the customer with what you learn.", carrier)
	case KindFailure:
		return fmt.Sprintf("ask %s why it could not be delivered (address, nobody in), arrange redelivery or pickup, and write to the customer.", carrier)
	case KindReturned:
		return "the parcel is on its way back to you: write to the customer, then send it again once it arrives, or refund."
	case KindLost:
		return fmt.Sprintf("ask %s to trace it or file a claim, send a replacement or refund, and write to the customer.", carrier)
	case KindNotReceived:
		return fmt.Sprintf("check %s's proof of delivery, then replace or refund, and write to the customer.", carrier)
	case KindDamaged:
		return "look at what the customer sent, then replace or refund, and write to the customer."
	}
	return "look into it, write to the customer, and resolve the handoff with a note."
}

// openClaims records the carrier claim a problem calls for: a lost parcel,
// or a late one on a guaranteed service.
func (c *Checker) openClaims(ctx context.Context, o order.Order, sh order.Shipment, kind Kind, est edd.Estimate) error {
	if c.Claims == nil || neverScanned(sh) {
		return nil
	}
	var reason string
	switch {
	case kind == KindLost:
		reason = parcelaudit.ReasonLost
	case (kind == KindLate || kind == KindStalled) && !est.GuaranteedBy.IsZero() && c.Clock.Now().After(est.GuaranteedBy.End(c.Rules.Location)):
		reason = parcelaudit.ReasonLateGuaranteed
	default:
		return nil
	}
	return c.openClaim(ctx, o, sh, reason, est)
}

func (c *Checker) openClaim(ctx context.Context, o order.Order, sh order.Shipment, reason string, est edd.Estimate) error {
	events, err := tracking.History(ctx, c.Store, o.Shop, o.ID, sh.ID)
	if err != nil {
		return err
	}
	cl := parcelaudit.Evidence(o, sh, reason, events)
	cl.Guaranteed = !est.GuaranteedBy.IsZero()
	if cl.Guaranteed {
		cl.PromisedBy = est.GuaranteedBy.String()
	} else {
		cl.PromisedBy = est.To.String()
	}
	if _, err := c.Claims.Open(ctx, cl); err != nil {
		return err
	}
	return nil
}

// ShipmentUpdated audits a parcel when news of it arrives (tracking's
// Updated hook): a delivery after a guaranteed date opens a claim, and a
// claim already open gets the delivery time. A failure is returned, for a
// retry (claims are keyed by shipment and reason).
func (c *Checker) ShipmentUpdated(ctx context.Context, sh order.Shipment) error {
	if err := c.shipmentUpdated(ctx, sh); err != nil {
		return fmt.Errorf("parcel audit of shipment %s: %w", sh.ID, err)
	}
	return nil
}

func (c *Checker) shipmentUpdated(ctx context.Context, sh order.Shipment) error {
	switch order.ShipmentStage(sh) {
	case order.StageInTransit, order.StageOutForDelivery:
		if err := c.pickedUp(ctx, sh); err != nil {
			return fmt.Errorf("picked up: %w", err)
		}
		return nil
	}
	if sh.DeliveredAt == nil || order.ShipmentStage(sh) != order.StageDelivered {
		return nil
	}
	if err := c.deliveredAfterAll(ctx, sh); err != nil {
		return fmt.Errorf("delivered after all: %w", err)
	}
	if c.Claims == nil {
		return nil
	}
	events, err := tracking.History(ctx, c.Store, sh.Shop, sh.OrderID, sh.ID)
	if err != nil {
		return err
	}
	for _, reason := range []string{parcelaudit.ReasonLost, parcelaudit.ReasonLateGuaranteed} {
		if err := c.Claims.Delivered(ctx, sh.Shop, sh.OrderID, sh.ID, reason, *sh.DeliveredAt, events); err != nil {
			return err
		}
	}
	day := sh.DeliveredAt.In(c.loc()).Format("Mon, Jan 2")
	if err := c.Claims.Withdraw(ctx, sh.Shop, sh.OrderID, sh.ID, parcelaudit.ReasonLost,
		"delivered on "+day+" after it was declared lost"); err != nil {
		return err
	}
	if !c.Rules.Match(sh.Carrier, sh.Service, "", "").Guaranteed {
		// Guarantees are by service; a region rule might still make one,
		// so only a guaranteed service (to anywhere) is worth the read.
		return nil
	}
	o, err := c.Store.GetOrder(ctx, sh.Shop, sh.OrderID)
	if err != nil {
		return fmt.Errorf("read order: %w", err)
	}
	est := c.estimate(sh, &o)
	if est.GuaranteedBy.IsZero() || !sh.DeliveredAt.After(est.GuaranteedBy.End(c.Rules.Location)) {
		return nil
	}
	return c.openClaim(ctx, o, sh, parcelaudit.ReasonLateGuaranteed, est)
}

// beforeDelivery reports whether k is a problem of a parcel on its way
// (not one the customer reports after delivery).
func beforeDelivery(k Kind) bool { return k != KindNotReceived && k != KindDamaged }

// deliveredAfterAll closes the open problems of a parcel that was
// delivered after all: what had not run yet never will (withdrawn), the
// customer gets one message in the problem's thread (instead of the plain
// "delivered" mail) saying so and what became of what was done, and the
// records say how the problem ended, for the chat and the console. A
// retry after a failure sends nothing twice (the notice's key).
func (c *Checker) deliveredAfterAll(ctx context.Context, sh order.Shipment) error {
	recs, err := c.records(ctx, sh)
	if err != nil {
		return err
	}
	var open []Record
	told := false
	for _, r := range recs {
		if beforeDelivery(r.Kind) && r.Open() {
			open = append(open, r)
			told = told || (r.NoticeSent && !r.NoticeSkipped)
		}
	}
	if len(open) == 0 {
		return nil
	}
	sortRecords(open)
	o, err := c.Store.GetOrder(ctx, sh.Shop, sh.OrderID)
	if err != nil {
		return fmt.Errorf("read order: %w", err)
	}
	now := c.Clock.Now()
	day := sh.DeliveredAt.In(c.loc()).Format("Mon, Jan 2")
	carrier := carrierName(sh)
	var made []string // what was done that stands, or was undone
	outcomes := map[Kind]string{}
	transactional := false
	for _, r := range open {
		switch {
		case !r.Done:
		case r.Action == ActionReplace:
			text, outcome := c.replacementAfterAll(ctx, o, sh, r)
			made = append(made, text)
			outcomes[r.Kind] = outcome
			transactional = true
		case r.Action == ActionRefund && r.RefundAmount > 0:
			made = append(made, fmt.Sprintf("The refund of %s we made stands: there's nothing you need to do.", money(r.RefundAmount, r.Currency)))
			transactional = true
		}
	}
	rest := "We've closed the case: nobody needs to chase it any more."
	if len(made) > 0 {
		rest = strings.Join(slices.Compact(made), " ")
	}
	closing := fmt.Sprintf("%s delivered your order %s on %s after all. %s", carrier, o.Name, day, rest)
	if told {
		nt := notify.Notice{Kind: notify.KindDelivered, Order: o, Shipment: &sh,
			Key:           notify.NoticeKey(o.Shop, o.ID, sh.ID, string(notify.KindDelivered)),
			Thread:        notify.ThreadKey(o.Shop, o.ID, sh.ID),
			Transactional: transactional,
			Subject:       fmt.Sprintf("Your order %s was delivered after all", o.Name),
			Heading:       "Delivered after all",
			Paragraphs: []string{notify.Greeting(o),
				fmt.Sprintf("Good news: %s delivered your order %s on %s after all. We're sorry for the worry.", carrier, o.Name, day),
				rest,
				"If it isn't there or something's wrong with it, just reply to this email and we'll sort it out."},
			SMS: fmt.Sprintf("%s: good news, your order %s was delivered after all.", c.Notify.Brands.Brand(ctx, o.Shop).Name(), o.Name),
		}
		if _, err := c.Notify.Deliver(ctx, nt); err != nil {
			return err
		}
	}
	handoffs := map[string]bool{}
	for _, r := range open {
		r.ClosedAt = &now
		r.ClosedReason = "delivered after all on " + day
		if x := outcomes[r.Kind]; x != "" {
			r.ClosedReason += "; " + x
		}
		if !r.Done {
			// Not run yet, and now never: the parcel arrived.
			r.Done, r.Withdrawn = true, true
			r.ClosedReason += "; the " + string(r.Action) + " was withdrawn before it ran"
		}
		r.Detail = closing
		if err := c.save(ctx, r); err != nil {
			return err
		}
		if r.HandoffID != "" {
			handoffs[r.HandoffID] = true
		}
	}
	// A handoff still holding another open problem of the order (a parcel
	// of its own) stays open with a note; one that was only about this
	// parcel closes, and a customer waiting in its conversations hears why.
	if err := c.endHandoffs(ctx, o, handoffs, "Delivered after all on "+day+": nothing more is needed for this parcel.", closing); err != nil {
		return err
	}
	c.log().InfoContext(ctx, "delivered after all", "shop", o.Shop, "order_id", o.ID, "shipment_id", sh.ID, "problems", len(open))
	return nil
}

// pickedUp ends the problems found on a label the carrier had never
// scanned, now that it has: the customer, told before, gets one message in
// the problem's thread saying it is on its way, with its tracking and the
// estimate counted from the scan (said to be sooner or later than the one
// they were given, when it moved); the records close, so no channel says
// it is still with us; the handoff asking staff to hand it over is
// resolved. A retry sends nothing twice (the notice's key).
func (c *Checker) pickedUp(ctx context.Context, sh order.Shipment) error {
	recs, err := c.records(ctx, sh)
	if err != nil {
		return err
	}
	var open []Record
	told := false
	var given *edd.Estimate
	for _, r := range recs {
		if r.Unscanned && r.Open() && beforeDelivery(r.Kind) {
			open = append(open, r)
			told = told || (r.NoticeSent && !r.NoticeSkipped)
			if r.Given != nil {
				given = r.Given
			}
		}
	}
	if len(open) == 0 {
		return nil
	}
	sortRecords(open)
	o, err := c.Store.GetOrder(ctx, sh.Shop, sh.OrderID)
	if err != nil {
		return fmt.Errorf("read order: %w", err)
	}
	for _, s := range o.Shipments {
		if s.ID == sh.ID && s.ShippedAt != nil {
			sh.ShippedAt = s.ShippedAt // the stored ship date: the first scan
		}
	}
	now := c.Clock.Now()
	scanned := sh.LastEventAt
	if sh.ShippedAt != nil {
		scanned = *sh.ShippedAt
	}
	day := scanned.In(c.loc()).Format("Mon, Jan 2")
	carrier := carrierName(sh)
	ol := c.Rules.At(c.estimate(sh, &o), now)
	closing := fmt.Sprintf("%s scanned your order %s on %s: it's on its way now.", carrier, o.Name, day)
	// The window moved when either end did: the message says so and names
	// the new window (the one every channel shows, edd.Outlook.Value) and
	// the one given before, in the mail, the text and the closed record the
	// chat reads.
	moved, movedSMS := "", ""
	if given != nil && !ol.Estimate.IsZero() && (ol.Estimate.To != given.To || ol.Estimate.From != given.From) {
		how := ""
		switch {
		case ol.Estimate.To.After(given.To):
			how = ", later than"
		case ol.Estimate.To.Before(given.To):
			how = ", sooner than"
		default:
			how = " instead of"
		}
		moved = fmt.Sprintf("The estimate has changed: counting from that scan, it should reach you %s%s the %s we gave you before.", ol.Value(), how, notify.Range(*given))
		movedSMS = fmt.Sprintf(" Estimate changed: now %s (was %s).", ol.Value(), notify.Range(*given))
	}
	if told {
		nt := notify.Notice{Kind: notify.KindShipped, Order: o, Shipment: &sh,
			Key:     notify.NoticeKey(o.Shop, o.ID, sh.ID, "picked_up"),
			Thread:  notify.ThreadKey(o.Shop, o.ID, sh.ID),
			Subject: fmt.Sprintf("Your order %s is on its way", o.Name),
			Heading: "On its way now",
			Paragraphs: slices.DeleteFunc([]string{notify.Greeting(o),
				fmt.Sprintf("Good news: %s scanned your order %s on %s, so it's on its way now. Thanks for your patience.", carrier, o.Name, day),
				moved,
				"You can follow it with the tracking below. If anything else comes up, just reply to this email."}, func(s string) bool { return s == "" }),
			SMS: fmt.Sprintf("%s: your order %s is on its way now with %s.%s", c.Notify.Brands.Brand(ctx, o.Shop).Name(), o.Name, carrier, movedSMS),
		}
		nt.SetEstimate(ol)
		if _, err := c.Notify.Deliver(ctx, nt); err != nil {
			return err
		}
	}
	detail := closing
	if moved != "" {
		detail += " " + moved
	}
	handoffs := map[string]bool{}
	for _, r := range open {
		r.ClosedAt = &now
		r.ClosedReason = carrier + " scanned it on " + day
		r.Detail = detail
		if err := c.save(ctx, r); err != nil {
			return err
		}
		if r.HandoffID != "" {
			handoffs[r.HandoffID] = true
		}
	}
	// A handoff still holding another open problem of the order stays open
	// with a note; one that was only about this label is resolved.
	note := fmt.Sprintf("%s scanned the parcel (%s) on %s: it is on its way, and the customer was told.", carrier, sh.TrackingNumber, day)
	if err := c.endHandoffs(ctx, o, handoffs, note, detail); err != nil {
		return err
	}
	c.log().InfoContext(ctx, "unscanned label picked up", "shop", o.Shop, "order_id", o.ID, "shipment_id", sh.ID, "problems", len(open))
	return nil
}

// endHandoffs ends the handoffs of problems of order o that just closed:
// each still holding another open problem of the order stays open with
// note; the others are resolved, their waiting customers told told
// (endHandoff).
func (c *Checker) endHandoffs(ctx context.Context, o order.Order, handoffs map[string]bool, note, told string) error {
	if len(handoffs) == 0 {
		return nil
	}
	all, err := OrderProblems(ctx, c.Store, o.Shop, o.ID)
	if err != nil {
		return err
	}
	busy := map[string]bool{}
	for _, r := range all {
		if r.HandoffID != "" && r.Open() {
			busy[r.HandoffID] = true
		}
	}
	for id := range handoffs {
		if err := c.endHandoff(ctx, id, note, told, !busy[id]); err != nil {
			return err
		}
	}
	return nil
}

// handoffEnder closes a handoff whose problem is over, telling its
// conversations (escalation.Service).
type handoffEnder interface {
	Ended(ctx context.Context, id, note, told string) error
}

// endHandoff notes on a delivery handoff that its problem is over and,
// when resolve, closes it: through the escalation workflow when it opened
// it (its timers stop, and a customer waiting in its conversations is told
// told), else in the record.
func (c *Checker) endHandoff(ctx context.Context, id, note, told string, resolve bool) error {
	if !resolve {
		return c.noteHandoff(ctx, id, note)
	}
	if rs, ok := c.Escalations.(handoffEnder); ok {
		err := rs.Ended(ctx, id, note, told)
		if err == nil || errors.Is(err, escalation.ErrClosed) || errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return fmt.Errorf("resolve handoff %s: %w", id, err)
	}
	if err := c.noteHandoff(ctx, id, note); err != nil {
		return err
	}
	b, err := c.Store.GetDoc(ctx, HandoffsCollection, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read handoff: %w", err)
	}
	var h escalation.Handoff
	if err := json.Unmarshal(b, &h); err != nil {
		return fmt.Errorf("decode handoff %s: %w", id, err)
	}
	if h.Status != escalation.StatusOpen && h.Status != escalation.StatusResponded {
		return nil
	}
	now := c.Clock.Now()
	h.Status, h.ClosedAt = escalation.StatusResolved, &now
	if b, err = json.Marshal(h); err != nil {
		return fmt.Errorf("encode handoff: %w", err)
	}
	if err := c.Store.PutDoc(ctx, HandoffsCollection, id, b, time.Time{}); err != nil {
		return fmt.Errorf("resolve handoff %s: %w", id, err)
	}
	return nil
}

// noteHandoff tells the person on a delivery handoff that it is over, in
// its note (the queue shows it); a handoff already closed is left alone.
func (c *Checker) noteHandoff(ctx context.Context, id, note string) error {
	b, err := c.Store.GetDoc(ctx, HandoffsCollection, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read handoff: %w", err)
	}
	var h escalation.Handoff
	if err := json.Unmarshal(b, &h); err != nil {
		return fmt.Errorf("decode handoff %s: %w", id, err)
	}
	if (h.Status != escalation.StatusOpen && h.Status != escalation.StatusResponded) || strings.Contains(h.Note, note) {
		return nil
	}
	h.Note = strings.TrimSpace(h.Note + "\n" + note)
	if b, err = json.Marshal(h); err != nil {
		return fmt.Errorf("encode handoff: %w", err)
	}
	if err := c.Store.PutDoc(ctx, HandoffsCollection, id, b, time.Time{}); err != nil {
		return fmt.Errorf("note handoff %s: %w", id, err)
	}
	return nil
}

// ReportProblem handles a problem the customer reported in chat or email
// ("not_received": delivered but not there; "damaged"), for the order's
// most recently delivered parcel, exactly like one the check found: a
// notice, then the policy's action, once. It returns what was done; asked
// again, it returns the same record and does nothing more.
func (c *Checker) ReportProblem(ctx context.Context, shop, orderID string, kind Kind) (Record, error) {
	if kind != KindNotReceived && kind != KindDamaged {
		return Record{}, fmt.Errorf("report problem: kind %q: want not_received or damaged", kind)
	}
	o, err := c.Store.GetOrder(ctx, shop, orderID)
	if err != nil {
		return Record{}, fmt.Errorf("report problem: %w", err)
	}
	var sh *order.Shipment
	for i := range o.Shipments {
		s := &o.Shipments[i]
		if s.Cancelled() || order.ShipmentStage(*s) != order.StageDelivered {
			continue
		}
		if sh == nil || deliveredAt(*s).After(deliveredAt(*sh)) {
			sh = s
		}
	}
	if sh == nil {
		return Record{}, ErrNotDelivered
	}
	recs, err := c.records(ctx, *sh)
	if err != nil {
		return Record{}, err
	}
	now := c.Clock.Now()
	rec, err := c.handle(ctx, o, *sh, kind, c.estimate(*sh, &o), now, recs)
	if err != nil {
		return Record{}, fmt.Errorf("report problem: %w", err)
	}
	if rec == nil {
		return Record{}, errors.New("report problem: being handled right now; ask again in a moment")
	}
	return *rec, nil
}

func deliveredAt(s order.Shipment) time.Time {
	if s.DeliveredAt != nil {
		return *s.DeliveredAt
	}
	return s.LastEventAt
}

// parcelValue is what the parcel's items cost.
func parcelValue(o order.Order, sh order.Shipment) order.Money {
	var v order.Money
	for _, li := range parcelItems(o, sh) {
		v += li.Price * order.Money(li.Quantity)
	}
	return v
}

// parcelItems are the order's line items in the shipment (all of them when
// the shipment lists none).
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

// unitsMadeGood names what was done before about the items of parcel sh:
// returns (a kept item made good counts as one) and refunds of its lines;
// "" when none.
func unitsMadeGood(o order.Order, sh order.Shipment) string {
	title := map[string]string{}
	for _, li := range parcelItems(o, sh) {
		title[li.ID] = li.Title
	}
	var done []string
	for _, rt := range o.Returns {
		if rt.Status == "declined" || rt.Status == "cancelled" {
			continue
		}
		for _, l := range rt.Lines {
			if t, ok := title[l.LineItemID]; ok && l.Quantity > 0 {
				what := "a return"
				if rt.Status == order.ReturnKept {
					what = "a kept item made good"
				}
				done = append(done, fmt.Sprintf("%d × %s already resolved (%s, %s)", l.Quantity, t, what, rt.ID))
			}
		}
	}
	for _, rf := range o.Refunds {
		for _, id := range rf.LineItems {
			if t, ok := title[id]; ok {
				done = append(done, fmt.Sprintf("%s already refunded (refund %s, %s)", t, rf.ID, money(rf.Amount, o.Currency)))
			}
		}
	}
	return strings.Join(done, "; ")
}

func parcelLines(o order.Order, sh order.Shipment) []order.ReturnLine {
	var out []order.ReturnLine
	for _, li := range parcelItems(o, sh) {
		out = append(out, order.ReturnLine{LineItemID: li.ID, Quantity: li.Quantity})
	}
	return out
}

func replaceLines(o order.Order, sh order.Shipment) []ReplaceLine {
	var out []ReplaceLine
	for _, li := range parcelItems(o, sh) {
		if li.Quantity <= 0 {
			continue
		}
		out = append(out, ReplaceLine{LineItemID: li.ID, ProductID: li.ProductID, VariantID: li.VariantID, SKU: li.SKU,
			Title: li.Title, Quantity: li.Quantity, Price: li.Price})
	}
	return out
}

func carrierName(sh order.Shipment) string {
	if sh.Carrier != "" {
		return sh.Carrier
	}
	return "the carrier"
}

// notice is the message telling the customer about a problem and what was
// done.
func (c *Checker) notice(ctx context.Context, o order.Order, sh order.Shipment, r Record, est edd.Estimate) notify.Notice {
	carrier := carrierName(sh)
	shop := c.Notify.Brands.Brand(ctx, o.Shop).Name()
	last := "a while"
	if t := lastScan(sh); !t.IsZero() {
		last = t.In(c.loc()).Format("Mon, Jan 2")
	}
	nt := notify.Notice{
		Kind: notify.Kind(r.Kind), Order: o, Shipment: &sh,
		Key:           notify.NoticeKey(o.Shop, o.ID, sh.ID, string(r.Kind)),
		Transactional: r.Action == ActionRefund || r.Action == ActionReplace,
	}
	if beforeDelivery(r.Kind) {
		// A parcel's troubles on its way are one thread; a customer's
		// report after delivery starts its own.
		nt.Thread = notify.ThreadKey(o.Shop, o.ID, sh.ID)
	}
	// The day it was due is the one the estimate below names ("was due
	// by"): the window last shown, once the first was replaced.
	// A stalled parcel's estimate is never "today": from its last day
	// on it has passed.
	ol := c.Rules.At(est, c.Clock.Now()).Stalled(r.Kind == KindStalled)
	due := est.To
	if ol.Rolled() {
		due = ol.Promise.To
	}
	var situation string
	switch r.Kind {
	case KindLate, KindStalled:
		// One delayed notice per parcel, whichever came first.
		nt.Kind, nt.Key = notify.KindDelayed, notify.NoticeKey(o.Shop, o.ID, sh.ID, string(notify.KindDelayed))
		switch {
		case r.Kind == KindLate && !est.IsZero() && order.ShipmentStage(sh) == order.StageLabelCreated:
			nt.Subject = fmt.Sprintf("Your order %s is running late", o.Name)
			situation = fmt.Sprintf("Your order %s was due by %s, and %s hasn't picked it up from us yet. We're sorry: we noticed, so you don't have to chase it.", o.Name, notify.Day(due), carrier)
		case r.Kind == KindLate && !est.IsZero():
			nt.Subject = fmt.Sprintf("Your order %s is running late", o.Name)
			situation = fmt.Sprintf("Your order %s was due by %s and %s hasn't delivered it yet. We're sorry: we noticed, so you don't have to chase it.", o.Name, notify.Day(due), carrier)
		case neverScanned(sh):
			nt.Subject = fmt.Sprintf("An update on your order %s", o.Name)
			situation = fmt.Sprintf("We created the shipping label for your order %s on %s, but %s hasn't picked the parcel up from us yet. We're sorry for the wait: we noticed, so you don't have to chase it.", o.Name, last, carrier)
		default:
			nt.Subject = fmt.Sprintf("An update on your order %s", o.Name)
			situation = fmt.Sprintf("%s hasn't updated the tracking of your order %s since %s. We're sorry for the wait: we noticed, so you don't have to chase it.", carrier, o.Name, last)
		}
		nt.Heading = "Your parcel is delayed"
		// The text says what the email says: late only when it is late.
		switch {
		case r.Kind == KindLate && !est.IsZero():
			nt.SMS = fmt.Sprintf("%s: your order %s is running late. We've emailed you what we're doing about it.", shop, o.Name)
		case neverScanned(sh):
			nt.SMS = fmt.Sprintf("%s: an update on your order %s: %s hasn't picked it up from us yet. We've emailed you what we're doing about it.", shop, o.Name, carrier)
		default:
			nt.SMS = fmt.Sprintf("%s: an update on your order %s: %s's tracking hasn't moved since %s. We've emailed you what we're doing about it.", shop, o.Name, carrier, last)
		}
	case KindLost:
		nt.Subject = fmt.Sprintf("Your order %s seems to be lost: here's what we're doing", o.Name)
		nt.Heading = "We think your parcel is lost"
		situation = fmt.Sprintf("%s hasn't scanned your order %s since %s, so we're treating it as lost. We're sorry.", carrier, o.Name, last)
		nt.SMS = fmt.Sprintf("%s: your order %s seems to be lost in transit. We've emailed you what we're doing about it.", shop, o.Name)
	case KindFailure:
		nt.Subject = fmt.Sprintf("A delivery problem with your order %s", o.Name)
		nt.Heading = "There's a problem with your delivery"
		situation = fmt.Sprintf("%s reported a problem delivering your order %s. We're sorry.", carrier, o.Name)
		nt.SMS = fmt.Sprintf("%s: %s reported a problem delivering your order %s. Check your email for details.", shop, carrier, o.Name)
	case KindReturned:
		nt.Subject = fmt.Sprintf("Your order %s is on its way back to us", o.Name)
		nt.Heading = "Your parcel is coming back to us"
		situation = fmt.Sprintf("%s is returning your order %s to us instead of delivering it. We're sorry.", carrier, o.Name)
	case KindNotReceived:
		nt.Subject = fmt.Sprintf("About your order %s", o.Name)
		nt.Heading = "Sorry your parcel isn't there"
		situation = fmt.Sprintf("Thanks for telling us your order %s didn't reach you, although %s marked it delivered. Sometimes a parcel turns up with a neighbour or in a safe place a day later.", o.Name, carrier)
	case KindDamaged:
		nt.Subject = fmt.Sprintf("About the damaged item in your order %s", o.Name)
		nt.Heading = "Sorry it arrived damaged"
		situation = fmt.Sprintf("We're sorry something in your order %s arrived damaged. Thanks for letting us know.", o.Name)
	}
	nt.Paragraphs = []string{notify.Greeting(o), situation, r.Detail}
	if r.Action == ActionWait || r.Action == ActionPerson {
		nt.Paragraphs = append(nt.Paragraphs, "If you'd rather not wait, just reply to this email.")
	}
	if r.Kind == KindLate || r.Kind == KindStalled {
		nt.SetEstimate(ol)
	}
	return nt
}

func (c *Checker) loc() *time.Location {
	if c.Rules.Location == nil {
		return time.UTC
	}
	return c.Rules.Location
}

// sortRecords orders records by when they were found.
func sortRecords(rs []Record) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].DetectedAt.Before(rs[j].DetectedAt) })
}

// Explain is what the agent can tell a customer about an order's
// problems, newest first; empty when there are none.
func Explain(rs []Record) []map[string]any {
	sortRecords(rs)
	var out []map[string]any
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Action == ActionNone && len(rs[i].Parts) == 0 {
			continue // a record with parts says what was made good (part.go)
		}
		out = append(out, rs[i].Summary())
	}
	return out
}
