package metrics_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
)

// Store credit taken instead of a refund counts once, when it ran: the
// refund value kept and the credit issued, bonus included; a refund does
// not count, nor does the same proposal seen again.
func TestStoreCreditKept(t *testing.T) {
	r, _, _ := newRecorder(t)
	conv := conversation.Conversation{Shop: shop, ID: "c1", CreatedAt: day1, Messages: 2, Status: conversation.StatusOpen}
	kit := []conversation.ProposalLine{{LineItemID: "l1", Title: "Kit", Quantity: 1, Price: 6400}, {LineItemID: "l2", Title: "Mug", Quantity: 2, Price: 2400}}
	stated := conversation.Proposal{ID: "p1", Tool: "start_return", Lines: kit, Resolution: "store_credit", Amount: 12320, Currency: "USD", Status: conversation.ProposalStated}
	done := stated
	done.Status = conversation.ProposalDone
	refund := conversation.Proposal{ID: "p2", Tool: "start_return", Lines: kit[:1], Resolution: "refund", Amount: 6400, Status: conversation.ProposalDone}

	before := conv
	before.Pending = &stated
	after := conv
	after.Messages = 4
	after.Proposals = []conversation.Proposal{done}
	steps := []metrics.Turn{
		{Before: before, After: after, Replied: true, Actions: []conversation.Action{{Tool: "start_return", Status: "done", Proposal: "p1"}}},
		// The same write reported again (a retried reaction): no second count.
		{Before: after, After: func() conversation.Conversation { c := after; c.Messages = 6; return c }(), Replied: true,
			Actions: []conversation.Action{{Tool: "start_return", Status: "done", Proposal: "p1"}}},
		// A refund is not credit.
		{Before: after, After: func() conversation.Conversation {
			c := after
			c.Messages = 8
			c.Proposals = append([]conversation.Proposal{done}, refund)
			return c
		}(), Replied: true, Actions: []conversation.Action{{Tool: "start_return", Status: "done", Proposal: "p2"}}},
	}
	for i, tr := range steps {
		if err := r.Turn(t.Context(), tr); err != nil {
			t.Fatalf("turn %d: %v", i, err)
		}
	}
	rep, err := r.Read(t.Context(), shop, day1, day1)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Total; got.CreditKeptCents != 11200 || got.CreditIssuedCents != 12320 || got.Credits != 1 {
		t.Errorf("kept %d, issued %d, count %d; want 11200, 12320, 1", got.CreditKeptCents, got.CreditIssuedCents, got.Credits)
	}
}
