package offline

import (
	"regexp"
	"strings"
)

// Another unit sent now, while the order is still on its way ("cant u
// just send me a new candle now", trial 9b): no tool sends anything ahead
// of a parcel that has not arrived. The customer hears so, with what
// happens if it doesn't come (the late and missing-parcel paths), never a
// shipping-rates passage from the docs. Once the order has arrived, "send
// me a new one" is a damage or missing-item report, left to the rest.

const cantSendNow cantKind = 110

// sendNewRe asks for another unit sent straight away.
var sendNewRe = regexp.MustCompile(`(?i)\b(?:send|ship|mail|post)\s+(?:me\s+|us\s+)?(?:a\s+|an\s+|the\s+|some\s+)?(?:new|another|second|extra|spare|fresh)\b[^.?!]{0,30}\b(?:now|right away|right now|today|asap|immediately|straight away|in the meantime|meanwhile)\b` +
	`|\b(?:send|ship)\s+(?:me\s+)?(?:a\s+)?(?:new|another)\s+(?:one|\p{L}+)\s+(?:before|while|until)\b`)

// sendNowKind is cantSendNow for text in a conversation whose order is
// not delivered yet.
func (t *turn) sendNowKind(text string) cantKind {
	low := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	if strings.Contains(low, "replace") || classify(normalise(text)) == intentLate || t.intent == intentLate {
		return cantNone // a late parcel's remedies are follow_up's, not a can't
	}
	if !sendNewRe.MatchString(low) || !(askDoRe.MatchString(low) || imperativeRe.MatchString(low) || strings.HasPrefix(strings.TrimSpace(low), "just")) {
		return cantNone
	}
	switch _, why := t.stageOfOrder(); {
	case why == "it hasn't shipped yet", why == labelWhy, strings.HasPrefix(why, shippedWhy):
		return cantSendNow
	}
	return cantNone
}

// sendNowSay says why nothing is sent ahead, and what comes instead.
func (t *turn) sendNowSay() string {
	ord, _ := t.stageOfOrder()
	s := "I'm sorry, I can't send another one ahead while your order"
	if ord != "" {
		s += " " + ord
	}
	return s + " is still on its way. If it doesn't arrive by its estimated delivery date, or it arrives damaged or with something missing, tell me and I'll sort it out under our policy (a trace, a replacement or a refund)."
}
