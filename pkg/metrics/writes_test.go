package metrics_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
)

// Several writes in one conversation each count once among the writes
// (the mix counts the conversation once, by its strongest); a write
// reported again counts once.
func TestEveryWriteCountsOnce(t *testing.T) {
	rec, _, _ := newRecorder(t)
	conv := conversation.Conversation{Shop: shop, ID: "c1", CreatedAt: day1, Messages: 0, Status: conversation.StatusOpen}
	runs := []conversation.Proposal{
		{ID: "p1", Tool: "start_return", Resolution: "refund", Status: conversation.ProposalDone},
		{ID: "p2", Tool: "cancel_order", Resolution: "refund", Status: conversation.ProposalDone},
		{ID: "p3", Tool: "report_damage", Resolution: "replacement", KeepIt: true, Status: conversation.ProposalDone},
	}
	for i, p := range runs {
		before := conv
		conv.Messages += 2
		conv.Proposals = append(conv.Proposals, p)
		turn := metrics.Turn{Before: before, After: conv, Actions: []conversation.Action{{Tool: p.Tool, Status: "done", Proposal: p.ID}},
			Replied: true, CustomerAt: day1, RepliedAt: day1}
		for range 2 { // the same proposal reported twice
			if err := rec.Executed(t.Context(), metrics.Run{Shop: shop, Conversation: &conv, Proposal: p, At: day1}); err != nil {
				t.Fatal(err)
			}
		}
		if err := rec.Turn(t.Context(), turn); err != nil {
			t.Fatalf("turn %d: %v", i, err)
		}
	}
	// A not-received report the policy acted on, without a proposal.
	before := conv
	conv.Messages += 2
	if err := rec.Turn(t.Context(), metrics.Turn{Before: before, After: conv, Actions: []conversation.Action{{Tool: "report_not_received", Status: "done"}},
		Replied: true, CustomerAt: day1, RepliedAt: day1}); err != nil {
		t.Fatal(err)
	}
	tot := read(t, rec, day1, day1).Total
	want := map[metrics.Resolution]int64{metrics.Return: 1, metrics.Cancellation: 1, metrics.Replacement: 1, metrics.NotReceived: 1}
	for _, k := range metrics.WriteKinds {
		if tot.Writes[k] != want[k] {
			t.Errorf("writes[%s] = %d, want %d", k, tot.Writes[k], want[k])
		}
	}
	if tot.WritesTotal != 4 {
		t.Errorf("writes total %d, want 4", tot.WritesTotal)
	}
	if tot.Resolutions != 1 || tot.Conversations != 1 {
		t.Errorf("resolutions %d, conversations %d: the conversation counts once in the mix", tot.Resolutions, tot.Conversations)
	}
}
