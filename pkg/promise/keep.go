package promise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// StepKeep is the promise workflow's one task (promise.asl.json).
const StepKeep = "keep_promise"

// Output is what keeping a promise did.
type Output struct {
	State  string `json:"state"`
	Action string `json:"action,omitempty"`
}

// Steps are the promise workflow's task handlers.
func (s *Service) Steps() *workflow.Steps {
	st := workflow.NewSteps()
	workflow.Handle(st, StepKeep, s.keepStep)
	return st
}

func (s *Service) keepStep(ctx context.Context, in Input) (Output, error) {
	if in.Promise == "" {
		return Output{}, &workflow.InputError{Step: StepKeep, Err: errors.New("no promise id")}
	}
	p, err := s.Get(ctx, in.Promise)
	if errors.Is(err, store.ErrNotFound) {
		return Output{}, &workflow.StoppedError{Reason: "no such promise (erased)"}
	}
	if err != nil {
		return Output{}, &workflow.TransientError{Step: StepKeep, Err: err}
	}
	out, err := s.Keep(ctx, p)
	var stopped *workflow.StoppedError
	if err != nil && !errors.As(err, &stopped) {
		return Output{}, &workflow.TransientError{Step: StepKeep, Err: err}
	}
	return out, err
}

// Keep keeps p at its time: delivered (or the order cancelled, refunded,
// or already made good by the delivery check), it is cancelled quietly
// (a *workflow.StoppedError); else the promised action runs once and the
// customer is told once, whatever the retries. A promise settled before
// is not acted on again.
func (s *Service) Keep(ctx context.Context, p Promise) (Output, error) {
	if p.State == StatePending {
		// A retry may hold the promise as it was before a run that kept it.
		if cur, err := s.Get(ctx, p.Key()); err == nil {
			p = cur
		} else if !errors.Is(err, store.ErrNotFound) {
			return Output{}, fmt.Errorf("keep promise %s: %w", p.ID, err)
		}
	}
	switch p.State {
	case StateCancelled:
		return Output{State: p.State}, &workflow.StoppedError{Reason: "promise cancelled"}
	case StateKept:
		if err := s.recordMadeGood(ctx, p, s.Clock.Now()); err != nil {
			return Output{}, err
		}
		if err := s.tell(ctx, &p); err != nil {
			return Output{}, err
		}
		return Output{State: p.State, Action: p.Action}, nil
	}
	now := s.Clock.Now()
	if now.Before(p.DueAt) {
		return Output{}, fmt.Errorf("promise %s is not due until %s", p.ID, p.DueAt.Format(time.RFC3339))
	}
	o, err := s.Store.GetOrder(ctx, p.Shop, p.OrderID)
	if err != nil {
		return Output{}, fmt.Errorf("keep promise %s: %w", p.ID, err)
	}
	var sh *order.Shipment
	for i := range o.Shipments {
		if o.Shipments[i].ID == p.ShipmentID {
			sh = &o.Shipments[i]
		}
	}
	why := ""
	switch {
	case sh != nil && !sh.Cancelled() && order.ShipmentStage(*sh) == order.StageDelivered:
		why = "delivered before the promised time"
	case o.CancelledAt != nil:
		why = "the order was cancelled"
	case o.FinancialStatus == "refunded":
		why = "the order was refunded"
	}
	if why == "" {
		recs, err := watch.OrderProblems(ctx, s.Store, p.Shop, p.OrderID)
		if err != nil {
			return Output{}, err
		}
		if _, ok := watch.ParcelMadeGood(recs, p.ShipmentID); ok {
			why = "the parcel was already made good"
		}
	}
	if why != "" {
		if err := s.cancel(ctx, p, why, false); err != nil {
			return Output{}, err
		}
		return Output{State: StateCancelled}, &workflow.StoppedError{Reason: "promise not needed"}
	}
	if err := s.actOnRest(ctx, o, sh, &p); err != nil {
		return Output{}, err
	}
	p.State, p.SettledAt = StateKept, &now
	if err := s.put(ctx, p); err != nil {
		return Output{}, err
	}
	if err := s.recordMadeGood(ctx, p, now); err != nil {
		return Output{}, err
	}
	s.log().InfoContext(ctx, "promise kept", "shop", p.Shop, "order_id", p.OrderID, "promise", p.ID, "action", p.Action)
	if s.Metrics != nil {
		if err := s.Metrics.PromiseKept(ctx, p.Shop, p.Key(), now); err != nil {
			s.log().WarnContext(ctx, "count promise kept", "promise", p.ID, "err", err)
		}
	}
	if err := s.tell(ctx, &p); err != nil {
		return Output{}, err
	}
	return Output{State: p.State, Action: p.Action}, nil
}

