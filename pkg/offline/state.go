package offline

import (
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// fromState takes what code established about the conversation from the
// request's State: verified or not, the shop, and what the customer's
// message did to the last proposal. It reports false when the request has
// none.
func (t *turn) fromState() bool {
	st := t.req.State
	if st == nil {
		return false
	}
	t.verified, t.shop = st.Verified, st.ShopName
	if a := st.Answered; a != nil {
		switch a.Status {
		case "confirmed":
			t.confirmed = &call{name: a.Tool, result: a.Outcome}
		case "declined":
			t.declined = true
		case "lapsed":
			t.other = a.Other
			t.expired, t.reoffered = a.Expired, a.Reoffered
		}
	}
	return true
}

// stateCurrentOrder is the conversation's current order, else the
// customer's newest.
func stateCurrentOrder(st *agent.State) string {
	if st.CurrentOrder != "" {
		return st.CurrentOrder
	}
	if len(st.Orders) > 0 {
		return st.Orders[0].Name
	}
	return ""
}

// stateOrderLines are an order's items without quantities: "Desk Lamp
// (color: silver)".
func stateOrderLines(st *agent.State, name string) []string {
	for _, o := range st.Orders {
		if o.Name != name || name == "" {
			continue
		}
		var out []string
		for _, it := range o.Items {
			if _, after, ok := strings.Cut(it, " × "); ok {
				it = after
			}
			out = append(out, strings.TrimSpace(it))
		}
		return out
	}
	return nil
}
