package console

import (
	"context"
	"net/http"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/promise"
)

// Promises are the follow-up promises the agent made (package promise).
type Promises interface {
	// Pending lists the promises not yet due, soonest first.
	Pending(ctx context.Context, shop string) ([]Promise, error)
}

// Promise is a pending follow-up promise as the console lists it.
type Promise struct {
	ID           string      `json:"id"`
	OrderName    string      `json:"order_name"`
	Customer     string      `json:"customer,omitempty"`
	Carrier      string      `json:"carrier,omitempty"`
	DueAt        time.Time   `json:"due_at"`
	Action       string      `json:"action"` // replacement, refund, trace
	Amount       order.Money `json:"amount,omitempty"`
	Currency     string      `json:"currency,omitempty"`
	AmountText   string      `json:"amount_text,omitempty"` // pkg/money's (money.go)
	Conversation string      `json:"conversation_id"`
	Channel      string      `json:"channel"`
	Statement    string      `json:"statement"`
	CreatedAt    time.Time   `json:"created_at"`
}

// PromiseBook is the console's Promises over package promise.
type PromiseBook struct{ S *promise.Service }

var _ Promises = PromiseBook{}

// Pending lists the shop's pending promises, soonest due first.
func (b PromiseBook) Pending(ctx context.Context, shop string) ([]Promise, error) {
	ps, err := b.S.Pending(ctx, shop)
	if err != nil {
		return nil, err
	}
	out := make([]Promise, 0, len(ps))
	for _, p := range ps {
		out = append(out, Promise{ID: p.ID, OrderName: p.OrderName, Customer: p.CustomerEmail, Carrier: p.Carrier, DueAt: p.DueAt,
			Action: p.Action, Amount: p.Amount, Currency: p.Currency, Conversation: p.Conversation, Channel: string(p.Channel),
			Statement: p.Statement, CreatedAt: p.CreatedAt})
	}
	return out, nil
}

// promises is GET /console/api/promises: the pending follow-up promises,
// soonest due first.
func (c *Console) promises(w http.ResponseWriter, r *http.Request) {
	type list struct {
		available
		Promises []Promise `json:"promises"`
	}
	if c.Promises == nil {
		httpjson.Write(w, http.StatusOK, list{Promises: []Promise{}})
		return
	}
	ps, err := c.Promises.Pending(r.Context(), c.Shop)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if ps == nil {
		ps = []Promise{}
	}
	shop := c.shopCurrency(r.Context())
	for i := range ps {
		if ps[i].Amount != 0 {
			ps[i].AmountText = moneyText(ps[i].Amount, ps[i].Currency, shop)
		}
	}
	httpjson.Write(w, http.StatusOK, list{available{true}, ps})
}
