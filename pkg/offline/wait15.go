package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A yes that carries a question (wait15, issue 18's trial): code ran an
// address change on a yes that asked when the order ships or whether an
// email comes when it moves ("yes pls. will i get an email when it
// actually moves?", "wait is it 02139 or 02138... yes 02139 is right. go
// ahead, and when will it ship?", "oui c'est bon, je recevrai un email
// quand il part ?"); the reply said what was done and answered nothing,
// or said no email comes. The order has not shipped: when it ships, and
// the shipping email with tracking, are the order's status, so the answer
// is track_order's beside what was done. And a question about another
// order the customer might place, while a cancellation waits ("if i
// order only the kit again, is shipping free?"), is the shop's shipping
// terms, from the guides; code states the cancellation again below it.

// w15ShipAskRe asks when an order ships, or for the email or tracking
// that comes when it does, in any of the languages.
var w15ShipAskRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:ship|ships|shipped|shipping|shiping|dispatch\w*|moves?|leaves?|go out|goes out|sent|tracking|track|e-?mails?|mail|when|` +
	`cuándo|cuando|envía|envia|envío|envio|correo|seguimiento|wann|versand|verschickt|versendet|sendungsverfolgung|quand|part|expédi\w*|suivi|courriel)(?:$|[^\p{L}])`)

// w15RefundRe is a question about money, which the outcome answers
// (fromOutcome), not the order's status.
var w15RefundRe = regexp.MustCompile(`(?i)\b(?:refund\w*|money|reembolso|dinero|erstattung|geld|rembours\w*|argent)\b`)

// w15OtherOrderRe is a question about another order the customer might
// place, about its shipping cost.
var w15OtherOrderRe = regexp.MustCompile(`(?i)^(?:(?:and|so|but|also|btw|ok|hmm+|wait)[\s,]+)*if (?:i|we) (?:were to |was to |later )?(?:order|buy|purchase|reorder|re-order|get|place)\b.*\b(?:shipping|shiping|shippin|delivery|postage|envío|envio|versand|livraison)\b`)

// wait15 is the hook in plan().
func (t *turn) wait15(n int) (agent.Message, bool) {
	if t.inPart || t.req.State == nil {
		return agent.Message{}, false
	}
	if m, ok := t.w15ShipAnswer(n); ok {
		return m, true
	}
	if m, ok := t.w15ZipFix(n); ok {
		return m, true
	}
	return t.w15OtherOrder(n)
}

// w15ZipRe is a US ZIP code said alone.
var w15ZipRe = regexp.MustCompile(`\b\d{5}\b`)

// w15ZipFix states the address change again with the one ZIP code the
// customer's message gives instead of the stated one ("yes but make it
// 02138"): code did not run the change; the corrected one waits for its
// own yes.
func (t *turn) w15ZipFix(n int) (agent.Message, bool) {
	a := t.req.State.Answered
	if n > 0 || a == nil || a.Tool != toolname.ChangeAddress || a.Reoffered || a.Expired || (a.Status != "lapsed" && a.Status != "declined") {
		return agent.Message{}, false
	}
	zips := w15ZipRe.FindAllString(t.text, -1)
	if len(zips) != 1 || len(digitRunRe.FindAllString(t.text, -1)) != 1 || strings.Contains(t.lastBot, zips[0]) {
		return agent.Message{}, false
	}
	sub := *t
	sub.text = "zip " + zips[0]
	return sub.addressCorrection(n, toolname.ChangeAddress)
}

// digitRunRe is a run of digits.
var digitRunRe = regexp.MustCompile(`\d+`)

// w15ShipAnswer answers when the order ships, or the email that comes
// when it does, beside an address change the customer's yes ran.
func (t *turn) w15ShipAnswer(n int) (agent.Message, bool) {
	c := t.confirmed
	if c == nil || c.name != toolname.ChangeAddress || c.isErr || !t.verified || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	q := strings.TrimSpace(m13LeadRe.ReplaceAllString(agent.AfterYes(agent.AfterDoubt(t.text), c.name), ""))
	if q == "" || !w15ShipAskRe.MatchString(q) || w15RefundRe.MatchString(q) {
		return agent.Message{}, false
	}
	track := t.called(toolname.TrackOrder)
	if track == nil {
		if n > 0 {
			return agent.Message{}, false
		}
		return toolCall(n, toolname.TrackOrder, t.orderArg()), true
	}
	if track.isErr || track.result == nil {
		return agent.Message{}, false
	}
	return say("%s\n\n%s", t.answer(*c), t.answer(*track)), true
}

// w15OtherOrder answers the shipping terms of another order the customer
// might place while a cancellation waits, from the guides.
func (t *turn) w15OtherOrder(n int) (agent.Message, bool) {
	a := t.req.State.Answered
	if a == nil || a.Tool != toolname.CancelOrder || a.Status != "lapsed" || !a.Reoffered || a.Expired ||
		!w15OtherOrderRe.MatchString(t.text) || !offers(t.req, toolname.SearchDocs) {
		return agent.Message{}, false
	}
	if n == 0 {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": "how much does standard shipping cost, and when is it free"}), true
	}
	last := t.calls[n-1]
	if last.name != toolname.SearchDocs || last.isErr {
		return agent.Message{}, false
	}
	return say("%s", t.answer(last)), true
}
