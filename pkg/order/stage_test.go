package order

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testNow is the demo's "today"; testWindow the merchant's return window.
var testNow = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

const (
	day        = 24 * time.Hour
	testWindow = 30 * day
)

func at(t time.Time) *time.Time { return &t }

func ago(d time.Duration) time.Time { return testNow.Add(-d) }

// testOrder is a paid two-line order, nothing shipped yet.
func testOrder() Order {
	return Order{
		Shop:            "demo-shop.myshopify.com",
		ID:              "5500000001001",
		Name:            "#1001",
		Email:           "maya.okafor@example.com",
		Currency:        "USD",
		TotalPrice:      6400,
		FinancialStatus: "paid",
		LineItems: []LineItem{
			{ID: "li-1", Title: "Stoneware Mug", Quantity: 1, Price: 2400},
			{ID: "li-2", Title: "Beeswax Candle", Quantity: 2, Price: 2000},
		},
		CreatedAt: ago(5 * day),
		UpdatedAt: ago(5 * day),
	}
}

// shipped returns the order with the given shipments and Shopify's
// fulfillment_status set to fs.
func shipped(fs string, ss ...Shipment) Order {
	o := testOrder()
	o.FulfillmentStatus = fs
	o.Shipments = ss
	return o
}

// ship is a successful fulfillment at status st carrying the given line items.
func ship(id string, st ShipmentStatus, lineItemIDs ...string) Shipment {
	return Shipment{
		Shop:        "demo-shop.myshopify.com",
		OrderID:     "5500000001001",
		ID:          id,
		State:       "success",
		Status:      st,
		Carrier:     "UPS",
		LineItemIDs: lineItemIDs,
		CreatedAt:   ago(4 * day),
		UpdatedAt:   ago(1 * day),
		LastEventAt: ago(1 * day),
	}
}

// deliveredShip is a shipment of both lines delivered at d.
func deliveredShip(id string, d time.Time) Shipment {
	s := ship(id, StatusDelivered, "li-1", "li-2")
	s.DeliveredAt = at(d)
	s.LastEventAt = d
	s.UpdatedAt = d
	return s
}

func cancelledShip(id string, st ShipmentStatus, state string) Shipment {
	s := ship(id, st, "li-1", "li-2")
	s.State = state
	return s
}

func withLastEvent(s Shipment, t time.Time) Shipment {
	s.DeliveredAt = nil
	s.LastEventAt = t
	return s
}

