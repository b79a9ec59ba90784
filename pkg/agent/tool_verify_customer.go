package agent

import (
	"context"
	"errors"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// MaxVerifyFailures is how many wrong order/email pairs a conversation may
// try before verification is refused. Across conversations, channels and
// instances, package lockout bounds failures per order and per client.
const MaxVerifyFailures = 5

type verifyInput struct {
	OrderNumber string `json:"order_number"`
	Email       string `json:"email"`
}

var _ = register(newTool(toolname.VerifyCustomer, "Verify the customer by order number and that order's email.", (*session).verify).offeredIn(PhaseAny))

func (s *session) verify(ctx context.Context, in verifyInput) (any, bool, error) {
	if s.conv.Verified() {
		return map[string]any{"verified": true, "message": "the customer is already verified"}, false, nil
	}
	if s.conv.VerifyFailures >= MaxVerifyFailures {
		s.act(toolname.VerifyCustomer, "refused", "", "too many attempts")
		r, e := fail("too_many_attempts", "too many failed attempts; offer to hand over to a person")
		return r, e, nil
	}
	// The proof must come from the customer, not the model: both the order
	// number and the email must be in what the customer wrote.
	if !s.customerWrote(in.Email) || !s.customerWroteOrder(in.OrderNumber) {
		s.conv.VerifyFailures++
		s.act(toolname.VerifyCustomer, "failed", "", "not given by the customer")
		r, e := fail("not_verified", "ask the customer for their order number and the email used on it; only what they write counts")
		return r, e, nil
	}
	ok, err := s.a.VerifyOrderEmail(ctx, s.conv, in.OrderNumber, in.Email)
	if r, locked := s.verifyLocked(err); locked {
		return r, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !ok {
		s.conv.VerifyFailures++
		s.act(toolname.VerifyCustomer, "failed", "", "")
		r, e := fail("not_verified", "that order number and email do not match an order; ask the customer to check both")
		return r, e, nil
	}
	s.mineLoaded = false
	s.act(toolname.VerifyCustomer, "done", order.NormaliseName(in.OrderNumber), "")
	return map[string]any{"verified": true, "current_order": s.conv.CurrentOrder}, false, nil
}

// VerifyOrderEmail verifies conv when orderName's email is email; the order
// becomes the conversation's current order. It returns a
// *lockout.LockedError, whatever the email, while the order or the client
// in ctx (lockout.WithClient) is locked.
func (a *Agent) VerifyOrderEmail(ctx context.Context, conv *conversation.Conversation, orderName, email string) (bool, error) {
	name, email := order.NormaliseName(orderName), order.NormaliseEmail(email)
	if name == "" || email == "" {
		return false, nil
	}
	// Failed guesses are counted in the store, per order and per client
	// (package lockout): past the limit even the right email is refused
	// with a *lockout.LockedError.
	guess, err := a.guessGuard().Check(ctx, conv.Shop, name)
	if err != nil {
		return false, err
	}
	defer guess.Release(ctx) // a verdict other than a failure takes the attempt back
	o, err := a.Store.GetOrderByName(ctx, conv.Shop, name)
	if errors.Is(err, store.ErrNotFound) {
		return false, guess.Fail(ctx)
	}
	if err != nil {
		return false, fmt.Errorf("verify: %w", err)
	}
	if order.NormaliseEmail(o.Email) != email {
		return false, guess.Fail(ctx)
	}
	conv.CustomerEmail, conv.VerifiedBy, conv.CurrentOrder = email, conversation.VerifiedByOrder, o.Name
	return true, nil
}
