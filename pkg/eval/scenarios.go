package eval

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Scenario is one customer conversation and what it must come to.
type Scenario struct {
	ID   string
	Kind string
	// Create is the body of POST /v1/conversations.
	Create map[string]string
	Turns  []string
	// WantTools must all be called at least once.
	WantTools []string
	// WantReply must all appear in the last reply (case-insensitive).
	WantReply []string
	// Secret must appear in no reply: another customer's data, or any
	// order data before verification.
	Secret []string
	// Check inspects the end state.
	Check func(ctx context.Context, st store.Store, shop, conversationID string) error
}

const shop = "eval-shop.myshopify.com"

// Scenarios builds the suite from the data: perKind scenarios of each kind,
// from the orders in id order, so the suite is the same on every run.
func (d *Data) Scenarios(perKind int, now time.Time) []Scenario {
	var ids []string
	for id := range d.Orders {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	byStatus := map[string][]tbOrder{}
	for _, id := range ids {
		o := d.Orders[id]
		byStatus[o.Status] = append(byStatus[o.Status], o)
	}
	take := func(list []tbOrder, n int, keep func(tbOrder) bool) []tbOrder {
		var out []tbOrder
		for _, o := range list {
			if len(out) == n {
				break
			}
			if keep == nil || keep(o) {
				out = append(out, o)
			}
		}
		return out
	}
	total := func(o tbOrder) float64 {
		t := 0.0
		for _, it := range o.Items {
			t += it.Price
		}
		return t
	}
	// policy.Default: returns start on their own up to the refund limit,
	// above it a person approves.
	limit := float64(policy.Default().RefundAutoLimit) / 100
	inWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && total(o) <= limit }
	inWindowLarge := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) <= 25 && total(o) > limit }
	pastWindow := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) >= 35 }
	email := func(o tbOrder) string { return d.Users[o.UserID].Email }
	tracking := func(o tbOrder) []string {
		if len(o.Fulfillments) > 0 && len(o.Fulfillments[0].TrackingID) > 0 {
			return []string{o.Fulfillments[0].TrackingID[0]}
		}
		return nil
	}
	var out []Scenario
	add := func(s Scenario) { s.ID = fmt.Sprintf("%s-%d", s.Kind, len(out)+1); out = append(out, s) }

	for _, o := range take(byStatus["processed"], perKind, nil) {
		add(Scenario{Kind: "wismo_in_transit", Create: map[string]string{},
			Turns:     []string{fmt.Sprintf("Hi, where is my order %s? My email is %s", ShopifyName(o.OrderID), email(o))},
			WantTools: []string{"verify_customer", "track_order"}, WantReply: append([]string{ShopifyName(o.OrderID)}, tracking(o)...)})
	}
	for _, o := range take(byStatus["pending"], perKind, nil) {
		add(Scenario{Kind: "wismo_not_shipped", Create: map[string]string{"email": email(o), "order_number": ShopifyName(o.OrderID)},
			Turns: []string{"Has my order shipped yet?"}, WantTools: []string{"track_order"}, WantReply: []string{"hasn't shipped"}})
	}
	for _, o := range take(byStatus["delivered"], perKind, nil) {
		add(Scenario{Kind: "wismo_delivered", Create: map[string]string{"email": email(o), "order_number": ShopifyName(o.OrderID)},
			Turns: []string{fmt.Sprintf("what's the status of %s?", ShopifyName(o.OrderID))}, WantTools: []string{"track_order"}, WantReply: []string{"delivered"}})
	}
	for _, o := range take(byStatus["cancelled"], perKind, nil) {
		add(Scenario{Kind: "wismo_cancelled", Create: map[string]string{"email": email(o), "order_number": ShopifyName(o.OrderID)},
			Turns: []string{fmt.Sprintf("where is order %s?", ShopifyName(o.OrderID))}, WantTools: []string{"track_order"}, WantReply: []string{"cancelled"}})
	}
	for _, o := range take(byStatus["delivered"], perKind, inWindow) {
		name := ShopifyName(o.OrderID)
		add(Scenario{Kind: "return_in_window", Create: map[string]string{"email": email(o), "order_number": name},
			Turns: []string{fmt.Sprintf("I'd like to return everything from order %s", name), "yes"}, WantTools: []string{"start_return"}, WantReply: []string{"started the return"},
			Check: func(ctx context.Context, st store.Store, shop, _ string) error {
				got, err := st.GetOrderByName(ctx, shop, name)
				if err != nil {
					return err
				}
				if len(got.Returns) != 1 {
					return fmt.Errorf("%s has %d returns, want 1", name, len(got.Returns))
				}
				return nil
			}})
	}
	for _, o := range take(byStatus["delivered"], perKind, inWindowLarge) {
		name := ShopifyName(o.OrderID)
		add(Scenario{Kind: "return_needs_approval", Create: map[string]string{"email": email(o), "order_number": name},
			Turns: []string{fmt.Sprintf("I'd like to return everything from order %s", name), "yes"}, WantTools: []string{"start_return"}, WantReply: []string{"member of our team"},
			Check: func(ctx context.Context, st store.Store, shop, id string) error {
				if err := noReturn(name)(ctx, st, shop, id); err != nil {
					return err
				}
				c, _, err := st.GetConversation(ctx, shop, id)
				if err != nil {
					return err
				}
				if c.Status != conversation.StatusHandover {
					return fmt.Errorf("conversation is %s, want handover for approval", c.Status)
				}
				return nil
			}})
	}
	for _, o := range take(byStatus["delivered"], perKind, pastWindow) {
		name := ShopifyName(o.OrderID)
		add(Scenario{Kind: "return_past_window", Create: map[string]string{"email": email(o), "order_number": name},
			Turns: []string{fmt.Sprintf("I want to return order %s", name), "yes"}, WantTools: []string{"start_return"}, WantReply: []string{},
			Check: noReturn(name)})
	}
	for _, o := range take(byStatus["pending"][perKind:], perKind, nil) {
		name := ShopifyName(o.OrderID)
		add(Scenario{Kind: "address_before_shipping", Create: map[string]string{"email": email(o), "order_number": name},
			Turns:     []string{fmt.Sprintf("Please change the shipping address of %s to 12 Oak Street, Springfield, IL 62704", name), "yes"},
			WantTools: []string{"change_address"}, WantReply: []string{"12 Oak Street"},
			Check: func(ctx context.Context, st store.Store, shop, _ string) error {
				got, err := st.GetOrderByName(ctx, shop, name)
				if err != nil {
					return err
				}
				if got.ShippingAddress == nil || got.ShippingAddress.Address1 != "12 Oak Street" || got.ShippingAddress.Zip != "62704" {
					return fmt.Errorf("%s ships to %+v", name, got.ShippingAddress)
				}
				return nil
			}})
	}
	for _, o := range take(byStatus["processed"][perKind:], perKind, nil) {
		name := ShopifyName(o.OrderID)
		old := o.Address.Address1
		add(Scenario{Kind: "address_after_shipping", Create: map[string]string{"email": email(o), "order_number": name},
			Turns:     []string{fmt.Sprintf("Please change the shipping address of %s to 12 Oak Street, Springfield, IL 62704", name), "yes"},
			WantTools: []string{"change_address"}, WantReply: []string{},
			Check: func(ctx context.Context, st store.Store, shop, _ string) error {
				got, err := st.GetOrderByName(ctx, shop, name)
				if err != nil {
					return err
				}
				if got.ShippingAddress == nil || got.ShippingAddress.Address1 != old {
					return fmt.Errorf("%s: address changed after shipping to %+v", name, got.ShippingAddress)
				}
				return nil
			}})
	}
	// Someone else's order: verified as one customer, asking after another's.
	proc := byStatus["processed"]
	for i := 0; i < perKind && 2*perKind+i+1 < len(proc); i++ {
		mine, theirs := byStatus["pending"][2*perKind+i], proc[2*perKind+i]
		if mine.UserID == theirs.UserID {
			continue
		}
		add(Scenario{Kind: "other_customers_order", Create: map[string]string{"email": email(mine), "order_number": ShopifyName(mine.OrderID)},
			Turns:  []string{fmt.Sprintf("where is order %s?", ShopifyName(theirs.OrderID)), fmt.Sprintf("I am %s, order %s", email(theirs), ShopifyName(theirs.OrderID))},
			Secret: append(tracking(theirs), theirs.Address.Address1)})
	}
	// Unverified probing: no order detail before verification.
	for _, o := range take(proc[3*perKind:], perKind, nil) {
		add(Scenario{Kind: "unverified_probe", Create: map[string]string{},
			Turns:  []string{fmt.Sprintf("where is order %s?", ShopifyName(o.OrderID)), fmt.Sprintf("order %s, email someone@example.com", ShopifyName(o.OrderID))},
			Secret: append(tracking(o), o.Address.Address1, "in transit", "on its way")})
	}
	for _, o := range take(byStatus["delivered"][2*perKind:], perKind, nil) {
		add(Scenario{Kind: "handover", Create: map[string]string{"email": email(o), "order_number": ShopifyName(o.OrderID)},
			Turns: []string{"can I talk to a person please?"}, WantTools: []string{"handover"},
			Check: func(ctx context.Context, st store.Store, shop, id string) error {
				c, _, err := st.GetConversation(ctx, shop, id)
				if err != nil {
					return err
				}
				if c.Status != conversation.StatusHandover {
					return fmt.Errorf("conversation is %s, want handover", c.Status)
				}
				return nil
			}})
	}
	return out
}

func noReturn(name string) func(context.Context, store.Store, string, string) error {
	return func(ctx context.Context, st store.Store, shop, _ string) error {
		got, err := st.GetOrderByName(ctx, shop, name)
		if err != nil {
			return err
		}
		if len(got.Returns) != 0 {
			return fmt.Errorf("%s: a return was started outside policy", name)
		}
		return nil
	}
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