func TestJourneyOf(t *testing.T) {
	delivered3 := ago(3 * day)
	delivered45 := ago(45 * day)
	edge := ago(testWindow)
	pastEdge := edge.Add(-time.Second)

	tests := []struct {
		name  string
		order Order
		want  Journey
	}{
		// One order per stage.
		{
			name:  "pre_shipment: paid, nothing fulfilled",
			order: testOrder(),
			want:  Journey{Stage: StagePreShipment},
		},
		{
			name:  "label_created: label printed",
			order: shipped("fulfilled", ship("f1", StatusLabelPrinted, "li-1", "li-2")),
			want:  Journey{Stage: StageLabelCreated},
		},
		{
			name:  "label_created: fulfillment with no carrier news yet",
			order: shipped("fulfilled", ship("f1", StatusNone, "li-1", "li-2")),
			want:  Journey{Stage: StageLabelCreated},
		},
		{
			name:  "in_transit",
			order: shipped("fulfilled", ship("f1", StatusInTransit, "li-1", "li-2")),
			want:  Journey{Stage: StageInTransit},
		},
		{
			name:  "out_for_delivery",
			order: shipped("fulfilled", ship("f1", StatusOutForDelivery, "li-1", "li-2")),
			want:  Journey{Stage: StageOutForDelivery},
		},
		{
			name:  "delivery_exception: failure",
			order: shipped("fulfilled", ship("f1", StatusFailure, "li-1", "li-2")),
			want:  Journey{Stage: StageDeliveryException},
		},
		{
			name:  "delivery_exception: attempted delivery",
			order: shipped("fulfilled", ship("f1", StatusAttemptedDelivery, "li-1", "li-2")),
			want:  Journey{Stage: StageDeliveryException},
		},
		{
			name:  "delivered 3 days ago: return window open",
			order: shipped("fulfilled", deliveredShip("f1", delivered3)),
			want: Journey{
				Stage:            StageDelivered,
				DeliveredAt:      at(delivered3),
				ReturnWindowEnds: at(delivered3.Add(testWindow)),
			},
		},
		{
			name:  "past_return_window: delivered 45 days ago",
			order: shipped("fulfilled", deliveredShip("f1", delivered45)),
			want: Journey{
				Stage:            StagePastReturnWindow,
				DeliveredAt:      at(delivered45),
				ReturnWindowEnds: at(delivered45.Add(testWindow)),
			},
		},
		{
			name: "returned_refunded: delivered then fully refunded",
			order: func() Order {
				o := shipped("fulfilled", deliveredShip("f1", ago(10*day)))
				o.FinancialStatus = "refunded"
				o.Refunds = []Refund{{ID: "r1", Amount: 6400, CreatedAt: ago(2 * day)}}
				return o
			}(),
			want: Journey{Stage: StageReturnedRefunded},
		},
		{
			name: "cancelled before shipping",
			order: func() Order {
				o := testOrder()
				o.CancelledAt = at(ago(4 * day))
				o.CancelReason = "customer"
				o.FinancialStatus = "voided"
				return o
			}(),
			want: Journey{Stage: StageCancelled},
		},

		// Refunds.
		{
			name: "full refund by amount while financial_status is stale",
			order: func() Order {
				o := shipped("fulfilled", deliveredShip("f1", ago(10*day)))
				o.Refunds = []Refund{
					{ID: "r1", Amount: 2400, CreatedAt: ago(3 * day)},
					{ID: "r2", Amount: 4000, CreatedAt: ago(2 * day)},
				}
				return o
			}(),
			want: Journey{Stage: StageReturnedRefunded},
		},
		{
			name: "partial refund keeps the shipping stage",
			order: func() Order {
				o := shipped("fulfilled", deliveredShip("f1", delivered3))
				o.FinancialStatus = "partially_refunded"
				o.Refunds = []Refund{{ID: "r1", Amount: 2400, LineItems: []string{"li-1"}, CreatedAt: ago(1 * day)}}
				return o
			}(),
			want: Journey{
				Stage:            StageDelivered,
				DeliveredAt:      at(delivered3),
				ReturnWindowEnds: at(delivered3.Add(testWindow)),
			},
		},
		{
			name: "partial refund while in transit",
			order: func() Order {
				o := shipped("fulfilled", ship("f1", StatusInTransit, "li-1", "li-2"))
				o.FinancialStatus = "partially_refunded"
				o.Refunds = []Refund{{ID: "r1", Amount: 6399}}
				return o
			}(),
			want: Journey{Stage: StageInTransit},
		},
		{
			name: "zero-total order with no refunds is not refunded",
			order: func() Order {
				o := testOrder()
				o.TotalPrice = 0
				return o
			}(),
			want: Journey{Stage: StagePreShipment},
		},

		// Cancellation wins over everything.
		{
			name: "cancelled after shipping",
			order: func() Order {
				o := shipped("fulfilled", ship("f1", StatusInTransit, "li-1", "li-2"))
				o.CancelledAt = at(ago(1 * day))
				o.FinancialStatus = "refunded"
				o.Refunds = []Refund{{ID: "r1", Amount: 6400}}
				return o
			}(),
			want: Journey{Stage: StageCancelled},
		},
		{
			name: "cancelled after delivery exception",
			order: func() Order {
				o := shipped("fulfilled", ship("f1", StatusFailure, "li-1", "li-2"))
				o.CancelledAt = at(ago(1 * day))
				return o
			}(),
			want: Journey{Stage: StageCancelled},
		},

		// Partial fulfilment.
		{
			name:  "partial fulfilment: one line shipped, one not",
			order: shipped("partial", ship("f1", StatusInTransit, "li-1")),
			want:  Journey{Stage: StagePreShipment, Partial: true},
		},
		{
			// The delivered part opens no return window while the rest waits.
			name: "partial fulfilment: shipped line delivered, other not shipped",
			order: func() Order {
				s := deliveredShip("f1", delivered3)
				s.LineItemIDs = []string{"li-1"}
				return shipped("partial", s)
			}(),
			want: Journey{Stage: StagePreShipment, Partial: true},
		},
		{
			name:  "partial fulfilment: shipment lists no line items",
			order: shipped("partial", ship("f1", StatusInTransit)),
			want:  Journey{Stage: StagePreShipment, Partial: true},
		},
		{
			name:  "shipment lists no line items: whole order",
			order: shipped("fulfilled", ship("f1", StatusOutForDelivery)),
			want:  Journey{Stage: StageOutForDelivery},
		},
		{
			name:  "shipment lists no line items, status not yet updated",
			order: shipped("", ship("f1", StatusInTransit)),
			want:  Journey{Stage: StageInTransit},
		},
		{
			name:  "line items cover the order though fulfillment_status lags",
			order: shipped("", ship("f1", StatusInTransit, "li-1", "li-2")),
			want:  Journey{Stage: StageInTransit},
		},
		{
			name:  "fulfilled settles coverage even when a line is in no shipment",
			order: shipped("fulfilled", ship("f1", StatusInTransit, "li-1")),
			want:  Journey{Stage: StageInTransit},
		},
		{
			// li-2 has quantity 2 and only one unit has shipped: Shopify says
			// "partial", yet every line item id appears in a shipment.
			name:  "partial fulfilment of a quantity: Shopify says partial",
			order: shipped("partial", ship("f1", StatusInTransit, "li-1", "li-2")),
			want:  Journey{Stage: StagePreShipment, Partial: true},
		},

		// Several shipments.
		{
			name: "two shipments: delivered and in transit",
			order: shipped("fulfilled",
				deliveredShip("f1", delivered3),
				ship("f2", StatusInTransit, "li-2"),
			),
			want: Journey{Stage: StageInTransit, Partial: true},
		},
		{
			name: "two shipments: label created and out for delivery",
			order: shipped("fulfilled",
				ship("f1", StatusOutForDelivery, "li-1"),
				ship("f2", StatusLabelPurchased, "li-2"),
			),
			want: Journey{Stage: StageLabelCreated, Partial: true},
		},
		{
			name: "two shipments at the same stage are not partial",
			order: shipped("fulfilled",
				ship("f1", StatusInTransit, "li-1"),
				ship("f2", StatusDelayed, "li-2"),
			),
			want: Journey{Stage: StageInTransit},
		},
		{
			name: "exception dominates a delivered shipment",
			order: shipped("fulfilled",
				deliveredShip("f1", delivered3),
				ship("f2", StatusAttemptedDelivery, "li-2"),
			),
			want: Journey{Stage: StageDeliveryException, Partial: true},
		},
		{
			name: "exception dominates a label-only shipment",
			order: shipped("fulfilled",
				ship("f1", StatusLabelPrinted, "li-1"),
				ship("f2", StatusReturnedToSender, "li-2"),
			),
			want: Journey{Stage: StageDeliveryException, Partial: true},
		},
		{
			name:  "exception dominates unshipped items",
			order: shipped("partial", ship("f1", StatusFailure, "li-1")),
			want:  Journey{Stage: StageDeliveryException, Partial: true},
		},
		{
			name: "two delivered shipments: window runs from the last delivery",
			order: shipped("fulfilled",
				func() Shipment { s := deliveredShip("f1", ago(40*day)); s.LineItemIDs = []string{"li-1"}; return s }(),
				func() Shipment { s := deliveredShip("f2", ago(20*day)); s.LineItemIDs = []string{"li-2"}; return s }(),
			),
			want: Journey{
				Stage:            StageDelivered,
				DeliveredAt:      at(ago(20 * day)),
				ReturnWindowEnds: at(ago(20 * day).Add(testWindow)),
			},
		},
		{
			name: "delivered and picked up count as delivered",
			order: shipped("fulfilled",
				func() Shipment { s := deliveredShip("f1", delivered3); s.LineItemIDs = []string{"li-1"}; return s }(),
				func() Shipment {
					s := deliveredShip("f2", ago(4*day))
					s.Status = StatusPickedUp
					s.LineItemIDs = []string{"li-2"}
					return s
				}(),
			),
			want: Journey{
				Stage:            StageDelivered,
				DeliveredAt:      at(delivered3),
				ReturnWindowEnds: at(delivered3.Add(testWindow)),
			},
		},

		// Cancelled fulfillments.
		{
			name: "cancelled fulfillment is ignored",
			order: shipped("fulfilled",
				cancelledShip("f1", StatusInTransit, "cancelled"),
				ship("f2", StatusLabelPrinted, "li-1", "li-2"),
			),
			want: Journey{Stage: StageLabelCreated},
		},
		{
			name: "cancelled exception fulfillment does not make an exception",
			order: shipped("fulfilled",
				cancelledShip("f1", StatusFailure, "cancelled"),
				ship("f2", StatusInTransit, "li-1", "li-2"),
			),
			want: Journey{Stage: StageInTransit},
		},
		{
			name:  "only fulfillment cancelled: back to pre_shipment",
			order: shipped("", cancelledShip("f1", StatusInTransit, "cancelled")),
			want:  Journey{Stage: StagePreShipment},
		},
		{
			name:  "errored fulfillment is ignored",
			order: shipped("", cancelledShip("f1", StatusLabelPrinted, "error")),
			want:  Journey{Stage: StagePreShipment},
		},
		{
			name:  "failed fulfillment is ignored",
			order: shipped("", cancelledShip("f1", StatusLabelPrinted, "failure")),
			want:  Journey{Stage: StagePreShipment},
		},

		// The return window edge.
		{
			name:  "delivered exactly at the window edge: still open",
			order: shipped("fulfilled", deliveredShip("f1", edge)),
			want: Journey{
				Stage:            StageDelivered,
				DeliveredAt:      at(edge),
				ReturnWindowEnds: at(testNow),
			},
		},
		{
			name:  "delivered one second before the window edge: closed",
			order: shipped("fulfilled", deliveredShip("f1", pastEdge)),
			want: Journey{
				Stage:            StagePastReturnWindow,
				DeliveredAt:      at(pastEdge),
				ReturnWindowEnds: at(testNow.Add(-time.Second)),
			},
		},

		// Delivery time fallbacks.
		{
			name:  "delivered with no DeliveredAt: LastEventAt",
			order: shipped("fulfilled", withLastEvent(deliveredShip("f1", delivered3), ago(5*day))),
			want: Journey{
				Stage:            StageDelivered,
				DeliveredAt:      at(ago(5 * day)),
				ReturnWindowEnds: at(ago(5 * day).Add(testWindow)),
			},
		},
		{
			name:  "delivered with no DeliveredAt, LastEventAt past the window",
			order: shipped("fulfilled", withLastEvent(deliveredShip("f1", delivered3), delivered45)),
			want: Journey{
				Stage:            StagePastReturnWindow,
				DeliveredAt:      at(delivered45),
				ReturnWindowEnds: at(delivered45.Add(testWindow)),
			},
		},
		{
			name: "delivered with no DeliveredAt nor LastEventAt: UpdatedAt",
			order: func() Order {
				s := withLastEvent(deliveredShip("f1", delivered3), time.Time{})
				s.UpdatedAt = ago(6 * day)
				return shipped("fulfilled", s)
			}(),
			want: Journey{
				Stage:            StageDelivered,
				DeliveredAt:      at(ago(6 * day)),
				ReturnWindowEnds: at(ago(6 * day).Add(testWindow)),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := JourneyOf(tt.order, testNow, testWindow)
			got.Parcels = nil // TestParcels covers them
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("JourneyOf() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJourneyOfDoesNotChangeOrder(t *testing.T) {
	o := shipped("partial",
		ship("f1", StatusInTransit, "li-1"),
		cancelledShip("f2", StatusDelivered, "cancelled"),
	)
	want := shipped("partial",
		ship("f1", StatusInTransit, "li-1"),
		cancelledShip("f2", StatusDelivered, "cancelled"),
	)
	JourneyOf(o, testNow, testWindow)
	if diff := cmp.Diff(want, o); diff != "" {
		t.Errorf("order changed (-want +got):\n%s", diff)
	}
}

func TestShipmentStage(t *testing.T) {
	tests := []struct {
		status ShipmentStatus
		want   Stage
	}{
		{StatusNone, StageLabelCreated},
		{StatusLabelPrinted, StageLabelCreated},
		{StatusLabelPurchased, StageLabelCreated},
		{StatusConfirmed, StageLabelCreated},
		{StatusCarrierPickedUp, StageInTransit},
		{StatusInTransit, StageInTransit},
		{StatusDelayed, StageInTransit},
		{StatusOutForDelivery, StageOutForDelivery},
		{StatusReadyForPickup, StageOutForDelivery},
		{StatusAttemptedDelivery, StageDeliveryException},
		{StatusFailure, StageDeliveryException},
		{StatusReturnedToSender, StageDeliveryException},
		{StatusDelivered, StageDelivered},
		{StatusPickedUp, StageDelivered},
		// A status newer than doorstep: the parcel is somewhere on its way.
		{ShipmentStatus("held_at_customs"), StageInTransit},
	}
	for _, tt := range tests {
		name := string(tt.status)
		if name == "" {
			name = "none"
		}
		t.Run(name, func(t *testing.T) {
			got := ShipmentStage(Shipment{State: "success", Status: tt.status})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ShipmentStage(%q) mismatch (-want +got):\n%s", tt.status, diff)
			}
		})
	}
}

func TestShipmentStatusKnown(t *testing.T) {
	tests := []struct {
		status ShipmentStatus
		want   bool
	}{
		{StatusNone, true},
		{StatusLabelPrinted, true},
		{StatusLabelPurchased, true},
		{StatusConfirmed, true},
		{StatusCarrierPickedUp, true},
		{StatusInTransit, true},
		{StatusDelayed, true},
		{StatusOutForDelivery, true},
		{StatusAttemptedDelivery, true},
		{StatusReadyForPickup, true},
		{StatusPickedUp, true},
		{StatusDelivered, true},
		{StatusFailure, true},
		{StatusReturnedToSender, true},
		{ShipmentStatus("held_at_customs"), false},
		{ShipmentStatus("DELIVERED"), false},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			if got := tt.status.Known(); got != tt.want {
				t.Errorf("ShipmentStatus(%q).Known() = %v, want %v", tt.status, got, tt.want)
			}
		})
	}
}

func TestNormaliseName(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"1001", "#1001"},
		{"#1001", "#1001"},
		{" # 1001 ", "#1001"},
		{"\t#1001\n", "#1001"},
		{"", ""},
		{"   ", ""},
		{"#", ""},
		{" # ", ""},
		// Replacement orders (demo shop): the suffix however typed.
		{"1006-R", "#1006-R"},
		{"#1006-r", "#1006-R"},
		{"1006R", "#1006-R"},
		{"# 1006 -r", "#1006-R"},
		{"#1006-RR", "#1006-RR"},
		{"#1001-shop", "#1001-shop"},
		{"R1001", "#R1001"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := NormaliseName(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NormaliseName(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestNormaliseEmail(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"maya.okafor@example.com", "maya.okafor@example.com"},
		{"Maya.Okafor@Example.COM", "maya.okafor@example.com"},
		{"  maya.okafor@example.com \n", "maya.okafor@example.com"},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := NormaliseEmail(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NormaliseEmail(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestRefundedTotal(t *testing.T) {
	tests := []struct {
		name    string
		refunds []Refund
		want    Money
	}{
		{"none", nil, 0},
		{"one", []Refund{{ID: "r1", Amount: 2400}}, 2400},
		{"several", []Refund{{ID: "r1", Amount: 2400}, {ID: "r2", Amount: 4000}}, 6400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOrder()
			o.Refunds = tt.refunds
			if diff := cmp.Diff(tt.want, o.RefundedTotal()); diff != "" {
				t.Errorf("RefundedTotal() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
