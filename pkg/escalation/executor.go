package escalation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// ReturnInput is Action.Input for start_return. No lines means every line
// of the order, as the agent's tool does.
type ReturnInput struct {
	Lines  []order.ReturnLine `json:"lines,omitempty"`
	Reason string             `json:"reason,omitempty"`
}

// AddressInput is Action.Input for change_address: the whole new address.
type AddressInput struct {
	Address order.Address `json:"address"`
}

// OrderStore finds orders and records what the shop did.
type OrderStore interface {
	GetOrderByName(ctx context.Context, shop, name string) (order.Order, error)
	Apply(ctx context.Context, c store.Change) (store.Result, error)
}

// CommerceExecutor runs approved actions through the agent's Commerce port
// (Shopify in AWS, the demo shop locally).
type CommerceExecutor struct {
	Commerce agent.Commerce
	Store    OrderStore
}

var _ Executor = (*CommerceExecutor)(nil)

// Execute runs a: start_return and change_address; any other tool is for a
// person to do in Shopify (an ActionFailedError says so).
func (x *CommerceExecutor) Execute(ctx context.Context, shop string, a Action) (string, error) {
	o, err := x.Store.GetOrderByName(ctx, shop, order.NormaliseName(a.Order))
	if errors.Is(err, store.ErrNotFound) {
		return "", &workflow.ActionFailedError{Reason: "order not found"}
	}
	if err != nil {
		return "", fmt.Errorf("load order: %w", err)
	}
	switch a.Tool {
	case "start_return":
		var in ReturnInput
		if len(a.Input) > 0 {
			if err := json.Unmarshal(a.Input, &in); err != nil {
				return "", &workflow.ActionFailedError{Reason: "the return's details are unreadable"}
			}
		}
		if len(in.Lines) == 0 {
			for _, li := range o.LineItems {
				in.Lines = append(in.Lines, order.ReturnLine{LineItemID: li.ID, Quantity: li.Quantity})
			}
		}
		if in.Reason == "" {
			in.Reason = "UNKNOWN"
		}
		ret, err := x.Commerce.RequestReturn(ctx, agent.ReturnRequest{Shop: shop, OrderID: o.ID, Lines: in.Lines, Reason: in.Reason})
		if err != nil {
			return "", commerceError(err)
		}
		if _, err := x.Store.Apply(ctx, store.Change{Shop: shop, Returns: []order.Return{ret}}); err != nil {
			return "", fmt.Errorf("record return: %w", err)
		}
		return "return " + ret.ID + " requested", nil
	case "change_address":
		var in AddressInput
		if len(a.Input) == 0 || json.Unmarshal(a.Input, &in) != nil || in.Address.Address1 == "" {
			return "", &workflow.ActionFailedError{Reason: "no new address recorded"}
		}
		if err := x.Commerce.UpdateShippingAddress(ctx, shop, o.ID, in.Address); err != nil {
			return "", commerceError(err)
		}
		return "shipping address changed", nil
	}
	return "", &workflow.ActionFailedError{Reason: a.Tool + " is not automated yet: do it in Shopify"}
}

func commerceError(err error) error {
	if errors.Is(err, agent.ErrCommerceRejected) {
		return &workflow.ActionFailedError{Reason: "the shop refused the change"}
	}
	return fmt.Errorf("commerce: %w", err)
}
