package agent

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// A message can ask about two orders at once: "cancel 1001 and what's the
// status of 1007", written while the conversation is about #1007. The
// tools offered follow the current order's stage, so the cancellation of
// the other, unshipped order would be refused as not offered, and one of
// the two requests lost. The orders of the customer's that the message
// names by number add their phases: each request is checked by policy
// against its own order when it is called, so offering a tool grants
// nothing.

// namedPhases are the phases of the orders among orders that this turn's
// message names by number.
func (s *session) namedPhases(orders []order.Order) Phase {
	var p Phase
	for _, o := range orders {
		if o.Name != s.conv.CurrentOrder && namesOrderNumber(s.text, o.Name) {
			p |= phaseOf(o, s)
		}
	}
	return p
}

// namesOrderNumber reports whether text holds name's number as a number
// of its own: "1001" or "#1001" for "#1001", not "10012".
func namesOrderNumber(text, name string) bool {
	digits := strings.TrimPrefix(name, "#")
	if digits == "" {
		return false
	}
	re, err := regexp.Compile(`(?:^|[^\d])#?\s?` + regexp.QuoteMeta(digits) + `(?:[^\d]|$)`)
	return err == nil && re.MatchString(text)
}
