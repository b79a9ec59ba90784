package metrics_test

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
)

// Every write the agent runs counts in the resolution mix under what it
// did: a cancellation, a damage report by its outcome (and whether the
// customer kept the item), an exchange, store credit, an address change, a
// parcel that never came, a follow-up promise; a late parcel refunded or
// replaced now counts as that.
func TestResolutionMix(t *testing.T) {
	due := day1.Add(72 * time.Hour)
	for _, tc := range []struct {
		name         string
		p            conversation.Proposal // run this turn (no ID: the action runs none)
		tool         string
		want         metrics.Resolution
		damage, kept int64
	}{
		{"cancel", conversation.Proposal{Tool: "cancel_order"}, "", metrics.Cancellation, 0, 0},
		{"damage: replacement, kept", conversation.Proposal{Tool: "report_damage", Resolution: "replacement", KeepIt: true}, "", metrics.Replacement, 1, 1},
		{"damage: refund after the return", conversation.Proposal{Tool: "report_damage", Resolution: "refund"}, "", metrics.Refund, 1, 0},
		{"damage: store credit", conversation.Proposal{Tool: "report_damage", Resolution: "store_credit", KeepIt: true}, "", metrics.StoreCredit, 1, 1},
		{"exchange", conversation.Proposal{Tool: "exchange_item", Resolution: "exchange"}, "", metrics.Exchange, 0, 0},
		{"return as store credit", conversation.Proposal{Tool: "start_return", Resolution: "store_credit"}, "", metrics.StoreCredit, 0, 0},
		{"return for a refund", conversation.Proposal{Tool: "start_return", Resolution: "refund"}, "", metrics.Return, 0, 0},
		{"address change", conversation.Proposal{Tool: "change_address"}, "", metrics.AddressChange, 0, 0},
		{"promise", conversation.Proposal{Tool: "follow_up", Resolution: "replacement", DueAt: &due}, "", metrics.Promise, 0, 0},
		{"late parcel refunded now", conversation.Proposal{Tool: "follow_up", Resolution: "refund"}, "", metrics.Refund, 0, 0},
		{"late parcel replaced now", conversation.Proposal{Tool: "follow_up", Resolution: "replacement"}, "", metrics.Replacement, 0, 0},
		{"not received, the policy acted", conversation.Proposal{}, "report_not_received", metrics.NotReceived, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, _, _ := newRecorder(t)
			before := conversation.Conversation{Shop: shop, ID: "c1", CreatedAt: day1, Messages: 2, Status: conversation.StatusOpen}
			after := before
			after.Messages = 4
			act := conversation.Action{Tool: tc.tool, Status: "done"}
			if tc.tool == "" {
				p := tc.p
				p.ID, p.Status = "p1", conversation.ProposalDone
				after.Proposals = []conversation.Proposal{p}
				act = conversation.Action{Tool: p.Tool, Status: "done", Proposal: p.ID}
			}
			turn := metrics.Turn{Before: before, After: after, Actions: []conversation.Action{act}, Replied: true, CustomerAt: day1, RepliedAt: day1}
			if err := rec.Turn(t.Context(), turn); err != nil {
				t.Fatal(err)
			}
			tot := read(t, rec, day1, day1).Total
			for _, k := range metrics.Resolutions {
				want := int64(0)
				if k == tc.want {
					want = 1
				}
				if tot.Mix[k] != want {
					t.Errorf("mix[%s] = %d, want %d", k, tot.Mix[k], want)
				}
			}
			if tot.DamageReports != tc.damage || tot.DamageKept != tc.kept {
				t.Errorf("damage reports %d, kept %d; want %d, %d", tot.DamageReports, tot.DamageKept, tc.damage, tc.kept)
			}
		})
	}
}

// A promise, then a refund in the same conversation: the refund replaces
// the promise. A promise kept counts once, however often it is told.
func TestPromiseGivesWayAndCountsKept(t *testing.T) {
	rec, _, _ := newRecorder(t)
	due := day1.Add(72 * time.Hour)
	c0 := conversation.Conversation{Shop: shop, ID: "c1", CreatedAt: day1, Messages: 2, Status: conversation.StatusOpen}
	c1 := c0
	c1.Proposals = []conversation.Proposal{{ID: "p1", Tool: "follow_up", Resolution: "replacement", DueAt: &due, Status: conversation.ProposalDone}}
	c2 := c1
	c2.Proposals = append(c2.Proposals[:1:1], conversation.Proposal{ID: "p2", Tool: "follow_up", Resolution: "refund", Status: conversation.ProposalDone})
	for _, tt := range []metrics.Turn{
		{Before: c0, After: c1, Actions: []conversation.Action{{Tool: "follow_up", Status: "done", Proposal: "p1"}}, Replied: true},
		{Before: c1, After: c2, Actions: []conversation.Action{{Tool: "follow_up", Status: "done", Proposal: "p2"}}, Replied: true},
	} {
		if err := rec.Turn(t.Context(), tt); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := rec.PromiseKept(t.Context(), shop, "p1", day1.Add(72*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	tot := read(t, rec, day1, day1.Add(96*time.Hour)).Total
	if tot.Mix[metrics.Promise] != 0 || tot.Mix[metrics.Refund] != 1 || tot.Resolutions != 1 || tot.PromisesKept != 1 {
		t.Errorf("mix %v, %d resolutions, %d promises kept; want one refund and one promise kept", tot.Mix, tot.Resolutions, tot.PromisesKept)
	}
}
