package agent

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// notOffered is the result of a call of a tool the request did not offer:
// nothing runs. For a cancellation or an address change of an order whose
// stage rules it out, the result is policy's refusal on that order, with
// its reason and what can be done instead, so each of a message's
// requests ("cancel it, and change the address") is answered with its own
// reason, not only the one the model happened to call first.
func (s *session) notOffered(ctx context.Context, u ToolUse) (any, bool, error) {
	generic := func() (any, bool, error) {
		r, e := fail("tool_not_available", "the tool "+u.Name+" is not available for this order's stage; tell the customer why from the stage")
		return r, e, nil
	}
	if u.Name != toolname.CancelOrder && u.Name != toolname.ChangeAddress {
		return generic()
	}
	var in struct {
		OrderNumber string `json:"order_number"`
	}
	_ = json.Unmarshal(u.Input, &in)
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil {
		return nil, false, err
	}
	if problem != nil {
		return generic()
	}
	d, offer := s.refusalOf(u.Name, o)
	if d.Verdict != policy.Refuse {
		return generic()
	}
	s.orders[o.Name] = true
	return map[string]any{"error": "tool_not_available", "status": "refused", "order_number": o.Name, "reason": d.Reason, "offer": offer}, false, nil
}

// refusalOf is policy's decision on tool (cancel_order or change_address)
// for o, and what the customer can do instead when it refuses.
func (s *session) refusalOf(tool string, o order.Order) (policy.Decision, string) {
	if tool == toolname.CancelOrder {
		if why := replacementShipped(o); why != "" { // replacement_cancel.go
			return policy.Decision{Verdict: policy.Refuse, Reason: why}, "a person on the team can help"
		}
		d := s.pol.Cancel(o)
		return d, fmt.Sprintf("once it arrives, the items can be returned within %d days of delivery for a refund; a person on the team can help", s.pol.ReturnWindowDays)
	}
	offer := "a person on the team can help"
	if _, rest := policy.SplitShipment(o); len(rest) > 0 {
		return s.pol.AddressChange(o, s.now), "a person on the team can arrange the part still to ship"
	}
	for _, sh := range o.Shipments {
		if sh.Cancelled() || sh.TrackingURL == "" {
			continue
		}
		carrier := sh.Carrier
		if carrier == "" {
			carrier = "the carrier"
		}
		offer = fmt.Sprintf("%s may be able to redirect the parcel or hold it for collection: the tracking link is %s; a person on the team can help", carrier, sh.TrackingURL)
		break
	}
	return s.pol.AddressChange(o, s.now), offer
}
