package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Questions beside a proposal: a message that asks for a write and, in the
// same breath, how long the refund takes or for something the agent cannot
// do ("refund the mugs and also give me a discount code") gets the proposal
// and an answer to each of the other parts, never a silent drop.

// refundTimeRe asks how long a refund takes: "how long do refunds take",
// "when will I get my money", "how soon is the refund".
var refundTimeRe = regexp.MustCompile(`(?i)\b(?:how long|how soon|when|how many days)\b[^.?!]{0,40}\b(?:refunds?|money|reimburse\w*)\b|\brefunds?\b[^.?!]{0,20}\b(?:take|arrive|show|come through)\b`)

// discountAskRe asks the agent to give a discount or a code for one.
var discountAskRe = regexp.MustCompile(`(?i)\b(?:give|send|get|want|need|like|have|issue|offer)\b[^.?!]{0,30}\b(?:discount|coupon|voucher|promo)\b|\b\d{1,3}\s?% (?:off|discount)\b`)

// besideProposal adds to msg, a reply stating a proposal, the answers to
// the message's other parts that the proposal does not answer.
func (t *turn) besideProposal(msg agent.Message) agent.Message {
	if hasToolUse(msg) || !strings.Contains(msg.Text(), "Shall I go ahead?") {
		return msg
	}
	p := t.proposing()
	if p == nil {
		return msg
	}
	reply := msg.Text()
	var extra []string
	if refundTimeRe.MatchString(t.text) && !strings.Contains(reply, "business days") {
		extra = append(extra, refundTimeFor(*p))
	}
	if discountAskRe.MatchString(t.text) && !strings.Contains(strings.ToLower(reply), "discount") {
		extra = append(extra, "About the discount code: that's not something I can issue here, sorry. A member of our team can help if you'd like.")
	}
	if len(extra) == 0 {
		return msg
	}
	return say("%s\n\n%s", reply, strings.Join(extra, "\n\n"))
}

// proposing is the turn's write call whose result waits for the
// customer's yes, or nil.
func (t *turn) proposing() *call {
	for i := len(t.calls) - 1; i >= 0; i-- {
		if str(t.calls[i].result, "status") == "needs_confirmation" {
			return &t.calls[i]
		}
	}
	return nil
}

// refundTimeFor answers how long the refund of proposal p takes: after the
// items are back when they come back, else from when it is issued.
func refundTimeFor(p call) string {
	keep, _ := p.result["keep_it"].(bool)
	comesBack := p.name == toolname.StartReturn || p.name == toolname.ExchangeItem ||
		(p.name == toolname.ReportDamage && !keep && !strings.Contains(str(p.result, "statement"), "no need to send"))
	if comesBack {
		return "About your question: the refund goes to your original payment method as soon as the items are back with us and checked; it usually shows within 5 to 10 business days after that."
	}
	return "About your question: a refund to your original payment method usually shows within 5 to 10 business days of being issued."
}

// alsoRe opens a message that adds to the request before it: "also the
// kit please", "and the other one too", "plus the lamp".
var alsoRe = regexp.MustCompile(`(?i)^\s*(?:oh,?\s+)?(?:and\s+also|also|and|plus)\b|\b(?:too|as well)\W*$`)

// alsoSameWrite reads a message that only adds an item of the order
// ("also the coffee kit please") right after a return the customer agreed
// to as asking for the same for that item.
func (t *turn) alsoSameWrite() {
	st := t.req.State
	if st == nil || (t.intent != intentNone && t.intent != intentHowTo) || len(t.text) > 60 ||
		!alsoRe.MatchString(t.text) || questionStartRe.MatchString(strings.TrimSpace(alsoRe.ReplaceAllString(t.text, ""))) {
		return
	}
	agreed := st.Answered != nil && st.Answered.Tool == toolname.StartReturn && st.Answered.Status != "declined" && st.Answered.Status != "lapsed"
	for _, b := range st.Before {
		agreed = agreed || (b.Tool == toolname.StartReturn && b.Status != "asked" && b.Status != "declined")
	}
	if agreed && len(namedItems(t.orderLines(t.currentOrder()), t.text)) > 0 {
		t.intent = intentReturn
	}
}
