package policy

import (
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// SplitShipment is the lines of o already with a carrier and the lines
// still to ship, when o has both (a split order, one part shipped); nil,
// nil otherwise.
//
// Shopify keeps one shipping address per order (orderUpdate's
// shippingAddress overwrites it): changing it for the part still to ship
// would also rewrite the address the shipped part went to, and a
// fulfilment order already sent to a warehouse keeps its own destination.
// So the address of a split order is not changed here: the customer is
// told which part has shipped, and a person arranges the rest.
func SplitShipment(o order.Order) (shipped, rest []order.LineItem) {
	units := map[string]int{}
	for _, sh := range o.Shipments {
		if sh.Cancelled() {
			continue
		}
		for _, li := range o.LinesIn(sh) {
			if units[li.ID] == 0 {
				shipped = append(shipped, li)
			}
			units[li.ID] += max(li.Quantity, 1)
		}
	}
	if len(shipped) == 0 {
		return nil, nil
	}
	for _, li := range o.LineItems {
		if units[li.ID] < max(li.Quantity, 1) {
			rest = append(rest, li)
		}
	}
	if len(rest) == 0 {
		return nil, nil
	}
	return shipped, rest
}

// splitAddressReason is the true reason a split order's address stays.
func splitAddressReason(shipped, rest []order.LineItem) string {
	return "part of this order (" + lineTitles(shipped) + ") has already shipped, and an order has one shipping address, " +
		"so it cannot be changed here for the part still to ship (" + lineTitles(rest) + ") alone"
}

func lineTitles(lines []order.LineItem) string {
	var out []string
	for _, li := range lines {
		if !slices.Contains(out, li.Title) {
			out = append(out, li.Title)
		}
	}
	return strings.Join(out, ", ")
}
