package offline_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings of a resolution asked on the condition that a late
// parcel still doesn't come (issue 18; trial 4 found "if it doesnt come by
// then can i just get my money back" answered with the return policy). It
// is the follow-up promise's question: follow_up, with the resolution
// named; never a return, never a refund status.
func TestConditionalLateResolution(t *testing.T) {
	const tom = "tom.becker@example.com" // #1004, out for delivery, late after 72h
	const daniel = "daniel.reyes@example.com"
	cond := func(name, order, email, wait, text, resolution string) heldOut {
		return heldOut{name: name, order: order, email: email, wait: wait, text: text, tool: toolname.FollowUp,
			args: map[string]string{"resolution": resolution}, notTools: []string{toolname.StartReturn, toolname.RefundStatus}}
	}
	runHeldOut(t, []heldOut{
		cond("by then money back", "#1004", tom, "72h", "if it doesnt come by then can i just get my money back", "refund"),
		cond("not here by friday", "#1003", daniel, "96h", "if it's not here by friday i want a refund", "refund"),
		cond("replacement if not", "#1004", tom, "72h", "if it still hasn't turned up by the weekend, could you send a replacement?", "replacement"),
		cond("typo", "#1004", tom, "72h", "if it dosnt arrive by monday can i get a refnd", "refund"),
		cond("unless", "#1004", tom, "72h", "unless it shows up tomorrow I'd like my money back", "refund"),
		cond("in case", "#1004", tom, "72h", "in case it never arrives, will you send me a new one?", "replacement"),
	})
}
