package eval

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// A merchant's own orders (-data) are seeded as make dev seeds the demo
// orders (runner.LoadDemo): every date moved by the same amount, so the
// newest across the data is the stack's now and a parcel shipped two days
// before it still shipped two days before (issue 18, rules16: the demo
// orders under -data read weeks late). With KeepDates they are as written.
func TestShopOrdersDatesMoveToNow(t *testing.T) {
	d, err := LoadData(filepath.Join("..", "..", "events", "shopify", "orders"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Newest.IsZero() {
		t.Fatal("no newest date read from the orders")
	}
	now := d.Newest.Add(40 * 24 * time.Hour).Truncate(time.Second)
	created := func(b []byte) time.Time {
		t.Helper()
		var o struct {
			CreatedAt time.Time `json:"created_at"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			t.Fatal(err)
		}
		return o.CreatedAt
	}
	var newest time.Time
	for _, o := range d.Orders {
		moved, err := d.ShopifyOrder(o, now)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := created(moved).Sub(created(o.raw)), now.Sub(d.Newest); got != want {
			t.Errorf("%s moved by %s, want %s", o.OrderID, got, want)
		}
		n, err := runner.NewestTime(moved)
		if err != nil {
			t.Fatal(err)
		}
		if n.After(newest) {
			newest = n
		}
	}
	if !newest.Equal(now) {
		t.Errorf("newest date seeded %s, want now %s", newest, now)
	}
	d.KeepDates = true
	for _, o := range d.Orders {
		kept, err := d.ShopifyOrder(o, now)
		if err != nil {
			t.Fatal(err)
		}
		if string(kept) != string(o.raw) {
			t.Errorf("%s changed with KeepDates", o.OrderID)
		}
	}
}
