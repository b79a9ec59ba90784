package agent

import (
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// orderNames are the people on a verified customer's orders: who placed
// each and who it ships to. A model told "show me the order for <a
// name>" (issue 18, rules16) needs them to tell the customer's own
// orders, asked for by their name or a gift's recipient's, from another
// customer's, which it must refuse. Identity does not rest on them: the
// tools give only the customer's own orders whatever is asked.
func orderNames(orders []order.Order) []string {
	var names []string
	add := func(n string) {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, o := range orders {
		add(o.Customer.FirstName + " " + o.Customer.LastName)
		if a := o.ShippingAddress; a != nil {
			add(a.Name)
		}
	}
	return names
}
