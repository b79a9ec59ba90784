package offline

import (
	"regexp"
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Short answers that carry on the step the agent's previous reply took:
// "still nothing" after the look-around step of a parcel marked
// delivered, "credit" after the question replacement, refund or store
// credit. What the previous reply did is read from the request's State
// (agent.State.Before), not from its wording.

// before reports whether the agent's previous reply did tool, with status
// when status is not "", or an earlier conversation's step of tool waits
// for the customer still (State.Open: a look-around after a parcel marked
// delivered, in a new conversation once the chat's token expired).
func (t *turn) before(tool, status string) bool {
	st := t.req.State
	if st == nil {
		return false
	}
	for _, a := range append(slices.Clip(st.Before), st.Open...) {
		if a.Tool == tool && (status == "" || a.Status == status) {
			return true
		}
	}
	return false
}

// stillMissingRe says a parcel has still not turned up: "still nothing",
// "I can't find it", "haven't got it".
var stillMissingRe = regexp.MustCompile(`(?i)\b(?:still|nothing|no sign|no luck|nowhere|missing|can'?t find|cannot find|couldn'?t find|didn'?t find|not found|haven'?t (?:got|had|received|seen|found)|hasn'?t (?:come|arrived|turned up|shown up)|never (?:got|came|arrived)|not (?:here|there|arrived|received))\b`)

// stillMissing reports whether this message carries on a report of a
// parcel that never came: the previous reply took that report's step, and
// the customer says it is still not there, asking for nothing else.
func (t *turn) stillMissing() bool {
	if !t.before(toolname.ReportNotReceived, "") || !stillMissingRe.MatchString(t.text) {
		return false
	}
	switch t.intent {
	case intentPerson, intentReturn, intentAddress, intentHowTo:
		return false
	}
	tool := resolutionTool(t.text)
	return tool == "" || tool == toolname.ReportNotReceived
}

// optionWords are the words of each resolution a choice question offers,
// typos allowed by near.
var optionWords = map[string][]string{
	"store_credit": {"credit", "voucher", "bonus", "giftcard"},
	"replacement":  {"replacement", "replace", "replaced", "another", "new"},
	"refund":       {"refund", "money", "refunded"},
}

// pickedOption is the resolution a short answer to the question
// "replacement, refund or store credit?" picks, or "" when it picks none
// or more than one.
func pickedOption(text string) string {
	if c := damageChoice(text); c != "" {
		return c
	}
	if agent.Negative(text) {
		return ""
	}
	picked := ""
	for _, w := range wordRe.FindAllString(strings.ToLower(text), -1) {
		for opt, ws := range optionWords {
			for _, o := range ws {
				if w == o || (len(o) >= 5 && near(o, w)) {
					if picked != "" && picked != opt {
						return ""
					}
					picked = opt
				}
			}
		}
	}
	return picked
}

// askedResolution reports whether the previous reply asked which
// resolution the customer wants for a damaged or wrong item.
func (t *turn) askedResolution() bool {
	return t.before(toolname.ReportDamage, "ask_resolution") || strings.Contains(t.lastBot, "Would you like a replacement of")
}
