package offline

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// A change of mind with nothing waiting (trial 16: "nah forget the swap,
// ill keep it" after an exchange that could not be made got "Which items
// would you like to exchange?"; "hmm no dont cancel, keep it" with no
// cancellation stated got the list of what the agent can do): nothing was
// started, so nothing changes, and the reply says so. Only a message that
// is that change of mind and nothing more is read so (a second trial:
// "cancel my order, i dont want it anymore" is a request), and never once
// this conversation has done something (then "nothing changes" could be
// untrue: the other steps answer).

// changeOfMindRe is a whole message that drops a request and asks nothing:
// "nah forget the swap, ill keep it", "never mind", "no dont cancel, keep
// it", "ok forget about the return".
var changeOfMindRe = sync.OnceValue(func() *regexp.Regexp {
	lead := `(?:(?:nah|no|nope|hmm+|ok|okay|oh|actually|actualy|wait|sorry|on second thought)\W+)*`
	drop := `(?:(?:forget|scrap|skip|drop)\s+(?:about\s+)?(?:it|that|this|(?:the|teh|my)\s+(?:swap|exchange|return|cancellation|change|refund|request))` +
		`|never ?mind(?:\s+(?:then|that|it))?|nvm` +
		`|(?:dont|don'?t|do not)\s+(?:cancel|return|exchange|swap|refund|change)(?:\s+(?:it|that|anything|them))?(?:\s+then)?)`
	keep := `(?:\W+(?:i'?ll\s+|ill\s+|i will\s+|just\s+)*keep\s+(?:it|them)(?:\s+as\s+(?:it\s+)?is)?)?`
	tail := `(?:\W+(?:then|thanks|thx|ty|all good|its fine|it'?s fine|sorry))*`
	return regexp.MustCompile(`(?i)^\W*` + lead + drop + `(?:\W+` + drop + `)*` + keep + tail + `\W*$`)
})

// nothingToWithdraw is plan's hook for a change of mind when no proposal
// waits, nothing was done, and the message asks nothing more.
func (t *turn) nothingToWithdraw(n int) (agent.Message, bool) {
	if n > 0 || t.confirmed != nil || t.declined || t.reoffered || t.other != "" {
		return agent.Message{}, false
	}
	if st := t.req.State; st != nil && (st.Answered != nil || len(st.Done) > 0) {
		return agent.Message{}, false // code read it against a proposal, or something was done
	}
	if !changeOfMindRe().MatchString(strings.TrimSpace(normaliseWords(t.text))) && !changeOfMindRe().MatchString(strings.TrimSpace(t.text)) {
		return agent.Message{}, false
	}
	order := "your order"
	if cur := t.currentOrder(); cur != "" {
		order = "your order " + cur
	}
	return say("No problem: nothing is waiting to go ahead, so nothing was started and %s stays as it is. Is there anything else I can help with?", order), true
}
