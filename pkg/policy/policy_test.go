package policy_test

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// delivered is an order of a $64 kit and two $24 mugs, delivered daysAgo.
func delivered(daysAgo int) order.Order {
	at := now.Add(-time.Duration(daysAgo) * 24 * time.Hour)
	return order.Order{ID: "1", Name: "#1006", Currency: "USD", TotalPrice: 11200, FinancialStatus: "paid", FulfillmentStatus: "fulfilled",
		LineItems: []order.LineItem{{ID: "kit", Title: "Pour-Over Coffee Kit", Quantity: 1, Price: 6400}, {ID: "mug", Title: "Harbor Stoneware Mug", Quantity: 2, Price: 2400}},
		Shipments: []order.Shipment{{ID: "f1", State: "success", Status: order.StatusDelivered, DeliveredAt: &at, CreatedAt: at, UpdatedAt: at, LastEventAt: at}}}
}

// partly is #1006 in two parcels: the kit delivered daysAgo, the mugs
// still in transit.
func partly(daysAgo int) order.Order {
	o := delivered(daysAgo)
	o.FulfillmentStatus = "fulfilled"
	o.Shipments[0].LineItemIDs = []string{"kit"}
	at := now.Add(-24 * time.Hour)
	o.Shipments = append(o.Shipments, order.Shipment{ID: "f2", State: "success", Status: order.StatusInTransit, LineItemIDs: []string{"mug"}, CreatedAt: at, UpdatedAt: at, LastEventAt: at})
	return o
}

func unshipped() order.Order {
	return order.Order{ID: "2", Name: "#1001", Currency: "USD", TotalPrice: 8551, FinancialStatus: "paid",
		LineItems: []order.LineItem{{ID: "kit", Title: "Pour-Over Coffee Kit", Quantity: 1, Price: 6400}}}
}

func with(o order.Order, fn func(*order.Order)) order.Order { fn(&o); return o }

func pol(fn func(*policy.Policy)) policy.Policy {
	p := policy.Default()
	if fn != nil {
		fn(&p)
	}
	return p
}

var kit = []order.ReturnLine{{LineItemID: "kit", Quantity: 1}}

