package promise_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

type resolver struct {
	refunds, replaces int
	keys              map[string]bool
	err               error
}

func (r *resolver) Refund(_ context.Context, req watch.RefundRequest) (watch.RefundResult, error) {
	r.refunds++
	r.keys[req.IdempotencyKey] = true
	return watch.RefundResult{ID: "rf-1", Amount: req.Amount}, r.err
}

func (r *resolver) Replace(_ context.Context, req watch.ReplaceRequest) (watch.ReplaceResult, error) {
	r.replaces++
	r.keys[req.IdempotencyKey] = true
	return watch.ReplaceResult{OrderID: "r-1", Name: req.OrderName + "-R"}, r.err
}

type escalator struct{ opened []escalation.Request }

func (e *escalator) Open(_ context.Context, r escalation.Request) (escalation.Handoff, error) {
	e.opened = append(e.opened, r)
	return escalation.Handoff{ID: "h-" + r.Key}, nil
}

type scheduler struct{ started, stopped []string }

func (s *scheduler) Start(_ context.Context, _ workflow.Machine, name string, _ any) error {
	s.started = append(s.started, name)
	return nil
}
func (s *scheduler) Stop(_ context.Context, _ workflow.Machine, name, _ string) error {
	s.stopped = append(s.stopped, name)
	return nil
}
func (s *scheduler) SendTaskSuccess(context.Context, string, any) error            { return nil }
func (s *scheduler) SendTaskFailure(context.Context, string, string, string) error { return nil }

// Each promised action at its time: a replacement or a refund through the
// resolver, a trace handed to a person, and a resolution the shop refuses
// handed to a person too; each once, told once, whatever the retries.
func TestKeepActions(t *testing.T) {
	now := time.Date(2026, 12, 8, 20, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		action      string
		err         error
		wantCalls   [2]int // refunds, replaces
		wantHandoff bool
		wantTold    string
	}{
		{promise.ActionReplace, nil, [2]int{0, 1}, false, "sending you a replacement at no cost (order #1003-R)"},
		{promise.ActionRefund, nil, [2]int{1, 0}, false, "we've refunded $52.00"},
		{promise.ActionTrace, nil, [2]int{0, 0}, true, "our team is opening a trace with UPS"},
		{promise.ActionReplace, watch.ErrRejected, [2]int{0, 1}, true, "couldn't arrange the replacement automatically"},
	} {
		t.Run(tc.action+"/"+errName(tc.err), func(t *testing.T) {
			ctx := context.Background()
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			clk := clock.NewFixed(now)
			shipped := now.Add(-72 * time.Hour)
			o := order.Order{Shop: "s", ID: "1", Name: "#1003", Email: "d@example.com", Currency: "USD", TotalPrice: 8800, FinancialStatus: "paid",
				LineItems: []order.LineItem{{ID: "l1", Title: "Skillet", Quantity: 1, Price: 5200}}, CreatedAt: shipped, UpdatedAt: shipped}
			sh := order.Shipment{Shop: "s", OrderID: "1", ID: "f1", State: "success", Status: order.StatusInTransit, Carrier: "UPS",
				CreatedAt: shipped, UpdatedAt: shipped, ShippedAt: &shipped, LastEventAt: shipped}
			if _, err := st.Apply(ctx, store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			conv := conversation.Conversation{Shop: "s", ID: "c1", Channel: conversation.ChannelChat, Status: conversation.StatusOpen,
				CustomerEmail: "d@example.com", CreatedAt: now, UpdatedAt: now}
			if err := st.CreateConversation(ctx, conv); err != nil {
				t.Fatal(err)
			}
			res, esc, sched := &resolver{err: tc.err, keys: map[string]bool{}}, &escalator{}, &scheduler{}
			s := &promise.Service{Store: st, Scheduler: sched, Messenger: &escalation.Messenger{Store: st, Clock: clk}, Resolver: res,
				Escalations: esc, Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy(), Clock: clk}
			due := now.Add(24 * time.Hour)
			p, err := s.Make(ctx, conv, conversation.Proposal{ID: "c1-0-0", Tool: toolname.FollowUp, Order: "#1003", OrderID: "1", ShipmentID: "f1",
				DueAt: &due, Resolution: tc.action, Amount: 5200, Currency: "USD",
				Lines: []conversation.ProposalLine{{LineItemID: "l1", Title: "Skillet", Quantity: 1, Price: 5200}}, Statement: "If ..."})
			if err != nil || len(sched.started) != 1 {
				t.Fatalf("make: %v, started %v", err, sched.started)
			}
			if _, err := s.Keep(ctx, p); err == nil {
				t.Fatal("kept before its time")
			}
			clk.Advance(25 * time.Hour)
			for i := 0; i < 3; i++ { // the step and two retries
				cur, err := s.Get(ctx, p.Key())
				if err != nil {
					t.Fatal(err)
				}
				if i == 2 {
					cur = p // a run that read it before the first saved
				}
				if _, err := s.Keep(ctx, cur); err != nil {
					t.Fatalf("keep %d: %v", i, err)
				}
			}
			// The resolver's own idempotency key makes the third call a no-op
			// (demoshop and shopify return ErrAlreadyDone); here it counts calls.
			maxCalls := tc.wantCalls
			if maxCalls[0] > 0 {
				maxCalls[0]++
			}
			if maxCalls[1] > 0 {
				maxCalls[1]++
			}
			if res.refunds > maxCalls[0] || res.replaces > maxCalls[1] || res.refunds < tc.wantCalls[0] || res.replaces < tc.wantCalls[1] {
				t.Errorf("resolver calls refunds %d replaces %d, want %v (one more from the stale retry, with the same key)", res.refunds, res.replaces, tc.wantCalls)
			}
			if len(res.keys) > 1 {
				t.Errorf("idempotency keys %v: want one per promise", res.keys)
			}
			if got := len(esc.opened) > 0; got != tc.wantHandoff {
				t.Errorf("handoff opened %v, want %v", got, tc.wantHandoff)
			}
			for _, r := range esc.opened {
				if r.Key != "promise-c1-0-0" || r.ConversationID != "c1" {
					t.Errorf("handoff %+v: want the promise's key and conversation", r)
				}
			}
			_, msgs, err := st.GetConversation(ctx, "s", "c1")
			if err != nil {
				t.Fatal(err)
			}
			told := 0
			for _, m := range msgs {
				if strings.Contains(m.Text, tc.wantTold) {
					told++
				}
			}
			if told != 1 || len(msgs) != 1 {
				t.Errorf("%d messages, %d saying %q; want exactly one", len(msgs), told, tc.wantTold)
			}
			kept, _ := s.Get(ctx, p.Key())
			if kept.State != promise.StateKept || !kept.Told {
				t.Errorf("promise %+v, want kept and told", kept)
			}
		})
	}
}

func errName(err error) string {
	if errors.Is(err, watch.ErrRejected) {
		return "rejected"
	}
	return "ok"
}
