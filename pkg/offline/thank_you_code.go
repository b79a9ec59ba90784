package offline

import (
	"fmt"
	"regexp"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// codeAskRe asks about a discount code ("what was that code again?", "I
// lost my coupon"); friendRe one for someone else, which outreach answers
// from the check-in's friend code before the agent sees it.
var (
	codeAskRe = regexp.MustCompile(`(?i)\b(?:codes?|coupons?|vouchers?|discount|promo|c[oó]digo|cup[oó]n|gutschein(?:code)?|rabattcode)\b`)
	friendRe  = regexp.MustCompile(`(?i)\b(?:friends?|friend's|referral|refer)\b`)
	// lostCodeRe is a code the customer lost or forgot ("I lost the
	// coupon code", "what's the code again, I lost it", "that discount
	// code? can't find it"): about the code, not a lost parcel.
	lostCodeRe = regexp.MustCompile(`(?i)\b(?:lost|forgot(?:ten)?|misplaced|can'?t find|cannot find)\b[^.?!]{0,20}\b(?:codes?|coupons?|vouchers?)\b|` +
		`\b(?:codes?|coupons?|vouchers?)\b.{0,60}\b(?:lost|forgot(?:ten)?|misplaced|can'?t find|cannot find|don'?t have)\s+(?:it|that|them)\b`)
)

// thankYouCode answers a question about the customer's discount code with
// the thank-you code their check-in brought, from the order's facts
// (track_order's thank_you_code): the code the shop issued, never one
// made up. No such fact: not answered here.
func (t *turn) thankYouCode() (agent.Message, bool) {
	st := t.req.State
	if st == nil || !t.verified || (t.intent != intentNone && t.intent != intentThanks && !lostCodeRe.MatchString(t.text)) ||
		!codeAskRe.MatchString(t.text) || friendRe.MatchString(t.text) || otherPersonRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	code, _ := st.Given["thank_you_code"].(string)
	if code == "" {
		return agent.Message{}, false
	}
	off, _ := st.Given["thank_you_code_off"].(string)
	until, _ := st.Given["thank_you_code_until"].(string)
	reply := fmt.Sprintf("Of course: your thank-you code is %s.", code)
	switch {
	case off != "" && until != "":
		reply += fmt.Sprintf(" It takes %s off your next order, works once, and is valid until %s.", off, until)
	case until != "":
		reply += fmt.Sprintf(" It works once, until %s.", until)
	}
	return say("%s", reply), true
}

// lostCode answers a customer who lost or can't find their code ("whats
// the code again, i lost it"), before the message is split into questions
// or read as a lost parcel: the whole message is about the code.
func (t *turn) lostCode() (agent.Message, bool) {
	if !lostCodeRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	return t.thankYouCode()
}
