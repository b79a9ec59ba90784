package agent

import (
	"regexp"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// careOfRe is a name given as "c/o Ana de la Cruz": someone receiving the
// parcel for the customer.
var careOfRe = regexp.MustCompile(`(?i)^\s*(?:c/o|c\.o\.|care of)\s+\S`)

// withCareOf puts the order's recipient in front of a name given as
// "c/o …", as a label reads ("Maya Okafor c/o Ana de la Cruz"): the
// customer still receives it, at someone else's door.
func withCareOf(addr order.Address, old *order.Address) order.Address {
	if old != nil && old.Name != "" && careOfRe.MatchString(addr.Name) {
		addr.Name = old.Name + " " + addr.Name
	}
	return addr
}
