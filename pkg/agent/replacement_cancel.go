package agent

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A replacement doorstep arranged (a damaged item, a parcel that never
// came) is an order of the customer's own: "#1006-R", tagged with the
// order it replaces (order.Replaces). A customer who no longer needs it
// ("found the other mug, cancel the replacement") cancels that order,
// never the original, which is delivered and would be refused (issue 18
// trial: "can't cancel order #1006: already delivered").

// madeOrder reports whether running p created an order of the customer's
// (a replacement): the customer context does not hold it, so the next
// turn reads their orders afresh and "the replacement" finds it.
func madeOrder(p conversation.Proposal) bool {
	return strings.Contains(p.Outcome, "replacement order ")
}

// replacementCancelStatement states the cancellation of o, a replacement
// order, naming it as the replacement of the order it replaces: nothing
// was paid for it, so nothing is refunded.
func replacementCancelStatement(o order.Order, lines []conversation.ProposalLine, left order.Money) string {
	of := ""
	if r := order.Replaces(o); r != "" && r != "#" {
		of = " for order " + r
	}
	s := fmt.Sprintf("I'll cancel order %s, the replacement of %s we're sending you%s, so it won't be sent.", o.Name, describeLines(lines), of)
	if left > 0 {
		return s + fmt.Sprintf(" %s goes back to your original payment method.", money(left, o.Currency))
	}
	return s + " Nothing was charged for it, so there's nothing to refund; the original order stays as it is."
}

// replacementMeant is the customer's replacement of o when their message
// takes back the replacement ("cancel the replacement", "dont send the new
// one") and the model named o, the order it replaces: a hosted model reads
// the original's number from the conversation (the stack test's model
// over the Converse wire did), and the original, delivered, would be
// refused. ok is false when the message is about no replacement or o has
// none, or the customer named o in the message.
func (s *session) replacementMeant(ctx context.Context, o order.Order) (order.Order, bool, error) {
	if order.Replaces(o) != "" || !(RefersToReplacement(s.text) || TakesBackSent(s.text)) {
		return o, false, nil
	}
	for _, m := range namedOrderRe().FindAllStringSubmatch(s.text, -1) {
		if namedOrder(m) == o.Name {
			return o, false, nil // the customer named it themselves
		}
	}
	mine, err := s.myOrders(ctx)
	if err != nil {
		return o, false, err
	}
	for _, m := range mine { // newest first
		if order.Replaces(m) == o.Name {
			s.conv.CurrentOrder = m.Name
			return m, true, nil
		}
	}
	return o, false, nil
}

// replacementShipped is why a replacement order that left the warehouse
// cannot be cancelled, with its tracking, for the customer; "" when o is
// no replacement or nothing of it has shipped.
func replacementShipped(o order.Order) string {
	if order.Replaces(o) == "" {
		return ""
	}
	for _, sh := range o.Shipments {
		if sh.Cancelled() {
			continue
		}
		why := fmt.Sprintf("the replacement (order %s) has already shipped, so it can no longer be cancelled", o.Name)
		if sh.TrackingNumber != "" {
			carrier := sh.Carrier
			if carrier == "" {
				carrier = "the carrier"
			}
			why += fmt.Sprintf("; it's with %s, tracking number %s", carrier, sh.TrackingNumber)
			if sh.TrackingURL != "" {
				why += " (" + sh.TrackingURL + ")"
			}
		}
		return why + ". Once it arrives you can keep it or send it back, or a member of our team can look at it with you"
	}
	return ""
}

// StateDone is a proposal of this conversation that ran, or waits for a
// person's approval after the customer's yes: what a question about it
// ("did the refund go through?", "is the replacement on its way?") is
// answered from.
type StateDone struct {
	Tool       string   `json:"tool"`
	Status     string   `json:"status"` // done or queued
	Order      string   `json:"order"`
	Items      []string `json:"items,omitempty"`
	Resolution string   `json:"resolution,omitempty"`
	Amount     string   `json:"amount,omitempty"`
	// Replacement is the replacement order it created ("#1006-R").
	Replacement string `json:"replacement,omitempty"`
	// Return is set when it started a return the customer sends back.
	Return bool `json:"return,omitempty"`
	// Label and ShipTo: what "do I get a label?" and "did the new
	// address save?" are answered from (done_details.go).
	Label  bool   `json:"label,omitempty"`
	ShipTo string `json:"ship_to,omitempty"`
}

// doneState is the conversation's proposals that ran or wait for a
// person, oldest first.
func doneState(c *conversation.Conversation) []StateDone {
	var out []StateDone
	for _, p := range c.Proposals {
		if p.Status != conversation.ProposalDone && p.Status != conversation.ProposalQueued {
			continue
		}
		d := StateDone{Tool: p.Tool, Status: p.Status, Order: p.Order, Resolution: p.Resolution, Return: returnStarted(p)}
		if p.Tool == toolname.FollowUp && p.DueAt != nil {
			d.Resolution = "promise"
		}
		for _, l := range p.Lines {
			d.Items = append(d.Items, describeLines([]conversation.ProposalLine{l}))
		}
		if p.Amount > 0 {
			d.Amount = money(p.Amount, p.Currency)
		}
		if _, name, ok := strings.Cut(p.Outcome, "replacement order "); ok {
			d.Replacement, _, _ = strings.Cut(strings.TrimSpace(name), " ")
			d.Replacement = strings.TrimRight(d.Replacement, ";,.)")
		}
		out = append(out, d)
	}
	return out
}

// undoSentRe is a replacement taken back without the word "replacement":
// "dont send the new one", "cancel the one you're sending".
var undoSentRe = sync.OnceValue(func() *regexp.Regexp {
	const undo = `(?:cancel|cancle|stop|hold|call off|don'?t (?:send|need|want)|dont (?:send|need|want)|do not (?:send|need|want)|no need for|not need)`
	const sent = `(?:the|that)\s+(?:new one|one you(?:'re| are| r)? (?:sending|shipping|sent)|one (?:being )?sent|one on (?:its|the) way|second one)`
	return regexp.MustCompile(`(?i)\b` + undo + `\b.{0,30}?\b` + sent + `\b`)
}) // at first use, like phrases

// TakesBackSent reports whether text takes back something being sent to
// the customer without naming it a replacement ("nvm dont send the new
// one"): with a replacement order of theirs, it is that order.
func TakesBackSent(text string) bool { return undoSentRe().MatchString(text) }

// noteOriginal makes the original order current again when the current
// order is a replacement not shipped yet and the message reports damage
// without naming the replacement ("the other mug is chipped too", after
// asking where the replacement is): nothing of an unshipped order can be
// damaged, so the customer means what they received.
func (s *session) noteOriginal(ctx context.Context) error {
	if s.conv.CurrentOrder == "" || !hasWord(s.text, damageWords...) {
		return nil
	}
	mine, err := s.myOrders(ctx)
	if err != nil {
		return err
	}
	for _, o := range mine {
		if o.Name != s.conv.CurrentOrder {
			continue
		}
		orig := order.Replaces(o)
		if orig == "" || orig == "#" || len(o.Shipments) > 0 {
			return nil
		}
		for _, m := range mine {
			if m.Name == orig {
				s.conv.CurrentOrder = orig
			}
		}
	}
	return nil
}
