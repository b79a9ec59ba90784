package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// FollowUps decides follow-up promises (package promise): the terms come
// from the merchant's delivery policy and the parcel's estimate, never
// from the model.
type FollowUps interface {
	// FollowUp is the promise policy allows about o's parcel still on its
	// way, at now, as a proposal's terms and statement (ShipmentID, DueAt,
	// Resolution, Lines, Amount, Statement); or why none fits.
	FollowUp(ctx context.Context, o order.Order, now time.Time) (p conversation.Proposal, none string, err error)
}

// StallJudge is FollowUps that can tell a stalled parcel by its scans
// (promise.Service): the delivery check records no "stalled" finding
// about a parcel it already told the customer was late, or one with a
// pending promise, and the parcel is stalled all the same.
type StallJudge interface {
	// Stalled reports whether o's parcel sh has had no carrier news for
	// the delivery policy's stalled days at now.
	Stalled(o order.Order, sh order.Shipment, now time.Time) bool
}

// ParcelRecorder records a parcel on its way that the agent replaced or
// refunded (watch.ForAgent, through promise.Findings): the delivery check
// never acts on it again and a promise about it ends quietly.
type ParcelRecorder interface {
	MadeGood(ctx context.Context, g resolution.MadeGood) error
}

// follow_up: "if it hasn't arrived by <time>, I'll <action>", a proposal
// the customer says yes to; the promise is made with the turn that saves
// the yes (package promise reacts to it) and kept by a workflow. A customer
// who asks for a replacement or refund now (resolution) gets it now when
// policy allows it (policy.LateNow: late enough, or stalled), else the
// promise with the reason.
var followUp = register(newTool(toolname.FollowUp,
	"Late/stalled parcel: replace or refund now if policy allows, else promise to act by a set time.",
	(*session).followUp).offeredIn(PhaseUnshipped | PhaseShipping))

func init() {
	followUp.Write = &Write{Check: checkFollowUp, Execute: executeFollowUp, Done: followUpDone}
}

type followUpInput struct {
	OrderNumber string    `json:"order_number,omitempty" desc:"default: current order"`
	Resolution  string    `json:"resolution,omitempty" enum:"replacement,refund,store_credit" desc:"only if asked for now"`
	Items       []itemArg `json:"items,omitempty" desc:"only these; default all"`
	Confirm     bool      `json:"confirm,omitempty"`
}

func (s *session) followUp(ctx context.Context, in followUpInput) (any, bool, error) {
	if in.Confirm {
		return s.confirmed(toolname.FollowUp)
	}
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	partSaid := "" // late_part.go: what was made good of the parcel in part
	if sh := parcelOnItsWay(o); sh != nil {
		problems, err := s.orderProblems(ctx, o)
		if err != nil {
			return nil, false, fmt.Errorf("late parcel %s: %w", o.Name, err)
		}
		if done, ok := madeGood(problems, sh.ID); ok {
			return map[string]any{"status": "refused", "order_number": o.Name, "reason": done,
				"instruction": "tell the customer what was already done; offer nothing more for this parcel"}, false, nil
		}
		_, partSaid = doneInParts(problems, sh.ID)
	}
	notNow := ""
	if in.Resolution == LateStoreCredit {
		// late_credit.go: credit where the shop issues it and the customer asked.
		res, refused := s.lateCredit()
		if refused != "" {
			return map[string]any{"status": "refused", "order_number": o.Name, "reason": refused,
				"instruction": "say why, and offer a replacement or a refund instead"}, false, nil
		}
		in.Resolution = res
	}
	if in.Resolution != "" {
		p, d, err := s.lateNow(ctx, o, in.Resolution)
		if err != nil {
			return nil, false, err
		}
		if d.Verdict != policy.Refuse {
			p, question := s.lateLines(o, p, in.Items, partSaid) // late_lines.go: only the items named
			if question != "" {
				return map[string]any{"status": "ask_customer", "question": question}, false, nil
			}
			return withPartSaid(s.propose(toolname.FollowUp, o, p))(partSaid)
		}
		notNow = d.Reason
	}
	if s.a.FollowUps == nil {
		return map[string]any{"status": "unavailable", "not_now": notNow, "offer": "a person on the team can look into it with the carrier"}, false, nil
	}
	p, none, err := s.a.FollowUps.FollowUp(ctx, o, s.now)
	if err != nil {
		return nil, false, err
	}
	if none != "" {
		r := map[string]any{"status": "no_promise", "reason": none}
		if notNow != "" {
			r["not_now"] = notNow
		}
		if stmt, ok := strings.CutPrefix(none, "already promised: "); ok {
			// The customer holds it: say it again, with its time.
			r["status"], r["promise"] = "promised_already", stmt
			r["instruction"] = "say why not now (not_now, if any), then remind the customer of the promise they already have, word for word"
		}
		return r, false, nil
	}
	res, isErr, err := s.propose(toolname.FollowUp, o, p)
	if m, ok := res.(map[string]any); ok && notNow != "" {
		m["not_now"] = notNow
		m["instruction"] = "first say why " + in.Resolution + " is not possible yet (not_now), then tell the customer the statement word for word and ask them to reply yes"
	}
	return res, isErr, err
}

