package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Swap after damage (reason14): on an order where a unit of a line was
// made good already ("one mug was replaced"), "the mugs are the wrong
// colour, I ordered charcoal" and "just the one that wasn't replaced, swap
// it for charcoal" are an exchange of the unit not made good for the
// option named. The exchange statement says which variant the order was
// for; policy refuses a unit made good, so one unit is asked for.

// r14WantSkip are words after "for" that name no option: "for that
// colour", "for it", "for a refund".
var r14WantSkip = regexp.MustCompile(`(?i)^(?:that|this|it|them|me|you|us|a refund|refund|store|credit|the same|one|now|sure)\b`)

// r14ColourClaimRe says an item came in the wrong option.
var r14ColourClaimRe = regexp.MustCompile(`(?i)\bwrong (?:colou?r|shade|size)\b|\bnot (?:this|that|the) (?:\p{L}+ )?(?:colou?r|one)\b`)

// reason14Swap asks for the exchange of one unit of the line named (or
// the one just stated) for the option the customer names.
func (t *turn) reason14Swap(n int) (agent.Message, bool) {
	st := t.req.State
	low := strings.ToLower(t.text)
	claim := r14ColourClaimRe.MatchString(low) || r14ColourClaimRe.MatchString(strings.ToLower(normalise(t.text)))
	if n == 1 && claim && st != nil {
		return t.reason14SwapLead()
	}
	if n > 0 || !t.verified || st == nil || t.confirmed != nil || !offers(t.req, toolname.ExchangeItem) {
		return agent.Message{}, false
	}
	if !r14SwapRe.MatchString(low) && !claim {
		return agent.Message{}, false
	}
	if damageRe.MatchString(low) && !r14NotDamagedRe.MatchString(low) {
		return agent.Message{}, false
	}
	name := t.currentOrder()
	if t.order != "" && t.order != name {
		return agent.Message{}, false
	}
	made := t.r14MadeGood(name)
	if len(made) == 0 {
		return agent.Message{}, false
	}
	want := r14Want(t.text)
	if want == "" {
		return agent.Message{}, false
	}
	lines := t.orderLines(name)
	items := namedItems(lines, dropNegated(t.text))
	if len(items) == 0 {
		if a := t.answeredProposal(); a != nil && (a.Tool == toolname.ExchangeItem || a.Tool == toolname.StartReturn) {
			items = statedItems(a.Items)
		}
	}
	if len(items) == 0 {
		items = namedItems(lines, t.prevText)
	}
	if len(items) != 1 {
		return agent.Message{}, false
	}
	item := items[0]
	title, _ := item["title"].(string)
	// One unit, when a unit of that line was made good already.
	for _, m := range made {
		if len(namedItems([]string{m}, title)) > 0 {
			item["quantity"] = 1
		}
	}
	if _, ok := item["quantity"]; !ok {
		return agent.Message{}, false
	}
	args := map[string]any{"order_number": name, "item": item, "want": want, "reason": "COLOR"}
	return toolCall(n, toolname.ExchangeItem, args), true
}

// r14Want is the option text asks for: "i ordered charcoal", "swap it for
// charcoal".
func r14Want(text string) string {
	if m := orderedRe.FindStringSubmatch(text); m != nil {
		return strings.TrimSpace(m[1])
	}
	for _, m := range wantRe.FindAllStringSubmatch(text, -1) {
		w := strings.TrimSpace(m[1])
		if w != "" && !r14WantSkip.MatchString(w) {
			return w
		}
	}
	return ""
}

// r14MadeGood are the items ("Harbor Stoneware Mug (Sea Glass / 12 oz)")
// of damage reports on order name that ran in this conversation.
func (t *turn) r14MadeGood(name string) []string {
	var out []string
	for _, d := range t.req.State.Done {
		if d.Tool != toolname.ReportDamage || d.Order != name && d.Order != "" {
			continue
		}
		for _, it := range d.Items {
			if _, after, ok := strings.Cut(it, " × "); ok {
				it = after
			}
			out = append(out, strings.TrimSpace(it))
		}
	}
	return out
}

// reason14SwapLead words the exchange just stated for a wrong-colour
// claim: what the order was for, the unit made good already, and that the
// other one can still be exchanged, before the statement.
func (t *turn) reason14SwapLead() (agent.Message, bool) {
	last := t.calls[len(t.calls)-1]
	statement := str(last.result, "statement")
	if last.name != toolname.ExchangeItem || last.isErr || statement == "" {
		return agent.Message{}, false
	}
	name := t.currentOrder()
	made := t.r14MadeGood(name)
	item, _ := last.input["item"].(map[string]any)
	title, _ := item["title"].(string)
	var ordered, done string
	for _, o := range t.req.State.Orders {
		if o.Name != name {
			continue
		}
		for _, it := range o.Items {
			if len(namedItems([]string{it}, title)) > 0 {
				ordered = it
			}
		}
	}
	for _, m := range made {
		if len(namedItems([]string{m}, title)) > 0 {
			done = m
		}
	}
	if ordered == "" || done == "" {
		return agent.Message{}, false
	}
	return say("Order %s was for %s, so that is the colour that was sent. One of them was already replaced, so 1 is left that can still be exchanged. %s Shall I go ahead? Just reply yes.",
		name, ordered, statement), true
}