// recordMadeGood writes the parcel's one made-good record
// (watch.RecordMadeGood) once p's replacement or refund was made, so no
// promise, chat or delivery check makes it good again, and no late or
// trace notice follows it.
func (s *Service) recordMadeGood(ctx context.Context, p Promise, now time.Time) error {
	g := resolution.MadeGood{Shop: p.Shop, OrderID: p.OrderID, OrderName: p.OrderName, ShipmentID: p.ShipmentID, Currency: p.Currency, Detail: p.Outcome}
	switch {
	case p.HandoffID != "":
		return nil
	case p.Action == ActionReplace:
		g.Action, g.Replacement = resolution.ActionReplacement, p.Replacement
	case p.Action == ActionRefund:
		g.Action, g.RefundID, g.Refunded = resolution.ActionRefund, p.RefundID, p.Amount
	default:
		return nil
	}
	if err := watch.RecordMadeGood(ctx, s.Store, now, g); err != nil {
		return fmt.Errorf("keep promise %s: %w", p.ID, err)
	}
	return nil
}

// resolutionKey is the idempotency key of p's action: the resolver claims
// it, so a second run of the step refunds or ships nothing more.
func resolutionKey(p Promise) string { return "promise:" + p.Key() }

// act runs p's action and writes what it did in p.Outcome. A resolution
// the shop refuses, or whose outcome is unknown, goes to a person.
func (s *Service) act(ctx context.Context, o order.Order, sh *order.Shipment, p *Promise) error {
	lead := fmt.Sprintf("Your order %s hadn't arrived by %s, so as promised ", p.OrderName, s.When(p.DueAt))
	cancelled := false
	if sh != nil && (p.Action == ActionReplace || p.Action == ActionRefund) && (sh.NeverScanned() || sh.Cancelled()) {
		ok, err := s.cancelShipment(ctx, o, *sh, p)
		if err != nil || !ok {
			return err
		}
		cancelled = true
	}
	switch p.Action {
	case ActionReplace:
		if cancelled {
			// Shopify reopens a cancelled shipment's items on the order,
			// so they are sent again from it: a replacement order would
			// send them twice.
			p.Outcome = lead + "we've cancelled the shipment the carrier never picked up, and its items are being sent again at no cost. You'll get the new tracking as soon as it ships."
			return nil
		}
		if s.Resolver == nil {
			return s.handOff(ctx, o, p, lead, "no way to make a replacement automatically")
		}
		var lines []watch.ReplaceLine
		for _, l := range p.Lines {
			rl := watch.ReplaceLine{LineItemID: l.LineItemID, VariantID: l.VariantID, Title: l.Title, Quantity: l.Quantity, Price: l.Price}
			for _, li := range o.LineItems {
				if li.ID == l.LineItemID {
					rl.ProductID, rl.SKU = li.ProductID, li.SKU
				}
			}
			lines = append(lines, rl)
		}
		res, err := s.Resolver.Replace(ctx, watch.ReplaceRequest{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, Email: o.Email,
			Customer: o.Customer, ShippingAddress: o.ShippingAddress, Currency: o.Currency, Lines: lines,
			Note: fmt.Sprintf("Replacement for %s: a follow-up promise kept (parcel %s not delivered in time), sent by doorstep", o.Name, p.ShipmentID), IdempotencyKey: resolutionKey(*p)})
		switch {
		case err == nil, errors.Is(err, watch.ErrAlreadyDone):
			p.Replacement = res.Name
			p.Outcome = lead + "we're sending you a replacement at no cost"
			if res.Name != "" {
				p.Outcome += " (order " + res.Name + ")"
			}
			p.Outcome += ". You'll get its tracking as soon as it ships."
			return nil
		case errors.Is(err, watch.ErrRejected), errors.Is(err, watch.ErrUncertain):
			return s.handOff(ctx, o, p, lead, "the replacement could not be made automatically")
		}
		return fmt.Errorf("promise %s: replace: %w", p.ID, err)
	case ActionRefund:
		if s.Resolver == nil {
			return s.handOff(ctx, o, p, lead, "no way to refund automatically")
		}
		var lines []order.ReturnLine
		for _, l := range p.Lines {
			lines = append(lines, order.ReturnLine{LineItemID: l.LineItemID, Quantity: l.Quantity})
		}
		res, err := s.Resolver.Refund(ctx, watch.RefundRequest{Shop: o.Shop, OrderID: o.ID, Amount: p.Amount, Currency: o.Currency, Lines: lines,
			Note: "doorstep: follow-up promise kept, parcel not delivered in time", IdempotencyKey: resolutionKey(*p)})
		switch {
		case err == nil, errors.Is(err, watch.ErrAlreadyDone):
			p.RefundID = res.ID
			p.Outcome = lead + "we've refunded " + money.Format(int64(p.Amount), p.Currency) +
				" to your original payment method; it can take 5 to 10 business days to show."
			if cancelled {
				p.Outcome = lead + "we've cancelled the shipment the carrier never picked up, so it won't be sent, and refunded " +
					money.Format(int64(p.Amount), p.Currency) + " to your original payment method; it can take 5 to 10 business days to show."
			}
			return nil
		case errors.Is(err, watch.ErrRejected), errors.Is(err, watch.ErrUncertain):
			return s.handOff(ctx, o, p, lead, "the refund could not be made automatically")
		}
		return fmt.Errorf("promise %s: refund: %w", p.ID, err)
	}
	return s.handOff(ctx, o, p, lead, "")
}