// lateNow is the proposal of a replacement or refund (res) of o's parcel
// on its way, now, and policy's decision on it (policy.LateNow: how late
// the parcel is by its estimate, whether the delivery check found it
// stalled or lost, whether it was made good already).
func (s *session) lateNow(ctx context.Context, o order.Order, res string) (conversation.Proposal, policy.Decision, error) {
	sh := parcelOnItsWay(o)
	if sh == nil {
		return conversation.Proposal{}, policy.Decision{Verdict: policy.Refuse, Reason: "no parcel of this order is on its way"}, nil
	}
	problems, err := s.orderProblems(ctx, o)
	if err != nil {
		return conversation.Proposal{}, policy.Decision{}, fmt.Errorf("late parcel %s: %w", o.Name, err)
	}
	// late_part.go: units made good before in part are not made good again.
	done, said := doneInParts(problems, sh.ID)
	parcel, lines := policy.LateParcel{}, withoutDone(parcelLines(o, *sh), done)
	if len(lines) == 0 {
		return conversation.Proposal{}, policy.Decision{Verdict: policy.Refuse, Reason: "this parcel was already made good: " + said}, nil
	}
	parcel.Value = linesValue(lines)
	if left := o.TotalPrice - o.RefundedTotal(); parcel.Value > left {
		parcel.Value = left
	}
	rules := s.a.rules()
	if est := rules.ForParcel(o, sh); !est.IsZero() {
		if late := s.now.Sub(rules.Deadline(est)); late > 0 {
			parcel.DaysLate = int(late / (24 * time.Hour))
		}
	}
	parcel.Stalled, parcel.MadeGood = parcelFindings(problems, sh.ID)
	if j, ok := s.a.FollowUps.(StallJudge); ok && !parcel.Stalled && !sh.NeverScanned() {
		parcel.Stalled = j.Stalled(o, *sh, s.now)
	}
	parcel.NotPickedUp = sh.NeverScanned()
	d := s.pol.LateNow(o, parcel, latePolicyResolution(res))
	p := conversation.Proposal{ShipmentID: sh.ID, Resolution: res, Lines: lines, Currency: o.Currency, Reason: "late parcel",
		CancelShipment: sh.NeverScanned()}
	if res == policy.LateRefund || res == LateStoreCredit {
		// A parcel that never arrived refunds its share of tax and
		// shipping too (as store credit with the bonus: late_credit.go).
		p.Amount = lateAmount(s.pol, o, p)
	}
	p.Statement = lateStatement(o, p)
	return p, d, nil
}

// parcelFindings reads what the delivery check (and promises) found about
// a parcel: stalled or lost; replaced or refunded already.
func parcelFindings(problems []map[string]any, shipmentID string) (stalled, madeGood bool) {
	for _, p := range problems {
		if id, _ := p["shipment_id"].(string); id != shipmentID {
			continue
		}
		switch p["problem"] {
		case "stalled", "lost":
			stalled = true
		}
		if p["replacement_order"] != nil || p["refunded"] != nil || p["action"] == "replace" || p["action"] == "refund" {
			madeGood = true
		}
	}
	return stalled, madeGood
}

