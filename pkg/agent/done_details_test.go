package agent

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// What ran carries what a question about it is answered from: an address
// change's new address, a return's prepaid label when the shop has one;
// proposals that did not run are skipped in step with doneState.
func TestDoneDetails(t *testing.T) {
	addr := &order.Address{Name: "Maya Okafor", Address1: "12 Elm St", City: "Cambridge", Province: "MA", Zip: "02139", CountryCode: "US"}
	c := &conversation.Conversation{Proposals: []conversation.Proposal{
		{Tool: toolname.CancelOrder, Status: conversation.ProposalLapsed, Order: "#1001"},
		{Tool: toolname.ChangeAddress, Status: conversation.ProposalDone, Order: "#1001", Address: addr},
		{Tool: toolname.StartReturn, Status: conversation.ProposalDone, Order: "#1006", Resolution: "refund"},
	}}
	for _, labels := range []bool{false, true} {
		got := doneDetails(c, labels, doneState(c))
		if len(got) != 2 {
			t.Fatalf("labels %v: %d done, want 2: %+v", labels, len(got), got)
		}
		if want := "Maya Okafor, 12 Elm St, Cambridge, MA 02139, US"; got[0].ShipTo != want || got[0].Label {
			t.Errorf("labels %v: address change %+v, want ship_to %q and no label", labels, got[0], want)
		}
		if !got[1].Return || got[1].ShipTo != "" || got[1].Label != labels {
			t.Errorf("labels %v: return %+v, want a return, label %v", labels, got[1], labels)
		}
	}
}