func TestReturn(t *testing.T) {
	cancelledAt := now.Add(-time.Hour)
	tests := []struct {
		name    string
		pol     policy.Policy
		o       order.Order
		lines   []order.ReturnLine
		value   order.Money
		verdict policy.Verdict
		reason  string
	}{
		{"inside the window", pol(nil), delivered(5), kit, 6400, policy.Allow, "the order is inside the 30-day return window"},
		{"last day of the window", pol(nil), delivered(29), kit, 6400, policy.Allow, "the order is inside the 30-day return window"},
		{"window closed", pol(nil), delivered(31), kit, 6400, policy.Refuse, "the 30-day return window closed on November 19"},
		{"shorter window from settings", pol(func(p *policy.Policy) { p.ReturnWindowDays = 3 }), delivered(5), kit, 6400, policy.Refuse, "the 3-day return window closed on November 18"},
		{"not delivered", pol(nil), unshipped(), kit, 6400, policy.Refuse, "returns can start once the order has been delivered"},
		{"the delivered parcel of a partly delivered order", pol(nil), partly(5), kit, 6400, policy.Allow, "the order is inside the 30-day return window"},
		{"the parcel still on its way", pol(nil), partly(5), []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}, 2400, policy.Refuse, "the Harbor Stoneware Mug has not been delivered yet, so its return can start once it arrives"},
		{"the delivered parcel past its window", pol(nil), partly(31), kit, 6400, policy.Refuse, "returns can start once the order has been delivered"},
		{"cancelled", pol(nil), with(delivered(5), func(o *order.Order) { o.CancelledAt = &cancelledAt }), kit, 6400, policy.Refuse, "this order was cancelled, so there is nothing to return"},
		{"refunded", pol(nil), with(delivered(5), func(o *order.Order) { o.FinancialStatus = "refunded" }), kit, 6400, policy.Refuse, "this order has already been refunded"},
		{"no lines", pol(nil), delivered(5), nil, 0, policy.Refuse, "no items were chosen to return"},
		{"line not on the order", pol(nil), delivered(5), []order.ReturnLine{{LineItemID: "board", Quantity: 1}}, 4600, policy.Refuse, "that item is not on this order"},
		{"more units than ordered", pol(nil), delivered(5), []order.ReturnLine{{LineItemID: "mug", Quantity: 3}}, 7200, policy.Refuse, "the order has 2 of Harbor Stoneware Mug"},
		{"zero units", pol(nil), delivered(5), []order.ReturnLine{{LineItemID: "mug", Quantity: 0}}, 0, policy.Refuse, "the order has 2 of Harbor Stoneware Mug"},
		{"line already being returned", pol(nil), with(delivered(5), func(o *order.Order) {
			o.Returns = []order.Return{{ID: "r1", Status: "requested", Lines: kit}}
		}), kit, 6400, policy.Refuse, "a return for Pour-Over Coffee Kit is already under way"},
		{"other line of a returned order", pol(nil), with(delivered(5), func(o *order.Order) {
			o.Returns = []order.Return{{ID: "r1", Status: "requested", Lines: kit}}
		}), []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}, 2400, policy.Allow, "the order is inside the 30-day return window"},
		{"units kept after a damage resolution are not resolved again", pol(nil), with(delivered(5), func(o *order.Order) {
			o.Returns = []order.Return{{ID: "kept-p1", Status: order.ReturnKept, Lines: []order.ReturnLine{{LineItemID: "mug", Quantity: 2}}}}
		}), []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}, 2400, policy.Refuse, "the Harbor Stoneware Mug was already replaced, refunded or credited"},
		{"both mugs asked for, one made good: the other one is said", pol(nil), with(delivered(5), func(o *order.Order) {
			o.Returns = []order.Return{{ID: "kept-p1", Status: order.ReturnKept, Lines: []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}}}
		}), []order.ReturnLine{{LineItemID: "mug", Quantity: 2}}, 4800, policy.Refuse, "1 of the 2 units of Harbor Stoneware Mug was already replaced, refunded or credited, or is coming back; the other 1 can still be returned or exchanged"},
		{"the other mug after one made good", pol(nil), with(delivered(5), func(o *order.Order) {
			o.Returns = []order.Return{{ID: "kept-p1", Status: order.ReturnKept, Lines: []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}}}
		}), []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}, 2400, policy.Allow, "the order is inside the 30-day return window"},
		{"declined return does not count", pol(nil), with(delivered(5), func(o *order.Order) {
			o.Returns = []order.Return{{ID: "r1", Status: "declined", Lines: kit}}
		}), kit, 6400, policy.Allow, "the order is inside the 30-day return window"},
		{"second mug while one is returned", pol(nil), with(delivered(5), func(o *order.Order) {
			o.Returns = []order.Return{{ID: "r1", Status: "open", Lines: []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}}}
		}), []order.ReturnLine{{LineItemID: "mug", Quantity: 1}}, 2400, policy.Allow, "the order is inside the 30-day return window"},
		{"automatic returns off", pol(func(p *policy.Policy) { p.AutoReturns = false }), delivered(5), kit, 6400, policy.Approval, "a member of the team approves every return"},
		{"above the refund limit", pol(func(p *policy.Policy) { p.RefundAutoLimit = 5000 }), delivered(5), kit, 6400, policy.Approval, "returns worth more than the automatic refund limit are approved by a member of the team"},
		{"at the refund limit", pol(func(p *policy.Policy) { p.RefundAutoLimit = 6400 }), delivered(5), kit, 6400, policy.Allow, "the order is inside the 30-day return window"},
		{"limit 0: every return to a person", pol(func(p *policy.Policy) { p.RefundAutoLimit = 0 }), delivered(5), kit, 6400, policy.Approval, "returns worth more than the automatic refund limit are approved by a member of the team"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.pol.Return(tt.o, tt.lines, tt.value, now)
			if got.Verdict != tt.verdict || got.Reason != tt.reason {
				t.Errorf("Return = %v %q, want %v %q", got.Verdict, got.Reason, tt.verdict, tt.reason)
			}
		})
	}
}

func TestReturnsOpen(t *testing.T) {
	tests := []struct {
		name    string
		o       order.Order
		verdict policy.Verdict
	}{
		{"delivered", delivered(1), policy.Allow},
		{"past the window", delivered(40), policy.Refuse},
		{"not shipped", unshipped(), policy.Refuse},
		{"one parcel delivered", partly(3), policy.Allow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := policy.Default().ReturnsOpen(tt.o, now); got.Verdict != tt.verdict {
				t.Errorf("ReturnsOpen = %v %q, want %v", got.Verdict, got.Reason, tt.verdict)
			}
		})
	}
}

