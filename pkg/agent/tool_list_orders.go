package agent

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

var _ = register(newTool(toolname.ListOrders, "The customer's recent orders.", (*session).listOrders).offeredIn(PhaseVerified))

func (s *session) listOrders(ctx context.Context, _ noInput) (any, bool, error) {
	if !s.conv.Verified() {
		r, e := fail("not_verified", "the customer is not verified; ask for their order number and the email used on it")
		return r, e, nil
	}
	orders, err := s.myOrders(ctx)
	if err != nil {
		return nil, false, err
	}
	var out []map[string]any
	for _, o := range orders {
		out = append(out, map[string]any{"order_number": o.Name, "placed": s.day(o.CreatedAt),
			"stage": s.journey(ctx, o).Stage, "items": plainTitles(o), "total": money(o.TotalPrice, o.Currency)})
	}
	return map[string]any{"orders": out}, false, nil
}
