package promise

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// WithdrawnReason is the outcome of a promise the customer took back.
const WithdrawnReason = "withdrawn by the customer"

// WithdrawPromise cancels the promise made from the follow_up proposal p
// of conversation c, at the customer's word in that conversation (issue
// 18, rules16: "wait, I didn't say yes to that"), and stops its workflow.
// It is our own commitment, not a write to the shop, so it needs no
// proposal of its own: nothing the customer holds changes. state and
// outcome are the promise's after: StateCancelled with WithdrawnReason
// when withdrawn now (or by this same request before); another
// cancellation's outcome when it had ended already (the parcel came);
// StateKept when it was kept before the customer's word, and nothing is
// undone. A promise not recorded yet (the yes's turn event not handled
// yet) is recorded cancelled, so Make starts nothing for it.
func (s *Service) WithdrawPromise(ctx context.Context, c conversation.Conversation, p conversation.Proposal) (state, outcome string, err error) {
	key := docID(c.Shop, p.OrderID, p.ID)
	cur, err := s.Get(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		now := s.Clock.Now()
		pr := Promise{ID: p.ID, Shop: c.Shop, OrderID: p.OrderID, OrderName: p.Order, ShipmentID: p.ShipmentID, Action: p.Resolution,
			Conversation: c.ID, Channel: c.Channel, Statement: p.Statement, State: StateCancelled, CreatedAt: now,
			SettledAt: &now, Outcome: WithdrawnReason}
		if p.DueAt != nil {
			pr.DueAt = p.DueAt.UTC()
		}
		b, err := json.Marshal(pr)
		if err != nil {
			return "", "", fmt.Errorf("encode withdrawn promise: %w", err)
		}
		switch err := s.Store.CreateDoc(ctx, Collection, key, b, pr.DueAt.Add(keepFor)); {
		case err == nil:
			s.log().InfoContext(ctx, "promise withdrawn before it was made", "shop", c.Shop, "order_id", p.OrderID, "promise", p.ID)
			return StateCancelled, WithdrawnReason, nil
		case !errors.Is(err, store.ErrConflict):
			return "", "", fmt.Errorf("record withdrawn promise %s: %w", p.ID, err)
		}
		// Made meanwhile: withdraw the one made.
		cur, err = s.Get(ctx, key)
	}
	if err != nil {
		return "", "", fmt.Errorf("withdraw promise: %w", err)
	}
	if cur.State != StatePending {
		return cur.State, cur.Outcome, nil
	}
	if err := s.cancel(ctx, cur, WithdrawnReason, true); err != nil {
		return "", "", fmt.Errorf("withdraw promise: %w", err)
	}
	return StateCancelled, WithdrawnReason, nil
}
