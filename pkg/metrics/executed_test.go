package metrics_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
)

// Every write counts once in the resolution mix and the credit figures,
// whatever the entry point: a chat or email turn, the tracking page (no
// conversation), an approval decided in the console, a promise kept, the
// delivery check. A write reported by two paths, or twice, counts once.
func TestEveryEntryPointCounts(t *testing.T) {
	due := day1.Add(72 * time.Hour)
	exchange := conversation.Proposal{ID: "p1", Tool: "exchange_item", Resolution: "exchange", Status: conversation.ProposalDone}
	credit := conversation.Proposal{ID: "p1", Tool: "start_return", Resolution: "store_credit", Amount: 5280, Status: conversation.ProposalDone,
		Lines: []conversation.ProposalLine{{LineItemID: "l1", Quantity: 2, Price: 2400}}}
	cancel := conversation.Proposal{ID: "p1", Tool: "cancel_order", Resolution: "refund", Amount: 4800, Status: conversation.ProposalDone}
	promised := conversation.Proposal{ID: "p1", Tool: "follow_up", Resolution: "refund", DueAt: &due, ShipmentID: "s1", Status: conversation.ProposalDone}
	conv := func(ch conversation.Channel, ps ...conversation.Proposal) conversation.Conversation {
		return conversation.Conversation{Shop: shop, ID: "c1", Channel: ch, CreatedAt: day1, Messages: 4, Status: conversation.StatusOpen, Proposals: ps}
	}
	turn := func(ch conversation.Channel, p conversation.Proposal) func(t *testing.T, r *metrics.Recorder) {
		return func(t *testing.T, r *metrics.Recorder) {
			before := conv(ch)
			before.Messages = 2
			tr := metrics.Turn{Before: before, After: conv(ch, p), Replied: true, CustomerAt: day1, RepliedAt: day1,
				Actions: []conversation.Action{{Tool: p.Tool, Status: "done", Proposal: p.ID}}}
			for range 2 { // a retried reaction
				if err := r.Turn(t.Context(), tr); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	run := func(p conversation.Proposal, approved bool) func(t *testing.T, r *metrics.Recorder) {
		return func(t *testing.T, r *metrics.Recorder) {
			for range 2 { // a retried step
				if err := r.Executed(t.Context(), metrics.Run{Shop: shop, Proposal: p, Approved: approved, At: day1}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	type want struct {
		kind                    metrics.Resolution
		cases, approved, defl   int64
		credits, issued, kept   int64
		promisesKept, resolving int64
	}
	for _, tc := range []struct {
		name string
		do   func(t *testing.T, r *metrics.Recorder)
		want want
	}{
		{"chat turn: exchange", turn(conversation.ChannelChat, exchange), want{kind: metrics.Exchange, defl: 1, resolving: 1}},
		{"email turn: store credit", turn(conversation.ChannelEmail, credit), want{kind: metrics.StoreCredit, defl: 1, credits: 1, issued: 5280, kept: 4800, resolving: 1}},
		{"tracking page: exchange", run(exchange, false), want{kind: metrics.Exchange, cases: 1, defl: 1, resolving: 1}},
		{"tracking page: store credit", run(credit, false), want{kind: metrics.StoreCredit, cases: 1, defl: 1, credits: 1, issued: 5280, kept: 4800, resolving: 1}},
		{"approved in the console: cancel", run(cancel, true), want{kind: metrics.Cancellation, cases: 1, approved: 1, resolving: 1}},
		{"chat turn then the executor: counted once", func(t *testing.T, r *metrics.Recorder) {
			turn(conversation.ChannelChat, credit)(t, r)
			run(credit, false)(t, r)
		}, want{kind: metrics.StoreCredit, defl: 1, credits: 1, issued: 5280, kept: 4800, resolving: 1}},
		{"promise kept: the refund it made", func(t *testing.T, r *metrics.Recorder) {
			turn(conversation.ChannelChat, promised)(t, r)
			putPromise(t, r, "p1", "s1", "refund")
			for range 2 {
				if err := r.PromiseKept(t.Context(), shop, promiseKey("p1"), due); err != nil {
					t.Fatal(err)
				}
			}
		}, want{kind: metrics.Refund, defl: 1, promisesKept: 1, resolving: 1}},
		{"delivery check: replacement", func(t *testing.T, r *metrics.Recorder) {
			for range 2 {
				if err := r.DeliveryResolved(t.Context(), shop, "problem:o1:s1:lost", "replace", day1); err != nil {
					t.Fatal(err)
				}
			}
		}, want{kind: metrics.Replacement, cases: 1, defl: 1, resolving: 1}},
		{"delivery check: a trace is no resolution yet", func(t *testing.T, r *metrics.Recorder) {
			if err := r.DeliveryResolved(t.Context(), shop, "problem:o1:s1:stalled", "wait", day1); err != nil {
				t.Fatal(err)
			}
		}, want{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _, _ := newRecorder(t)
			tc.do(t, r)
			tot := read(t, r, day1, day1.Add(96*time.Hour)).Total
			for _, k := range metrics.Resolutions {
				n := int64(0)
				if k == tc.want.kind {
					n = 1
				}
				if tot.Mix[k] != n {
					t.Errorf("mix[%s] = %d, want %d", k, tot.Mix[k], n)
				}
			}
			got := want{kind: tc.want.kind, cases: tot.WriteCases, approved: tot.ApprovedWrites, defl: tot.Deflected,
				credits: tot.Credits, issued: tot.CreditIssuedCents, kept: tot.CreditKeptCents, promisesKept: tot.PromisesKept, resolving: tot.Resolutions}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func promiseKey(id string) string { return shop + "|o1|promise:" + id }

// putPromise stores a kept promise as package promise does.
func putPromise(t *testing.T, r *metrics.Recorder, id, shipment, action string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"id": id, "shop": shop, "order_id": "o1", "shipment_id": shipment, "action": action,
		"conversation": "c1", "state": "kept"})
	if err := r.Store.PutDoc(t.Context(), "problems", promiseKey(id), b, time.Time{}); err != nil {
		t.Fatal(err)
	}
}

// Two promises kept for one parcel (the second a duplicate) count one
// promise kept; a promise kept told twice counts once.
func TestPromiseKeptOncePerParcel(t *testing.T) {
	for _, tc := range []struct {
		name     string
		promises [][2]string // id, shipment
		want     int64
	}{
		{"one promise, told twice", [][2]string{{"p1", "s1"}, {"p1", "s1"}}, 1},
		{"two promises for one parcel", [][2]string{{"p1", "s1"}, {"p2", "s1"}}, 1},
		{"two parcels", [][2]string{{"p1", "s1"}, {"p2", "s2"}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _, _ := newRecorder(t)
			for _, p := range tc.promises {
				putPromise(t, r, p[0], p[1], "replacement")
				if err := r.PromiseKept(t.Context(), shop, promiseKey(p[0]), day1); err != nil {
					t.Fatal(err)
				}
			}
			if got := read(t, r, day1, day1).Total.PromisesKept; got != tc.want {
				t.Errorf("promises kept %d, want %d", got, tc.want)
			}
		})
	}
}
