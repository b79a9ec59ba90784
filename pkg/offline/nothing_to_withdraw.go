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
// started, so nothing changes, and the reply says so.

var (
	// forgetRe drops a request by its name: "forget the swap", "never mind
	// the return", "ill keep it".
	forgetRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:forget|skip|drop|scrap)\s+(?:about\s+)?(?:the|that|this|my)\s+\p{L}+|\bnever ?mind\b|\b(?:i'?ll|ill|i will|i'?m gonna|going to)\s+(?:just\s+)?keep\s+(?:it|them|mine)(?:\s+as (?:it )?is)?\W*$|\bkeep it as (?:it )?is\W*$`)
	})
	// askOnRe asks or wants something more: not a change of mind alone.
	askOnRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:where|when|what|how|why|which|can|could|would|will|status|track\w*|refund\w*|instead|but|also|and then|send|return\w*|back|rest|others?|(?:swap|exchange|trade)\w*\s+(?:it|them|the \w+)?\s*for)\b`)
	})
)

// nothingToWithdraw is plan's hook for a change of mind when no proposal
// waits and the message asks nothing more.
func (t *turn) nothingToWithdraw(n int) (agent.Message, bool) {
	if n > 0 || t.confirmed != nil || t.declined || t.reoffered || t.other != "" || len(t.text) > 80 || strings.Contains(t.text, "?") {
		return agent.Message{}, false
	}
	if st := t.req.State; st != nil && st.Answered != nil {
		return agent.Message{}, false // code read the message against a stated proposal
	}
	if !(agent.Withdraws(t.text) || forgetRe().MatchString(t.text)) || askOnRe().MatchString(t.text) {
		return agent.Message{}, false
	}
	return say("No problem: nothing is waiting to go ahead, so nothing was started and nothing changes. Is there anything else I can help with?"), true
}
