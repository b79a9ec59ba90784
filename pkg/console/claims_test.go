package console_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
)

func TestClaimsBook(t *testing.T) {
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pb := &parcelaudit.Book{Store: st, Clock: clock.NewFixed(time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC))}
	o := order.Order{Shop: "s", ID: "1003", Name: "#1003", Currency: "USD", TotalPrice: 8847,
		LineItems: []order.LineItem{{ID: "a", Title: "Skillet", Quantity: 1, Price: 5200}}}
	c := parcelaudit.Evidence(o, order.Shipment{Shop: "s", OrderID: "1003", ID: "f1", Carrier: "UPS", TrackingNumber: "1Z"}, parcelaudit.ReasonLost, nil)
	c.PromisedBy = "2026-11-25"
	if _, err := pb.Open(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	b := console.ClaimsBook{Book: pb}
	list, err := b.List(t.Context(), "s")
	if err != nil || len(list) != 1 || list[0].OrderName != "#1003" || list[0].GoodsValue != 5200 || list[0].DaysLate != 13 || list[0].Reason != "lost" {
		t.Errorf("List = %+v, %v", list, err)
	}
	var buf bytes.Buffer
	if err := b.CSV(t.Context(), "s", &buf); err != nil || !strings.HasPrefix(buf.String(), "claim_id,") {
		t.Errorf("CSV = %q, %v", buf.String(), err)
	}
}
