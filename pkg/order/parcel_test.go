package order

import (
	"fmt"
	"strings"
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

// The items still to ship are counted in units, from the fulfilments'
// quantities: a line partly fulfilled keeps only what is left, and each
// shipment's parcel holds only the units it carries.
func TestUnfulfilledUnits(t *testing.T) {
	lines := []LineItem{{ID: "mug", Quantity: 4}, {ID: "board", Quantity: 1}, {ID: "card"}}
	ship := func(id string, ids []string, q map[string]int) Shipment {
		return Shipment{ID: id, State: "success", Status: StatusInTransit, LineItemIDs: ids, LineQuantities: q}
	}
	for _, tt := range []struct {
		name  string
		ships []Shipment
		rest  string // "id:units" of the pre-shipment parcel's lines
		first string // the same for the first shipment's parcel
	}{
		{"one mug of four", []Shipment{ship("s1", []string{"mug"}, map[string]int{"mug": 1})}, "mug:3 board:1 card:0", "mug:1"},
		{"mugs over two parcels", []Shipment{ship("s1", []string{"mug"}, map[string]int{"mug": 1}), ship("s2", []string{"mug", "board"}, map[string]int{"mug": 2})}, "mug:1 card:0", "mug:1"},
		{"a line named with no quantity is whole", []Shipment{ship("s1", []string{"mug", "card"}, nil)}, "board:1", "mug:4 card:0"},
		{"a cancelled fulfilment holds nothing", []Shipment{{ID: "s0", State: "cancelled", LineItemIDs: []string{"board"}}, ship("s1", []string{"board"}, map[string]int{"board": 1})}, "mug:4 card:0", "board:1"},
		{"every unit shipped", []Shipment{ship("s1", []string{"mug", "board", "card"}, map[string]int{"mug": 4, "board": 1})}, "", "mug:4 board:1 card:0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Order{FulfillmentStatus: "partial", LineItems: lines, Shipments: tt.ships}
			ps := ParcelsOf(o, time.Now(), nil)
			units := func(ls []LineItem) string {
				var s []string
				for _, li := range ls {
					s = append(s, fmt.Sprintf("%s:%d", li.ID, li.Quantity))
				}
				return strings.Join(s, " ")
			}
			last := ps[len(ps)-1]
			if last.Shipped() || units(last.Items) != tt.rest {
				t.Errorf("still to ship %q (shipped %v), want %q", units(last.Items), last.Shipped(), tt.rest)
			}
			if !ps[0].Shipped() || units(ps[0].Items) != tt.first {
				t.Errorf("first parcel %q, want %q", units(ps[0].Items), tt.first)
			}
			if o.LineItems[0].Quantity != 4 {
				t.Fatal("ParcelsOf changed the order's lines")
			}
		})
	}
}
