package promise_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// What the agent reads about an order's parcel the customer said never
// came: the look-around case while it waits for them, then the delivery
// check's report in its place; that report over once a person resolved
// its handoff in the console (nothing made good).
func TestNotReceivedCaseInFindings(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &promise.Service{Store: st, Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy(), Clock: clock.NewFixed(now)}
	f := promise.Findings{Store: st, Promises: s}
	state := func() (step, problem string, outcome any) {
		t.Helper()
		ps, err := f.OrderProblems(ctx, "s", "1")
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) > 1 {
			t.Fatalf("findings %v, want at most one about the parcel", ps)
		}
		if len(ps) == 0 {
			return "", "", nil
		}
		st, _ := ps[0]["step"].(string)
		pr, _ := ps[0]["problem"].(string)
		return st, pr, ps[0]["outcome"]
	}

	if err := f.LookAround(ctx, "s", "1", "#1004", "f1", now, now.Add(20*time.Hour), "c1"); err != nil {
		t.Fatal(err)
	}
	if step, problem, _ := state(); step != "look_around" || problem != "not_received" {
		t.Fatalf("after the look-around: step %q problem %q", step, problem)
	}

	// The delivery check acted on the report: its record, with a person on
	// it, takes the case's place.
	rec := watch.Record{Shop: "s", OrderID: "1", OrderName: "#1004", ShipmentID: "f1", Kind: watch.KindNotReceived, DetectedAt: now,
		Action: watch.ActionPerson, Done: true, HandoffID: "h1", Detail: "A member of our team is looking into it."}
	put := func(coll, id string, v any) {
		t.Helper()
		b, _ := json.Marshal(v)
		if err := st.PutDoc(ctx, coll, id, b, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	put(watch.ProblemsCollection, "s|1|f1|not_received", rec)
	put(escalation.Handoffs, "h1", escalation.Handoff{ID: "h1", Shop: "s", Kind: escalation.KindHandoff, Status: escalation.StatusOpen})
	if step, problem, outcome := state(); step != "" || problem != "not_received" || outcome != nil {
		t.Fatalf("with the handoff open: step %q problem %q outcome %v", step, problem, outcome)
	}
	closed := now.Add(2 * time.Hour)
	put(escalation.Handoffs, "h1", escalation.Handoff{ID: "h1", Shop: "s", Kind: escalation.KindHandoff, Status: escalation.StatusResolved, ClosedAt: &closed})
	if _, problem, outcome := state(); problem != "not_received, now over" || outcome != watch.ResolvedByPerson {
		t.Fatalf("with the handoff resolved: problem %q outcome %v", problem, outcome)
	}
}