// cancelShipment cancels sh, which the carrier never picked up, before p's
// replacement or refund (resolution.FulfillmentCanceller), once: the
// resolver claims p's key. One already cancelled is not asked again. When
// the shop refuses (the carrier has it now) or cannot cancel, a person
// takes the promise over and ok is false.
func (s *Service) cancelShipment(ctx context.Context, o order.Order, sh order.Shipment, p *Promise) (ok bool, err error) {
	if sh.Cancelled() {
		return true, nil
	}
	lead := fmt.Sprintf("Your order %s hadn't arrived by %s, so as promised ", p.OrderName, s.When(p.DueAt))
	c, can := s.Resolver.(resolution.FulfillmentCanceller)
	if !can {
		return false, s.handOff(ctx, o, p, lead, "the shipment the carrier never picked up could not be cancelled automatically")
	}
	err = c.CancelFulfillment(ctx, resolution.CancelFulfillmentRequest{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, FulfillmentID: sh.ID,
		IdempotencyKey: resolutionKey(*p)})
	switch {
	case err == nil, errors.Is(err, watch.ErrAlreadyDone):
		return true, nil
	case errors.Is(err, watch.ErrRejected), errors.Is(err, watch.ErrUncertain):
		return false, s.handOff(ctx, o, p, lead, "the shipment the carrier never picked up could not be cancelled automatically")
	}
	return false, fmt.Errorf("promise %s: cancel shipment: %w", p.ID, err)
}

