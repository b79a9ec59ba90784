package order

import (
	"testing"
	"time"
)

func TestKeepShipDate(t *testing.T) {
	label := time.Date(2026, 12, 5, 15, 0, 0, 0, time.UTC)
	scan := time.Date(2026, 12, 11, 15, 0, 0, 0, time.UTC)
	later := time.Date(2026, 12, 12, 9, 0, 0, 0, time.UTC)
	at := func(t time.Time) *time.Time { return &t }
	labelOnly := Shipment{ID: "1", Status: StatusLabelPrinted, CreatedAt: label, UpdatedAt: label, LastEventAt: label}
	moving := func(shipped time.Time, news time.Time) Shipment {
		return Shipment{ID: "1", Status: StatusInTransit, CreatedAt: label, UpdatedAt: news, LastEventAt: news, ShippedAt: at(shipped)}
	}
	tests := []struct {
		name string
		old  *Shipment
		sh   Shipment
		want *time.Time
	}{
		{"first seen moving: the fulfillment's date stands", nil, moving(label, label), at(label)},
		{"label then first scan: shipped at the scan, not the label", &labelOnly, moving(label, scan), at(scan)},
		{"known ship date never moves earlier", ptr(moving(scan, scan)), moving(label, later), at(scan)},
		{"known ship date never moves later", ptr(moving(scan, scan)), moving(later, later), at(scan)},
		{"still a label: no ship date", &labelOnly, labelOnly, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := KeepShipDate(tt.old, tt.sh).ShippedAt
			switch {
			case tt.want == nil && got != nil:
				t.Fatalf("ShippedAt = %v, want none", *got)
			case tt.want != nil && (got == nil || !got.Equal(*tt.want)):
				t.Fatalf("ShippedAt = %v, want %v", got, *tt.want)
			}
		})
	}
}

func ptr(s Shipment) *Shipment { return &s }
