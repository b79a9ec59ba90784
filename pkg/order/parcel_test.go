package order

import (
	"testing"
	"time"
)

func TestTrackParcels(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 15, 0, 0, 0, time.UTC) // 10:00 in New York
	lines := []LineItem{{ID: "a", Title: "Throw"}, {ID: "b", Title: "Skillet"}}
	ship := func(id string, st ShipmentStatus, last time.Time, items ...string) Shipment {
		return Shipment{ID: id, State: "success", Status: st, LastEventAt: last, LineItemIDs: items}
	}
	yesterday := now.Add(-26 * time.Hour)
	lateLastNight := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC) // Dec 4, 22:00 in New York
	type want struct {
		stages   []Stage
		order    Stage
		outToday []bool
	}
	for _, tt := range []struct {
		name     string
		o        Order
		problems map[string]string
		want     want
	}{
		{"partial: throw shipped, skillet not",
			Order{FulfillmentStatus: "partial", LineItems: lines, Shipments: []Shipment{ship("s1", StatusInTransit, yesterday, "a")}},
			nil, want{[]Stage{StageInTransit, StagePreShipment}, StagePreShipment, []bool{false, false}}},
		{"two parcels, both shipped",
			Order{FulfillmentStatus: "fulfilled", LineItems: lines, Shipments: []Shipment{
				ship("s1", StatusDelivered, yesterday, "a"), ship("s2", StatusInTransit, yesterday, "b")}},
			nil, want{[]Stage{StageDelivered, StageInTransit}, StageInTransit, []bool{false, false}}},
		{"lost is an exception, not in transit",
			Order{FulfillmentStatus: "fulfilled", LineItems: lines, Shipments: []Shipment{ship("s1", StatusInTransit, yesterday)}},
			map[string]string{"s1": "lost"}, want{[]Stage{StageDeliveryException}, StageDeliveryException, []bool{false}}},
		{"late stays in transit",
			Order{FulfillmentStatus: "fulfilled", LineItems: lines, Shipments: []Shipment{ship("s1", StatusInTransit, yesterday)}},
			map[string]string{"s1": "late"}, want{[]Stage{StageInTransit}, StageInTransit, []bool{false}}},
		{"out for delivery today",
			Order{LineItems: lines, Shipments: []Shipment{ship("s1", StatusOutForDelivery, now.Add(-time.Hour))}},
			nil, want{[]Stage{StageOutForDelivery}, StageOutForDelivery, []bool{true}}},
		{"stale out-for-delivery scan is not today",
			Order{LineItems: lines, Shipments: []Shipment{ship("s1", StatusOutForDelivery, yesterday)}},
			nil, want{[]Stage{StageOutForDelivery}, StageOutForDelivery, []bool{false}}},
		{"yesterday in the shop's zone, today in UTC",
			Order{LineItems: lines, Shipments: []Shipment{ship("s1", StatusOutForDelivery, lateLastNight)}},
			nil, want{[]Stage{StageOutForDelivery}, StageOutForDelivery, []bool{false}}},
		{"returned to sender",
			Order{LineItems: lines, Shipments: []Shipment{ship("s1", StatusReturnedToSender, yesterday)}},
			nil, want{[]Stage{StageDeliveryException}, StageDeliveryException, []bool{false}}},
		{"nothing shipped",
			Order{LineItems: lines}, nil, want{[]Stage{StagePreShipment}, StagePreShipment, []bool{false}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			j := Track(tt.o, now, ny, 30*24*time.Hour, tt.problems)
			if j.Stage != tt.want.order {
				t.Errorf("order stage = %s, want %s", j.Stage, tt.want.order)
			}
			if len(j.Parcels) != len(tt.want.stages) {
				t.Fatalf("%d parcels, want %d: %+v", len(j.Parcels), len(tt.want.stages), j.Parcels)
			}
			for i, p := range j.Parcels {
				if p.Stage != tt.want.stages[i] || p.OutToday != tt.want.outToday[i] {
					t.Errorf("parcel %d = %s today=%v, want %s today=%v", i, p.Stage, p.OutToday, tt.want.stages[i], tt.want.outToday[i])
				}
			}
		})
	}
}

// The unshipped parcel holds exactly the lines no shipment carries.
func TestParcelItems(t *testing.T) {
	o := Order{FulfillmentStatus: "partial", LineItems: []LineItem{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Shipments: []Shipment{{ID: "s1", State: "success", Status: StatusInTransit, LineItemIDs: []string{"b"}}}}
	ps := ParcelsOf(o, time.Now(), nil)
	if len(ps) != 2 || len(ps[0].Items) != 1 || ps[0].Items[0].ID != "b" || len(ps[1].Items) != 2 ||
		ps[1].Items[0].ID != "a" || ps[1].Items[1].ID != "c" || ps[1].Shipped() {
		t.Errorf("parcels = %+v", ps)
	}
}