// handOff gives the promise to a person: a trace promised, or an action
// the shop would not take automatically.
func (s *Service) handOff(ctx context.Context, o order.Order, p *Promise, lead, failed string) error {
	reason := "promised follow-up: carrier trace for a late parcel"
	if failed != "" {
		reason = "promised follow-up: " + failed
	}
	if s.Escalations == nil {
		return fmt.Errorf("promise %s: %s, and no one to hand it to", p.ID, reason)
	}
	h, err := s.Escalations.Open(ctx, escalation.Request{Shop: o.Shop, Kind: escalation.KindHandoff, ConversationID: p.Conversation,
		CustomerEmail: p.CustomerEmail, Order: o.Name, Reason: reason, Key: "promise-" + p.ID})
	if err != nil {
		return fmt.Errorf("promise %s: open handoff: %w", p.ID, err)
	}
	p.HandoffID = h.ID
	if failed == "" {
		p.Outcome = lead + "our team is opening a trace with " + orDefault(p.Carrier, "the carrier") +
			". A member of the team will reply here within one business day."
		return nil
	}
	what := "the replacement"
	if p.Action == ActionRefund {
		what = "the refund"
	}
	p.Outcome = fmt.Sprintf("Your order %s hadn't arrived by %s. I couldn't arrange %s automatically, so a member of our team has taken it over and will reply here within one business day.",
		p.OrderName, s.When(p.DueAt), what)
	return nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// tell tells the customer what keeping p did, once: in the conversation
// (mailed in its thread when it is an email conversation), and by email
// too when a chat customer is away, so they hear it without coming back.
func (s *Service) tell(ctx context.Context, p *Promise) error {
	if p.Told || p.Outcome == "" {
		return nil
	}
	keep := s.Clock.Now().Add(keepFor)
	key := "promise-told|" + p.Key()
	if p.Conversation != "" && s.Messenger != nil {
		if err := escalation.Once(ctx, s.Store, key+"|conversation", keep, func() error {
			return s.Messenger.Tell(ctx, p.Shop, p.Conversation, p.Outcome)
		}); err != nil {
			return fmt.Errorf("tell promise %s: %w", p.ID, err)
		}
		if err := s.mailAway(ctx, p, key+"|mail", keep); err != nil {
			return err
		}
	}
	p.Told = true
	return s.put(ctx, *p)
}

// away is how long a chat customer's silence means they are not looking.
func (s *Service) away() time.Duration {
	if s.Away > 0 {
		return s.Away
	}
	return 30 * time.Minute
}

// mailAway mails the outcome to a chat customer who has not written for a
// while (an email conversation was mailed by Tell already).
func (s *Service) mailAway(ctx context.Context, p *Promise, key string, keep time.Time) error {
	if !s.Messenger.CanEmail() {
		return nil
	}
	c, msgs, err := s.Messenger.Store.GetConversation(ctx, p.Shop, p.Conversation)
	if err != nil {
		return fmt.Errorf("tell promise %s: %w", p.ID, err)
	}
	if c.Channel != conversation.ChannelChat || c.CustomerEmail == "" {
		return nil
	}
	var seen time.Time
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == conversation.RoleCustomer {
			seen = msgs[i].At
			break
		}
	}
	if !seen.IsZero() && s.Clock.Now().Sub(seen) < s.away() {
		return nil
	}
	text := p.Outcome + "\n\nYou'll find this in our chat on the shop's site too; or just reply to this email."
	if s.ShopName != "" {
		text += "\n\n" + s.ShopName
	}
	return escalation.Once(ctx, s.Store, key, keep, func() error {
		_, err := s.Messenger.Email(ctx, mail.Address{Address: c.CustomerEmail}, "An update on your order "+p.OrderName, text, nil)
		return err
	})
}

// --- reactions ------------------------------------------------------------------

// Reactions registers what promises do about other capabilities' events: a
// saved turn whose customer said yes to a follow-up makes the promise; a
// stored webhook change or tracking provider's news that delivers a parcel
// cancels its promises.
// Redacting a customer erases their promises.
func (s *Service) Reactions(r event.Registry, p *privacy.Service, erase Eraser) {
	r.On(conversation.KindTurn, "promise", event.Typed(func(ctx context.Context, _ event.Event, t conversation.TurnSaved) error {
		return s.TurnSaved(ctx, t)
	}))
	r.On(intake.KindApplied, "promise", intake.OnApplied(func(ctx context.Context, _ string, c store.Change) error {
		return s.Delivered(ctx, c.Shipments)
	}))
	// A tracking provider's (EasyPost, AfterShip) delivery cancels them
	// too, at once, not only at the promise's time.
	r.On(tracking.KindUpdated, "promise", event.Typed(func(ctx context.Context, _ event.Event, u tracking.Updated) error {
		return s.Delivered(ctx, u.Shipments)
	}))
	if p != nil && erase != nil {
		p.AddEraser("promises", func(ctx context.Context, shop, email string, _ []string) error {
			return s.Erase(ctx, erase, shop, email)
		})
	}
}

// Eraser deletes documents.
type Eraser interface {
	DeleteDoc(ctx context.Context, coll, id string) error
}

// Erase deletes a customer's promises.
func (s *Service) Erase(ctx context.Context, del Eraser, shop, email string) error {
	email = order.NormaliseEmail(email)
	after := ""
	for {
		docs, err := s.Store.ListDocs(ctx, Collection, shop+"|", after, 500)
		if err != nil {
			return fmt.Errorf("erase promises: %w", err)
		}
		ps, err := decode(docs, func(p Promise) bool { return order.NormaliseEmail(p.CustomerEmail) == email })
		if err != nil {
			return err
		}
		for _, p := range ps {
			if err := del.DeleteDoc(ctx, Collection, p.Key()); err != nil {
				return fmt.Errorf("erase promise: %w", err)
			}
		}
		if len(docs) < 500 {
			return nil
		}
		after = docs[len(docs)-1].ID
	}
}