func TestAddressChange(t *testing.T) {
	cancelledAt := now.Add(-time.Hour)
	tests := []struct {
		name    string
		pol     policy.Policy
		o       order.Order
		verdict policy.Verdict
		reason  string
	}{
		{"unshipped", pol(nil), unshipped(), policy.Allow, "the order has not shipped yet"},
		{"cancelled", pol(nil), with(unshipped(), func(o *order.Order) { o.CancelledAt = &cancelledAt }), policy.Refuse, "this order was cancelled"},
		{"handed to the carrier", pol(nil), delivered(1), policy.Refuse, "the order has already been handed to the carrier, so its address can no longer be changed here"},
		{"cancelled shipment only", pol(nil), with(unshipped(), func(o *order.Order) {
			o.Shipments = []order.Shipment{{ID: "f1", State: "cancelled"}}
		}), policy.Allow, "the order has not shipped yet"},
		{"fulfilled without tracking", pol(nil), with(unshipped(), func(o *order.Order) { o.FulfillmentStatus = "fulfilled" }), policy.Refuse, "the order has already been fulfilled"},
		{"partly fulfilled", pol(nil), with(unshipped(), func(o *order.Order) { o.FulfillmentStatus = "partial" }), policy.Refuse, "the order has already been fulfilled"},
		{"automatic changes off", pol(func(p *policy.Policy) { p.AutoAddressChange = false }), unshipped(), policy.Approval, "a member of the team makes address changes"},
		// A split order, the mugs shipped and the kit not: one address
		// per order, so the true reason names the shipped part.
		{"split, one part shipped", pol(nil), with(delivered(0), func(o *order.Order) {
			o.FulfillmentStatus = "partial"
			o.Shipments[0].LineItemIDs = []string{"mug"}
			o.Shipments[0].Status, o.Shipments[0].DeliveredAt = order.StatusInTransit, nil
		}), policy.Refuse, "part of this order (Harbor Stoneware Mug) has already shipped, and an order has one shipping address, so it cannot be changed here for the part still to ship (Pour-Over Coffee Kit) alone"},
		{"split, every part shipped", pol(nil), partly(1), policy.Refuse, "the order has already been handed to the carrier, so its address can no longer be changed here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.pol.AddressChange(tt.o, now)
			if got.Verdict != tt.verdict || got.Reason != tt.reason {
				t.Errorf("AddressChange = %v %q, want %v %q", got.Verdict, got.Reason, tt.verdict, tt.reason)
			}
		})
	}
}

func TestRefund(t *testing.T) {
	tests := []struct {
		name    string
		pol     policy.Policy
		o       order.Order
		amount  order.Money
		verdict policy.Verdict
		reason  string
	}{
		{"within the limit", pol(nil), delivered(5), 6400, policy.Allow, "within the refund limit"},
		{"at the limit", pol(func(p *policy.Policy) { p.RefundAutoLimit = 6400 }), delivered(5), 6400, policy.Allow, "within the refund limit"},
		{"above the limit", pol(func(p *policy.Policy) { p.RefundAutoLimit = 5000 }), delivered(5), 6400, policy.Approval, "refunds of this size are approved by a member of the team"},
		{"nothing", pol(nil), delivered(5), 0, policy.Refuse, "there is nothing to refund"},
		{"negative", pol(nil), delivered(5), -100, policy.Refuse, "there is nothing to refund"},
		{"more than the order", pol(nil), delivered(5), 11201, policy.Refuse, "that is more than what is left to refund on this order"},
		{"more than what is left", pol(nil), with(delivered(5), func(o *order.Order) {
			o.Refunds = []order.Refund{{ID: "rf1", Amount: 10000}}
		}), 1300, policy.Refuse, "that is more than what is left to refund on this order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.pol.Refund(tt.o, tt.amount)
			if got.Verdict != tt.verdict || got.Reason != tt.reason {
				t.Errorf("Refund = %v %q, want %v %q", got.Verdict, got.Reason, tt.verdict, tt.reason)
			}
		})
	}
}

func TestVerdictString(t *testing.T) {
	for v, want := range map[policy.Verdict]string{policy.Refuse: "refuse", policy.Approval: "approval", policy.Allow: "allow"} {
		if v.String() != want {
			t.Errorf("%d = %q, want %q", v, v.String(), want)
		}
	}
	if got := policy.Default().ReturnWindow(); got != 30*24*time.Hour {
		t.Errorf("ReturnWindow = %s", got)
	}
}
