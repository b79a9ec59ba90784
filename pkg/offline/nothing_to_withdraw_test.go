package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A change of mind with nothing waiting runs nothing and asks nothing;
// one that asks on is answered.
func TestNothingToWithdraw(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		samuel = "samuel.whitfield@example.com"
		tom    = "tom.becker@example.com"
	)
	cases := []struct {
		name, order, email string
		before             []string
		text               string
		tool               string // a tool the turn must call ("" none at all)
		notSaid            string // the reply must not say this (case folded); the tool checks are then skipped
	}{
		{name: "forget the swap", order: "#1006", email: samuel, before: []string{"can i swap the mug for the sand one"}, text: "nah forget the swap, ill keep it."},
		{name: "dont cancel with nothing stated", order: "#1001", email: maya, text: "hmm no dont cancel, keep it"},
		{name: "never mind the return", order: "#1006", email: samuel, before: []string{"i want to return something"}, text: "never mind the return, all good"},
		{name: "typo", order: "#1006", email: samuel, text: "nvm, forget teh exchange ill keep them"},
		{name: "asks on", order: "#1001", email: maya, text: "never mind that, where is my order", tool: toolname.TrackOrder},
		// A second trial: a request with "dont want" in it is a request, and
		// after something was done "nothing changes" is not said.
		{name: "cancel, dont want it", order: "#1004", email: tom, text: "cancel my order, i dont want it anymore", notSaid: "nothing was started"},
		{name: "after a refund ran", order: "#1006", email: samuel, before: []string{"one of the mugs arrived cracked", "refund please", "yes"}, text: "no wait, keep the coffee kit", notSaid: "nothing was started"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, tc.order, tc.email)
			for _, s := range tc.before {
				c.say(s)
			}
			before := len(shopActions(t, base))
			got := c.say(tc.text)
			var problems []string
			if tc.notSaid != "" {
				if strings.Contains(strings.ToLower(got.reply), tc.notSaid) {
					t.Errorf("reply says %q: %s", tc.notSaid, got.reply)
				}
				return
			}
			if tc.tool == "" && len(got.tools) > 0 {
				problems = append(problems, fmt.Sprintf("tools %v, want none", got.toolNames()))
			}
			if tc.tool != "" && !got.called(tc.tool) {
				problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), tc.tool))
			}
			for _, a := range got.actions {
				if a["status"] == "proposed" {
					problems = append(problems, fmt.Sprintf("proposed %v", a["tool"]))
				}
			}
			if n := len(shopActions(t, base)); n != before {
				problems = append(problems, "the shop changed")
			}
			if tc.tool == "" && strings.Contains(got.reply, "?") && strings.Contains(strings.ToLower(got.reply), "which") {
				problems = append(problems, "asked which items again")
			}
			if len(problems) > 0 {
				t.Errorf("%s\nreply: %s", strings.Join(problems, "\n"), got.reply)
			}
		})
	}
}