// --- what the agent knows ---------------------------------------------------------

// Findings is what the agent is told about an order's parcels (the
// agent's Deliveries port): its promises (pending, with their time and
// action; kept, with what was done), then the delivery check's findings
// (watch.Explain), from one read.
type Findings struct {
	Store    watch.DocReader
	Promises *Service
	// Reports takes the customer's own reports of a parcel
	// (watch.ForAgent); nil: none are taken.
	Reports Reporter
}

// Reporter takes a customer's report of a delivered parcel (watch.ForAgent).
type Reporter interface {
	ReportProblem(ctx context.Context, shop, orderID, kind string) (map[string]any, error)
}

// ReportProblem passes the customer's report to Reports.
func (f Findings) ReportProblem(ctx context.Context, shop, orderID, kind string) (map[string]any, error) {
	if f.Reports == nil {
		return nil, errors.New("report problem: no delivery check to report to")
	}
	return f.Reports.ReportProblem(ctx, shop, orderID, kind)
}

// MadeGood passes the agent's record of a parcel on its way that it
// replaced or refunded to Reports (watch.ForAgent), so neither the
// delivery check nor a promise acts on it again.
func (f Findings) MadeGood(ctx context.Context, g resolution.MadeGood) error {
	m, ok := f.Reports.(interface {
		MadeGood(context.Context, resolution.MadeGood) error
	})
	if !ok {
		return errors.New("record parcel made good: no delivery check to record it")
	}
	return m.MadeGood(ctx, g)
}

// OrderProblems lists the order's promises, then the delivery check's
// findings, newest first each.
func (f Findings) OrderProblems(ctx context.Context, shop, orderID string) ([]map[string]any, error) {
	docs, err := f.Store.ListDocs(ctx, Collection, shop+"|"+orderID+"|", "", 50)
	if err != nil {
		return nil, fmt.Errorf("order findings: %w", err)
	}
	ps, err := decode(docs, func(Promise) bool { return true })
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, p := range ps {
		if m := f.Promises.Summary(p); m != nil {
			out = append(out, m)
		}
	}
	var recs []watch.Record
	for _, d := range docs {
		if isPromise(d.ID) || isCase(d.ID) {
			continue
		}
		var r watch.Record
		if err := json.Unmarshal(d.Value, &r); err != nil {
			return nil, fmt.Errorf("decode problem %s: %w", d.ID, err)
		}
		if r.Kind == "" {
			continue // not a finding
		}
		recs = append(recs, r)
	}
	// The customer's open report of a parcel that never came, while they
	// look around, until the delivery check acts on it.
	if f.Promises != nil {
		cases, err := f.Promises.openCases(docs, recs)
		if err != nil {
			return nil, err
		}
		out = append(out, cases...)
	}
	// A problem a person resolved in the console is over.
	recs, err = watch.SettledByPerson(ctx, f.Store, recs)
	if err != nil {
		return nil, err
	}
	return append(out, watch.Explain(recs)...), nil
}

// Summary is a promise in a few words for the agent's tool result (the
// delivery check's Record.Summary shape): problem "follow_up", and
// what_we_did as the customer may be told it. A cancelled promise says
// nothing (the parcel came).
func (s *Service) Summary(p Promise) map[string]any {
	m := map[string]any{"problem": "follow_up", "shipment_id": p.ShipmentID, "promise": p.State}
	switch p.State {
	case StatePending:
		var do string
		switch p.Action {
		case ActionReplace:
			do = "we'll send you a replacement at no cost"
		case ActionRefund:
			do = "we'll refund " + money.Format(int64(p.Amount), p.Currency)
		default:
			do = "our team will open a trace with " + orDefault(p.Carrier, "the carrier")
		}
		m["what_we_did"] = fmt.Sprintf("As we promised, if it hasn't arrived by %s, %s and let you know here.", s.When(p.DueAt), do)
		m["promise_due"] = s.When(p.DueAt)
	case StateKept:
		m["what_we_did"] = p.Outcome
		if p.Replacement != "" {
			m["replacement_order"] = p.Replacement
		}
		if p.Action == ActionRefund && p.RefundID != "" {
			m["refunded"] = money.Format(int64(p.Amount), p.Currency)
		}
	default:
		return nil
	}
	return m
}