// madeGood says what was done about a parcel made good already (replaced
// or refunded, by the agent, a promise or the delivery check), in words
// for the customer.
func madeGood(problems []map[string]any, shipmentID string) (string, bool) {
	if _, done := parcelFindings(problems, shipmentID); !done {
		return "", false
	}
	for _, p := range problems {
		if id, _ := p["shipment_id"].(string); id != shipmentID {
			continue
		}
		if name, _ := p["replacement_order"].(string); name != "" {
			return "this parcel was already replaced (order " + name + ")", true
		}
		if credit, _ := p["store_credit"].(string); credit != "" {
			return "this parcel was already made good with store credit (" + credit + ")", true
		}
		if amount, _ := p["refunded"].(string); amount != "" {
			return "this parcel was already refunded (" + amount + ")", true
		}
	}
	return "this parcel was already replaced or refunded", true
}

// parcelOnItsWay is the order's newest parcel not delivered, cancelled or
// on its way back (what a promise is about too).
func parcelOnItsWay(o order.Order) *order.Shipment {
	var out *order.Shipment
	for i := range o.Shipments {
		sh := &o.Shipments[i]
		if sh.Cancelled() || sh.Status == order.StatusReturnedToSender || order.ShipmentStage(*sh) == order.StageDelivered {
			continue
		}
		if out == nil || sh.CreatedAt.After(out.CreatedAt) {
			out = sh
		}
	}
	return out
}

// parcelLines are the parcel's items (the whole order's when it lists
// none), each with the units the parcel holds, as proposal lines.
func parcelLines(o order.Order, sh order.Shipment) []conversation.ProposalLine {
	var out []conversation.ProposalLine
	for _, li := range o.LinesIn(sh) {
		if li.Quantity > 0 {
			out = append(out, conversation.ProposalLine{LineItemID: li.ID, VariantID: li.VariantID, Title: li.Title, Variant: li.Variant,
				Quantity: li.Quantity, Price: li.Price})
		}
	}
	return out
}

// notPickedUpReason is why a proposal that cancels a shipment can no
// longer run as stated.
const notPickedUpReason = "the carrier has picked up the parcel since, so its shipment can no longer be cancelled"

func lateStatement(o order.Order, p conversation.Proposal) string {
	if p.Resolution == LateStoreCredit {
		return lateCreditStatement(o, p)
	}
	if p.Resolution == policy.LateRefund {
		paid := ""
		if p.Amount > linesValue(p.Lines) {
			paid = " (tax and shipping included)"
		}
		if p.CancelShipment {
			return fmt.Sprintf("I'll cancel the shipment of %s from your late order %s, which the carrier never picked up, so it won't be sent, and refund %s%s to your original payment method now.",
				describeLines(p.Lines), o.Name, money(p.Amount, p.Currency), paid)
		}
		return fmt.Sprintf("I'll refund %s%s for %s from your late order %s to your original payment method now.", money(p.Amount, p.Currency), paid, describeLines(p.Lines), o.Name)
	}
	if p.CancelShipment {
		return fmt.Sprintf("I'll cancel the shipment of %s from your late order %s, which the carrier never picked up, and have the items sent again now, at no cost, to the address on the order.",
			describeLines(p.Lines), o.Name)
	}
	return fmt.Sprintf("I'll send you a replacement of %s from your late order %s now, at no cost, to the address on the order.", describeLines(p.Lines), o.Name)
}

// checkFollowUp: a promise about a parcel still on its way, before its
// time; or a replacement or refund of it now (no DueAt), which policy
// allows on the order as it is (the parcel's lateness was decided when it
// was proposed, and only grows).
func checkFollowUp(pol policy.Policy, o order.Order, p conversation.Proposal, now time.Time) policy.Decision {
	if p.ShipmentID == "" || (p.DueAt == nil && len(p.Lines) == 0) {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the follow-up has no terms"}
	}
	if o.CancelledAt != nil {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the order was cancelled"}
	}
	for _, sh := range o.Shipments {
		if sh.ID == p.ShipmentID && order.ShipmentStage(sh) == order.StageDelivered {
			return policy.Decision{Verdict: policy.Refuse, Reason: "the parcel has been delivered"}
		}
		if sh.ID == p.ShipmentID && p.CancelShipment && !sh.Cancelled() && !sh.NeverScanned() {
			return policy.Decision{Verdict: policy.Refuse, Reason: notPickedUpReason}
		}
	}
	if p.DueAt == nil {
		value := p.Amount
		switch p.Resolution {
		case LateStoreCredit:
			// Judged as the refund it replaces; the credit stated must
			// still be what the lines pay.
			if value = policy.ParcelRefund(o, linesValue(p.Lines)); p.Amount != pol.StoreCredit(value) {
				return policy.Decision{Verdict: policy.Refuse, Reason: "the order's total changed since this was stated"}
			}
		case policy.LateRefund:
		default:
			value = min(linesValue(p.Lines), o.TotalPrice-o.RefundedTotal())
		}
		return pol.LateResolution(o, value, latePolicyResolution(p.Resolution))
	}
	if !now.Before(*p.DueAt) {
		return policy.Decision{Verdict: policy.Refuse, Reason: "the time for the follow-up has passed"}
	}
	return policy.Decision{Verdict: policy.Allow}
}

