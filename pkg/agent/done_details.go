package agent

import (
	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// doneDetails adds to done (doneState of c, in the same order) what a
// question about it needs beyond what it was (state16): whether a return
// it started comes with a prepaid label ("do i get a label for sending
// it?" was answered from the guides, which may not match the shop's
// setting), and an address change's new address ("did the new address
// save ok?" asked for the address again).
func doneDetails(c *conversation.Conversation, labels bool, done []StateDone) []StateDone {
	i := 0
	for _, p := range c.Proposals {
		if p.Status != conversation.ProposalDone && p.Status != conversation.ProposalQueued {
			continue
		}
		if i >= len(done) {
			break
		}
		d := &done[i]
		i++
		d.Label = d.Return && labels
		if p.Address != nil {
			d.ShipTo = formatAddress(*p.Address)
		}
	}
	return done
}
