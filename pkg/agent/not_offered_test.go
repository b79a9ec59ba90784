package agent_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A call of a tool the request did not offer is not run: the model gets
// tool_not_available and nothing is proposed or written, even when it
// calls the tool again in the same turn. A tool that was offered runs.
func TestToolNotOfferedIsNotRun(t *testing.T) {
	for _, tc := range []struct {
		name, order, tool, input string
		refused                  bool
	}{
		{"return past the window", "#2002", toolname.StartReturn, `{"order_number":"#2002","reason":"changed my mind"}`, true},
		{"address change in transit", "#2001", toolname.ChangeAddress, `{"order_number":"#2001","address1":"1 A St","city":"X","zip":"1"}`, true},
		{"cancel in transit", "#2001", toolname.CancelOrder, `{"order_number":"#2001"}`, true},
		{"tracking in transit", "#2001", toolname.TrackOrder, `{"order_number":"#2001"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			c := &conversation.Conversation{Shop: "s", ID: "c2", Status: conversation.StatusOpen, CustomerEmail: "bob@example.com",
				VerifiedBy: conversation.VerifiedByOrder, CurrentOrder: tc.order}
			res := f.turn(t, c, "please do it", 0, use(tc.tool, tc.input), use(tc.tool, tc.input), say("done"))
			offered := false
			for _, spec := range f.model.reqs[0].Tools {
				offered = offered || spec.Name == tc.tool
			}
			if offered == tc.refused {
				t.Fatalf("%s offered: %v, want %v", tc.tool, offered, !tc.refused)
			}
			got := f.model.lastResult(t)
			if refused := strings.Contains(got, "tool_not_available"); refused != tc.refused {
				t.Errorf("second call's result %s, want refused %v", got, tc.refused)
			}
			if tc.refused && (len(res.Actions) > 0 || f.shop.returns+f.shop.addresses != 0) {
				t.Errorf("an unoffered tool acted: actions %v, writes %d", res.Actions, f.shop.returns+f.shop.addresses)
			}
		})
	}
}
