package agent

import (
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// damageRan reports whether p is a damage report that ran (or waits for a
// person after the customer's yes): the units it was about were replaced,
// refunded or credited, so a later return of the same line is about
// another unit and keeps none of its reason (issue 18, reason14: "return
// the other mug, we only need one" after one mug was replaced was
// recorded as DEFECTIVE).
func damageRan(p conversation.Proposal) bool {
	if p.Tool != toolname.ReportDamage {
		return false
	}
	switch p.Status {
	case conversation.ProposalDone, conversation.ProposalConfirmed, conversation.ProposalQueued:
		return true
	}
	return false
}
