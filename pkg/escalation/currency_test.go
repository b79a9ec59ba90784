package escalation_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// An approval carries its amount's currency: a ¥1,200 return is not
// "$12.00" in the console.
func TestApprovalRequestCarriesCurrency(t *testing.T) {
	for _, cur := range []string{"JPY", "EUR", ""} {
		p := conversation.Proposal{ID: "c1-1-0", Tool: toolname.StartReturn, Order: "#1001", OrderID: "1", Amount: 1200, Currency: cur}
		c := conversation.Conversation{ID: "c1", Shop: "s", Proposals: []conversation.Proposal{p}}
		req := escalation.ApprovalRequest(c, 2, []conversation.Action{{Tool: toolname.StartReturn, Status: "needs_approval", Order: "#1001", Proposal: p.ID}})
		if req.Action == nil || req.Action.Amount != 1200 || req.Action.Currency != cur {
			t.Errorf("currency %q: action %+v, want the amount in its currency", cur, req.Action)
		}
	}
}
