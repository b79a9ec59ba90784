package eval

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// replacementNameRe is a replacement order as the demo shop names it,
// "#2611340-R", in a scenario.
var replacementNameRe = regexp.MustCompile(`#(\d{3,9})` + order.ReplacementSuffix + `\b`)

// replacementsNamed are the replacement orders the suite names, by the
// name of the order each replaces: a scenario about "#2611340-R" plays
// in a shop where doorstep already sent that replacement (needed seeds its
// customer's orders, the original among them).
func (d *Data) replacementsNamed(suite []Scenario) []tbOrder {
	byName := map[string]tbOrder{}
	for _, o := range d.Orders {
		if o.raw == nil {
			byName[o.name()] = o
		}
	}
	seen := map[string]bool{}
	var out []tbOrder
	for _, s := range suite {
		b, _ := json.Marshal(s)
		for _, m := range replacementNameRe.FindAllStringSubmatch(string(b), -1) {
			if o, ok := byName["#"+m[1]]; ok && !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, o)
			}
		}
	}
	return out
}

// ReplacementOrder is the orders/create body of the replacement doorstep
// made for o, as the demo shop makes one (demoshop.Shop.Replace): o's
// items at no cost, paid, to the same customer and address, not shipped
// yet, named "#<o>-R" and tagged as a replacement of o.
func (d *Data) ReplacementOrder(o tbOrder, now time.Time) ([]byte, error) {
	orig := o
	orig.Status = "pending"
	body, err := d.ShopifyOrder(orig, now)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("replacement of %s: %w", o.OrderID, err)
	}
	digits := strings.TrimLeft(strings.TrimPrefix(o.OrderID, "#"), "W")
	id, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("replacement of %s: %w", o.OrderID, err)
	}
	newID := 5_700_000_000_000 + id
	m["id"] = newID
	m["name"] = ShopifyName(o.OrderID) + order.ReplacementSuffix
	m["tags"] = order.ReplacementTag + ", replaces-" + digits
	m["total_price"] = "0.00"
	m["created_at"] = now.Add(-2 * time.Hour).UTC().Format(time.RFC3339)
	m["updated_at"] = now.Add(-time.Hour).UTC().Format(time.RFC3339)
	lines, _ := m["line_items"].([]any)
	for i, l := range lines {
		if li, ok := l.(map[string]any); ok {
			li["id"] = newID*100 + int64(i)
			li["price"] = "0.00"
		}
	}
	return json.Marshal(m)
}
