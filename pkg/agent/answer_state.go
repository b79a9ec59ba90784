package agent

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A short answer carries the state of the question it answers (issue 18,
// state10): "the 1001 one" after "which order?" or a refusal names the
// customer's order #1001 though it has no "#"; "refund" after "replacement
// or refund of the other mug?" is about the other mug still, so the unit
// made good before is not refused as the same one again.

// bareNumberRe is a number a customer may name an order by: "the 1001 one".
var bareNumberRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\p{L}\d#.,/-])(\d{3,9})(?:$|[^\p{L}\d.,/-])`)
}) // at first use, like phrases

// ownBareOrder is the customer's own order a short message names by its
// bare number ("the 1001 one", "1007 pls"), or "": a number that is not
// one of their orders (a ZIP code, a price) names nothing.
func ownBareOrder(text string, mine []order.Order) string {
	if len(strings.Fields(text)) > 8 {
		return ""
	}
	found := ""
	for _, m := range bareNumberRe().FindAllStringSubmatch(text, -1) {
		name := order.NormaliseName(m[1])
		for _, o := range mine {
			if order.NormaliseName(o.Name) == name {
				if found != "" && found != o.Name {
					return "" // two orders named: not one answer
				}
				found = o.Name
			}
		}
	}
	return found
}

// noteBareOrder makes the verified customer's order named by a bare
// number in a short message the current order.
func (s *session) noteBareOrder(ctx context.Context) error {
	mine, err := s.myOrders(ctx)
	if err != nil {
		return err
	}
	if name := ownBareOrder(s.text, mine); name != "" {
		s.conv.CurrentOrder = name
	}
	return nil
}

// anotherUnitTypoRe is anotherUnitRe's words as customers mistype them.
var anotherUnitTypoRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:othr|ohter|otehr|oher|othet|anothr|anohter|antoher|secnd|scond|seocnd)(?:$|[^\p{L}])`)
}) // at first use, like phrases

// anotherUnit reports whether the customer speaks of another unit than
// the one made good: in this message, or in the message our question
// about the remedy answered (the previous reply asked it of report_damage).
func (s *session) anotherUnit() bool {
	if anotherUnitRe().MatchString(s.text) || anotherUnitTypoRe().MatchString(s.text) {
		return true
	}
	asked := false
	for i := len(s.history) - 1; i >= 0; i-- {
		m := s.history[i]
		switch m.Role {
		case conversation.RoleAgent:
			if asked {
				continue
			}
			for _, a := range m.Actions {
				if a.Tool == toolname.ReportDamage && a.Status == "ask_resolution" {
					asked = true
				}
			}
			if !asked {
				return false
			}
		case conversation.RoleCustomer:
			if !asked {
				return false
			}
			return anotherUnitRe().MatchString(m.Text) || anotherUnitTypoRe().MatchString(m.Text)
		}
	}
	return false
}
