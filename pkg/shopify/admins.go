package shopify

import (
	"context"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
)

// Admins is the Admin API clients of every shop a deployment serves, by
// shop domain; it routes each write to its shop's client.
type Admins map[string]*Admin

// The agent finds each optional capability of its Commerce port by a type
// assertion: every one the demo shop has, Admins has too, so the Lambdas
// offer what make dev offers.
var (
	_ agent.Commerce          = Admins(nil)
	_ agent.Exchanger         = Admins(nil)
	_ agent.StoreCreditIssuer = Admins(nil)
	_ agent.OrderCanceller    = Admins(nil)
	_ resolution.Resolver     = Admins(nil)
)

func (a Admins) get(shop string) (*Admin, error) {
	c, ok := a[shop]
	if !ok {
		return nil, fmt.Errorf("no Admin API token for shop %s", shop)
	}
	return c, nil
}

// RequestReturn routes to the shop's client.
func (a Admins) RequestReturn(ctx context.Context, r agent.ReturnRequest) (order.Return, error) {
	c, err := a.get(r.Shop)
	if err != nil {
		return order.Return{}, err
	}
	return c.RequestReturn(ctx, r)
}

// UpdateShippingAddress routes to the shop's client.
func (a Admins) UpdateShippingAddress(ctx context.Context, shop, orderID string, addr order.Address) error {
	c, err := a.get(shop)
	if err != nil {
		return err
	}
	return c.UpdateShippingAddress(ctx, shop, orderID, addr)
}
