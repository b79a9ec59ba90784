package watch

import (
	"context"
	"errors"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// CancelReplacementID is the id of the proposal that cancels the
// replacement made for a parcel's problem once the parcel was delivered
// after all: its idempotency key, so a retry never cancels twice.
func CancelReplacementID(shop, orderID, shipmentID string, k Kind) string {
	return "cancel-replacement:" + ProblemKey(shop, orderID, shipmentID, k)
}

// replacementAfterAll puts right the replacement r made for a parcel that
// was delivered after all, and says what became of it: in words for the
// customer (the "delivered after all" message), and in a few for the
// record. Not shipped yet, it is cancelled (an internal cancel_order
// proposal run by the Executor, once); shipped, the customer is told it is
// on its way and whether to keep it or send it back (the merchant's
// keep-it limit); when it cannot be cancelled automatically, a person is
// asked to.
func (c *Checker) replacementAfterAll(ctx context.Context, o order.Order, sh order.Shipment, r Record) (text, outcome string) {
	name := r.ReplacementName
	which := "the replacement we'd sent"
	if name != "" {
		which += " (order " + name + ")"
	}
	var ro order.Order
	known := false
	if r.ReplacementOrderID != "" {
		v, err := c.Store.GetOrder(ctx, o.Shop, r.ReplacementOrderID)
		switch {
		case err == nil:
			ro, known = v, true
			if name == "" {
				name = v.Name
			}
		case !errors.Is(err, store.ErrNotFound):
			c.log().WarnContext(ctx, "read replacement order", "shop", o.Shop, "order_id", r.ReplacementOrderID, "err", err)
		}
	}
	switch {
	case known && ro.CancelledAt != nil:
		return fmt.Sprintf("We'd already cancelled %s, so nothing more will arrive and there's nothing you need to do.", which),
			"replacement " + name + " was already cancelled"
	case known && shipped(ro):
		return fmt.Sprintf("%s is already on its way to you, so it couldn't be stopped. %s", capital(which), c.keepOrReturn(ctx, o, sh)),
			"replacement " + name + " had already shipped"
	case known:
		why, err := c.cancelReplacement(ctx, o, sh, r, ro)
		if err == nil {
			return fmt.Sprintf("We've cancelled %s, so you won't get a second parcel; it was free, so there's nothing to refund and nothing you need to do.", which),
				"replacement " + name + " cancelled"
		}
		c.log().WarnContext(ctx, "cancel replacement", "shop", o.Shop, "order_id", ro.ID, "err", err)
		if err := c.handOffReplacement(ctx, o, sh, r, name, why); err != nil {
			c.log().ErrorContext(ctx, "hand off replacement", "shop", o.Shop, "order_id", ro.ID, "err", err)
		}
	default:
		if err := c.handOffReplacement(ctx, o, sh, r, name, "the replacement order is not in doorstep's store, so whether it shipped is not known"); err != nil {
			c.log().ErrorContext(ctx, "hand off replacement", "shop", o.Shop, "order_id", r.ReplacementOrderID, "err", err)
		}
	}
	return fmt.Sprintf("We've asked our team to stop %s if it hasn't left yet. If it reaches you anyway: %s", which, c.keepOrReturn(ctx, o, sh)),
		"a person was asked to cancel replacement " + name
}

// cancelReplacement cancels the unshipped replacement ro through the
// Executor; why is what a person is told when it could not.
func (c *Checker) cancelReplacement(ctx context.Context, o order.Order, sh order.Shipment, r Record, ro order.Order) (string, error) {
	if c.Executor == nil {
		return "no automatic cancellation is set up here", errors.New("no executor")
	}
	var lines []conversation.ProposalLine
	for _, li := range ro.LineItems {
		lines = append(lines, conversation.ProposalLine{LineItemID: li.ID, VariantID: li.VariantID, Title: li.Title, Variant: li.Variant, Quantity: li.Quantity, Price: li.Price})
	}
	p := conversation.Proposal{ID: CancelReplacementID(o.Shop, o.ID, sh.ID, r.Kind), Tool: toolname.CancelOrder, Order: ro.Name, OrderID: ro.ID,
		Lines: lines, Reason: "OTHER", Resolution: "refund", Amount: ro.TotalPrice - ro.RefundedTotal(), Currency: ro.Currency,
		Statement: fmt.Sprintf("Cancel replacement order %s: the parcel of %s it replaced was delivered after all.", ro.Name, o.Name),
		Status:    conversation.ProposalConfirmed, At: c.Clock.Now()}
	_, err := c.Executor.Execute(ctx, o.Shop, escalation.Action{Tool: toolname.CancelOrder, Order: ro.Name, OrderID: ro.ID, Proposal: &p,
		Statement: p.Statement, Amount: p.Amount, Reason: "the parcel it replaced was delivered after all"})
	var failed *workflow.ActionFailedError
	switch {
	case err == nil:
		return "", nil
	case errors.As(err, &failed):
		return "it could not be cancelled automatically: " + failed.Reason, err
	}
	return "it could not be cancelled automatically (the shop did not answer)", err
}

// handOffReplacement asks a person to cancel (or deal with) replacement
// name, once per problem.
func (c *Checker) handOffReplacement(ctx context.Context, o order.Order, sh order.Shipment, r Record, name, why string) error {
	x := r
	x.Kind = Kind(string(r.Kind) + "-replacement")
	if err := c.handOff(ctx, o, sh, &x, "delivered after all, but "+why); err != nil {
		return err
	}
	return nil
}

// keepOrReturn says what to do with a replacement that reaches the
// customer after the parcel it replaced: keep it when it is worth no more
// than the merchant's keep-it limit, else send it back.
func (c *Checker) keepOrReturn(ctx context.Context, o order.Order, sh order.Shipment) string {
	pol := policy.Default()
	if c.Policies != nil {
		p, err := c.Policies.Policy(ctx, o.Shop)
		if err != nil {
			c.log().WarnContext(ctx, "merchant policy", "shop", o.Shop, "err", err)
		} else {
			pol = p
		}
	}
	if v := parcelValue(o, sh); v <= pol.KeepItLimit {
		return "please keep it with our compliments: there's no need to send anything back."
	}
	return "please don't open it: reply to this email and we'll send you a free return label for it."
}

// shipped reports whether any of o has left the shop.
func shipped(o order.Order) bool {
	for _, s := range o.Shipments {
		if !s.Cancelled() {
			return true
		}
	}
	return o.FulfillmentStatus == "fulfilled" || o.FulfillmentStatus == "partial"
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