// executeFollowUp records nothing itself for a promise: the promise is made
// from the done proposal by the reaction to the turn that saves it, in the
// same write as the customer's yes (package promise). A replacement or
// refund now runs through the shop's Resolver once (the proposal's id is
// the idempotency key), and the delivery check records the parcel as made
// good, so neither it nor a promise acts on it again.
func executeFollowUp(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (string, error) {
	if p.DueAt != nil {
		return "promised: follow-up due " + p.DueAt.UTC().Format(time.RFC3339), nil
	}
	var done map[string]int
	if a.Deliveries != nil {
		problems, err := a.Deliveries.OrderProblems(ctx, o.Shop, o.ID)
		if err != nil {
			return "", fmt.Errorf("late parcel: %w", err)
		}
		if done, ok := madeGood(problems, p.ShipmentID); ok {
			return "", &RefusedError{Reason: done}
		}
		var said string
		if done, said = doneInParts(problems, p.ShipmentID); overlapsDone(o, p.ShipmentID, p.Lines, done) {
			return "", &RefusedError{Reason: "part of these items was made good since: " + said}
		}
	}
	r, _ := a.Commerce.(resolution.Resolver)
	if _, ok := a.Commerce.(StoreCreditIssuer); p.Resolution == LateStoreCredit && !ok {
		return "", fmt.Errorf("%s: %w: this shop connection cannot issue store credit", p.Resolution, ErrCommerceRejected)
	}
	if r == nil && p.Resolution != LateStoreCredit {
		return "", fmt.Errorf("%s: %w: this shop connection cannot refund or replace", p.Resolution, ErrCommerceRejected)
	}
	g := resolution.MadeGood{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, ShipmentID: p.ShipmentID, Currency: p.Currency}
	if !p.CancelShipment {
		g.Lines = madeGoodLines(o, p.ShipmentID, p.Lines, done) // late_part.go: nil when nothing of the parcel is left
	}
	var detail string
	if p.CancelShipment {
		// First the shipment, so nothing is refunded or sent again for a
		// parcel the warehouse still sends: the carrier may have picked it
		// up since the customer said yes.
		if err := cancelShipment(ctx, a, o, p); err != nil {
			return "", err
		}
		if p.Resolution == policy.LateReplacement {
			// Shopify reopens a cancelled fulfillment's items on the order,
			// so they are sent again from it: a replacement order would
			// send them twice.
			g.Action = resolution.ActionReplacement
			g.Detail = "We cancelled the shipment the carrier never picked up, and the items are being sent again at no cost, at your request."
			if rec, ok := a.Deliveries.(ParcelRecorder); ok {
				if err := rec.MadeGood(ctx, g); err != nil {
					return "", err
				}
			}
			return "shipment " + p.ShipmentID + " cancelled, items sent again", nil
		}
		detail = "shipment " + p.ShipmentID + " cancelled, "
	}
	if p.Resolution == LateStoreCredit {
		cr, err := issueCredit(ctx, a, o, p)
		if err != nil {
			return "", commerceErr(fmt.Errorf("late parcel %s: credit: %w", o.Name, err))
		}
		g.Action, g.RefundID, g.Refunded = resolution.ActionStoreCredit, cr.ID, p.Amount
		g.Detail = fmt.Sprintf("We gave you %s in store credit at your request.", money(p.Amount, p.Currency))
		detail += creditDetail(cr)
	} else if p.Resolution == policy.LateRefund {
		var lines []order.ReturnLine
		for _, l := range p.Lines {
			lines = append(lines, order.ReturnLine{LineItemID: l.LineItemID, Quantity: l.Quantity})
		}
		res, err := r.Refund(ctx, resolution.RefundRequest{Shop: o.Shop, OrderID: o.ID, Amount: p.Amount, Currency: p.Currency, Lines: lines,
			Note: "doorstep: late parcel refunded at the customer's request", IdempotencyKey: p.ID})
		if err != nil && !errors.Is(err, resolution.ErrAlreadyDone) {
			return "", commerceErr(err)
		}
		g.Action, g.RefundID, g.Refunded = resolution.ActionRefund, res.ID, p.Amount
		g.Detail = fmt.Sprintf("We refunded %s to your original payment method at your request.", money(p.Amount, p.Currency))
		detail += "refund " + res.ID
	} else {
		var lines []resolution.ReplaceLine
		for _, l := range p.Lines {
			li, _ := lineOf(o, l.LineItemID)
			lines = append(lines, resolution.ReplaceLine{LineItemID: li.ID, ProductID: li.ProductID, VariantID: li.VariantID, SKU: li.SKU, Title: li.Title,
				Quantity: l.Quantity, Price: li.Price})
		}
		res, err := r.Replace(ctx, resolution.ReplaceRequest{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name, Email: o.Email, Customer: o.Customer,
			ShippingAddress: o.ShippingAddress, Currency: o.Currency, Lines: lines, Note: "doorstep: replaces a late parcel, at the customer's request",
			IdempotencyKey: p.ID})
		if err != nil && !errors.Is(err, resolution.ErrAlreadyDone) {
			return "", commerceErr(err)
		}
		g.Action, g.Replacement = resolution.ActionReplacement, res.Name
		g.Detail = strings.TrimSpace("We're sending you a replacement at no cost at your request "+paren(res.Name)) + "."
		detail = "replacement order " + res.Name
	}
	if rec, ok := a.Deliveries.(ParcelRecorder); ok {
		if err := rec.MadeGood(ctx, g); err != nil {
			return "", err
		}
	}
	return detail, nil
}

// cancelShipment cancels p's shipment, which the carrier never picked up,
// through the shop (resolution.FulfillmentCanceller); one the stored order
// already shows cancelled (a retry after the refund failed) is not asked
// again. A shop that refuses (the carrier has it now) refuses the whole
// proposal: nothing else runs.
func cancelShipment(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) error {
	for _, sh := range o.Shipments {
		if sh.ID == p.ShipmentID && sh.Cancelled() {
			return nil
		}
	}
	c, ok := a.Commerce.(resolution.FulfillmentCanceller)
	if !ok {
		return fmt.Errorf("cancel shipment: %w: this shop connection cannot cancel shipments", ErrCommerceRejected)
	}
	err := c.CancelFulfillment(ctx, resolution.CancelFulfillmentRequest{Shop: o.Shop, OrderID: o.ID, OrderName: o.Name,
		FulfillmentID: p.ShipmentID, IdempotencyKey: p.ID})
	switch {
	case err == nil, errors.Is(err, resolution.ErrAlreadyDone):
		return nil
	case errors.Is(err, resolution.ErrRejected):
		return &RefusedError{Reason: notPickedUpReason}
	}
	return fmt.Errorf("cancel shipment %s: %w", p.ShipmentID, err)
}

func paren(name string) string {
	if name == "" {
		return ""
	}
	return "(order " + name + ")"
}

func followUpDone(p conversation.Proposal, detail string) map[string]any {
	if p.DueAt != nil {
		return map[string]any{"status": "promised", "order_number": p.Order, "promise": p.Statement}
	}
	r := map[string]any{"status": "resolved", "order_number": p.Order, "items": describeLines(p.Lines), "resolution": p.Resolution}
	if p.Resolution == policy.LateRefund {
		r["amount"] = money(p.Amount, p.Currency)
	}
	if p.Resolution == LateStoreCredit {
		r["credit"], r["store_credit"] = money(p.Amount, p.Currency), creditResult(detail)
	}
	if p.CancelShipment {
		r["shipment_cancelled"] = true
	}
	if _, name, ok := strings.Cut(detail, "replacement order "); ok && name != "" {
		r["replacement_order"] = name
	}
	return r
}
